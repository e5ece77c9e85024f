"""The audit trail as people read it: field labels and value labels, never codes.

The base layer does not know the catalogue: a record app's model registers the presenter of its
changes (``register_change_presenter``, called from the machinery's registry); other objects'
changes are shown with their field names made readable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps

from thb_data.records import RecordStatus

# object_type ("victims.victimrecord") -> presenter(changes, territory_id, cache) -> rows
_PRESENTERS: dict[str, Callable] = {}
STATUS_LABELS = dict(RecordStatus.choices)


def register_change_presenter(object_type: str, presenter: Callable) -> None:
    """``presenter(name, value, territory_id, cache)`` returns ``(label, text)`` for one field's
    value; ``cache`` is a dict kept for one page (the national lists of a territory, read once)."""
    _PRESENTERS[object_type] = presenter


def _plain(name: str, value) -> tuple[str, str]:
    label = name.replace("_", " ").strip().capitalize()
    if name == "status" and value in STATUS_LABELS:
        return label, str(STATUS_LABELS[value])
    if value in (None, "", []):
        return label, "—"
    if isinstance(value, list):
        return label, ", ".join(str(v) for v in value)
    if value is True:
        return label, "Yes"
    if value is False:
        return label, "No"
    return label, str(value)


def _present(entry, name: str, value, cache: dict) -> tuple[str, str]:
    presenter = _PRESENTERS.get(entry.object_type)
    if presenter is not None and name != "status":
        try:
            shown = presenter(name, value, entry.territory_id, cache)
        except (KeyError, LookupError, TypeError, ValueError):
            shown = None  # a field the catalogue no longer has: its stored name and value
        if shown is not None:
            return shown
    return _plain(name, value)


def object_kind(object_type: str) -> str:
    """ "victims.victimrecord" as people read it: "Victim record"."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def annotate_entries(entries: Iterable) -> None:
    """Give each audit entry ``readable_changes`` (label, before, after), ``readable_detail``
    (label, text) and ``object_kind``: labels instead of codes."""
    cache: dict = {}
    for entry in entries:
        rows = []
        for name, change in (entry.changes or {}).items():
            before, after = (
                (change + [None, None])[:2] if isinstance(change, list) else (None, change)
            )
            label, before_text = _present(entry, name, before, cache)
            _, after_text = _present(entry, name, after, cache)
            rows.append({"label": label, "before": before_text, "after": after_text})
        entry.readable_changes = rows
        entry.object_kind = object_kind(entry.object_type)
        entry.readable_detail = [_plain(k, v) for k, v in (entry.detail or {}).items()]
