"""Duplicate screening of victim records (spec §5 and §9, "double counting").

Exact groups: records of the territory that share a personal code hash or a person key. Near
matches: records with the same birth date, sex and citizenship (``near_match_key``) whose four
initials differ by one letter (they share one of the ``letter_keys``) but whose codes differ.
The coordinator decides whether a group is one person (one person key for all) or several people
(a distinct person key each); statistics count person keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q

from thb_data.audit.log import record_events
from thb_data.audit.models import Action, AuditEntry
from thb_data.records import ReportingYear, YearSignedOff
from victims.models import DuplicateDecision, VictimRecord

EXACT = "exact"
NEAR = "near"
# What screening reads of each candidate record: a handful of columns, never the indicators.
CANDIDATE_FIELDS = (
    "pk",
    "uuid",
    "number",
    "territory__code",
    "institution_id",
    "personal_code_hash",
    "person_key",
    "near_match_key",
    "letter_keys",
    "reporting_year",
)


class Candidate:
    """A record as duplicate screening sees it (read with ``values_list``: building full model
    instances of tens of thousands of candidates would take seconds). ``load_records`` swaps
    them for the records themselves in the groups a page shows."""

    __slots__ = (
        "pk",
        "uuid",
        "number",
        "territory_code",
        "institution_id",
        "personal_code_hash",
        "person_key",
        "near_match_key",
        "letter_keys",
        "reporting_year",
    )

    def __init__(self, row):
        for name, value in zip(self.__slots__, row, strict=True):
            setattr(self, name, value)

    @property
    def record_number(self) -> str:
        return f"{self.territory_code}-{VictimRecord.number_prefix}{self.number:06d}"


@dataclass
class DuplicateGroup:
    kind: str  # EXACT or NEAR
    records: list = field(default_factory=list)
    decision: DuplicateDecision | None = None

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(sorted(str(r.uuid) for r in self.records))

    @property
    def rows(self) -> list[tuple]:
        """(record, person number): records the coordinator joined share a number."""
        persons: dict[str, int] = {}
        return [(r, persons.setdefault(r.person_key, len(persons) + 1)) for r in self.records]


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        result: dict[int, list[int]] = {}
        for item in self.parent:
            result.setdefault(self.find(item), []).append(item)
        return [members for members in result.values() if len(members) > 1]


def _shared_values(queryset, column: str):
    """Values of ``column`` that more than one record of ``queryset`` holds (a subquery)."""
    return (
        queryset.exclude(**{column: ""})
        .values(column)
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values(column)
    )


def _link_by(records, attribute: str, union: _UnionFind) -> None:
    first_of: dict[str, int] = {}
    for record in records:
        value = getattr(record, attribute)
        if not value:
            continue
        if value in first_of:
            union.union(first_of[value], record.pk)
        else:
            first_of[value] = record.pk
            union.find(record.pk)


def duplicate_groups(queryset, territory_id: int) -> tuple[list[DuplicateGroup], list]:
    """(exact groups, near-match groups) among the records of ``queryset`` (already scoped to
    the coordinator's territory), each with the coordinator's last decision on that exact group.

    Two queries whatever the number of records: candidates, decisions, nothing per group. The
    groups hold :class:`Candidate` rows; ``load_records`` gives the groups a page shows their
    records (one more query).
    """
    candidates = [
        Candidate(row)
        for row in queryset.filter(
            Q(personal_code_hash__in=_shared_values(queryset, "personal_code_hash"))
            | Q(person_key__in=_shared_values(queryset, "person_key"))
            | Q(near_match_key__in=_shared_values(queryset, "near_match_key"))
        )
        .order_by("number")
        .values_list(*CANDIDATE_FIELDS)
    ]
    by_pk = {record.pk: record for record in candidates}

    exact = _UnionFind()
    _link_by(candidates, "personal_code_hash", exact)
    _link_by(candidates, "person_key", exact)

    near = _UnionFind()
    buckets: dict[str, list] = {}
    for record in candidates:
        if record.near_match_key:
            buckets.setdefault(record.near_match_key, []).append(record)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            keys_a = set(filter(None, a.letter_keys.split(",")))
            for b in bucket[i + 1 :]:
                if a.personal_code_hash == b.personal_code_hash or a.person_key == b.person_key:
                    continue  # an exact duplicate, or already decided to be one person
                if keys_a & set(filter(None, b.letter_keys.split(","))):
                    near.union(a.pk, b.pk)

    decisions: dict[tuple, DuplicateDecision] = {}
    for decision in DuplicateDecision.objects.filter(territory_id=territory_id).order_by(
        "decided_at", "id"
    ):
        decisions[tuple(sorted(decision.record_uuids))] = decision

    def build(kind, union):
        result = []
        for members in union.groups():
            group = DuplicateGroup(kind, sorted((by_pk[pk] for pk in members), key=_number))
            group.decision = decisions.get(group.signature)
            result.append(group)
        return sorted(result, key=lambda g: _number(g.records[0]))

    return build(EXACT, exact), build(NEAR, near)


def _number(record) -> int:
    return record.number


def load_records(queryset, groups) -> None:
    """Replace the candidates of ``groups`` with their records from ``queryset`` (the same
    scoped queryset), with territory and institution: one query for all the groups."""
    pks = {c.pk for group in groups for c in group.records}
    if not pks:
        return
    records = {
        r.pk: r for r in queryset.filter(pk__in=pks).select_related("territory", "institution")
    }
    for group in groups:
        group.records = [records[c.pk] for c in group.records if c.pk in records]


def filter_groups(groups, *, year: int | None = None, institution_id: int | None = None):
    """The groups holding a record of ``year`` and a record of ``institution_id`` (either
    condition left out when None)."""
    return [
        group
        for group in groups
        if (year is None or any(r.reporting_year == year for r in group.records))
        and (
            institution_id is None or any(r.institution_id == institution_id for r in group.records)
        )
    ]


def split_groups(groups) -> tuple[list, list]:
    """(pending, decided): groups waiting for the coordinator, and groups decided as they are."""
    pending = [g for g in groups if g.decision is None]
    decided = [g for g in groups if g.decision is not None]
    return pending, decided


class DuplicateError(ValueError):
    """The decision cannot be applied (a message for the coordinator)."""


@transaction.atomic
def resolve_duplicates(*, user, records: list, decision: str) -> dict:
    """Apply the coordinator's ``decision`` to ``records`` (resolved through the coordinator's
    scope): SAME gives them all one person key, DIFFERENT a distinct key each. Audited (merge).

    Returns {record: new person key}.
    """
    if decision not in (DuplicateDecision.SAME, DuplicateDecision.DIFFERENT):
        raise DuplicateError("Choose “same person” or “different people”.")
    records = sorted({r.pk: r for r in records}.values(), key=_number)
    if len(records) < 2:
        raise DuplicateError("Choose at least two records.")
    territories = {r.territory_id for r in records}
    if len(territories) != 1:
        raise DuplicateError("The records belong to different territories.")
    territory_id = territories.pop()
    for record in records:
        if ReportingYear.is_locked(territory_id, record.reporting_year):
            raise YearSignedOff(record.reporting_year)

    new_keys: dict = {}
    if decision == DuplicateDecision.SAME:
        first = records[0]
        key = first.person_key or first.personal_code_hash
        if not key:
            raise DuplicateError("These records have no personal code to join them by.")
        new_keys = dict.fromkeys(records, key)
    else:
        bases = {r.personal_code_hash or r.person_key for r in records} - {""}
        others = VictimRecord.with_deleted.filter(territory_id=territory_id).exclude(
            pk__in=[r.pk for r in records]
        )
        prefix_q = Q(pk__in=[])
        for base in bases:
            prefix_q |= Q(person_key__startswith=base)
        taken = set(others.filter(prefix_q).values_list("person_key", flat=True))
        for record in records:
            base = record.personal_code_hash or record.person_key
            if not base:
                raise DuplicateError(f"{record.record_number} has no personal code.")
            key, n = base, 2
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            taken.add(key)
            new_keys[record] = key

    for record, key in new_keys.items():
        if record.person_key != key:
            VictimRecord.with_deleted.filter(pk=record.pk).update(person_key=key)
    keys = {r.person_key for r in records} | set(new_keys.values())
    VictimRecord.persons_changed(territory_id, person_keys=keys)
    # The persons' records of other years may count differently now: a signed-off year whose
    # tables change gets a pending revision (indicators.statistics.final).
    from indicators.statistics.final import check_signed_off_impact

    years = set(
        VictimRecord.with_deleted.filter(
            territory_id=territory_id, person_key__in=sorted(k for k in keys if k)
        ).values_list("reporting_year", flat=True)
    )
    check_signed_off_impact(
        records[0].territory,
        years,
        user=user,
        action="Duplicate decision: "
        + ("same person" if decision == DuplicateDecision.SAME else "different people")
        + " ("
        + ", ".join(r.record_number for r in records)
        + ")",
    )
    DuplicateDecision.objects.create(
        territory_id=territory_id,
        decision=decision,
        record_uuids=sorted(str(r.uuid) for r in records),
        decided_by=user,
    )
    numbers = [r.record_number for r in records]
    record_events(
        AuditEntry(
            action=Action.MERGE,
            user=user,
            username=user.get_username(),
            territory_id=territory_id,
            object_type=record._meta.label_lower,
            object_id=str(record.uuid),
            object_repr=record.record_number,
            # The keys are hashes of the personal code: the trail says that one changed, not what.
            changes=(
                {"person_key": ["(person key)", "(new person key)"]}
                if record.person_key != key
                else {}
            ),
            detail={"decision": decision, "records": numbers},
        )
        for record, key in new_keys.items()
    )
    for record, key in new_keys.items():
        record.person_key = key
    return new_keys
