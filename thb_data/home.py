"""The panels of each role's home page: the next things to do, not a copy of the menu.

The base layer does not know the record databases: the machinery and the record apps register
their panels in their ``AppConfig.ready()``. A panel is a function of the request that returns
``{"template": ..., **context}``, or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

# role -> [(order, panel)]
_PANELS: dict[str, list[tuple[int, Callable]]] = {}


def register_home_panel(role: str, panel: Callable, *, order: int = 50) -> None:
    entries = _PANELS.setdefault(role, [])
    if all(existing is not panel for _, existing in entries):
        entries.append((order, panel))
        entries.sort(key=lambda entry: entry[0])


def panels_for(request) -> list[dict]:
    """The panels of the signed-in user's role, in order, those with something to show."""
    shown = []
    for _, panel in _PANELS.get(request.user.role, []):
        result = panel(request)
        if result is not None:
            shown.append(result)
    return shown
