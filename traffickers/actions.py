"""Opening criminal cases and linking victim records to them: named, atomic actions.

Each action runs in one transaction that checks the reporting-year sign-off lock, writes the
change and writes its audit entry: either all of it is stored or none of it (a refused or failed
action leaves no link and no audit entry). Views parse the request, resolve the objects through
the user's scope (404 outside it) and call these; they never write cases or links themselves.

Which years a link touches: a link between a case and a victim record counts in the statistics
of the victim record's reporting year (victims of identified traffickers, traffickers per victim)
and in those of every trafficker record of the case (victims per trafficker). A link or unlink is
refused, with ``YearSignedOff``, when any of these years is signed off in the territory; opening a
case refuses in the same way when it would link victim records of a signed-off year. A case
opened without victims touches no year.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import ReportingYear, YearSignedOff
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord


class CaseLinkRefused(ValueError):
    """A victim record that cannot be linked to this case (another territory)."""


def _check_years_open(case_territory_id: int, *, case=None, victims: Iterable = ()) -> None:
    """Raise ``YearSignedOff`` when a year the change touches is signed off."""
    years = {victim.reporting_year for victim in victims}
    if case is not None and case.pk is not None:
        with scopes_disabled():
            years |= set(
                TraffickerRecord.objects.filter(case_id=case.pk).values_list(
                    "reporting_year", flat=True
                )
            )
    years.discard(None)
    if not years:
        return
    with scopes_disabled():
        locked = (
            ReportingYear.objects.filter(
                territory_id=case_territory_id, year__in=years, signed_off=True
            )
            .order_by("year")
            .values_list("year", flat=True)
            .first()
        )
    if locked is not None:
        raise YearSignedOff(locked)


def _lock_case(case) -> None:
    """Serialise the link changes of one case (a row lock on PostgreSQL; SQLite's write
    transaction is exclusive already)."""
    with scopes_disabled():
        CriminalCase._base_manager.select_for_update().filter(pk=case.pk).values_list(
            "pk", flat=True
        ).first()


def _check_same_territory(case, victims) -> None:
    for victim in victims:
        if victim.territory_id != case.territory_id:
            raise CaseLinkRefused("A victim record of another territory cannot be linked.")


def _write_links(case, victims, *, user) -> list[str]:
    through = CriminalCase.victims.through
    already = set(
        through.objects.filter(criminalcase=case).values_list("victimrecord_id", flat=True)
    )
    new, seen = [], set()
    for victim in victims:
        if victim.pk not in already and victim.pk not in seen:
            new.append(victim)
            seen.add(victim.pk)
    if not new:
        return []
    through.objects.bulk_create([through(criminalcase=case, victimrecord=v) for v in new])
    numbers = [v.record_number for v in new]
    record_event(
        Action.UPDATE,
        user=user,
        obj=case,
        changes={"victims": ["", ", ".join(numbers)]},
        detail={"linked": numbers},
    )
    return numbers


def open_case(*, user, reference: str, institution, victims: Iterable = ()) -> CriminalCase:
    """Open a case in the user's territory, held by ``institution``, linking ``victims``.

    One transaction: the case, its "created" entry, the links and their entry, or nothing.
    Raises ``YearSignedOff`` when a victim record counts in a signed-off year.
    """
    victims = list(victims)
    with transaction.atomic():
        case = CriminalCase(
            territory_id=user.territory_id,
            institution=institution,
            reference=reference,
            created_by=user,
        )
        _check_same_territory(case, victims)
        _check_years_open(case.territory_id, victims=victims)
        case.save(force_insert=True)
        record_event(Action.CREATE, user=user, obj=case)
        _write_links(case, victims, user=user)
    return case


def link_victims(*, user, case: CriminalCase, victims: Iterable) -> list[str]:
    """Link ``victims`` to ``case``; the record numbers newly linked (already linked ones are
    skipped). Raises ``YearSignedOff`` (nothing written) when a year it touches is signed off,
    ``CaseLinkRefused`` for a victim record of another territory."""
    victims = list(victims)
    with transaction.atomic():
        _check_same_territory(case, victims)
        _lock_case(case)
        _check_years_open(case.territory_id, case=case, victims=victims)
        return _write_links(case, victims, user=user)


def unlink_victim(*, user, case: CriminalCase, victim) -> bool:
    """Remove the link between ``case`` and ``victim``; False if they were not linked. Raises
    ``YearSignedOff`` (nothing written) when a year it touches is signed off."""
    with transaction.atomic():
        _lock_case(case)
        _check_years_open(case.territory_id, case=case, victims=[victim])
        deleted, _ = CriminalCase.victims.through.objects.filter(
            criminalcase=case, victimrecord=victim
        ).delete()
        if not deleted:
            return False
        record_event(
            Action.UPDATE,
            user=user,
            obj=case,
            changes={"victims": [victim.record_number, ""]},
            detail={"unlinked": [victim.record_number]},
        )
    return True
