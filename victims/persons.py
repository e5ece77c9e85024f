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

from thb_data.scoping import scopes_disabled

# Victim statuses that the statistics count ("not confirmed as victim" does not).
COUNTED_STATUSES = ("presumed", "identified")
_CHUNK = 500


def _order(year, date, number):
    return (year, date == "", date, number)


def refresh_first_records(territory_id: int, *, person_keys: Iterable[str] | None = None) -> None:
    """Recompute ``person_first`` for the persons ``person_keys`` of a territory (all persons
    when None). Records without a person key are each their own person: an empty key in
    ``person_keys`` refreshes them all (two indexed updates)."""
    from victims.models import VictimRecord

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
            loose.filter(person_first=True).update(person_first=False)
            loose.filter(is_deleted=False, v_victim_status__in=COUNTED_STATUSES).update(
                person_first=True
            )


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
