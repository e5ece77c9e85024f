"""What victim and trafficker records share: the record base, the reporting-year lock, deleting
and restoring. Creating and changing a record (which derives indicators and checks the plan of
the change) is the machinery's: ``indicators.records.save_record``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.dates import PartialDate
from thb_data.scoping import ScopedManager, ScopedModel, ScopedQuerySet, scopes_disabled


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Complete"


class RecordQuerySet(ScopedQuerySet):
    def deleted(self):
        return self.filter(is_deleted=True)


class RecordManager(ScopedManager.from_queryset(RecordQuerySet)):
    """Records in scope that are not deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(is_deleted=False)


class RecordManagerWithDeleted(ScopedManager.from_queryset(RecordQuerySet)):
    """Records in scope, deleted ones included (restoring, the audit trail)."""


class RecordBase(ScopedModel):
    """Territory, institution, personal code, reporting year, authorship, version, UUID, soft
    deletion: the fields every record of both databases has. The indicator columns, and
    ``indicator_values()``, come from the machinery's abstract model the record model also
    inherits (``indicators.machinery.abstract_indicator_model``)."""

    scope_territory_field = "territory"
    scope_institution_field = "institution"
    edit_roles: tuple[str, ...] = ()
    number_prefix = "R"
    database = None  # the catalogue's Database, set by the concrete model

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(editable=False)
    personal_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The person the record counts as: the personal code hash, or the key the coordinator gave
    # when resolving duplicates (same person with different codes, different people with one).
    person_key = models.CharField(max_length=80, blank=True, editable=False)
    near_match_key = models.CharField(max_length=64, blank=True, editable=False)
    letter_keys = models.CharField(max_length=80, blank=True, editable=False)
    reporting_year = models.PositiveSmallIntegerField(editable=False)
    status = models.CharField(max_length=10, choices=RecordStatus.choices, default="draft")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    is_deleted = models.BooleanField(default=False, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = RecordManager()
    with_deleted = RecordManagerWithDeleted()

    class Meta:
        abstract = True

    def __str__(self):
        return self.record_number

    @property
    def record_number(self) -> str:
        code = self.territory.code if self.territory_id else "??"
        return f"{code}-{self.number_prefix}{self.number:06d}"

    @classmethod
    def parse_record_number(cls, text: str) -> int | None:
        """The ``number`` in ``RS-V000123``, ``V123`` or ``123``; None when not a number."""
        text = (text or "").strip().upper()
        if "-" in text:
            text = text.rsplit("-", 1)[1]
        text = text.removeprefix(cls.number_prefix)
        return int(text) if text.isdigit() else None

    @classmethod
    def can_be_edited_by(cls, user) -> bool:
        return bool(user and user.is_authenticated and user.role in cls.edit_roles)

    # The date indicator whose year is the record's reporting year.
    reporting_date_indicator = ""

    @classmethod
    def reporting_year_for(cls, values, *, default: int) -> int:
        """The year of the reporting date indicator, else ``default`` (the year of entry)."""
        date = PartialDate.parse(values.get(cls.reporting_date_indicator) or None)
        return date.year if date else default

    @classmethod
    def persons_changed(cls, territory_id: int, *, person_keys=()) -> None:
        """Called after records of these persons were created, changed, deleted or restored;
        models that keep per-person bookkeeping (victims.persons) override it."""


class ReportingYear(ScopedModel):
    """A territory's reporting year; once signed off, its records are read-only."""

    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    signed_off = models.BooleanField(default=False)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "thb_data"
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="reporting_year_unique")
        ]

    def __str__(self):
        return f"{self.territory_id}/{self.year}"

    @classmethod
    def is_locked(cls, territory_id: int, year: int) -> bool:
        return cls.objects.filter(territory_id=territory_id, year=year, signed_off=True).exists()


# --- writing records -------------------------------------------------------------------------


class StaleVersion(Exception):
    """The record changed since the form was opened."""

    def __init__(self, current):
        super().__init__("The record was changed by someone else.")
        self.current = current


class YearSignedOff(Exception):
    """The record counts in a signed-off reporting year."""

    def __init__(self, year):
        super().__init__(
            f"The reporting year {year} is signed off: its records are read-only. "
            "Your national coordinator can reopen it."
        )
        self.year = year


@dataclass
class SaveResult:
    record: object
    created: bool
    changes: dict = field(default_factory=dict)
    # Changes of signed-off years' tables this write would make (indicators.statistics.final).
    revisions: list = field(default_factory=list)


# Checks run after every record write, inside its transaction: the statistics register
# ``indicators.statistics.final.check_record_write`` (a signed-off year's tables stay final).
WRITE_CHECKS: list = []


def signed_off_impact(record, *, before, person_keys, user, action) -> list:
    """Refuse a write that changes a signed-off year's tables from within that year (the check
    raises), or return the revisions it leaves pending (``indicators.statistics.final``)."""
    revisions = []
    for check in WRITE_CHECKS:
        revisions.extend(
            check(record, before=before, person_keys=person_keys, user=user, action=action)
        )
    return revisions


def next_record_number(model, territory_id: int) -> int:
    """The next free number of ``model``'s records in a territory (deleted ones included)."""
    with scopes_disabled():
        last = (
            model.with_deleted.filter(territory_id=territory_id)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
    return (last or 0) + 1


@transaction.atomic
def soft_delete_record(record, *, user, reason: str = "") -> None:
    if ReportingYear.is_locked(record.territory_id, record.reporting_year):
        raise YearSignedOff(record.reporting_year)
    type(record).objects.filter(pk=record.pk).update(
        is_deleted=True, deleted_at=timezone.now(), deleted_by=user, version=record.version + 1
    )
    type(record).persons_changed(record.territory_id, person_keys=[record.person_key])
    signed_off_impact(
        record,
        before=None,
        person_keys=[record.person_key],
        user=user,
        action=f"Deletion of {record.record_number}",
    )
    record_event(Action.DELETE, user=user, obj=record, detail={"reason": reason})


@transaction.atomic
def restore_record(record, *, user) -> None:
    if ReportingYear.is_locked(record.territory_id, record.reporting_year):
        raise YearSignedOff(record.reporting_year)
    type(record).with_deleted.filter(pk=record.pk).update(
        is_deleted=False, deleted_at=None, deleted_by=None, version=record.version + 1
    )
    type(record).persons_changed(record.territory_id, person_keys=[record.person_key])
    signed_off_impact(
        record,
        before=None,
        person_keys=[record.person_key],
        user=user,
        action=f"Restoration of {record.record_number}",
    )
    record_event(Action.RESTORE, user=user, obj=record)
