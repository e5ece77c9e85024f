"""Protection of small numbers in published tables (statistical disclosure control).

Implements rules d2.1-d2.3 and d2.7 of ``reporting.md`` §2 for the annual statistics:

1. **Primary suppression**: every published cell, inner cell or total, holding a count
   ``1 <= n < threshold`` is hidden and flagged ``"A"`` (SDMX "small count"). Zeros are
   published. The threshold is configurable: :data:`THRESHOLD_OFFICIAL` (5) for official
   transmission, :data:`THRESHOLD_PUBLIC` (10) for public release.
2. **Complementary (secondary) suppression**: cells that add up to a published total form an
   *additive relation* (``total = sum of cells``). Whenever a relation has exactly one hidden
   member, that member could be recomputed, so another member of the relation is hidden too and
   flagged ``"C"``: the smallest non-zero published one (ties broken by category order, the
   total coming last); a zero is chosen only when nothing else remains.
3. **Consistency**: every cell has a :class:`CellKey` naming the population and the
   (dimension, category) pairs it covers. A key hidden in one table is hidden in every table of
   the release that contains it, and keys hidden in earlier editions (``always_suppress``) stay
   hidden. Steps 2 and 3 run together until no relation of any table has exactly one hidden
   member.
4. **Audit**: finally the relations of all tables are checked together (a graph bridge test
   where each hidden cell is in at most two relations, linear algebra otherwise); a hidden cell
   that could still be recomputed through a chain of rows, columns and tables gets one more
   complementary suppression, and steps 2-4 repeat. Only exact recomputation is prevented:
   a reader may still bound a hidden cell (e.g. between 0 and a row total).

The module is pure Python + pandas/numpy (no Django) and deterministic: the same tables in the
same order always give the same result, whatever the hash seed. The unprotected counts are only
read, never copied into the :class:`ProtectionResult`, which holds published values, flags,
keys and a note for the notes sheet.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "COUNT_COLUMN",
    "FLAG_PRIMARY",
    "FLAG_PUBLISHED",
    "FLAG_SECONDARY",
    "THRESHOLD_OFFICIAL",
    "THRESHOLD_PUBLIC",
    "TOTAL",
    "TOTAL_LABEL",
    "CellKey",
    "CountTable",
    "ProtectedTable",
    "ProtectionResult",
    "cell_key",
    "protect",
    "protection_note",
    "with_totals",
]

#: Category code of totals (row "_T" and column "_T"; the SDMX code for "total").
TOTAL = "_T"
#: Label shown for :data:`TOTAL` by :meth:`ProtectedTable.labelled`.
TOTAL_LABEL = "Total"
#: Name of the single column of a one-dimensional table.
COUNT_COLUMN = "count"
#: Default minimum publishable count for official transmission (Eurostat, UNODC, GRETA).
THRESHOLD_OFFICIAL = 5
#: Minimum publishable count for public (web) release (the CTDC level).
THRESHOLD_PUBLIC = 10
#: Flag of a published cell.
FLAG_PUBLISHED = ""
#: Flag of a cell hidden because its count is small (SDMX observation status "A").
FLAG_PRIMARY = "A"
#: Flag of a cell hidden so that another hidden cell cannot be recomputed.
FLAG_SECONDARY = "C"

_AUDIT_BLOCK = 1024  # hidden cells per dense block in the audit (bounds memory)
# Largest system the audit's linear algebra takes on (relations, and relations² x hidden cells,
# about the floating-point work: a few seconds). Larger groups are audited table by table.
_AUDIT_MAX_RELATIONS = 3000
_AUDIT_MAX_WORK = 3e10


# --------------------------------------------------------------------------------------------
# Cell keys
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class CellKey:
    """Stable, hashable identity of one published count.

    ``population`` names who is counted (e.g. ``"victims:registered:2025"``) and
    ``coordinates`` holds the (dimension, category) pairs the cell is restricted to, sorted by
    dimension; categories are converted to ``str``. A total over a dimension simply leaves that
    dimension out, so the ``female`` row total of a sex x age table has the same key as the
    ``female`` cell of a by-sex table of the same population, and the grand total has no
    coordinates at all. ``coordinates`` may be given as a mapping or as pairs.

    Two cells must get the same key only if they are the same count; in particular a
    multi-valued dimension (all forms of exploitation, counting mentions) must have a different
    dimension name from its single-valued counterpart (main form of exploitation).

    ``str(key)`` gives ``"population|dim=cat|dim=cat"`` and :meth:`parse` reads it back, for
    storing the suppressed keys with an edition.
    """

    population: str
    coordinates: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.population, str) or not self.population:
            raise ValueError("a cell key needs a non-empty population string")
        if "|" in self.population:
            raise ValueError(f"population {self.population!r} must not contain '|'")
        raw = self.coordinates
        pairs = raw.items() if isinstance(raw, Mapping) else raw
        normalised = tuple(sorted((str(dim), str(cat)) for dim, cat in pairs))
        dims = [dim for dim, _ in normalised]
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimension repeated in cell key coordinates {normalised!r}")
        for dim, cat in normalised:
            if not dim or "|" in dim or "=" in dim:
                raise ValueError(f"dimension name {dim!r} must be non-empty, without '|' or '='")
            if "|" in cat:
                raise ValueError(f"category code {cat!r} must not contain '|'")
        object.__setattr__(self, "coordinates", normalised)
        # Keys are hashed, compared and sorted by their text hundreds of thousands of times
        # per release (the audit's groups): both are computed once.
        object.__setattr__(self, "_hash", hash((self.population, normalised)))
        text = "|".join([self.population, *(f"{dim}={cat}" for dim, cat in normalised)])
        object.__setattr__(self, "_text", text)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        if self is other:
            return True
        if other.__class__ is not CellKey:
            return NotImplemented
        return self._hash == other._hash and self._text == other._text

    def __reduce__(self):
        # Rebuilt on unpickling: string hashes differ from one process to another.
        return (CellKey, (self.population, self.coordinates))

    def __repr__(self) -> str:
        text = self.__dict__.get("_repr")
        if text is None:  # the audit sorts keys by it: computed once
            text = f"CellKey(population={self.population!r}, coordinates={self.coordinates!r})"
            object.__setattr__(self, "_repr", text)
        return text

    def __str__(self) -> str:
        return self._text

    @classmethod
    def parse(cls, text: str) -> CellKey:
        """Read back a key written by ``str(key)``."""
        population, *parts = text.split("|")
        pairs = []
        for part in parts:
            dim, sep, cat = part.partition("=")
            if not sep:
                raise ValueError(f"malformed cell key {text!r}")
            pairs.append((dim, cat))
        return cls(population, tuple(pairs))

    @property
    def dimensions(self) -> dict[str, str]:
        """The coordinates as a ``{dimension: category}`` dict."""
        return dict(self.coordinates)


def cell_key(population: str, /, **coordinates: Any) -> CellKey:
    """Shorthand: ``cell_key("victims:registered:2025", sex="F", age_group="child")``."""
    return CellKey(population, coordinates)


# --------------------------------------------------------------------------------------------
# Tables before protection
# --------------------------------------------------------------------------------------------


_INDEXES: dict[tuple[str, ...], pd.Index] = {}
_INDEXES_MAX = 4096


def code_index(codes: Sequence[str]) -> pd.Index:
    """``pd.Index(list(codes))``, shared: the same few hundred row and column lists recur in
    every table set, and building an index of text costs more than the rest of a small
    table. An index is immutable, so frames may share it."""
    codes = tuple(codes)
    index = _INDEXES.get(codes)
    if index is None:
        if len(_INDEXES) >= _INDEXES_MAX:
            _INDEXES.clear()
        index = _INDEXES[codes] = pd.Index(list(codes))
    return index


def _codes(labels: Iterable[Any], what: str, code: str) -> list[str]:
    codes = [str(label) for label in labels]
    if len(set(codes)) != len(codes):
        raise ValueError(f"table {code}: {what} codes are not unique: {codes!r}")
    if TOTAL in codes:
        raise ValueError(f"table {code}: {TOTAL!r} is reserved for totals and cannot be a {what}")
    return codes


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what} must be a non-negative integer, not {value!r}")
    try:
        as_int = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a non-negative integer, not {value!r}") from None
    if as_int != value or as_int < 0:
        raise ValueError(f"{what} must be a non-negative integer, not {value!r}")
    return as_int


@dataclass(frozen=True, kw_only=True, eq=False)
class CountTable:
    """One statistical table before protection (for the coordinator's eyes only).

    - ``code``: table code, unique within a call of :func:`protect` (e.g. ``"V1"``);
    - ``title``: human-readable title;
    - ``population``: who is counted, shared by every table counting the same persons
      (e.g. ``"victims:registered:2025"``); it starts every :class:`CellKey` of the table;
    - ``row_dim`` / ``col_dim``: dimension names (e.g. ``"sex"``, ``"age_group"``);
      ``col_dim`` is ``None`` for a one-dimensional table;
    - ``counts``: non-negative integer counts; index = row category codes, columns = column
      category codes, or the single column :data:`COUNT_COLUMN` (``"count"``) for a
      one-dimensional table. Codes are converted to ``str``; :data:`TOTAL` is reserved.
      The frame is normalised (``str`` codes, ``int64``) on construction;
    - ``row_labels`` / ``col_labels``: optional ``{code: label}`` maps for display;
    - ``additive``: ``True`` when every person is in exactly one row, so the rows add up to the
      total. ``False`` for tables of mentions (one person may appear in several rows, e.g. all
      forms of exploitation): no total row is derived from the cells. The column dimension is
      always taken to be a partition (one person, one column), so each row of a
      two-dimensional table, additive or not, gets a derived row total (column :data:`TOTAL`);
      put the multi-valued dimension in the rows;
    - ``total``: for a non-additive table, the true number of persons, published as the
      :data:`TOTAL` row and protected as its own cell. For an additive table it may be given
      as a check and must equal the sum of the cells;
    - ``col_totals``: for a two-dimensional non-additive table, the true number of persons per
      column (``{column code: count}``); required when ``total`` is given for such a table
      (``total`` defaults to their sum). For an additive table it may be given as a check.

    Raises ``ValueError`` on inconsistent input (negative, missing or fractional counts,
    duplicate codes, totals that do not match, a mention exceeding the number of persons).
    """

    code: str
    title: str
    population: str
    row_dim: str
    counts: pd.DataFrame
    col_dim: str | None = None
    row_labels: Mapping[str, str] = field(default_factory=dict)
    col_labels: Mapping[str, str] = field(default_factory=dict)
    additive: bool = True
    total: int | None = None
    col_totals: Mapping[str, int] | None = None

    def __post_init__(self) -> None:
        code = self.code
        if not isinstance(code, str) or not code:
            raise ValueError("a table needs a non-empty code")
        if not isinstance(self.counts, pd.DataFrame):
            raise ValueError(f"table {code}: counts must be a pandas DataFrame")
        if not self.row_dim or self.row_dim == self.col_dim:
            raise ValueError(f"table {code}: row and column dimensions must be distinct names")
        dims = [self.row_dim] if self.col_dim is None else [self.row_dim, self.col_dim]
        CellKey(self.population, dict.fromkeys(dims, "x"))  # validates the names
        rows = _codes(self.counts.index, "row", code)
        if self.col_dim is None:
            cols = [str(c) for c in self.counts.columns]
            if cols != [COUNT_COLUMN]:
                raise ValueError(
                    f"table {code}: a one-dimensional table has the single column "
                    f"{COUNT_COLUMN!r}, not {cols!r}"
                )
        else:
            cols = _codes(self.counts.columns, "column", code)
        frame = self.counts
        values = frame.to_numpy() if frame.size else None
        if values is not None and values.dtype.kind in "iu":
            # Integers (the engine's counts): nothing missing, nothing fractional.
            if (values < 0).any():
                raise ValueError(f"table {code}: counts must be non-negative integers")
        else:
            if frame.isna().to_numpy().any():
                raise ValueError(f"table {code}: counts must not be missing")
            for column, dtype in frame.dtypes.items():
                if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
                    raise ValueError(f"table {code}: counts must be integers (column {column!r})")
            values = frame.to_numpy(dtype="float64") if frame.size else np.zeros(frame.shape)
            if (values < 0).any() or (values != np.floor(values)).any():
                raise ValueError(f"table {code}: counts must be non-negative integers")
        counts = pd.DataFrame(
            values.astype("int64"), index=code_index(rows), columns=code_index(cols)
        )
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "row_labels", {str(k): str(v) for k, v in self.row_labels.items()})
        object.__setattr__(self, "col_labels", {str(k): str(v) for k, v in self.col_labels.items()})
        self._check_totals()

    def _check_totals(self) -> None:
        code, counts = self.code, self.counts
        total = None if self.total is None else _count(self.total, f"table {code}: total")
        col_totals = None
        if self.col_totals is not None:
            if self.col_dim is None:
                raise ValueError(f"table {code}: col_totals needs a column dimension")
            col_totals = {
                str(c): _count(n, f"table {code}: column total {c!r}")
                for c, n in self.col_totals.items()
            }
            if sorted(col_totals) != sorted(counts.columns):
                raise ValueError(f"table {code}: col_totals must cover exactly the columns")
            col_totals = {c: col_totals[c] for c in counts.columns}
        if self.additive:
            if total is not None and total != int(counts.to_numpy().sum()):
                raise ValueError(f"table {code}: total {total} is not the sum of the cells")
            if col_totals is not None:
                sums = counts.sum(axis=0)
                if any(col_totals[c] != int(sums[c]) for c in counts.columns):
                    raise ValueError(f"table {code}: col_totals are not the column sums")
        else:
            if self.col_dim is not None:
                if col_totals is not None:
                    if total is None:
                        total = sum(col_totals.values())
                    elif total != sum(col_totals.values()):
                        raise ValueError(f"table {code}: total is not the sum of col_totals")
                elif total is not None:
                    raise ValueError(
                        f"table {code}: a two-dimensional table of mentions with a total "
                        "needs col_totals (persons per column)"
                    )
            if total is not None:
                row_sums = counts.sum(axis=1)
                if len(row_sums) and int(row_sums.max()) > total:
                    raise ValueError(
                        f"table {code}: a row counts more persons than the total {total}"
                    )
                if col_totals is not None:
                    maxima = counts.max(axis=0) if len(counts) else None
                    if maxima is not None and any(
                        int(maxima[c]) > col_totals[c] for c in counts.columns
                    ):
                        raise ValueError(
                            f"table {code}: a cell counts more persons than its column total"
                        )
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "col_totals", col_totals)

    @property
    def has_total_row(self) -> bool:
        """Whether :func:`with_totals` adds a :data:`TOTAL` row."""
        return self.additive or self.total is not None

    def key(self, row: Any, col: Any = None) -> CellKey:
        """The :class:`CellKey` of a cell; ``TOTAL`` (or, for columns, ``None``) means total.

        :func:`protect` calls ``key(row, col)`` for every cell of :func:`with_totals` (``col``
        is ``None`` for a one-dimensional table). A subclass may override it to give a row or
        column the key of a cell of another table (e.g. a crosswalk to coarser categories).
        """
        coordinates = {}
        if str(row) != TOTAL:
            coordinates[self.row_dim] = row
        if self.col_dim is not None and col is not None and str(col) != TOTAL:
            coordinates[self.col_dim] = col
        return CellKey(self.population, coordinates)


def with_totals(table: CountTable) -> pd.DataFrame:
    """The table's counts with totals, as an ``int64`` DataFrame with ``str`` codes.

    A two-dimensional table gets a :data:`TOTAL` column (the sum of each row). An additive
    table gets a :data:`TOTAL` row (column sums and grand total). A non-additive table gets a
    :data:`TOTAL` row only when ``total`` was given, holding ``col_totals`` and ``total``
    (never sums of the cells, which would count persons several times).
    """
    counts = table.counts
    values = counts.to_numpy(dtype="int64")
    columns = list(counts.columns)
    if table.col_dim is not None:
        values = np.hstack([values, values.sum(axis=1, keepdims=True)])
        columns.append(TOTAL)
    rows = list(counts.index)
    if table.additive:
        values = np.vstack([values, values.sum(axis=0, keepdims=True)])
        rows.append(TOTAL)
    elif table.total is not None:
        if table.col_dim is not None:
            extra = [table.col_totals[c] for c in counts.columns] + [table.total]
        else:
            extra = [table.total]
        values = np.vstack([values, np.array([extra], dtype="int64")])
        rows.append(TOTAL)
    return pd.DataFrame(values, index=code_index(rows), columns=code_index(columns))


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ProtectedTable:
    """One table after protection (safe to publish).

    ``values``, ``flags`` and ``keys`` have the shape of :func:`with_totals` (``str`` codes,
    :data:`TOTAL` for totals; a one-dimensional table has the single column ``"count"``):

    - ``values``: nullable ``Int64`` published counts, ``pd.NA`` where hidden;
    - ``flags``: ``""`` published, ``"A"`` hidden small count, ``"C"`` hidden complementary;
    - ``keys``: the :class:`CellKey` of each cell.

    They are built from arrays when first read (a release holds more than a hundred tables,
    most of them read only as arrays: :attr:`published`, :attr:`hidden`, :attr:`flag_array`,
    :attr:`key_array`, in the order of :attr:`rows` and :attr:`cols`).

    The unprotected counts are deliberately not kept here: ``published`` holds 0 where
    ``hidden``.
    """

    code: str
    title: str
    population: str
    row_dim: str
    col_dim: str | None
    additive: bool
    row_labels: Mapping[str, str]
    col_labels: Mapping[str, str]
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    published: np.ndarray  # int64, 0 where hidden
    hidden: np.ndarray  # bool
    flag_array: np.ndarray  # object: the flag of each cell
    key_array: np.ndarray  # object: the CellKey of each cell

    @classmethod
    def build(cls, table: CountTable, full: pd.DataFrame, hidden, flags, keys) -> ProtectedTable:
        """The protected form of ``table``: ``full`` its counts with totals, ``hidden`` a
        boolean array of their shape, ``flags`` and ``keys`` object arrays."""
        hidden = np.asarray(hidden, dtype=bool).reshape(full.shape)
        published = np.where(hidden, 0, full.to_numpy(dtype="int64"))
        return cls(
            code=table.code,
            title=table.title,
            population=table.population,
            row_dim=table.row_dim,
            col_dim=table.col_dim,
            additive=table.additive,
            row_labels=dict(table.row_labels),
            col_labels=dict(table.col_labels),
            rows=tuple(str(r) for r in full.index),
            cols=tuple(str(c) for c in full.columns),
            published=published,
            hidden=hidden,
            flag_array=np.asarray(flags, dtype=object).reshape(full.shape),
            key_array=np.asarray(keys, dtype=object).reshape(full.shape),
        )

    def _frame(self, data) -> pd.DataFrame:
        return pd.DataFrame(data, index=code_index(self.rows), columns=code_index(self.cols))

    @cached_property
    def values(self) -> pd.DataFrame:
        published, hidden = self.published, self.hidden
        return self._frame(
            {
                col: pd.arrays.IntegerArray(published[:, j].copy(), hidden[:, j].copy())
                for j, col in enumerate(self.cols)
            }
        )

    @cached_property
    def flags(self) -> pd.DataFrame:
        return self._frame(self.flag_array)

    @cached_property
    def keys(self) -> pd.DataFrame:
        return self._frame(self.key_array)

    @property
    def suppressed_keys(self) -> frozenset[CellKey]:
        """Keys of the cells hidden in this table."""
        hidden = self.flag_array != FLAG_PUBLISHED
        return frozenset(self.key_array[hidden].tolist())

    def labelled(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """``frame`` (default ``values``) with category codes replaced by labels.

        Codes without a label are kept; :data:`TOTAL` becomes :data:`TOTAL_LABEL`.
        """
        frame = self.values if frame is None else frame
        rows = {**self.row_labels, TOTAL: TOTAL_LABEL}
        cols = {**self.col_labels, TOTAL: TOTAL_LABEL}
        out = frame.copy()
        out.index = [rows.get(code, code) for code in frame.index]
        if self.col_dim is not None:
            out.columns = [cols.get(code, code) for code in frame.columns]
        return out


@dataclass(frozen=True, eq=False)
class ProtectionResult:
    """Result of :func:`protect`.

    - ``tables``: ``{code: ProtectedTable}`` in input order;
    - ``suppressed``: every key hidden in at least one table, plus the ``always_suppress``
      keys received, so that storing it with the edition carries every hidden cell forward;
    - ``threshold``: the minimum publishable count applied;
    - ``note``: the rule applied, in words, for the notes sheet (see :func:`protection_note`);
    - ``audited_across_tables``: ``True`` when every group of linked hidden cells was audited
      as one system across all tables (step 4 of :func:`protect`), ``False`` when a very large
      group was audited table by table, or when the audit was switched off.
    """

    tables: dict[str, ProtectedTable]
    suppressed: frozenset[CellKey]
    threshold: int
    note: str
    audited_across_tables: bool = True

    def __getitem__(self, code: str) -> ProtectedTable:
        return self.tables[code]


def protection_note(threshold: int) -> str:
    """Human-readable statement of the protection rule, for the notes sheet of a release."""
    if threshold > 1:
        small = (
            f"Counts from 1 to {threshold - 1} are not shown (flag A: small count); "
            "zeros are shown."
        )
    else:
        small = "No minimum count applies; zeros are shown."
    return (
        f"Protection of small numbers (threshold {threshold}). {small} "
        "Further counts are not shown (flag C: complementary suppression) so that no hidden "
        "count can be recomputed from the other cells and totals of its row or column, in this "
        "table or in combination with the other tables of the release. The same count is "
        "hidden in every table in which it appears, and a count hidden in an earlier edition "
        "for the same territory and year stays hidden. Totals include the hidden counts."
    )


# --------------------------------------------------------------------------------------------
# The protection problem
# --------------------------------------------------------------------------------------------


class _Problem:
    """All cells (by key) and additive relations of a set of tables, and the suppression state.

    A relation is a tuple of key ids whose last member is the total of the others. Relations
    are numbered in table order; within a table, rows top to bottom then columns left to
    right. Complementary suppression always handles the lowest-numbered relation with exactly
    one hidden member first, which makes the result deterministic.
    """

    def __init__(self, tables: Sequence[CountTable]) -> None:
        self.keys: list[CellKey] = []
        self.values: list[int] = []
        self._ids: dict[CellKey, int] = {}
        self._origin: list[str] = []
        self.relations: list[tuple[int, ...]] = []
        self.key_relations: list[list[int]] = []
        self.layouts: list[tuple[CountTable, pd.DataFrame, np.ndarray]] = []
        numbered: dict[tuple[tuple[int, ...], int], int] = {}
        self.table_relations: list[list[int]] = []
        for table in tables:
            full = with_totals(table)
            ids = self._register(table, full)
            self.layouts.append((table, full, ids))
            own: list[int] = []
            for members in self._table_relations(table, ids):
                if len(members) < 2 or len(set(members)) < len(members):
                    continue  # nothing to protect, or a key shown twice (see protect())
                signature = (tuple(sorted(members[:-1])), members[-1])
                number = numbered.get(signature)
                if number is None:
                    number = numbered[signature] = len(self.relations)
                    self.relations.append(members)
                    for kid in members:
                        self.key_relations[kid].append(number)
                own.append(number)
            self.table_relations.append(own)
        self.hidden = [False] * len(self.keys)
        self.hidden_in = [0] * len(self.relations)
        self._queue: list[int] = []
        self._clean: set[tuple[int, ...]] = set()  # groups already audited and found safe
        self.audited_across_tables = True

    def _register(self, table: CountTable, full: pd.DataFrame) -> np.ndarray:
        ids = np.empty(full.shape, dtype=np.int64)
        values = full.to_numpy()
        for i, row in enumerate(full.index):
            for j, col in enumerate(full.columns):
                key = table.key(row, col if table.col_dim is not None else None)
                value = int(values[i, j])
                kid = self._ids.get(key)
                if kid is None:
                    kid = len(self.keys)
                    self._ids[key] = kid
                    self.keys.append(key)
                    self.values.append(value)
                    self._origin.append(table.code)
                    self.key_relations.append([])
                elif self.values[kid] != value:
                    raise ValueError(
                        f"cell {key} is {value} in table {table.code} but {self.values[kid]} in "
                        f"table {self._origin[kid]}: cells with the same key must be the same "
                        "count (check populations, dimension names and category codes)"
                    )
                ids[i, j] = kid
        return ids

    @staticmethod
    def _table_relations(table: CountTable, ids: np.ndarray) -> list[tuple[int, ...]]:
        relations: list[tuple[int, ...]] = []
        if table.col_dim is not None:
            # Every row, including a total row, adds up across the columns (a partition).
            relations.extend(tuple(int(k) for k in ids[i, :]) for i in range(ids.shape[0]))
            if table.additive:
                relations.extend(tuple(int(k) for k in ids[:, j]) for j in range(ids.shape[1]))
        elif table.additive:
            relations.append(tuple(int(k) for k in ids[:, 0]))
        return relations

    def id_of(self, key: CellKey) -> int | None:
        return self._ids.get(key)

    # -- suppression -------------------------------------------------------------------------

    def hide(self, kid: int) -> None:
        if self.hidden[kid]:
            return
        self.hidden[kid] = True
        for number in self.key_relations[kid]:
            self.hidden_in[number] += 1
            if self.hidden_in[number] == 1:
                heapq.heappush(self._queue, number)

    def _rank(self, kid: int) -> tuple[bool, int]:
        value = self.values[kid]
        return (value == 0, value)

    def _partner(self, numbers: Iterable[int]) -> int | None:
        """Smallest non-zero published member of the relations (zero only as a last resort);
        ties go to the earlier relation, then the earlier category (the total is last)."""
        best: tuple[tuple[bool, int], int, int] | None = None
        best_kid = None
        for number in numbers:
            for position, kid in enumerate(self.relations[number]):
                if self.hidden[kid]:
                    continue
                rank = (self._rank(kid), number, position)
                if best is None or rank < best:
                    best, best_kid = rank, kid
        return best_kid

    def complete(self) -> None:
        """Complementary suppression and consistency, to the fixed point where no relation
        has exactly one hidden member."""
        while self._queue:
            number = heapq.heappop(self._queue)
            if self.hidden_in[number] != 1:
                continue
            partner = self._partner([number])
            if partner is not None:
                self.hide(partner)

    # -- audit -------------------------------------------------------------------------------

    def _components(self) -> list[tuple[list[int], list[int]]]:
        """Groups of hidden keys linked by relations: (key ids, relation numbers)."""
        parent: dict[int, int] = {}

        def find(kid: int) -> int:
            root = kid
            while parent[root] != root:
                root = parent[root]
            while parent[kid] != root:
                parent[kid], kid = root, parent[kid]
            return root

        involved: list[int] = []
        for number, members in enumerate(self.relations):
            if not self.hidden_in[number]:
                continue
            involved.append(number)
            hidden = [kid for kid in members if self.hidden[kid]]
            for kid in hidden:
                parent.setdefault(kid, kid)
            first = find(hidden[0])
            for kid in hidden[1:]:
                root = find(kid)
                if root != first:
                    parent[max(root, first)] = min(root, first)
                    first = min(root, first)
        groups: dict[int, tuple[list[int], list[int]]] = {}
        for kid in sorted(parent):
            groups.setdefault(find(kid), ([], []))[0].append(kid)
        for number in involved:
            kid = next(k for k in self.relations[number] if self.hidden[k])
            groups[find(kid)][1].append(number)
        return [groups[root] for root in sorted(groups)]

    def recomputable(self) -> list[tuple[int, list[int]]]:
        """Hidden keys whose value follows from the published values through the relations,
        each with the relations of its group.

        Each group of linked hidden cells is checked as one system across all tables. A group
        too large for the linear algebra (see ``_AUDIT_MAX_RELATIONS``) is checked table by
        table instead, which finds every cell recomputable from one table, and clears
        ``audited_across_tables``.
        """
        found: dict[int, list[int]] = {}
        for kids, numbers in self._components():
            signature = tuple(kids)
            if signature in self._clean:
                continue
            determined = self._determined(numbers, budget=True)
            if determined is None:
                self.audited_across_tables = False
                inside = set(numbers)
                determined = []
                for own in self.table_relations:
                    system = [number for number in own if number in inside]
                    determined.extend(self._determined(system, budget=False) or ())
            if determined:
                for kid in determined:
                    found.setdefault(kid, numbers)
            else:
                self._clean.add(signature)
        return sorted(found.items())

    def _determined(self, numbers: list[int], *, budget: bool) -> list[int] | None:
        """Hidden keys determined by the given relations alone (in key order).

        Each relation is an equation "sum of cells - total = published part". When every
        hidden key is in at most two of the relations (always so within one table) the
        system is a graph (relations are nodes, hidden keys are edges, a key in one relation
        only joins a free "ground" node) and a key is determined iff it is a bridge.
        Otherwise the leverage of each key is computed; ``None`` if ``budget`` and the
        system is too large for that.
        """
        if not numbers:
            return []
        incidence: dict[int, list[tuple[int, int]]] = {}
        for node, number in enumerate(numbers):
            members = self.relations[number]
            last = len(members) - 1
            for position, kid in enumerate(members):
                if self.hidden[kid]:
                    incidence.setdefault(kid, []).append((node, -1 if position == last else 1))
        kids = sorted(incidence)
        edges = _signed_graph([incidence[kid] for kid in kids], len(numbers))
        if edges is not None:
            bridges = _bridges(len(numbers) + 1, edges)
            return [kids[e] for e in sorted(bridges)]
        if budget and (
            len(numbers) > _AUDIT_MAX_RELATIONS or len(numbers) ** 2 * len(kids) > _AUDIT_MAX_WORK
        ):
            return None
        entries = [
            (j, node, float(coefficient))
            for j, kid in enumerate(kids)
            for node, coefficient in incidence[kid]
        ]
        leverage = _leverage(entries, len(numbers), len(kids))
        return [kids[j] for j in np.flatnonzero(leverage > 1 - 1e-8)]

    def audit(self) -> None:
        """Hide more cells until no hidden cell can be recomputed (steps 2-4 to a fixed point)."""
        while True:
            self.complete()
            exposed = self.recomputable()
            if not exposed:
                return
            touched: set[int] = set()
            changed = False
            for kid, group in exposed:
                own = self.key_relations[kid]
                if touched.intersection(own):
                    continue
                partner = self._partner(own)
                if partner is None:
                    partner = self._partner(group)
                if partner is None:
                    continue
                self.hide(partner)
                touched.update(self.key_relations[partner])
                changed = True
            if not changed:
                return


def _signed_graph(
    incidences: list[list[tuple[int, int]]], n_nodes: int
) -> list[tuple[int, int]] | None:
    """The edges (node, node) of a system whose unknowns each appear in at most two equations
    with coefficients ±1, node ``n_nodes`` standing for a free "ground" node; ``None`` if an
    unknown appears in three or more equations or if some cycle is unbalanced (then the
    null space is not the cycle space and the bridge test does not apply).

    Along a path through equation v, the unknowns on either side must change by amounts in
    the ratio -a_in/a_out; a cycle carries a non-zero solution iff the product of
    -a_u * a_v over its edges is 1 (balanced). Balance holds iff nodes can be signed so that
    s_u * s_v = -a_u * a_v on every edge between two equations.
    """
    edges: list[tuple[int, int]] = []
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for incidence in incidences:
        if len(incidence) > 2:
            return None
        if len(incidence) == 1:
            edges.append((incidence[0][0], n_nodes))
            continue
        (u, a_u), (v, a_v) = incidence
        edges.append((u, v))
        neighbours[u].append((v, -a_u * a_v))
        neighbours[v].append((u, -a_u * a_v))
    sign = [0] * n_nodes
    for start in range(n_nodes):
        if sign[start]:
            continue
        sign[start] = 1
        stack = [start]
        while stack:
            node = stack.pop()
            for other, product in neighbours[node]:
                wanted = sign[node] * product
                if not sign[other]:
                    sign[other] = wanted
                    stack.append(other)
                elif sign[other] != wanted:
                    return None
    return edges


def _bridges(n_nodes: int, edges: list[tuple[int, int]]) -> set[int]:
    """Indices of the bridges of an undirected multigraph (iterative Tarjan)."""
    adjacent: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for edge, (u, v) in enumerate(edges):
        adjacent[u].append((v, edge))
        adjacent[v].append((u, edge))
    order = [-1] * n_nodes
    low = [0] * n_nodes
    counter = 0
    bridges: set[int] = set()
    for root in range(n_nodes):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack = [(root, -1, iter(adjacent[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            for other, edge in neighbours:
                if edge == via:
                    continue
                if order[other] == -1:
                    order[other] = low[other] = counter
                    counter += 1
                    stack.append((other, edge, iter(adjacent[other])))
                    break
                low[node] = min(low[node], order[other])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges


def _leverage(entries: list[tuple[int, int, float]], n_rows: int, n_cols: int) -> np.ndarray:
    """Leverage of each column of the sparse matrix A given as (column, row, value) entries.

    A hidden cell (column) is determined by the relations (rows) iff its unit vector lies in
    the row space of A, i.e. iff its leverage a_j' (AA')^+ a_j equals 1 (it is below 1
    otherwise). AA' has one row per relation only; for these 0/±1 systems its non-zero
    eigenvalues lie far above the rounding tolerance. A is built in dense column blocks of
    :data:`_AUDIT_BLOCK` to bound memory.
    """
    entries = sorted(entries)
    cols = np.array([entry[0] for entry in entries], dtype=np.int64)
    rows = np.array([entry[1] for entry in entries], dtype=np.int64)
    values = np.array([entry[2] for entry in entries], dtype=float)
    starts = range(0, n_cols, _AUDIT_BLOCK)

    def block(start: int) -> np.ndarray:
        stop = min(start + _AUDIT_BLOCK, n_cols)
        lo, hi = np.searchsorted(cols, [start, stop])
        dense = np.zeros((n_rows, stop - start))
        dense[rows[lo:hi], cols[lo:hi] - start] = values[lo:hi]
        return dense

    gram = np.zeros((n_rows, n_rows))
    for start in starts:
        dense = block(start)
        gram += dense @ dense.T
    eigenvalues, eigenvectors = np.linalg.eigh(gram)
    tolerance = max(n_rows, n_cols) * np.finfo(float).eps * eigenvalues.max(initial=0.0)
    keep = eigenvalues > tolerance
    scaled = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
    return np.concatenate(
        [((scaled.T @ block(start)) ** 2).sum(axis=0) for start in starts] or [np.zeros(0)]
    )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def protect(
    tables: Sequence[CountTable],
    threshold: int = THRESHOLD_OFFICIAL,
    always_suppress: Iterable[CellKey] = frozenset(),
    *,
    audit: bool = True,
) -> ProtectionResult:
    """Protect small numbers in the tables of one release (one call per release and threshold).

    1. Primary: every cell (inner cells and totals) with ``1 <= n < threshold`` is hidden,
       flag ``"A"``. Zeros are published.
    2. Complementary: each row and column of an additive table (inner cells with their total;
       the row totals with the grand total; the column totals with the grand total) and each
       row of a two-dimensional non-additive table is an additive relation. While some
       relation has exactly one hidden member, the lowest-numbered such relation (tables in
       input order; rows, then columns) gets another member hidden: its smallest non-zero
       published member, ties broken by category order with the total last; a zero only if
       nothing else remains. Flag ``"C"`` (or ``"A"`` if that member is itself small).
    3. Consistency: suppression is by :class:`CellKey`, so a key hidden in one table is hidden
       in every table containing it. Keys in ``always_suppress`` (those hidden in earlier
       editions of the same territory-year) are hidden from the start, whatever their count.
       Steps 2 and 3 run to a common fixed point.
    4. Audit (``audit=True``): if a hidden cell can still be recomputed from published values
       through several relations together (e.g. a chain of rows and columns, or two tables),
       the smallest non-zero published member of its relations is hidden as well and steps
       2-4 repeat. Each group of hidden cells linked by relations is checked as one system
       across all its tables; a very large group (thousands of relations, as when most cells
       of many big tables are hidden) is checked table by table, and the result's
       ``audited_across_tables`` is then ``False``.

    Tables may override :meth:`CountTable.key` to give a row or column the key of a cell of
    another table; a relation in which the same key appears twice is ignored.

    Returns a :class:`ProtectionResult`. Deterministic: the same tables (in the same order),
    threshold and keys always give the same result. Raises ``ValueError`` for a threshold
    below 1, duplicate table codes, or a key that has different counts in different tables.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be an integer >= 1, not {threshold!r}")
    codes = [table.code for table in tables]
    if len(set(codes)) != len(codes):
        raise ValueError(f"table codes must be unique: {codes!r}")
    carried = frozenset(always_suppress)
    for key in carried:
        if not isinstance(key, CellKey):
            raise ValueError(f"always_suppress must hold CellKey objects, not {key!r}")

    problem = _Problem(tables)
    for kid, value in enumerate(problem.values):
        if 1 <= value < threshold:
            problem.hide(kid)
    for key in sorted(carried):
        kid = problem.id_of(key)
        if kid is not None:
            problem.hide(kid)
    if audit:
        problem.audit()
    else:
        problem.complete()

    protected: dict[str, ProtectedTable] = {}
    hidden_keys = set(carried)
    all_hidden = np.asarray(problem.hidden, dtype=bool)
    all_keys = np.empty(len(problem.keys), dtype=object)
    all_keys[:] = problem.keys
    for table, full, ids in problem.layouts:
        hidden = all_hidden[ids] if ids.size else np.zeros(full.shape, dtype=bool)
        counts = full.to_numpy()
        small = (counts >= 1) & (counts < threshold)
        flags = np.where(hidden, np.where(small, FLAG_PRIMARY, FLAG_SECONDARY), FLAG_PUBLISHED)
        keys = all_keys[ids] if ids.size else np.empty(full.shape, dtype=object)
        hidden_keys.update(keys[hidden].tolist())
        protected[table.code] = ProtectedTable.build(
            table, full, hidden, flags.astype(object), keys
        )
    return ProtectionResult(
        tables=protected,
        suppressed=frozenset(hidden_keys),
        threshold=threshold,
        note=protection_note(threshold),
        audited_across_tables=audit and problem.audited_across_tables,
    )
