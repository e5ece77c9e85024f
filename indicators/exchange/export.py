"""Record-level export: the records of the user's scope as CSV or XLSX, with the columns of the
import template (so an export imports again unchanged), every text cell neutralised against
spreadsheet formula injection, in a fixed number of queries, audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

from indicators.types import type_of
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.spreadsheets import csv_writer, neutralise, neutralise_cells, save_workbook

from . import columns as cols
from .config import Exchange

CHUNK_SIZE = 2000

__all__ = ["export_headers", "export_rows", "neutralise", "write_csv", "write_xlsx"]


def export_headers(exchange: Exchange) -> list[str]:
    return [c.name for c in cols.columns_for(exchange.database)]


def export_rows(exchange: Exchange, queryset, *, typed: bool = False) -> Iterator[list]:
    """One list of cells per record of ``queryset`` (one query, streamed in chunks).

    With ``typed``, whole numbers and amounts stay numbers (XLSX); otherwise every cell is
    text. Text cells are always neutralised.
    """
    columns = cols.columns_for(exchange.database)
    names = [c.name for c in columns if c.kind in ("indicator", "flag")]
    prefix = exchange.model.number_prefix
    rows = queryset.order_by("number").values(
        "uuid", "number", "status", "territory__code", "institution__name", *names
    )
    converters = []
    for column in columns:
        if column.kind == "flag":
            converters.append((column.name, lambda v: "yes" if v else ""))
        elif column.kind == "indicator":
            converters.append((column.name, type_of(column.indicator).export_value))
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        cells = [
            str(row["uuid"]),
            f"{row['territory__code']}-{prefix}{row['number']:06d}",
            row["territory__code"],
            row["institution__name"],
            row["status"],
            "",
            "",
        ]
        for name, convert in converters:
            value = row[name]
            if typed and isinstance(value, int | Decimal) and not isinstance(value, bool):
                cells.append(value)
            else:
                cells.append(convert(value))
        yield neutralise_cells(cells)


def write_csv(exchange: Exchange, queryset) -> tuple[bytes, int]:
    """UTF-8 CSV with a BOM (Excel reads the encoding from it) and the number of records."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(export_headers(exchange))
    count = 0
    for cells in export_rows(exchange, queryset):
        writer.writerow(cells)
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def write_xlsx(exchange: Exchange, queryset) -> tuple[bytes, int]:
    """An XLSX workbook (one sheet, ``records``, as in the template) and the number of records."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(neutralise_cells(export_headers(exchange)))
    count = 0
    for cells in export_rows(exchange, queryset, typed=True):
        sheet.append(cells)  # neutralised by export_rows (a write-only sheet is not revisited)
        count += 1
    return save_workbook(workbook), count


def audit_export(exchange: Exchange, *, user, file_format: str, count: int) -> None:
    record_event(
        Action.EXPORT,
        user=user,
        object_type=exchange.model._meta.label_lower,
        object_repr=f"{exchange.label}: record-level {file_format.upper()}",
        detail={"database": exchange.key, "format": file_format, "count": count},
    )
