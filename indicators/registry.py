"""The registry of record databases: which model holds the records of each catalogue database.

Each record app registers its model in its ``AppConfig.ready()``; the machinery (forms, the
import, the change planner) finds the model here instead of importing the record apps.
"""

from __future__ import annotations

from indicators.schema import Database

_MODELS: dict[str, type] = {}


def register_record_model(model) -> None:
    """Called by a record app's ``AppConfig.ready()``: ``model.database`` is held in ``model``."""
    _MODELS[model.database.code] = model


def record_model(database: Database | str):
    """The model of ``database`` (or of its code: "victims", "traffickers")."""
    code = database if isinstance(database, str) else database.code
    try:
        return _MODELS[code]
    except KeyError:
        raise LookupError(f"No record model is registered for the {code} database.") from None
