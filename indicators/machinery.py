"""Building the record models' indicator columns from the catalogue."""

from __future__ import annotations

from django.db import models

from indicators.schema import Database
from indicators.types import type_of


def indicator_columns(database: Database) -> dict[str, models.Field]:
    """Every model field the catalogue declares for ``database``, in catalogue order."""
    columns: dict[str, models.Field] = {}
    for ind in database.indicators:
        columns.update(type_of(ind).model_fields(ind))
    return columns


def indicator_indexes(database: Database) -> list[models.Index]:
    indexes: list[models.Index] = []
    for ind in database.indicators:
        indexes.extend(type_of(ind).indexes(ind))
    return indexes


def abstract_indicator_model(
    database: Database, *, app_label: str, name: str
) -> type[models.Model]:
    """An abstract model holding one real column per indicator of ``database``.

    The concrete record model inherits from it, so ``makemigrations`` sees ordinary columns and
    ``makemigrations --check`` keeps the catalogue and the schema in step.
    """
    meta = type("Meta", (), {"abstract": True, "app_label": app_label})

    def indicator_values(self) -> dict:
        """Every indicator column of the record (the catalogue's, read when called)."""
        return {name: getattr(self, name) for name in indicator_columns(database)}

    attributes = {
        "__module__": f"{app_label}.models",
        "Meta": meta,
        "indicator_values": indicator_values,
    }
    attributes.update(indicator_columns(database))
    return type(name, (models.Model,), attributes)
