"""Which records count in the statistics, and why the others do not: the spec's counting rules.

Statistics count persons (records sharing a ``person_key``; a record without one is a person of
its own), in the reference year of the identification of each trafficking episode
(spec/indicators.md §8-§9, spec/reporting.md). For every record this module stores, and keeps up
to date wherever a person's records change (saving, deleting or restoring a record, importing,
resolving duplicates, generating demo data):

* ``person_first``: the record the person counts by in its reporting year (the first record of
  an episode identified in that year);
* ``counted_status``: on that record, the person's status in the year, the most advanced one
  reached by the episode's records dated in the year (formally identified outranks presumed);
* ``episode``: on that record, the number of the person's episode (2 and more: re-trafficked);
* ``not_counted_reason``: on every other record, why it does not count (``NOT_COUNTED``).

The rules, in order:

1. Only complete records with an identification date and a victim status count; deleted
   records are not registered at all.
2. A person's counted records, by identification date then record number, form episodes: a
   record starts a new episode when it is dated in a later year than the episode's
   identification and either its exploitation started after the episode's identification (or
   the end of its exploitation), or it says "trafficked before" while the episode's first
   record did not. Any other record updates the episode it follows.
3. An episode whose latest record says "not confirmed as a victim" is not counted; nor is a
   record saying so.
4. An episode counts once, in the year of its identification, by its first presumed or
   identified record of that year; the person's other records of that year are "another record
   of a person already counted"; records of later years are "update of an episode already
   counted".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from indicators.counting import COUNTED_STATUSES
from thb_data.scoping import scopes_disabled

# Victim statuses that the statistics count ("not confirmed as victim" does not).
NOT_CONFIRMED = "not_confirmed"
_CHUNK = 500

DELETED = "deleted"
# Which of the counting columns each record gets: (person_first, counted_status, episode,
# not_counted_reason).
COUNTING_COLUMNS = ("person_first", "counted_status", "episode", "not_counted_reason")


@dataclass(frozen=True)
class Item:
    """What the counting rules read of a record."""

    key: str
    deleted: bool
    complete: bool
    status: str
    year: int
    date: str
    number: int
    before: str = ""  # trafficked before: yes / no / unknown
    exploitation_start: str = ""
    exploitation_end: str = ""


Counting = tuple[bool, str, int | None, str]
NOT_FIRST: Counting = (False, "", None, "")


def _reason(item: Item) -> str:
    if item.deleted:
        return DELETED
    if not item.complete:
        return "draft"
    if not item.date:
        return "no_date"
    if item.status not in COUNTED_STATUSES:
        return "not_confirmed"
    return ""


def count_person(items: list[Item]) -> list[Counting]:
    """The counting columns of one person's records (``items``, any order)."""
    result: list[Counting] = [(False, "", None, _reason(item)) for item in items]
    usable = [
        i
        for i, item in enumerate(items)
        if not result[i][3] or (result[i][3] == "not_confirmed" and item.date and item.complete)
    ]
    if not items[0].key:  # no personal code: every record a person of its own
        for i in usable:
            if not result[i][3]:
                result[i] = (True, items[i].status, 1, "")
        return result
    usable.sort(key=lambda i: (items[i].date, items[i].number))
    episodes: list[list[int]] = []
    for i in usable:
        item = items[i]
        if episodes:
            episode = [items[j] for j in episodes[-1]]
            first = episode[0]
            known = max(
                [e.date for e in episode]
                + [e.exploitation_end for e in episode if e.exploitation_end]
            )
            new = item.year > first.year and (
                (item.exploitation_start and item.exploitation_start > known)
                or (item.before == "yes" and first.before != "yes")
            )
            if not new:
                episodes[-1].append(i)
                continue
        episodes.append([i])
    for number, members in enumerate(episodes, start=1):
        latest = items[members[-1]]
        counting = [j for j in members if items[j].status in COUNTED_STATUSES]
        if latest.status == NOT_CONFIRMED or not counting:
            for j in members:
                result[j] = (False, "", None, "not_confirmed")
            continue
        year = items[counting[0]].year
        in_year = [j for j in members if items[j].year == year]
        counting = [j for j in counting if items[j].year == year]
        if not counting:
            for j in members:
                result[j] = (False, "", None, "not_confirmed")
            continue
        statuses = {items[j].status for j in counting}
        status = "identified" if "identified" in statuses else "presumed"
        result[counting[0]] = (True, status, number, "")
        for j in members:
            if j == counting[0] or items[j].status == NOT_CONFIRMED:
                continue
            result[j] = (False, "", None, "same_person" if j in in_year else "episode_update")
    return result


def count_records(items: list[Item]) -> list[Counting]:
    """The counting columns of records of several persons (``items`` in any order)."""
    result: list[Counting | None] = [None] * len(items)
    persons: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.key:
            persons.setdefault(item.key, []).append(i)
        else:
            result[i] = count_person([item])[0]
    for positions in persons.values():
        for i, value in zip(positions, count_person([items[i] for i in positions]), strict=True):
            result[i] = value
    return result  # type: ignore[return-value]


_READ = (
    "pk",
    "person_key",
    "is_deleted",
    "status",
    "v_victim_status",
    "reporting_year",
    "v_identification_date",
    "number",
    "v_previously_trafficked",
    "v_exploitation_start",
    "v_exploitation_end",
    *COUNTING_COLUMNS,
)


def _item(row) -> Item:
    (_pk, key, deleted, status, vstatus, year, date, number, before, start, end) = row[:11]
    return Item(
        key=key or "",
        deleted=bool(deleted),
        complete=status == "complete",
        status=vstatus or "",
        year=int(year),
        date=date or "",
        number=int(number),
        before=before or "",
        exploitation_start=start or "",
        exploitation_end=end or "",
    )


def refresh_first_records(territory_id: int, *, person_keys: Iterable[str] | None = None) -> None:
    """Recompute the counting columns of the persons ``person_keys`` of a territory (all
    persons when None). An empty key in ``person_keys`` refreshes the records without one."""
    from victims.models import VictimRecord

    with scopes_disabled():
        records = VictimRecord.with_deleted.filter(territory_id=territory_id)
        keys = None if person_keys is None else set(person_keys)
        if keys is None:
            _refresh(records, records)
            return
        ordered = sorted(k for k in keys if k)
        for start in range(0, len(ordered), _CHUNK):
            _refresh(records, records.filter(person_key__in=ordered[start : start + _CHUNK]))
        if "" in keys:
            _refresh(records, records.filter(person_key=""))


def _refresh(records, selected) -> None:
    rows = list(selected.values_list(*_READ).iterator(chunk_size=5000))
    wanted = count_records([_item(row) for row in rows])
    changes: dict[Counting, list[int]] = {}
    for row, value in zip(rows, wanted, strict=True):
        if tuple(row[11:]) != value:
            changes.setdefault(value, []).append(row[0])
    for value, ids in changes.items():
        update = dict(zip(COUNTING_COLUMNS, value, strict=True))
        for start in range(0, len(ids), 5000):
            records.filter(pk__in=ids[start : start + 5000]).update(**update)


def mark_first_new_records(territory_id: int, records) -> set[str]:
    """Set the counting columns of new records about to be inserted together (in the order of
    their numbers), as if their persons had no other record; return the person keys that
    stored records of the territory share with them.

    The columns are right for persons registered for the first time, the usual case of an
    import: a bulk insert writes each new record once instead of inserting it and updating it
    again. The persons of the keys returned need ``refresh_first_records`` once the records
    are written.
    """
    from victims.models import VictimRecord

    values = count_records(
        [
            Item(
                key=r.person_key or "",
                deleted=bool(r.is_deleted),
                complete=r.status == "complete",
                status=r.v_victim_status or "",
                year=int(r.reporting_year),
                date=r.v_identification_date or "",
                number=position,
                before=r.v_previously_trafficked or "",
                exploitation_start=r.v_exploitation_start or "",
                exploitation_end=r.v_exploitation_end or "",
            )
            for position, r in enumerate(records)
        ]
    )
    for record, value in zip(records, values, strict=True):
        for name, item in zip(COUNTING_COLUMNS, value, strict=True):
            setattr(record, name, item)
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
    """``person_first`` of new complete records given as ``(person_key, is_deleted, status,
    reporting_year, identification_date)`` in the order of their numbers (the demo data
    generator, which refreshes every person of the territory afterwards)."""
    values = count_records(
        [
            Item(
                key=key or "",
                deleted=bool(deleted),
                complete=True,
                status=status or "",
                year=int(year),
                date=date or "",
                number=position,
            )
            for position, (key, deleted, status, year, date) in enumerate(items)
        ]
    )
    return [value[0] for value in values]
