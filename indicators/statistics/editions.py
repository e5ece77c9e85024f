"""Editions: each export is kept (the protected tables as published), and two editions can be
compared table by table."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max

from indicators.statistics.models import Edition
from indicators.statistics.tables import TableView


def _with_keys(view: TableView, protection) -> dict:
    """A table as kept: what was published, and the cell key of every cell, so that later
    releases know exactly which counts this edition made public."""
    data = view.as_json()
    if view.kind != "counts":  # derived from a count table (rates): no cells of its own
        data["keys"] = []
        return data
    keys = protection.tables[view.code].keys.to_numpy().tolist()
    data["keys"] = [[str(key) for key in row] for row in keys]
    return data


@transaction.atomic
def create_edition(stats, protection, views, *, user, file_format: str) -> Edition:
    """Keep the protected tables of an export as a new edition of the territory-year."""
    return _numbered(
        stats.territory,
        stats.year,
        created_by=user,
        final=stats.final,
        threshold=protection.threshold,
        file_format=file_format,
        tables=[_with_keys(view, protection) for view in views],
        suppressed=sorted(str(key) for key in protection.suppressed),
        notes=stats.notes_for(protection),
    )


#: The file format of the HTCDS / CTDC contribution's editions.
HTCDS_FORMAT = "htcds"


@transaction.atomic
def create_htcds_edition(territory, year: int, *, user, final: bool, k: int, notes) -> Edition:
    """Keep the HTCDS / CTDC contribution of a territory-year as a new edition: who sent it,
    when, its notes (with the k-anonymity preview and the file's SHA-256). The persons' rows are
    not kept (they stay in the records), and there are no tables: nothing of it counts as
    published by the public release's protection."""
    return _numbered(
        territory,
        year,
        created_by=user,
        final=final,
        threshold=k,
        file_format=HTCDS_FORMAT,
        tables=[],
        suppressed=[],
        notes=list(notes),
    )


def _numbered(territory, year: int, **fields) -> Edition:
    """A new edition with the next number of the territory-year (retried on a concurrent
    export taking the same number)."""
    for attempt in range(5):
        last = Edition.objects.filter(territory=territory, year=year).aggregate(n=Max("number"))[
            "n"
        ]
        try:
            with transaction.atomic():
                return Edition.objects.create(
                    territory=territory, year=year, number=(last or 0) + 1, **fields
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@dataclass
class CellChange:
    row: str
    col: str
    before: object
    after: object


@dataclass
class TableComparison:
    code: str
    title: str
    status: str  # "same", "changed", "added", "removed"
    changes: list[CellChange] = field(default_factory=list)


def _cell_text(view: TableView, i: int, j: int):
    cell = view.cells[i][j]
    return cell.flag if cell.hidden else cell.value


def compare_editions(older: Edition, newer: Edition) -> list[TableComparison]:
    """Table by table, the cells whose published value (or protection flag) changed."""
    return compare_tables(older.tables, newer.tables)


def compare_tables(older: list[dict], newer: list[dict]) -> list[TableComparison]:
    """Table by table, the cells whose value (or protection flag) changed between two sets of
    tables (as stored: ``TableView.as_json``)."""
    before = {t["code"]: TableView.from_json(t) for t in older}
    after = {t["code"]: TableView.from_json(t) for t in newer}
    result = []
    for code in [*after, *(c for c in before if c not in after)]:
        if code not in before:
            result.append(TableComparison(code, after[code].title, "added"))
            continue
        if code not in after:
            result.append(TableComparison(code, before[code].title, "removed"))
            continue
        a, b = before[code], after[code]
        old = {
            (row, col): (_cell_text(a, i, j), a.row_labels[i], a.col_labels[j])
            for i, row in enumerate(a.row_codes)
            for j, col in enumerate(a.col_codes)
        }
        new = {
            (row, col): (_cell_text(b, i, j), b.row_labels[i], b.col_labels[j])
            for i, row in enumerate(b.row_codes)
            for j, col in enumerate(b.col_codes)
        }
        changes = []
        for key in [*new, *(k for k in old if k not in new)]:
            was = old.get(key, (None, "", ""))
            now = new.get(key, (None, "", ""))
            if was[0] != now[0]:
                label_row = now[1] or was[1]
                label_col = now[2] or was[2]
                changes.append(CellChange(label_row, label_col, was[0], now[0]))
        result.append(TableComparison(code, b.title, "changed" if changes else "same", changes))
    return result
