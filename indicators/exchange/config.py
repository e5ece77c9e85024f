"""What differs between the victims and the traffickers database for import and export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.registry import record_model
from indicators.schema import Database
from thb_data.roles import Role


@dataclass(frozen=True)
class Exchange:
    key: str  # URL namespace and database code: "victims" or "traffickers"
    database: Database
    import_roles: tuple[str, ...]
    # The personal code (spec §5): its prefix, as in the data-entry form.
    personal_code_prefix: str
    export_roles: tuple[str, ...] = (Role.COORDINATOR, Role.ADMIN)

    @property
    def model(self):
        """The record model (the registry of record databases)."""
        return record_model(self.database)

    @property
    def prepare_new_records(self) -> Callable[[int, list], set[str]] | None:
        """The model's ``prepare_new_records``, if it has one: it sets per-person bookkeeping on
        new records before they are inserted in bulk, and returns the person keys that stored
        records share with them: only those persons are passed to the model's
        ``persons_changed`` afterwards (with the persons of the updated records)."""
        return getattr(self.model, "prepare_new_records", None)

    @property
    def code_elements(self) -> tuple[str, str, str]:
        """The indicators that are elements of the personal code (the catalogue says which)."""
        return self.database.code_elements

    @property
    def label(self) -> str:
        return self.database.label


EXCHANGES: dict[str, Exchange] = {
    "victims": Exchange(
        key="victims",
        database=VICTIMS,
        import_roles=(Role.CASEWORKER, Role.COORDINATOR),
        personal_code_prefix="",
    ),
    "traffickers": Exchange(
        key="traffickers",
        database=TRAFFICKERS,
        import_roles=(Role.PROSECUTOR, Role.COORDINATOR),
        personal_code_prefix="T",
    ),
}
