"""The one function through which every record of both databases is created or changed."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.changes import plan_change
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import (
    ReportingYear,
    SaveResult,
    StaleVersion,
    YearSignedOff,
    next_record_number,
    signed_off_impact,
)


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
    model = type(record)
    creating = record.pk is None
    now = timezone.now()
    today = timezone.localdate().year

    if creating:
        plan = plan_change(
            model,
            current=None,
            values=values,
            status=status,
            personal_code=personal_code,
            default_year=today,
            asks_code=False,
            apply_conditions=False,
        )
        if ReportingYear.is_locked(record.territory_id, plan.reporting_year):
            raise YearSignedOff(plan.reporting_year)
        for name, value in plan.values.items():
            setattr(record, name, value)
        for name, value in (plan.personal_code or {}).items():
            setattr(record, name, value)
        record.person_key = plan.person_key
        record.reporting_year = plan.reporting_year
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
        revisions = signed_off_impact(
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
    before = current.indicator_values()
    plan = plan_change(
        model,
        current=current,
        values=values,
        status=status,
        personal_code=personal_code,
        default_year=today,
        asks_code=False,
        apply_conditions=False,
    )
    year = plan.reporting_year
    if ReportingYear.is_locked(current.territory_id, current.reporting_year) or (
        year != current.reporting_year and ReportingYear.is_locked(current.territory_id, year)
    ):
        raise YearSignedOff(current.reporting_year)

    update = {name: plan.values[name] for name in plan.values}
    if plan.personal_code:
        update.update(plan.personal_code)
    if plan.person_key is not None:
        update["person_key"] = plan.person_key
    update.update(reporting_year=year, status=status, updated_by=user, updated_at=now)
    rows = model.objects.filter(pk=record.pk, version=current.version).update(
        version=current.version + 1, **update
    )
    if rows != 1:  # a concurrent save won the race (SQLite has no row locks)
        raise StaleVersion(model.objects.get(pk=record.pk))
    record.refresh_from_db()
    model.persons_changed(record.territory_id, person_keys={current.person_key, record.person_key})
    revisions = []
    if plan.changes:
        revisions = signed_off_impact(
            record,
            before=before,
            person_keys={current.person_key, record.person_key},
            user=user,
            action=f"Change of {record.record_number}",
        )
        record_event(Action.UPDATE, user=user, obj=record, changes=plan.changes)
    return SaveResult(record, created=False, changes=plan.changes, revisions=revisions)
