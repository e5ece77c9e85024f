"""What victim and trafficker records share: the record base, the reporting-year lock, and the one
function through which every record is created or changed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from thb_data.audit.log import record_event
from thb_data.audit.models import Action
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
    deletion: the fields every record of both databases has."""

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
        from indicators.dates import PartialDate

        date = PartialDate.parse(values.get(cls.reporting_date_indicator) or None)
        return date.year if date else default

    @classmethod
    def persons_changed(cls, territory_id: int, *, person_keys=()) -> None:
        """Called after records of these persons were created, changed, deleted or restored;
        models that keep per-person bookkeeping (victims.persons) override it."""

    def indicator_values(self) -> dict:
        from indicators.machinery import indicator_columns

        return {name: getattr(self, name) for name in indicator_columns(self.database)}


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


def _signed_off_impact(record, *, before, person_keys, user, action) -> list:
    """Refuse a write that changes a signed-off year's tables from within that year, or keep
    the revision it makes pending (see ``indicators.statistics.final``)."""
    from indicators.statistics.final import check_record_write

    return check_record_write(
        record, before=before, person_keys=person_keys, user=user, action=action
    )


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


def _jsonable(value):
    if value is None or isinstance(value, str | int | bool | list):
        return value
    return str(value)


@transaction.atomic
def save_record(
    record,
    *,
    user,
    values: dict,
    status: str,
    expected_version: int | None = None,
    personal_code: dict | None = None,
) -> SaveResult:
    """Create or update ``record`` with the cleaned indicator ``values``, atomically, with its
    derived indicators, personal code hash, audit entry and optimistic version check.

    ``personal_code`` carries ``personal_code_hash``, ``near_match_key`` and ``letter_keys``
    computed from the elements (the elements themselves never reach this function).
    Raises StaleVersion when ``expected_version`` is not the stored one, YearSignedOff when the
    record counts in a signed-off year.
    """
    from indicators.derive import derive_all

    model = type(record)
    creating = record.pk is None
    values = {**values, **derive_all(model.database, values)}
    year = model.reporting_year_for(values, default=timezone.localdate().year)
    now = timezone.now()

    if creating:
        if ReportingYear.is_locked(record.territory_id, year):
            raise YearSignedOff(year)
        for name, value in values.items():
            setattr(record, name, value)
        if personal_code:
            for name, value in personal_code.items():
                setattr(record, name, value)
        record.person_key = record.personal_code_hash or ""
        record.reporting_year = year
        record.status = status
        record.created_by = record.updated_by = user
        record.created_at = record.updated_at = now
        record.version = 1
        for attempt in range(5):
            record.number = next_record_number(model, record.territory_id)
            try:
                with transaction.atomic():
                    record.save(force_insert=True)
                break
            except IntegrityError:
                if attempt == 4:
                    raise
                record.pk = None
        model.persons_changed(record.territory_id, person_keys=[record.person_key])
        revisions = _signed_off_impact(
            record,
            before=None,
            person_keys=[record.person_key],
            user=user,
            action=f"New record {record.record_number}",
        )
        record_event(Action.CREATE, user=user, obj=record, detail={"status": status})
        return SaveResult(record, created=True, revisions=revisions)

    current = model.objects.select_for_update().get(pk=record.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    if ReportingYear.is_locked(current.territory_id, current.reporting_year) or (
        year != current.reporting_year and ReportingYear.is_locked(current.territory_id, year)
    ):
        raise YearSignedOff(current.reporting_year)

    before = current.indicator_values()
    update = dict(values)
    if personal_code:
        update.update(personal_code)
        if current.person_key in ("", current.personal_code_hash):
            update["person_key"] = personal_code["personal_code_hash"]
    update.update(reporting_year=year, status=status, updated_by=user, updated_at=now)
    changes = {
        name: [_jsonable(before.get(name)), _jsonable(value)]
        for name, value in values.items()
        if before.get(name) != value
    }
    if personal_code and personal_code.get("personal_code_hash") != current.personal_code_hash:
        changes["personal_code"] = ["(hash)", "(new hash)"]
    if status != current.status:
        changes["status"] = [current.status, status]
    rows = model.objects.filter(pk=record.pk, version=current.version).update(
        version=current.version + 1, **update
    )
    if rows != 1:  # a concurrent save won the race (SQLite has no row locks)
        raise StaleVersion(model.objects.get(pk=record.pk))
    record.refresh_from_db()
    model.persons_changed(record.territory_id, person_keys={current.person_key, record.person_key})
    revisions = []
    if changes:
        revisions = _signed_off_impact(
            record,
            before={**before, "status": current.status},
            person_keys={current.person_key, record.person_key},
            user=user,
            action=f"Change of {record.record_number}",
        )
        record_event(Action.UPDATE, user=user, obj=record, changes=changes)
    return SaveResult(record, created=False, changes=changes, revisions=revisions)


@transaction.atomic
def soft_delete_record(record, *, user, reason: str = "") -> None:
    if ReportingYear.is_locked(record.territory_id, record.reporting_year):
        raise YearSignedOff(record.reporting_year)
    type(record).objects.filter(pk=record.pk).update(
        is_deleted=True, deleted_at=timezone.now(), deleted_by=user, version=record.version + 1
    )
    type(record).persons_changed(record.territory_id, person_keys=[record.person_key])
    _signed_off_impact(
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
    _signed_off_impact(
        record,
        before=None,
        person_keys=[record.person_key],
        user=user,
        action=f"Restoration of {record.record_number}",
    )
    record_event(Action.RESTORE, user=user, obj=record)
