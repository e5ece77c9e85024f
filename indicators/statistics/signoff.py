"""Signing off a reporting year, and reopening it: the records of a signed-off year are
read-only (``save_record`` refuses them) and its statistics are final: signing off stores the
year's figures of record (``indicators.statistics.final``), reopening closes them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from indicators.statistics.final import close_final_edition, store_final_edition
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import ReportingYear


class ReasonRequired(ValueError):
    """Reopening a signed-off year needs a reason (it is kept in the audit trail)."""


def _year_row(territory, year: int) -> ReportingYear:
    row, _created = ReportingYear.objects.select_for_update().get_or_create(
        territory=territory, year=year
    )
    return row


def _audit(action, *, user, territory, year, detail):
    record_event(
        action,
        user=user,
        territory=territory,
        object_type="thb_data.reportingyear",
        object_id=f"{territory.code}-{year}",
        object_repr=f"{territory.name} {year}",
        detail={"year": year, **detail},
    )


@transaction.atomic
def sign_off_year(*, territory, year: int, user, acknowledged: dict | None = None) -> ReportingYear:
    """Sign off ``year`` of ``territory``: its records become read-only, its tables final.

    ``acknowledged`` ({check: count}) is what the coordinator acknowledged of the checks before
    the sign-off (indicators.quality.signoff); it is kept in the audit entry.
    """
    row = _year_row(territory, year)
    if row.signed_off:
        return row
    row.signed_off = True
    row.signed_off_at = timezone.now()
    row.signed_off_by = user
    row.save(update_fields=["signed_off", "signed_off_at", "signed_off_by"])
    edition = store_final_edition(territory, year, user=user, signed_off_at=row.signed_off_at)
    _audit(
        Action.SIGN_OFF,
        user=user,
        territory=territory,
        year=year,
        detail={"final_edition": edition.number, "acknowledged": dict(acknowledged or {})},
    )
    return row


@transaction.atomic
def reopen_year(*, territory, year: int, user, reason: str) -> ReportingYear:
    """Reopen a signed-off year, for the reason given (mandatory, audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the year is reopened: the reason is kept in the audit trail.")
    row = _year_row(territory, year)
    if not row.signed_off:
        return row
    signed_off_at = row.signed_off_at
    row.signed_off = False
    row.signed_off_at = None
    row.signed_off_by = None
    row.save(update_fields=["signed_off", "signed_off_at", "signed_off_by"])
    close_final_edition(territory, year, user=user, reason=reason)
    _audit(
        Action.REOPEN,
        user=user,
        territory=territory,
        year=year,
        detail={
            "reason": reason,
            "signed_off_at": signed_off_at.isoformat() if signed_off_at else None,
        },
    )
    return row
