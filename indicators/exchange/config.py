"""What differs between the victims and the traffickers database for import and export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.schema import Database
from thb_data.accounts.models import Role
from victims.persons import mark_first_new_records


@dataclass(frozen=True)
class Exchange:
    key: str  # URL namespace and database code: "victims" or "traffickers"
    database: Database
    model_label: str
    import_roles: tuple[str, ...]
    # The personal code (spec §5): its prefix, as in the data-entry form.
    personal_code_prefix: str
    export_roles: tuple[str, ...] = (Role.COORDINATOR, Role.ADMIN)
    # Sets per-person bookkeeping on new records before they are inserted in bulk, and returns
    # the person keys that stored records share with them: only those persons are passed to the
    # model's persons_changed afterwards (with the persons of the updated records).
    prepare_new_records: Callable[[int, list], set[str]] | None = None

    @property
    def model(self):
        return apps.get_model(self.model_label)

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
        model_label="victims.VictimRecord",
        import_roles=(Role.CASEWORKER, Role.COORDINATOR),
        personal_code_prefix="",
        prepare_new_records=mark_first_new_records,
    ),
    "traffickers": Exchange(
        key="traffickers",
        database=TRAFFICKERS,
        model_label="traffickers.TraffickerRecord",
        import_roles=(Role.PROSECUTOR, Role.COORDINATOR),
        personal_code_prefix="T",
    ),
}
