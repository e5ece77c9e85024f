"""Writing the protected tables of a territory-year: an XLSX workbook (one sheet per table, a
Notes sheet) and a zip of CSV files. Hidden cells carry their flag instead of a number; every
text cell is neutralised against spreadsheet formula injection."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.statistics.releases import CONF_CODES, PUBLIC_LEGEND
from indicators.statistics.tables import GROUPS, TableView
from thb_data.spreadsheets import csv_writer, neutralise, save_workbook

#: The published meaning of the flag of a public release (one flag for every hidden cell).
FLAG_LEGEND = PUBLIC_LEGEND
TRANSMISSION_LEGEND = (
    "Transmission: every count is exact. CONF_STATUS (SDMX): "
    + "; ".join(CONF_CODES.values())
    + ". The recipient applies confidentiality before publishing."
)


def safe_text(value) -> str:
    """Text that no spreadsheet will run as a formula."""
    return neutralise("" if value is None else str(value))


def stamp(stats, edition) -> str:
    """The line that identifies a release."""
    status = "FINAL" if stats.final else "PROVISIONAL"
    base = f"{stats.territory.name} ({stats.territory.code}), reference year {stats.year}, {status}"
    if edition is None:
        return base
    return (
        f"{base}; edition {edition.number} of {edition.created_at:%Y-%m-%d %H:%M} UTC by "
        f"{edition.created_by.get_username()}; threshold {edition.threshold}"
    )


def _cell_value(cell):
    return cell.flag if cell.hidden else cell.value


def write_xlsx(stats, views: list[TableView], notes: list[str], edition=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    bold = Font(bold=True)
    sheet.append(
        [safe_text(f"Annual statistics on trafficking in human beings: {stamp(stats, edition)}")]
    )
    sheet["A1"].font = bold
    sheet.append([])
    sheet.append(["Counting rules, status and protection"])
    sheet["A3"].font = bold
    for note in [*notes, FLAG_LEGEND]:
        sheet.append([safe_text(note)])
    sheet.append([])
    sheet.append(["Tables"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for view in views:
        sheet.append([view.code, safe_text(view.title), GROUPS.get(view.group, view.group)])
    sheet.column_dimensions["A"].width = 120

    for view in views:
        ws = workbook.create_sheet(title=view.code[:31])
        ws.append([safe_text(f"{view.code}. {view.title}")])
        ws["A1"].font = bold
        ws.append([safe_text(stamp(stats, edition))])
        ws.append([])
        ws.append([safe_text(view.row_title or ""), *(safe_text(c) for c in view.col_labels)])
        for cell in ws[ws.max_row]:
            cell.font = bold
        for label, cells in zip(view.row_labels, view.cells, strict=True):
            ws.append([safe_text(label), *(_cell_value(c) for c in cells)])
        ws.append([])
        for note in view.notes:
            ws.append([safe_text(note)])
        if view.protected:
            ws.append([FLAG_LEGEND])
        ws.column_dimensions["A"].width = 45
    return save_workbook(workbook)


def read_xlsx_table(content: bytes, code: str) -> dict[tuple[str, str], object]:
    """The cells of one table sheet as ``{(row label, column label): value}`` (tests, checks)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook[code].iter_rows(values_only=True))
    header = rows[3]
    cells = {}
    for row in rows[4:]:
        if not row or row[0] in (None, ""):
            break
        for label, value in zip(header[1:], row[1:], strict=False):
            if label is not None:
                cells[(row[0], label)] = value
    return cells


def _csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv_zip(stats, views: list[TableView], notes: list[str], edition=None) -> bytes:
    """One CSV per table (long format: one line per cell, value and flag) and the notes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "notes.txt",
            "\n\n".join(
                [
                    f"Annual statistics on trafficking in human beings: {stamp(stats, edition)}",
                    *notes,
                    FLAG_LEGEND,
                    "Tables: " + ", ".join(f"{v.code} {v.title}" for v in views),
                ]
            )
            + "\n",
        )
        for view in views:
            rows = [("row", "row_label", "column", "column_label", "value", "flag")]
            for row, label, cells in zip(view.row_codes, view.row_labels, view.cells, strict=True):
                for col, col_label, cell in zip(
                    view.col_codes, view.col_labels, cells, strict=True
                ):
                    rows.append((row, label, col, col_label, cell.value, cell.flag))
            archive.writestr(f"{view.code}.csv", _csv(rows))
    return buffer.getvalue()


def _transmission_stamp(transmission) -> str:
    stats = transmission.stats
    status = "FINAL" if stats.final else "PROVISIONAL"
    return (
        f"{stats.territory.name} ({stats.territory.code}), reference year {stats.year}, {status}; "
        f"TRANSMISSION: exact counts, confidentiality flags proposed at threshold "
        f"{transmission.threshold}"
    )


def write_transmission_xlsx(transmission, notes: list[str]) -> bytes:
    """One sheet per table: the exact counts, then the CONF_STATUS of each cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    bold = Font(bold=True)
    sheet.append([safe_text(f"Annual statistics: {_transmission_stamp(transmission)}")])
    sheet["A1"].font = bold
    sheet.append([])
    for note in [*notes, TRANSMISSION_LEGEND]:
        sheet.append([safe_text(note)])
    sheet.column_dimensions["A"].width = 120
    for table in transmission.tables:
        ws = workbook.create_sheet(title=table.code[:31])
        ws.append([safe_text(f"{table.code}. {table.title}")])
        ws["A1"].font = bold
        ws.append([safe_text(_transmission_stamp(transmission))])
        ws.append([])
        header = [safe_text(table.stat.row_title or ""), *(safe_text(c) for c in table.col_labels)]
        ws.append(header)
        for label, cells in zip(table.row_labels, table.cells, strict=True):
            ws.append([safe_text(label), *(cell.value for cell in cells)])
        ws.append([])
        ws.append(["CONF_STATUS"])
        ws.append(header)
        for label, cells in zip(table.row_labels, table.cells, strict=True):
            ws.append([safe_text(label), *(cell.flag for cell in cells)])
        ws.column_dimensions["A"].width = 45
    return save_workbook(workbook)


def write_transmission_zip(transmission, notes: list[str]) -> bytes:
    """One CSV per table (one line per cell: OBS_VALUE and CONF_STATUS) and the notes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "notes.txt",
            "\n\n".join([_transmission_stamp(transmission), *notes, TRANSMISSION_LEGEND]) + "\n",
        )
        for table in transmission.tables:
            rows = [("row", "row_label", "column", "column_label", "OBS_VALUE", "CONF_STATUS")]
            for row, label, cells in zip(
                table.row_codes, table.row_labels, table.cells, strict=True
            ):
                for col, col_label, cell in zip(
                    table.col_codes, table.col_labels, cells, strict=True
                ):
                    rows.append((row, label, col, col_label, cell.value, cell.flag))
            archive.writestr(f"{table.code}.csv", _csv(rows))
    return buffer.getvalue()
