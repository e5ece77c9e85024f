"""Writing a validated import: every row or none, in one transaction, in bulk, with its audit
trail (one IMPORT entry for the file, one CREATE or UPDATE entry per record)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, connections, models, router, transaction

from thb_data.accounts.models import Territory
from thb_data.audit.log import record_event, record_events
from thb_data.audit.models import Action, AuditEntry
from thb_data.pg_copy import copy_objects
from thb_data.records import ReportingYear, next_record_number
from thb_data.scoping import scope_for

from .validate import Report

BATCH_SIZE = 1000
NUMBER_ATTEMPTS = 5
# Columns of an update besides the indicators that changed.
BOOKKEEPING = (
    "status",
    "reporting_year",
    "version",
    "updated_by",
    "updated_at",
    "personal_code_hash",
    "near_match_key",
    "letter_keys",
    "person_key",
)


class ImportRefused(Exception):
    """The import cannot be committed (errors, a stale record, a year signed off meanwhile)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    numbers: list[str] = field(default_factory=list)


def _record_number(record, territory_code: str) -> str:
    return f"{territory_code}-{record.number_prefix}{record.number:06d}"


class AlreadyImported(ImportRefused):
    """Another confirmation of the same upload claimed it first."""


def commit_import(
    report: Report,
    *,
    user,
    expected_versions: dict | None = None,
    claim: Callable[[], bool] | None = None,
) -> ImportResult:
    """Write the plan of ``report`` (which must have no errors) atomically.

    ``expected_versions`` are the versions the preview showed; a record changed since then (by a
    form or another import) refuses the whole import. ``claim``, the first statement of the
    transaction, takes the stored upload for this import: when it answers False, another
    confirmation took it and nothing is written (AlreadyImported). Numbers of new records are
    one contiguous block of the territory's sequence.
    """
    if not report.ok:
        raise ImportRefused("The file has errors: nothing was imported.")
    model = report.exchange.model
    territory = report.territory
    creates = [p.record for p in report.planned if p.action == "create"]
    updates = [p for p in report.planned if p.action == "update"]
    unchanged = [p for p in report.planned if p.action == "unchanged"]
    expected_versions = expected_versions or {}

    with scope_for(user), transaction.atomic():
        if claim is not None and not claim():
            raise AlreadyImported(
                "This file was already imported (it was confirmed twice): nothing was imported "
                "a second time."
            )
        for planned in [*updates, *unchanged]:
            seen = expected_versions.get(str(planned.record.uuid))
            if seen is not None and seen != planned.expected_version:
                raise ImportRefused(
                    "Some records were changed by someone else after the preview: upload the "
                    "file again to see the changes it would make now."
                )
        # One import at a time per territory: a contiguous block of numbers, no lost update.
        # (SQLite takes the database write lock at BEGIN: transaction mode IMMEDIATE.)
        if connection.vendor == "postgresql":
            list(Territory.objects.select_for_update().filter(pk=territory.pk).values("pk"))
        years = {r.reporting_year for r in creates} | {p.record.reporting_year for p in updates}
        if years:
            locked = ReportingYear.objects.filter(
                territory_id=territory.pk, signed_off=True, year__in=years
            ).values_list("year", flat=True)
            locked = sorted(locked)
            if locked:
                raise ImportRefused(
                    f"The reporting year {locked[0]} was signed off meanwhile: nothing was "
                    "imported."
                )
        _check_versions(model, updates)
        persons = {r.person_key for r in creates}
        if creates and report.exchange.prepare_new_records is not None:
            persons = report.exchange.prepare_new_records(territory.pk, creates)
        _insert(model, creates, territory.pk)
        if updates:
            changed = set()
            for planned in updates:
                changed.update(n for n in planned.changes if n not in ("status", "personal_code"))
            model.objects.bulk_update(
                [p.record for p in updates],
                sorted(changed) + list(BOOKKEEPING),
                batch_size=BATCH_SIZE,
            )
        persons |= {p.record.person_key for p in updates} | _previous_keys(updates)
        model.persons_changed(territory.pk, person_keys=persons)
        result = ImportResult(
            created=len(creates),
            updated=len(updates),
            unchanged=len(unchanged),
            numbers=[_record_number(r, territory.code) for r in creates],
        )
        _audit(report, user=user, creates=creates, updates=updates, result=result)
    return result


def _check_versions(model, updates) -> None:
    """Each record to update still has the version the validation read (rows locked on
    PostgreSQL; SQLite holds the database write lock)."""
    if not updates:
        return
    expected = {p.record.pk: p.expected_version for p in updates}
    pks = list(expected)
    for start in range(0, len(pks), 2000):
        queryset = model.objects.filter(pk__in=pks[start : start + 2000])
        if connection.vendor == "postgresql":
            queryset = queryset.select_for_update()
        for pk, version in queryset.values_list("pk", "version"):
            if expected.pop(pk) != version:
                raise ImportRefused(
                    "Some records were changed by someone else meanwhile: upload the file again."
                )
    if expected:
        raise ImportRefused("Some records were deleted meanwhile: upload the file again.")


def _previous_keys(updates) -> set[str]:
    """Person keys the updated records had before the import (their persons change too)."""
    return {p.previous_person_key for p in updates}


def _insert(model, records, territory_id) -> None:
    if not records:
        return
    for attempt in range(NUMBER_ATTEMPTS):
        first = next_record_number(model, territory_id)
        for offset, record in enumerate(records):
            record.number = first + offset
        try:
            with transaction.atomic():
                _bulk_insert(model, records)
            return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
            for record in records:
                record.pk = None
                record._state.adding = True


def _bulk_insert(model, records) -> None:
    """Insert ``records``: ``COPY`` on PostgreSQL, ``executemany`` per 1,000 records elsewhere.

    Django's ``bulk_create`` compiles every one of a record's 125 parameters through the
    field's conversion and caps SQLite at 999 parameters (7 records a statement); here the
    values that need no conversion (text, numbers, flags, foreign keys) go to the driver as they
    are.
    """
    db = connections[router.db_for_write(model)]
    if db.vendor == "postgresql":
        copy_objects(model, records, using=db.alias)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    passthrough = (models.CharField, models.IntegerField, models.BooleanField, models.ForeignKey)
    getters = [(f.attname, None if isinstance(f, passthrough) else f) for f in fields]
    params = [
        [
            getattr(record, attname)
            if field is None
            else field.get_db_prep_save(field.pre_save(record, True), db)
            for attname, field in getters
        ]
        for record in records
    ]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with db.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def _audit(report: Report, *, user, creates, updates, result: ImportResult) -> None:
    model_label = report.exchange.model._meta.label_lower
    territory = report.territory
    username = user.get_username()
    entries = [
        AuditEntry(
            action=Action.IMPORT,
            user_id=user.pk,
            username=username,
            territory_id=territory.pk,
            object_type=model_label,
            object_repr=report.file_name[:200],
            detail={
                "file": report.file_name,
                "database": report.exchange.key,
                "institution": report.institution.name,
                "rows": report.total_rows,
                "result": "imported",
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    ]
    for record in creates:
        entries.append(
            AuditEntry(
                action=Action.CREATE,
                user_id=user.pk,
                username=username,
                territory_id=territory.pk,
                object_type=model_label,
                object_id=str(record.uuid),
                object_repr=_record_number(record, territory.code),
                detail={"status": record.status, "import": report.file_name},
            )
        )
    for planned in updates:
        record = planned.record
        entries.append(
            AuditEntry(
                action=Action.UPDATE,
                user_id=user.pk,
                username=username,
                territory_id=territory.pk,
                object_type=model_label,
                object_id=str(record.uuid),
                object_repr=_record_number(record, territory.code),
                changes=planned.changes,
                detail={"import": report.file_name},
            )
        )
    record_events(entries)


def audit_refused_import(*, exchange, user, territory, institution, file_name, rows, reason):
    """The IMPORT entry of a file that was refused (nothing written)."""
    record_event(
        Action.IMPORT,
        user=user,
        territory=territory,
        object_type=exchange.model._meta.label_lower,
        object_repr=file_name[:200],
        detail={
            "file": file_name,
            "database": exchange.key,
            "institution": institution.name if institution else "",
            "rows": rows,
            "result": "refused",
            "reason": reason[:300],
        },
    )
