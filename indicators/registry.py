"""The registry of record databases: which model holds the records of each catalogue database.

Each record app registers its model in its ``AppConfig.ready()``; the machinery (forms, the
import, the change planner) finds the model here instead of importing the record apps.
"""

from __future__ import annotations

from indicators.schema import Database
from indicators.types import Context, type_of
from thb_data.audit.presenters import register_change_presenter

_MODELS: dict[str, type] = {}


def register_record_model(model) -> None:
    """Called by a record app's ``AppConfig.ready()``: ``model.database`` is held in ``model``;
    its audit trail shows indicator labels and value labels."""
    _MODELS[model.database.code] = model
    register_change_presenter(model._meta.label_lower, change_presenter(model.database))


def change_presenter(database: Database):
    """How the audit trail shows one changed value of ``database``'s records: the indicator's
    label and the value's label (the territory's national lists read once per page)."""

    def present(name: str, value, territory_id, cache: dict) -> tuple[str, str]:
        base = name.removesuffix("_estimated")
        ind = database.get(base)
        if name != base:
            return f"{ind.label}: estimated", "Yes" if value else "No"
        indicator_type = type_of(ind)
        if indicator_type.is_empty(value):
            return ind.label, "—"
        key = ("context", territory_id)
        if key not in cache:
            cache[key] = Context(territory=territory_id)
        return ind.label, indicator_type.display(ind, value, cache[key]) or str(value)

    return present


def record_model(database: Database | str):
    """The model of ``database`` (or of its code: "victims", "traffickers")."""
    code = database if isinstance(database, str) else database.code
    try:
        return _MODELS[code]
    except KeyError:
        raise LookupError(f"No record model is registered for the {code} database.") from None


_DUPLICATE_FINDERS: dict[str, object] = {}


def register_duplicate_finder(code: str, finder) -> None:
    """Called by a record app that screens duplicates: ``finder(records, territory_id)`` returns
    the exact and near groups of ``records``."""
    _DUPLICATE_FINDERS[code] = finder


def duplicate_finder(code: str):
    """The duplicate screening of the ``code`` database."""
    try:
        return _DUPLICATE_FINDERS[code]
    except KeyError:
        raise LookupError(
            f"No duplicate screening is registered for the {code} database."
        ) from None
