"""Protection that passes the disclosure audit (``indicators.statistics.audit``).

:func:`protect_release` hides every small count, then adds complementary cells until the audit
finds, for every hidden cell, a feasible range at least the threshold wide, considering:

- every relation of every table of the release (rows, columns and totals, as the cell keys of
  :mod:`indicators.statistics.protection` define them);
- the crosswalk groupings between tables (:class:`Grouping`: e.g. the Eurostat "forced labour"
  column of E6 is the sum of the T5c rows of every fine form that Eurostat groups as labour);
- what earlier releases published (``known``): a cell published before is not a secret, so it is
  published again with the same value (and never taken as a complement); a cell hidden before
  stays hidden (``carried``);
- the published meaning of the flags: every hidden cell of a public release has the same flag,
  whose stated meaning ("not shown; any count, zero included") gives the attacker no bound but
  0 from below.

Complements are chosen by a cost: the year's headline figures (``keep``: the totals, by sex,
by status) come last, zeros next to last, and otherwise the smallest count first, so that small
categories, earlier years and multi-year totals are hidden before a headline.

A release whose pattern cannot be made to pass raises :class:`ProtectionFailed`: it is never
published. The module is pure Python (no Django).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from indicators.statistics.audit import Auditor, AuditReport, Relation, additive
from indicators.statistics.protection import (
    CellKey,
    CountTable,
    ProtectedTable,
    ProtectionResult,
    _Problem,
)

__all__ = [
    "FLAG_CONFIDENTIAL",
    "DerivedCell",
    "Collapsed",
    "Grouping",
    "ProtectionFailed",
    "SafeRelease",
    "collapse_small_categories",
    "derived_cell",
    "grouping_relations",
    "headlines_hidden",
    "percentage_cell",
    "protect_release",
    "public_note",
    "rate_cell",
    "release_cells",
]

#: The one flag of every hidden cell in a public or regional release (SDMX CONF_STATUS "C",
#: confidential). Primary and complementary cells are not told apart: "small count" would
#: tell the attacker that the cell lies between 1 and the threshold minus one.
FLAG_CONFIDENTIAL = "C"


class ProtectionFailed(ValueError):
    """No suppression pattern that passes the audit was found: the release is refused."""


@dataclass(frozen=True)
class Grouping:
    """A crosswalk between two dimensions: category ``coarse_of(population, fine)`` of
    ``coarse_dim`` is the sum of the categories of ``fine_dim`` that map to it (same
    population, same other coordinates)."""

    fine_dim: str
    coarse_dim: str
    coarse_of: Callable[[str, str], str]


def release_cells(
    tables: Sequence[CountTable], problem: _Problem | None = None
) -> tuple[dict[CellKey, int], list[Relation]]:
    """Every cell (by key, with its true value) and every relation of the tables' rows,
    columns and totals."""
    problem = problem or _Problem(tables)
    values = dict(zip(problem.keys, problem.values, strict=True))
    relations = [
        additive(
            problem.keys[members[-1]], [problem.keys[k] for k in members[:-1]], "table margins"
        )
        for members in problem.relations
    ]
    return values, relations


def grouping_relations(
    values: Mapping[CellKey, int], groupings: Iterable[Grouping]
) -> list[Relation]:
    """Relations between cells of different tables through crosswalk groupings.

    For every coarse cell present, the fine cells of the same population and other
    coordinates that map to its category must all be present too (categories of a closed list
    always are; an open list holds every category with persons) and add up to it: otherwise
    (a table of mentions, say) no relation is made.
    """
    relations: list[Relation] = []
    keys = list(values)
    for grouping in groupings:
        fine: dict[tuple, dict[str, list[CellKey]]] = {}
        for key in keys:
            dims = key.dimensions
            if grouping.fine_dim not in dims or grouping.coarse_dim in dims:
                continue
            category = dims.pop(grouping.fine_dim)
            coarse = grouping.coarse_of(key.population, category)
            base = (key.population, tuple(sorted(dims.items())))
            fine.setdefault(base, {}).setdefault(coarse, []).append(key)
        for key in keys:
            dims = key.dimensions
            if grouping.coarse_dim not in dims or grouping.fine_dim in dims:
                continue
            category = dims.pop(grouping.coarse_dim)
            base = (key.population, tuple(sorted(dims.items())))
            parts = fine.get(base, {}).get(category)
            if parts is None:
                continue  # no fine cell of this population maps to the category
            if sum(values[part] for part in parts) != values[key]:
                continue  # not a partition of the same persons
            relations.append(
                additive(
                    key,
                    sorted(parts),
                    f"crosswalk {grouping.fine_dim} -> {grouping.coarse_dim}",
                )
            )
    return relations


# --- collapsing small categories ---------------------------------------------------------------

OTHER = "other"
UNKNOWN = "unknown"  # the code of unknowns (indicators.schema.UNKNOWN): a row of its own


@dataclass
class Collapsed:
    """Tables whose small categories were merged: the new tables, the groupings that know the
    merged codes, and the members of each merged category."""

    tables: list[CountTable]
    groupings: list[Grouping]
    members: dict[tuple[str, str, str], tuple[str, ...]]
    values_before: dict[CellKey, int] = field(default_factory=dict)

    def relations(self) -> list[Relation]:
        """A merged category is the sum of its members, wherever a table (left as it is, a
        table of mentions say) still shows the members: the attacker knows that too."""
        relations = []
        values = self.values_before
        by_base: dict[tuple, dict[str, CellKey]] = {}
        for key in values:
            for group, members in self.members.items():
                population, dim, _code = group
                dims = key.dimensions
                if key.population == population and dims.get(dim) in members:
                    category = dims.pop(dim)
                    by_base.setdefault((group, tuple(sorted(dims.items()))), {})[category] = key
        for (group, others), found in by_base.items():
            population, dim, code = group
            if set(found) != set(self.members[group]):
                continue  # not every member shown: no sum
            merged = CellKey(population, {**dict(others), dim: code})
            relations.append(additive(merged, sorted(found.values()), f"collapsed {dim} {code}"))
        return relations


def collapse_small_categories(
    tables: Sequence[CountTable],
    threshold: int,
    groupings: Sequence[Grouping],
    dims: Iterable[str],
) -> Collapsed:
    """Merge the small categories of each dimension of ``dims`` ("collapse before
    suppress", spec/reporting.md §2 d2.4), following the code list's structure.

    For a population and a dimension, a category is small when it counts from 1 to
    ``threshold - 1`` persons (in the first additive table that has the dimension in its
    rows). Small categories that every crosswalk of the dimension puts in the same group (the
    same national/foreign/unknown, the same Eurostat group...) are merged into one category
    ``other_<group>``, labelled with its members, in every additive table of the population
    that has the dimension in its rows; a group with one small category is left as it is, and
    so is "unknown" (its own group). The crosswalks map the merged category to its group, so
    the coarse tables still add up to it.
    """
    dims = tuple(dims)
    grouped = {dim: [g for g in groupings if g.fine_dim == dim] for dim in dims}

    def group_of(population: str, dim: str, code: str) -> tuple[str, ...]:
        return tuple(str(g.coarse_of(population, code)) for g in grouped[dim])

    # Which categories merge, per (population, dimension): from the first additive table.
    plan: dict[tuple[str, str], dict[str, str]] = {}  # (pop, dim) -> {member: merged code}
    members: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for table in tables:
        dim = table.row_dim
        if dim not in dims or not table.additive or getattr(table, "row_keys", None):
            continue
        if (table.population, dim) in plan:
            continue
        totals = table.counts.sum(axis=1)
        small: dict[tuple[str, ...], list[str]] = {}
        for code, total in totals.items():
            if 1 <= int(total) < threshold and code != UNKNOWN:
                small.setdefault(group_of(table.population, dim, code), []).append(str(code))
        mapping: dict[str, str] = {}
        for group, codes in small.items():
            if len(codes) < 2:
                continue
            merged = "_".join([OTHER, *(part for part in group if part)]) or OTHER
            while merged in totals.index:
                merged += "_"
            mapping.update(dict.fromkeys(codes, merged))
            members[(table.population, dim, merged)] = tuple(codes)
        plan[(table.population, dim)] = mapping
    if not members:
        return Collapsed(list(tables), list(groupings), {})
    out = []
    for table in tables:
        mapping = plan.get((table.population, table.row_dim))
        if (
            not mapping
            or not table.additive
            or getattr(table, "row_keys", None)
            or not set(mapping).intersection(table.counts.index)
        ):
            out.append(table)
            continue
        counts = table.counts
        order: list[str] = []
        for code in counts.index:
            target = mapping.get(code, code)
            if target not in order:
                order.append(target)
        targets = [mapping.get(code, code) for code in counts.index]
        merged_counts = counts.groupby(targets, sort=False).sum()
        merged_counts = merged_counts.reindex(order)
        labels = dict(table.row_labels)
        for (population, dim, code), codes in members.items():
            if population == table.population and dim == table.row_dim:
                names = ", ".join(labels.get(c, c) for c in codes)
                labels[code] = f"Other, together: {names}"
        out.append(
            replace(table, counts=merged_counts, row_labels=labels, total=None, col_totals=None)
        )
    merged_of = {(population, code): codes for (population, _dim, code), codes in members.items()}

    def wrap(grouping: Grouping) -> Grouping:
        def coarse_of(population: str, code: str) -> str:
            codes = merged_of.get((population, code))
            if codes is not None:
                return grouping.coarse_of(population, codes[0])  # the same for every member
            return grouping.coarse_of(population, code)

        return Grouping(grouping.fine_dim, grouping.coarse_dim, coarse_of)

    before = _Problem(tables)
    values_before = dict(zip(before.keys, before.values, strict=True))
    return Collapsed(
        out,
        [wrap(g) if g.fine_dim in dims else g for g in groupings],
        members,
        values_before,
    )


@dataclass
class SafeRelease:
    """A protected release: the pattern, the tables to publish and the audit that passed."""

    protection: ProtectionResult
    hidden: frozenset[CellKey]
    primary: frozenset[CellKey]
    audit: AuditReport
    values: dict[CellKey, int]
    relations: list[Relation]
    #: Collapsed categories: ``{(population, dimension, merged code): (member codes)}``.
    collapsed: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)

    def derived(self, sources: Sequence[CellKey], compute) -> DerivedCell:
        """A figure computed from counts of this release (see :func:`derived_cell`)."""
        return derived_cell(sources, compute, hidden=self.hidden, values=self.values)

    def share_published(self) -> float:
        """Share of the release's non-zero cells that are published (information kept)."""
        nonzero = [key for key, value in self.values.items() if value]
        if not nonzero:
            return 1.0
        return sum(key not in self.hidden for key in nonzero) / len(nonzero)


# --- derived cells follow their sources -------------------------------------------------------


@dataclass(frozen=True)
class DerivedCell:
    """A percentage, rate or other figure computed from published counts: ``value`` is
    ``None`` and ``flag`` is :data:`FLAG_CONFIDENTIAL` when a source count is hidden (a
    percentage of a hidden count would give the count back); ``value`` is ``None`` with no
    flag when the figure is undefined (a zero denominator)."""

    value: float | None
    flag: str = ""
    sources: tuple[CellKey, ...] = ()

    @property
    def hidden(self) -> bool:
        return self.flag != ""


def derived_cell(
    sources: Sequence[CellKey],
    compute: Callable[..., float | None],
    *,
    hidden: Iterable[CellKey | str],
    values: Mapping[CellKey, int],
) -> DerivedCell:
    """Derived cells follow their sources: ``compute(*counts)`` of the ``sources`` counts,
    or hidden and flagged if any source is hidden in the release.

    ``hidden`` is the release's hidden keys (``SafeRelease.hidden``, or the ``suppressed``
    strings of a stored release); ``values`` the counts by key (hidden ones are never read).
    Every page, download or table that shows a percentage or a rate computed from the counts
    of a release goes through this function (or :func:`percentage_cell`, :func:`rate_cell`).
    """
    sources = tuple(sources)
    secret = {str(key) for key in hidden}
    if any(str(source) in secret for source in sources):
        return DerivedCell(None, FLAG_CONFIDENTIAL, sources)
    return DerivedCell(compute(*(int(values[source]) for source in sources)), "", sources)


def percentage_cell(
    part: CellKey,
    whole: CellKey,
    *,
    hidden: Iterable[CellKey | str],
    values: Mapping[CellKey, int],
    digits: int = 1,
) -> DerivedCell:
    """``part`` as a percentage of ``whole`` (both counts of the release), rounded."""
    return derived_cell(
        (part, whole),
        lambda p, w: round(100 * p / w, digits) if w else None,
        hidden=hidden,
        values=values,
    )


def rate_cell(
    count: CellKey,
    population: float,
    *,
    hidden: Iterable[CellKey | str],
    values: Mapping[CellKey, int],
    per: int = 100_000,
    digits: int = 2,
) -> DerivedCell:
    """``count`` per ``per`` inhabitants (SDG 16.2.2: victims per 100,000 population); the
    ``population`` is public (not a cell of the release), so only the count can hide it."""
    return derived_cell(
        (count,),
        lambda n: round(per * n / population, digits) if population else None,
        hidden=hidden,
        values=values,
    )


def public_note(threshold: int) -> str:
    """The published meaning of the flags of a public or regional release."""
    return (
        f"Protection of small numbers (threshold {threshold}). A cell marked "
        f"{FLAG_CONFIDENTIAL} is not shown (confidential): either it is a count below "
        f"{threshold}, or it is hidden so that such a count cannot be recomputed or narrowed "
        "down from the other cells, tables and earlier releases. A hidden cell may hold any "
        "count, zero included. Before release, a linear programme checked that every hidden "
        f"count could lie anywhere in a range at least {threshold} wide given everything "
        "published. A count published for a signed-off year is published unchanged in every "
        "later release; a count hidden once stays hidden. Totals include the hidden counts; "
        "percentages and rates computed from a hidden count are not shown either."
    )


class _Pattern:
    """Suppression state over keys, with a cost that decides which complement to take."""

    def __init__(
        self,
        values: dict[CellKey, int],
        relations: list[Relation],
        *,
        width: int,
        keep: Callable[[CellKey], bool],
        published: set[CellKey],
    ) -> None:
        self.values = values
        self.relations = relations
        self.width = width
        self.keep = keep
        self.published = published  # may not be hidden (published before)
        self.hidden: set[CellKey] = set()
        self.cell_relations: dict[CellKey, list[int]] = {}
        for number, relation in enumerate(relations):
            for cell, _ in relation.terms:
                self.cell_relations.setdefault(cell, []).append(number)

    def rank(self, key: CellKey) -> tuple:
        value = self.values.get(key, 0)
        return (self.keep(key), value == 0, value, str(key))

    def candidates(self, number: int) -> list[CellKey]:
        return [
            cell
            for cell, _ in self.relations[number].terms
            if cell not in self.hidden and cell not in self.published and cell in self.values
        ]

    def slack(self, number: int) -> int:
        """How much room the hidden members of a relation share (their absolute sum)."""
        return sum(
            self.values.get(c, 0) for c, _ in self.relations[number].terms if c in self.hidden
        )

    def exposed(self, number: int) -> bool:
        """A cheap certain failure: the relation's hidden cells all on one side, summing to
        less than the width, or a single hidden cell (recomputed exactly)."""
        hidden = [(c, a) for c, a in self.relations[number].terms if c in self.hidden]
        if not hidden:
            return False
        if len(hidden) == 1:
            return True
        signs = {a > 0 for _c, a in hidden}
        return len(signs) == 1 and sum(self.values.get(c, 0) for c, _ in hidden) < self.width

    def complement(self, numbers: Iterable[int]) -> CellKey | None:
        """The cheapest publishable member of ``numbers``: a headline only if nothing else is
        left, then members of the most binding relation (least room), smallest count first."""
        best, best_rank = None, None
        for number in numbers:
            slack = self.slack(number)
            for cell in self.candidates(number):
                keep, zero, value, text = self.rank(cell)
                rank = (keep, zero, slack, value, number, text)
                if best_rank is None or rank < best_rank:
                    best, best_rank = cell, rank
        return best

    def hide_all(self, keys: Iterable[CellKey]) -> None:
        self.hidden.update(k for k in keys if k not in self.published)

    def settle(self) -> None:
        """Cheap complements to a fixed point: no relation certainly exposes a hidden cell."""
        queue = sorted({n for cell in self.hidden for n in self.cell_relations.get(cell, ())})
        heapq.heapify(queue)
        while queue:
            number = heapq.heappop(queue)
            if not self.exposed(number):
                continue
            partner = self.complement([number])
            if partner is None:
                continue  # the LP will decide (the totals may be hidden elsewhere)
            self.hidden.add(partner)
            for other in self.cell_relations.get(partner, ()):
                heapq.heappush(queue, other)
            heapq.heappush(queue, number)


def protect_release(
    tables: Sequence[CountTable],
    threshold: int,
    *,
    groupings: Iterable[Grouping] = (),
    known: Mapping[CellKey, int | set[int]] | None = None,
    carried: Iterable[CellKey] = (),
    keep: Callable[[CellKey], bool] = lambda key: False,
    max_rounds: int = 200,
    strict: bool = True,
    collapse: Iterable[str] = (),
) -> SafeRelease:
    """Protect the tables of one release so that the audit passes.

    - ``threshold``: counts from 1 to ``threshold - 1`` are hidden, and every hidden cell must
      keep a feasible range at least ``threshold`` wide;
    - ``groupings``: crosswalks between the tables' dimensions (:class:`Grouping`);
    - ``known``: cell values published by earlier releases (a value, or the set of values of
      several releases, per key); those equal to today's values are
      published again (and are known to the attacker in any case); the others are known to
      the attacker as constants of an earlier version and are ignored as relations;
    - ``carried``: keys hidden by earlier releases: hidden again (unless published before too);
    - ``keep``: headline cells, taken as complements only when nothing else is left.

    Every primary cell (a small count) must keep a feasible range at least ``threshold``
    wide; complementary cells are safe counts and need no interval of their own.

    - ``collapse``: dimensions whose small categories may be collapsed (see
      :func:`collapse_small_categories`) when complementary suppression would otherwise hide
      a headline figure or no pattern passes: categories below the threshold are merged,
      within the groups the crosswalks give them (national / foreign / unknown; EU /
      non-EU...), into one row "Other ..." that states its members. The collapsed release is
      taken if it passes the audit and hides fewer headline figures.

    Raises :class:`ProtectionFailed` if no passing pattern is found, unless ``strict`` is
    false: then the best pattern found is returned with its failing audit (for a
    transmission, whose flags are only a proposal to the recipient).
    """
    groupings = list(groupings)
    options = {"known": known, "carried": tuple(carried), "keep": keep, "max_rounds": max_rounds}
    collapse = tuple(collapse)
    try:
        safe = _protect_once(tables, threshold, groupings, strict=strict, **options)
    except ProtectionFailed:
        if not collapse:
            raise
        safe = None
    if collapse and (safe is None or headlines_hidden(safe, keep)):
        try:
            merged = collapse_small_categories(tables, threshold, groupings, collapse)
        except ValueError:  # tables that do not collapse alike: keep them as they are
            merged = Collapsed(list(tables), groupings, {})
        if merged.members:
            try:
                other = _protect_once(
                    merged.tables,
                    threshold,
                    merged.groupings,
                    strict=True,
                    extra=merged.relations(),
                    **options,
                )
            except (ProtectionFailed, ValueError):
                other = None
            fewer = other is not None and (
                safe is None
                or len(headlines_hidden(other, keep)) < len(headlines_hidden(safe, keep))
            )
            if fewer:
                other.collapsed = merged.members
                other.protection = replace(
                    other.protection,
                    note=other.protection.note
                    + " Small categories were collapsed rather than headline figures hidden: "
                    + "; ".join(
                        f"{dim} {code} = {' + '.join(codes)}"
                        for (_population, dim, code), codes in merged.members.items()
                    )
                    + ".",
                )
                return other
        if safe is None:
            raise ProtectionFailed(
                "no pattern passes the audit, with or without collapsed categories: the "
                "release cannot be published as it is"
            )
    return safe


def headlines_hidden(safe: SafeRelease, keep: Callable[[CellKey], bool]) -> list[CellKey]:
    """The headline figures (``keep``) of at least the threshold that a release hides."""
    threshold = safe.protection.threshold
    return sorted(key for key in safe.hidden if keep(key) and safe.values.get(key, 0) >= threshold)


def _protect_once(
    tables: Sequence[CountTable],
    threshold: int,
    groupings: Sequence[Grouping],
    *,
    known: Mapping[CellKey, int | set[int]] | None,
    carried: Iterable[CellKey],
    keep: Callable[[CellKey], bool],
    max_rounds: int,
    strict: bool,
    extra: Sequence[Relation] = (),
) -> SafeRelease:
    """One protection of ``tables`` as they are (see :func:`protect_release`)."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be an integer >= 1, not {threshold!r}")
    problem = _Problem(tables)
    values, relations = release_cells(tables, problem)
    relations = _unique([*relations, *grouping_relations(values, groupings), *extra])
    known = dict(known or {})
    same = {
        key
        for key, seen in known.items()
        if key in values
        and (values[key] in seen if isinstance(seen, set | frozenset) else values[key] == seen)
    }
    pattern = _Pattern(values, relations, width=threshold, keep=keep, published=same)
    primary = {key for key, value in values.items() if 1 <= value < threshold}
    pattern.hide_all(primary)
    carried_keys = {key for key in carried if key in values}
    pattern.hide_all(carried_keys)
    # Earlier values that differ from today's are of another version: the attacker cannot
    # tie them to today's cells, so they are not constants of this audit.
    auditor = Auditor(
        values,
        relations,
        width=threshold,
        known={key: values[key] for key in same},
        sensitive=primary,
    )
    for _round in range(max_rounds):
        pattern.settle()
        report = auditor.check(pattern.hidden)
        if report.passed:
            break
        touched: set[int] = set()
        added = False
        for finding in report.findings:
            own = pattern.cell_relations.get(finding.cell, [])
            if touched.intersection(own):
                continue
            partner = _best_complement(pattern, auditor, finding.cell, own)
            if partner is None:
                continue
            pattern.hidden.add(partner)
            touched.update(pattern.cell_relations.get(partner, ()))
            added = True
        if not added:
            if not strict:
                break
            raise ProtectionFailed(
                "no further complementary cell protects "
                + ", ".join(str(f.cell) for f in report.findings[:5])
                + ": the release cannot be published as it is (collapse categories)"
            )
    else:
        if strict:
            raise ProtectionFailed(f"the protection did not converge in {max_rounds} rounds")
    if report.passed:
        report = _publish_headlines(pattern, auditor, report, primary | carried_keys)
    hidden = frozenset(pattern.hidden)
    result = _result(problem, hidden, threshold)
    return SafeRelease(
        protection=result,
        hidden=hidden,
        primary=frozenset(primary),
        audit=report,
        values=values,
        relations=relations,
    )


def _publish_headlines(
    pattern: _Pattern, auditor: Auditor, report: AuditReport, fixed: set[CellKey]
) -> AuditReport:
    """Clean-up of a passing pattern: each hidden headline figure that is not a small count
    (nor hidden by an earlier release) is published again if the pattern still passes the
    audit without it (a cascade of complements may have taken it when other cells, taken
    later, give the room). Larger headlines first."""
    headlines = sorted(
        (
            key
            for key in pattern.hidden
            if pattern.keep(key) and key not in fixed and pattern.values.get(key, 0)
        ),
        key=lambda key: (-pattern.values[key], str(key)),
    )
    for key in headlines:
        trial = pattern.hidden - {key}
        attempt = auditor.check(trial)
        if attempt.passed:
            pattern.hidden = trial
            report = attempt
    return report


_TRIED = 6  # candidate complements tried by LP for one failing cell


def _best_complement(
    pattern: _Pattern, auditor: Auditor, cell: CellKey, own: list[int]
) -> CellKey | None:
    """A complement that actually widens ``cell``'s range: the cheapest few candidates of its
    relations are tried by LP; the first that gives the full width is taken, else the one that
    widens most (else the cheapest)."""
    options = {c for number in own for c in pattern.candidates(number)}
    if not options:
        wider = _wider(pattern, cell)
        return wider
    ranked = sorted(options, key=pattern.rank)
    headline_free = [c for c in ranked if not pattern.keep(c)]
    tried = (headline_free or ranked)[:_TRIED]
    best, best_width = None, auditor.width_of(cell, pattern.hidden)
    for candidate in tried:
        width = auditor.width_of(cell, pattern.hidden | {candidate})
        if width >= pattern.width - 1e-6:
            return candidate
        if width > best_width + 1e-6:
            best, best_width = candidate, width
    return best or tried[0]


def _wider(pattern: _Pattern, cell: CellKey) -> CellKey | None:
    """A complement further away: the cheapest publishable member of any relation reached
    from ``cell`` through hidden cells (breadth first)."""
    seen_cells, seen_relations = {cell}, set()
    frontier = [cell]
    while frontier:
        numbers = []
        for current in frontier:
            for number in pattern.cell_relations.get(current, ()):
                if number not in seen_relations:
                    seen_relations.add(number)
                    numbers.append(number)
        partner = pattern.complement(numbers)
        if partner is not None:
            return partner
        frontier = []
        for number in numbers:
            for other, _ in pattern.relations[number].terms:
                if other in pattern.hidden and other not in seen_cells:
                    seen_cells.add(other)
                    frontier.append(other)
    return None


def _unique(relations: list[Relation]) -> list[Relation]:
    seen: set[frozenset] = set()
    unique = []
    for relation in relations:
        signature = frozenset(relation.terms)
        if signature not in seen:
            seen.add(signature)
            unique.append(relation)
    return unique


def _result(problem: _Problem, hidden: frozenset[CellKey], threshold: int) -> ProtectionResult:
    tables: dict[str, ProtectedTable] = {}
    is_hidden = np.array([key in hidden for key in problem.keys], dtype=bool)
    all_keys = np.empty(len(problem.keys), dtype=object)
    all_keys[:] = problem.keys
    for table, full, ids in problem.layouts:
        mask = is_hidden[ids] if ids.size else np.zeros(full.shape, dtype=bool)
        flags = np.where(mask, FLAG_CONFIDENTIAL, "").astype(object)
        keys = all_keys[ids] if ids.size else np.empty(full.shape, dtype=object)
        tables[table.code] = ProtectedTable.build(table, full, mask, flags, keys)
    return ProtectionResult(
        tables=tables,
        suppressed=hidden,
        threshold=threshold,
        note=public_note(threshold),
        audited_across_tables=True,
    )
