"""Which record a person counts by: the first record of each person in a territory.

Statistics count persons in the year of their first identification (spec reporting rules). The
first record of a person (earliest reporting year, then identification date, then record number,
among the non-deleted records whose status counts) carries ``person_first = True``; a year's
tables then read only that year's first records, through an index, however many years of data
the territory holds. The flag is refreshed wherever a person's records change: saving, deleting
or restoring a record, importing, resolving duplicates, generating demo data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

# Victim statuses that the statistics count ("not confirmed as victim" does not).
COUNTED_STATUSES = ("presumed", "identified")
_CHUNK = 500


def _order(year, date, number):
    return (year, date == "", date, number)


def refresh_first_records(territory_id: int, *, person_keys: Iterable[str] | None = None) -> None:
    """Recompute ``person_first`` for the persons ``person_keys`` of a territory (all persons
    when None). Records without a person key are each their own person: an empty key in
    ``person_keys`` refreshes them all (two indexed updates)."""
    with scopes_disabled():
        records = VictimRecord.with_deleted.filter(territory_id=territory_id)
        keys = None if person_keys is None else set(person_keys)
        if keys is None:
            _refresh_keyed(records, records.exclude(person_key=""))
        else:
            ordered = sorted(k for k in keys if k)
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                _refresh_keyed(records, records.filter(person_key__in=chunk))
        if keys is None or "" in keys:
            loose = records.filter(person_key="")
            counted = Q(is_deleted=False, v_victim_status__in=COUNTED_STATUSES)
            loose.filter(~counted, person_first=True).update(person_first=False)
            loose.filter(counted, person_first=False).update(person_first=True)


def mark_first_new_records(territory_id: int, records) -> set[str]:
    """Set ``person_first`` on new records about to be inserted together (in the order of their
    numbers), as if their persons had no other record; return the person keys that stored
    records of the territory share with them.

    The flags are right for persons registered for the first time, the usual case of an
    import: a bulk insert writes each new record once, with its flag, instead of inserting it
    and updating it again. The persons of the keys returned need ``refresh_first_records`` once
    the records are written.
    """
    flags = first_flags(
        (r.person_key, r.is_deleted, r.v_victim_status, r.reporting_year, r.v_identification_date)
        for r in records
    )
    for record, flag in zip(records, flags, strict=True):
        record.person_first = flag
    keys = sorted({r.person_key for r in records if r.person_key})
    stored: set[str] = set()
    with scopes_disabled():
        for start in range(0, len(keys), _CHUNK):
            stored.update(
                VictimRecord.with_deleted.filter(
                    territory_id=territory_id, person_key__in=keys[start : start + _CHUNK]
                )
                .values_list("person_key", flat=True)
                .distinct()
            )
    return stored


def first_flags(items) -> list[bool]:
    """``person_first`` of new records given as ``(person_key, is_deleted, status,
    reporting_year, identification_date)`` in the order of their numbers."""
    flags: list[bool] = []
    first: dict[str, tuple] = {}
    for position, (key, deleted, status, year, date) in enumerate(items):
        flags.append(False)
        if deleted or status not in COUNTED_STATUSES:
            continue
        if not key:
            flags[position] = True
            continue
        order = _order(year, date, position)
        earlier = first.get(key)
        if earlier is None or order < earlier[0]:
            if earlier is not None:
                flags[earlier[1]] = False
            first[key] = (order, position)
            flags[position] = True
    return flags


def _refresh_keyed(records, keyed) -> None:
    first: dict[str, tuple] = {}
    current: set[int] = set()
    rows = keyed.values_list(
        "pk",
        "person_key",
        "reporting_year",
        "v_identification_date",
        "number",
        "is_deleted",
        "v_victim_status",
        "person_first",
    )
    for pk, key, year, date, number, deleted, status, flagged in rows.iterator(chunk_size=5000):
        if flagged:
            current.add(pk)
        if deleted or status not in COUNTED_STATUSES:
            continue
        order = _order(year, date, number)
        if key not in first or order < first[key][0]:
            first[key] = (order, pk)
    wanted = {pk for _order_key, pk in first.values()}
    for changed, value in ((current - wanted, False), (wanted - current, True)):
        ids = sorted(changed)
        for start in range(0, len(ids), 5000):
            records.filter(pk__in=ids[start : start + 5000]).update(person_first=value)
