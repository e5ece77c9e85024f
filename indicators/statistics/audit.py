"""The disclosure audit: what a determined attacker can learn about each hidden cell.

The attacker is assumed to see, for a territory, every table of the release, every release
published before (other editions, other years), the crosswalk groupings between tables and the
published meaning of the flags. Everything they know is linear: published values, relations
among cells (a total is the sum of its parts; a coarse category of one table is the sum of fine
categories of another; a five-year total is the sum of its years) and bounds on hidden cells
(a count is at least 0; a flag published as "1 to k-1" bounds the cell to [1, k-1]).

For every hidden cell the audit computes, by linear programming (``scipy.optimize.linprog``
with the HiGHS solver), the range of values consistent with all of that, and reports the cells
whose range is narrower than the required width (the *protection interval* criterion of the
ESSnet handbook on statistical disclosure control, frequency tables). A cell recomputed exactly
has a range of width 0.

The interface is narrow, so that any table representation can be audited: cells are hashable
ids with integer values, relations are :class:`Relation` objects (``sum(coefficient * cell) ==
0``), earlier releases are a mapping of ids to the values they published. Nothing here knows
about Django or the statistics engine.

Cost: hidden cells are split into independent groups (linked by relations); each group is one
small LP solved twice per cell at most. A cell is proved safe without its own LP as soon as the
solutions found for other cells of the group already span the required width, so most groups
need a handful of solves. :class:`Auditor` keeps the verdict of each group, so re-auditing after
a few more cells are hidden only solves the groups that changed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

try:  # the HiGHS object bundled with scipy (see _solver)
    from scipy.optimize._highspy import _core

    _FAST = True
    _INF = _core.kHighsInf
except ImportError:  # pragma: no cover - another scipy build
    _FAST = False
    _INF = math.inf
from scipy.sparse import csr_array

__all__ = ["AuditReport", "Auditor", "Finding", "Relation", "additive", "audit"]

_TOLERANCE = 1e-6
_FORCE_LINPROG = False  # tests set it to compare both solvers


@dataclass(frozen=True)
class Relation:
    """A linear relation among cells: ``sum(coefficient * cell for cell, coefficient in terms)
    == 0``. ``source`` says where the attacker finds it (a table's row, a crosswalk)."""

    terms: tuple[tuple[Hashable, int], ...]
    source: str = ""

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return tuple(cell for cell, _ in self.terms)


def additive(total: Hashable, parts: Iterable[Hashable], source: str = "") -> Relation:
    """The relation ``total == sum(parts)``."""
    return Relation((*((part, 1) for part in parts), (total, -1)), source)


@dataclass(frozen=True)
class Finding:
    """A hidden cell whose feasible range is narrower than the required width."""

    cell: Hashable
    value: int | None
    lower: float
    upper: float
    reason: str = ""

    @property
    def width(self) -> float:
        return self.upper - self.lower

    @property
    def exact(self) -> bool:
        return self.width < _TOLERANCE


@dataclass
class AuditReport:
    """Result of an audit: the failing cells, and what it cost."""

    width: int
    hidden: int
    findings: list[Finding] = field(default_factory=list)
    groups: int = 0
    solved: int = 0  # LPs solved (not counting the groups reused from the cache)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.findings

    @property
    def failing(self) -> set[Hashable]:
        return {finding.cell for finding in self.findings}

    @property
    def exact(self) -> list[Finding]:
        """Hidden cells the attacker recomputes exactly."""
        return [finding for finding in self.findings if finding.exact]

    def summary(self) -> str:
        if self.passed:
            return (
                f"audit passed: {self.hidden} hidden cells, each small count with a feasible range "
                f"at least {self.width} wide ({self.groups} groups, {self.solved} LPs, "
                f"{self.seconds * 1000:.0f} ms)"
            )
        return (
            f"audit FAILED: {len(self.findings)} hidden cells ({self.hidden} hidden in all) have "
            f"a feasible range narrower than {self.width} ({len(self.exact)} recomputed exactly)"
        )


class Auditor:
    """Audits suppression patterns of one release against fixed knowledge.

    - ``values``: the true value of every cell of the release (hidden ones included);
    - ``relations``: every relation the attacker knows (tables, crosswalks, earlier releases);
    - ``width``: the required width of each hidden cell's feasible range (the threshold);
    - ``known``: values the attacker read in earlier releases (``{cell: value}``): a cell
      hidden now but known from before is a constant, not an unknown;
    - ``bounds``: ``{cell: (lower, upper)}`` the attacker may assume for a hidden cell from
      the published meaning of its flag (``upper`` ``None`` for no bound); default ``(0,
      None)`` (a count is not negative);
    - ``sensitive``: the cells that need the protection interval (the primary cells: small
      counts); default every hidden cell. A complementary cell is a safe count (zero, or at
      least the threshold): it is an unknown of the programme, but the ESSnet criterion asks
      nothing of its own range.

    A relation may name cells that are neither in ``values`` nor in ``known`` (cells of an
    earlier release hidden there): they are unknowns of their own.
    """

    def __init__(
        self,
        values: Mapping[Hashable, int],
        relations: Sequence[Relation],
        *,
        width: int,
        known: Mapping[Hashable, int] | None = None,
        bounds: Mapping[Hashable, tuple[float, float | None]] | None = None,
        sensitive: Iterable[Hashable] | None = None,
    ) -> None:
        self.values = dict(values)
        self.known = dict(known or {})
        self.bounds = dict(bounds or {})
        self.width = int(width)
        self.relations = [r for r in relations if r.terms]
        self.cell_relations: dict[Hashable, list[int]] = {}
        for number, relation in enumerate(self.relations):
            for cell, _ in relation.terms:
                self.cell_relations.setdefault(cell, []).append(number)
        self.sensitive = None if sensitive is None else set(sensitive)
        self._cache: dict[frozenset, list[Finding]] = {}
        # The same relations over cell numbers, for the groups of each check (hashing
        # small integers instead of cells): the cells in order of first appearance.
        self._cells: list[Hashable] = []
        self._ids: dict[Hashable, int] = {}
        self._terms: list[list[int]] = [
            [self._id(cell) for cell, _ in relation.terms] for relation in self.relations
        ]
        self._id_relations: list[list[int]] = [[] for _ in self._cells]
        for number, members in enumerate(self._terms):
            for member in members:
                self._id_relations[member].append(number)
        self._known_ids = {n for n, cell in enumerate(self._cells) if cell in self.known}
        # Cells of no release's values and not known: unknowns whatever is hidden.
        self._never_known = {
            n
            for n, cell in enumerate(self._cells)
            if cell not in self.known and cell not in self.values
        }

    def _id(self, cell: Hashable) -> int:
        number = self._ids.get(cell)
        if number is None:
            number = self._ids[cell] = len(self._cells)
            self._cells.append(cell)
        return number

    def _sensitive(self, cell: Hashable, hidden: set) -> bool:
        return cell in hidden and (self.sensitive is None or cell in self.sensitive)

    # -- what the attacker knows ---------------------------------------------------------------

    def _constant(self, cell: Hashable, hidden: set) -> int | None:
        """The value the attacker reads for ``cell``, or None if it is an unknown."""
        if cell in self.known:
            return self.known[cell]
        if cell in self.values and cell not in hidden:
            return self.values[cell]
        return None

    def _groups(self, hidden: set) -> list[tuple[list[Hashable], list[int]]]:
        """Groups of unknowns linked by relations, each with its relations (in the order of
        their first member: the hidden cells as ``hidden`` iterates, then those reached)."""
        cells, ids, terms, id_relations = self._cells, self._ids, self._terms, self._id_relations
        known = self.known
        parent: dict[int, int] = {}

        def find(number):
            root = number
            while parent[root] != root:
                root = parent[root]
            while parent[number] != root:
                parent[number], number = root, parent[number]
            return root

        # An unknown is not read from an earlier release, and hidden or not a cell of the
        # release (``self._constant(cell, hidden) is None``).
        hidden_ids = {ids[cell] for cell in hidden if cell in ids}
        unknown = (hidden_ids - self._known_ids) | self._never_known
        # (True, cell number) for a cell in some relation, (False, cell) for one in none.
        order: list[tuple[bool, Hashable]] = []
        for cell in hidden:
            if cell in known:
                continue
            number = ids.get(cell)
            if number is None:
                order.append((False, cell))
            elif number not in parent:
                parent[number] = number
                order.append((True, number))
        frontier = list(parent)
        unknown_of: dict[int, list[int]] = {}
        seen_relations: set[int] = set()
        while frontier:
            number = frontier.pop()
            for relation in id_relations[number]:
                if relation in seen_relations:
                    continue
                seen_relations.add(relation)
                members = []
                for other in terms[relation]:
                    if other in unknown:
                        if other not in parent:
                            parent[other] = other
                            order.append((True, other))
                            frontier.append(other)
                        members.append(other)
                unknown_of[relation] = members
                first = find(members[0])
                for other in members[1:]:
                    root = find(other)
                    if root != first:
                        parent[root] = first
        groups: dict[tuple[bool, Hashable], tuple[list[Hashable], list[int]]] = {}
        for in_relation, item in order:
            if in_relation:
                groups.setdefault((True, find(item)), ([], []))[0].append(cells[item])
            else:
                groups.setdefault((False, item), ([], []))[0].append(item)
        for relation, members in unknown_of.items():
            groups[(True, find(members[0]))][1].append(relation)
        return [(sorted(group, key=repr), sorted(numbers)) for group, numbers in groups.values()]

    # -- solving -------------------------------------------------------------------------------

    def _solve_group(
        self,
        cells: list[Hashable],
        numbers: list[int],
        hidden: set,
        *,
        exact: bool,
        only: Hashable | None = None,
    ) -> tuple[list[Finding], dict[Hashable, tuple[float, float]], int]:
        index = {cell: j for j, cell in enumerate(cells)}
        rows, cols, data, rhs = [], [], [], []
        for i, number in enumerate(numbers):
            constant = 0.0
            for cell, coefficient in self.relations[number].terms:
                j = index.get(cell)
                if j is None:
                    constant += coefficient * self._constant(cell, hidden)
                else:
                    rows.append(i)
                    cols.append(j)
                    data.append(float(coefficient))
            rhs.append(-constant)
        n = len(cells)
        matrix = _Matrix(rows, cols, data, (len(numbers), n)) if numbers else None
        bounds = []
        for cell in cells:
            lower, upper = self.bounds.get(cell, (0, None))
            bounds.append((lower, upper))
        solved = 0
        low = np.full(n, math.inf)
        high = np.full(n, -math.inf)
        lower_of: dict[int, float] = {}
        upper_of: dict[int, float] = {}
        solver = _solver(matrix, rhs, bounds, n)

        def run(j: int, sense: float) -> float | None:
            nonlocal solved
            solved += 1
            x = solver(j, sense)
            if x is None:  # unbounded
                return None
            np.minimum(low, x, out=low)
            np.maximum(high, x, out=high)
            return float(x[j])

        for j in range(n):
            if only is not None and cells[j] != only:
                continue
            if not exact and not self._sensitive(cells[j], hidden):
                continue
            if not exact and high[j] - low[j] >= self.width - _TOLERANCE:
                continue
            top = run(j, -1.0)
            upper_of[j] = math.inf if top is None else top
            if not exact and (top is None or upper_of[j] - low[j] >= self.width - _TOLERANCE):
                continue
            bottom = run(j, 1.0)
            lower_of[j] = -math.inf if bottom is None else bottom
        findings = []
        ranges = {}
        for j, cell in enumerate(cells):
            if j in lower_of:
                ranges[cell] = (lower_of[j], upper_of[j])
                narrow = upper_of[j] - lower_of[j] < self.width - _TOLERANCE
                if narrow and self._sensitive(cell, hidden):
                    findings.append(Finding(cell, self.values.get(cell), lower_of[j], upper_of[j]))
        return findings, ranges, solved

    def check(self, hidden: Iterable[Hashable]) -> AuditReport:
        """Audit the pattern ``hidden`` (the cells not published in this release)."""
        start = time.perf_counter()
        hidden = set(hidden)
        report = AuditReport(width=self.width, hidden=len(hidden))
        for cell in sorted(hidden, key=repr):
            if cell in self.known and self._sensitive(cell, hidden):
                value = self.known[cell]
                report.findings.append(
                    Finding(cell, self.values.get(cell), value, value, "published before")
                )
        for cells, numbers in self._groups(hidden):
            report.groups += 1
            signature = frozenset(cells)
            if signature not in self._cache:
                findings, _ranges, solved = self._solve_group(cells, numbers, hidden, exact=False)
                report.solved += solved
                self._cache[signature] = findings
            report.findings.extend(self._cache[signature])
        report.seconds = time.perf_counter() - start
        return report

    def _group_of(self, cell: Hashable, hidden: set) -> tuple[list[Hashable], list[int]]:
        """The unknowns linked to ``cell`` by relations, and their relations."""
        cells, numbers = {cell}, set()
        frontier = [cell]
        while frontier:
            current = frontier.pop()
            for number in self.cell_relations.get(current, ()):
                if number in numbers:
                    continue
                numbers.add(number)
                for other, _ in self.relations[number].terms:
                    if other not in cells and self._constant(other, hidden) is None:
                        cells.add(other)
                        frontier.append(other)
        return sorted(cells, key=repr), sorted(numbers)

    def width_of(self, cell: Hashable, hidden: Iterable[Hashable]) -> float:
        """The width of ``cell``'s feasible range if ``hidden`` were hidden (two LPs)."""
        hidden = set(hidden)
        if cell in self.known or cell not in hidden:
            return 0.0
        cells, numbers = self._group_of(cell, hidden)
        _findings, found, _solved = self._solve_group(cells, numbers, hidden, exact=True, only=cell)
        lower, upper = found[cell]
        return upper - lower

    def ranges(self, hidden: Iterable[Hashable]) -> dict[Hashable, tuple[float, float]]:
        """The exact feasible range of every hidden cell (two LPs per cell; for tests and the
        coordinator's review, not needed to decide whether a pattern passes)."""
        hidden = set(hidden)
        ranges: dict[Hashable, tuple[float, float]] = {}
        for cell in hidden:
            if cell in self.known:
                ranges[cell] = (self.known[cell], self.known[cell])
        for cells, numbers in self._groups(hidden):
            _findings, found, _solved = self._solve_group(cells, numbers, hidden, exact=True)
            ranges.update({cell: span for cell, span in found.items() if cell in hidden})
        return ranges


class _Matrix:
    """A group's sparse constraint matrix from (row, column, value) entries: column-wise
    arrays for HiGHS straight from numpy (as ``csr_array(...).tocsc()`` gives them:
    duplicates summed, rows sorted within each column), the scipy matrix only for
    ``linprog``. A group's matrix is small; scipy's constructors cost more than the solve."""

    def __init__(self, rows, cols, data, shape: tuple[int, int]) -> None:
        self.rows, self.cols, self.data, self.shape = rows, cols, data, shape

    def csr(self):
        return csr_array((self.data, (self.rows, self.cols)), shape=self.shape)

    def csc(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column starts, row indices and values (int32, int32, float)."""
        rows = np.asarray(self.rows, dtype=np.int64)
        cols = np.asarray(self.cols, dtype=np.int64)
        data = np.asarray(self.data, dtype=float)
        order = np.lexsort((rows, cols))
        rows, cols, data = rows[order], cols[order], data[order]
        if len(data):
            first = np.ones(len(data), dtype=bool)
            first[1:] = (cols[1:] != cols[:-1]) | (rows[1:] != rows[:-1])
            starts = np.flatnonzero(first)
            data = np.add.reduceat(data, starts)
            rows, cols = rows[starts], cols[starts]
        start = np.searchsorted(cols, np.arange(self.shape[1] + 1), side="left")
        return start.astype(np.int32), rows.astype(np.int32), data


class _Infeasible(ValueError):
    pass


def _solver(matrix, rhs, bounds, n: int):
    """A function ``(j, sense) -> solution or None (unbounded)`` that optimises ``sense *
    x[j]`` over the group's polytope.

    Uses the HiGHS solver bundled with scipy: through its ``Highs`` object when available (the
    model is passed once and re-solved from the last basis for each objective, about 40 times
    faster than a call of ``linprog`` for these small programmes), else through
    ``scipy.optimize.linprog(method="highs")``. Both give the same optima (tested).
    """
    if _FAST and not _FORCE_LINPROG:
        return _highs_solver(matrix, rhs, bounds, n)
    return _linprog_solver(matrix, rhs, bounds, n)


def _linprog_solver(matrix, rhs, bounds, n: int):
    objective = np.zeros(n)

    def solve(j: int, sense: float):
        objective[:] = 0
        objective[j] = sense
        result = linprog(
            objective,
            A_eq=matrix.csr() if matrix is not None else None,
            b_eq=rhs if matrix is not None else None,
            bounds=bounds,
            method="highs",
        )
        if result.status == 3:
            return None
        if result.status != 0:
            raise _Infeasible(
                f"the audit's linear programme has no solution ({result.message}): the "
                "published values contradict the relations"
            )
        return result.x

    return solve


def _highs_solver(matrix, rhs, bounds, n: int):
    highs = _core._Highs()
    highs.setOptionValue("output_flag", False)
    lp = _core.HighsLp()
    lp.num_col_ = n
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.array([lo for lo, _hi in bounds], dtype=float)
    lp.col_upper_ = np.array([_INF if hi is None else hi for _lo, hi in bounds], dtype=float)
    if matrix is not None:
        start, index, value = matrix.csc()
        lp.num_row_ = matrix.shape[0]
        lp.row_lower_ = np.asarray(rhs, dtype=float)
        lp.row_upper_ = np.asarray(rhs, dtype=float)
        a_matrix = lp.a_matrix_
        a_matrix.format_ = _core.MatrixFormat.kColwise
        a_matrix.start_ = start
        a_matrix.index_ = index
        a_matrix.value_ = value
        lp.a_matrix_ = a_matrix
    highs.passModel(lp)
    columns = np.arange(n, dtype=np.int32)
    cost = np.zeros(n)
    status = _core.HighsModelStatus

    def solve(j: int, sense: float):
        cost[:] = 0
        cost[j] = sense
        highs.changeColsCost(n, columns, cost)
        highs.run()
        outcome = highs.getModelStatus()
        if outcome == status.kOptimal:
            return np.array(highs.getSolution().col_value)
        if outcome in (status.kUnbounded, status.kUnboundedOrInfeasible):
            if outcome == status.kUnbounded:
                return None
            # Presolve could not tell: decide with linprog.
            return _linprog_solver(matrix, rhs, bounds, n)(j, sense)
        raise _Infeasible(
            f"the audit's linear programme has no solution ({highs.modelStatusToString(outcome)})"
            ": the published values contradict the relations"
        )

    return solve


def audit(
    values: Mapping[Hashable, int],
    hidden: Iterable[Hashable],
    relations: Sequence[Relation],
    *,
    width: int,
    known: Mapping[Hashable, int] | None = None,
    bounds: Mapping[Hashable, tuple[float, float | None]] | None = None,
    sensitive: Iterable[Hashable] | None = None,
) -> AuditReport:
    """Audit one suppression pattern (see :class:`Auditor`)."""
    return Auditor(
        values, relations, width=width, known=known, bounds=bounds, sensitive=sensitive
    ).check(hidden)
