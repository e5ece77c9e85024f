"""Statistical tables of a territory-year: what the engine produces and the writers print.

A :class:`StatTable` wraps a :class:`~indicators.statistics.protection.CountTable` (the counts
before protection) with what a reader needs: the group it belongs to (national victims, national
criminal justice, Eurostat, UNODC, GRETA), its notes and whether it is published at all (helper
tables only tell the protection which cells add up to which).

:class:`MappedTable` lets one table reuse the cell keys of another: the same count must have the
same :class:`~indicators.statistics.protection.CellKey` in every table, so that protection treats
it the same everywhere (the UNODC "women" cell is the "female, adult" cell of the Eurostat
table; the "convicted" row of the verdicts table is the population of convicted persons).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from indicators.statistics.protection import (
    COUNT_COLUMN,
    FLAG_PUBLISHED,
    TOTAL,
    TOTAL_LABEL,
    CellKey,
    CountTable,
    ProtectedTable,
    with_totals,
)

GROUPS = {
    "victims": "National tables: victims (V1–V12)",
    "traffickers": "National tables: traffickers and criminal justice (T1–T7)",
    "eurostat": "Eurostat",
    "unodc": "UNODC Global Report on Trafficking in Persons",
    "greta": "Council of Europe GRETA",
}


@dataclass(frozen=True, kw_only=True, eq=False)
class MappedTable(CountTable):
    """A count table some of whose rows or columns carry the keys of cells of other tables.

    ``row_keys[row]`` is ``(population, coordinates)`` for that row (``TOTAL`` included);
    ``col_keys[col]`` the coordinates a column adds (``TOTAL`` included). Rows and columns
    without an entry get the usual key (the table's population, ``{row_dim: row}`` and
    ``{col_dim: col}``).
    """

    row_keys: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    col_keys: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def key(self, row: Any, col: Any = None) -> CellKey:
        row = str(row)
        if row in self.row_keys:
            population, fixed = self.row_keys[row]
            coordinates = dict(fixed)
        else:
            population = self.population
            coordinates = {} if row == TOTAL else {self.row_dim: row}
        if self.col_dim is not None and col is not None:
            col = str(col)
            if col in self.col_keys:
                coordinates.update(self.col_keys[col])
            elif col != TOTAL:
                coordinates[self.col_dim] = col
        return CellKey(population, coordinates)


@dataclass(eq=False)
class StatTable:
    """One table of the annual statistics, before protection."""

    table: CountTable
    group: str
    notes: list[str] = field(default_factory=list)
    published: bool = True
    row_title: str = ""
    col_title: str = ""

    @property
    def code(self) -> str:
        return self.table.code

    @property
    def title(self) -> str:
        return self.table.title


# --- presentation --------------------------------------------------------------------------


@dataclass
class Cell:
    value: int | None
    flag: str = ""

    @property
    def hidden(self) -> bool:
        return self.flag != FLAG_PUBLISHED


@dataclass
class TableView:
    """A table ready to print: labels, rows of cells (values or hidden with their flag)."""

    code: str
    title: str
    group: str
    notes: list[str]
    row_title: str
    col_title: str
    row_codes: list[str]
    row_labels: list[str]
    col_codes: list[str]
    col_labels: list[str]
    cells: list[list[Cell]]
    protected: bool
    # "counts", or for a table derived from a count table "rates" (SDG 16.2.2 rates, S1R),
    # "medians" (T6m) or "amounts" (G9dA): its cells are not counts and protection has no keys
    # of its own for them.
    kind: str = "counts"

    @property
    def rows(self):
        """Rows for templates: code, label, total flag and cells with their column code."""
        return [
            {
                "code": code,
                "label": label,
                "is_total": code == TOTAL,
                "cells": [
                    {"col": col, "value": cell.value, "flag": cell.flag, "hidden": cell.hidden}
                    for col, cell in zip(self.col_codes, cells, strict=True)
                ],
            }
            for code, label, cells in zip(self.row_codes, self.row_labels, self.cells, strict=True)
        ]

    def value(self, row: str, col: str = COUNT_COLUMN) -> int | None:
        """The printed value of a cell (None when hidden)."""
        return self.cells[self.row_codes.index(row)][self.col_codes.index(col)].value

    def flag(self, row: str, col: str = COUNT_COLUMN) -> str:
        return self.cells[self.row_codes.index(row)][self.col_codes.index(col)].flag

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "group": self.group,
            "notes": self.notes,
            "row_title": self.row_title,
            "col_title": self.col_title,
            "rows": self.row_codes,
            "row_labels": self.row_labels,
            "cols": self.col_codes,
            "col_labels": self.col_labels,
            "values": [[cell.value for cell in row] for row in self.cells],
            "flags": [[cell.flag for cell in row] for row in self.cells],
            **({"kind": self.kind} if self.kind != "counts" else {}),
        }

    @classmethod
    def from_json(cls, data: dict, *, protected: bool = True) -> TableView:
        cells = [
            [Cell(value, flag) for value, flag in zip(values, flags, strict=True)]
            for values, flags in zip(data["values"], data["flags"], strict=True)
        ]
        return cls(
            code=data["code"],
            title=data["title"],
            group=data.get("group", ""),
            notes=list(data.get("notes", [])),
            row_title=data.get("row_title", ""),
            col_title=data.get("col_title", ""),
            row_codes=list(data["rows"]),
            row_labels=list(data["row_labels"]),
            col_codes=list(data["cols"]),
            col_labels=list(data["col_labels"]),
            cells=cells,
            protected=protected,
            kind=data.get("kind", "counts"),
        )


def _labels(codes, labels: Mapping[str, str]) -> list[str]:
    return [TOTAL_LABEL if code == TOTAL else labels.get(code, code) for code in codes]


def _col_labels(table, columns) -> list[str]:
    if table.col_dim is None:
        return ["Persons"]
    return _labels(columns, table.col_labels)


def unprotected_view(stat: StatTable) -> TableView:
    """The counts as they are, with totals: for the coordinator's own eyes only."""
    table = stat.table
    full = with_totals(table)
    rows, cols = [str(r) for r in full.index], [str(c) for c in full.columns]
    values = full.to_numpy()
    return TableView(
        code=table.code,
        title=table.title,
        group=stat.group,
        notes=list(stat.notes),
        row_title=stat.row_title,
        col_title=stat.col_title,
        row_codes=rows,
        row_labels=_labels(rows, table.row_labels),
        col_codes=cols,
        col_labels=_col_labels(table, cols),
        cells=[[Cell(int(values[i, j])) for j in range(len(cols))] for i in range(len(rows))],
        protected=False,
    )


def protected_view(stat: StatTable, protected: ProtectedTable) -> TableView:
    """The published table: hidden cells have no value and carry their flag."""
    rows, cols = list(protected.rows), list(protected.cols)
    values = protected.published.tolist()
    hidden = protected.hidden.tolist()
    flags = protected.flag_array.tolist()
    cells = [
        [
            Cell(None if is_hidden else value, str(flag))
            for value, is_hidden, flag in zip(value_row, hidden_row, flag_row, strict=True)
        ]
        for value_row, hidden_row, flag_row in zip(values, hidden, flags, strict=True)
    ]
    return TableView(
        code=protected.code,
        title=protected.title,
        group=stat.group,
        notes=list(stat.notes),
        row_title=stat.row_title,
        col_title=stat.col_title,
        row_codes=rows,
        row_labels=_labels(rows, protected.row_labels),
        col_codes=cols,
        col_labels=_col_labels(stat.table, cols),
        cells=cells,
        protected=True,
    )
