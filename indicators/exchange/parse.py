"""Reading an uploaded file into a header and rows, refusing what is not a usable spreadsheet.

Accepted: XLSX (the import template or any workbook whose first sheet, or a sheet named
``records``, has the column codes in row 1) and CSV (UTF-8 with or without BOM, separated by
commas, semicolons or tabs). Everything else gets a message a data provider can act on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old Office formats
NOT_SPREADSHEET_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"MZ": "a program",
    b"\x7fELF": "a program",
}
# Stop reading an XLSX sheet after this many empty rows in a row (formatting down to row 1M).
EMPTY_ROWS_LIMIT = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    # (row number as the spreadsheet shows it, cells in header order)
    rows: list[tuple[int, list]] = field(default_factory=list)


def _limit_message(max_bytes: int) -> str:
    return f"The file is larger than {max_bytes / 1024 / 1024:.0f} MB."


def read_table(data: bytes, file_name: str = "") -> Table:
    """The header and the non-empty rows of ``data``; raises ImportFileError."""
    max_bytes = settings.THB_IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        raise ImportFileError(
            f"{_limit_message(max_bytes)} Split it into smaller files (at most "
            f"{settings.THB_IMPORT_MAX_ROWS} rows each)."
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError("The file is empty.")
    if data.startswith(XLSX_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise ImportFileError(
            "This is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) or as "
            "CSV UTF-8, then upload it again."
        )
    else:
        for magic, what in NOT_SPREADSHEET_MAGIC.items():
            if data.startswith(magic):
                raise ImportFileError(
                    f"The file is {what}, not a spreadsheet: upload the XLSX template or a CSV "
                    "file."
                )
        table = _read_csv(data)
    if not table.headers:
        raise ImportFileError(
            "The file has no header: the first row must hold the column codes of the template "
            "(download the template)."
        )
    return table  # rows are checked after the header (ImportValidator)


def _check_row_count(count: int) -> None:
    if count > settings.THB_IMPORT_MAX_ROWS:
        raise ImportFileError(
            f"The file has more than {settings.THB_IMPORT_MAX_ROWS} rows: split it into smaller "
            "files."
        )


def _read_csv(data: bytes) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            "The file is in UTF-16 (“Unicode text”): save it as “CSV UTF-8 (comma delimited)” "
            "and upload it again."
        )
    if b"\x00" in data:
        raise ImportFileError(
            "The file is not a spreadsheet (it holds binary data): upload the XLSX template or "
            "a CSV file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not in UTF-8 (the encoding fails on line {line}): in Excel choose "
            "“Save as” → “CSV UTF-8 (comma delimited)”, or upload the XLSX template."
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list]] = []
    try:
        for index, cells in enumerate(reader, start=1):
            if headers is None:
                if not any(c.strip() for c in cells):
                    continue
                headers = [c.strip() for c in cells]
                continue
            if any(c.strip() for c in cells):
                rows.append((index, cells))
                _check_row_count(len(rows))
    except csv.Error as error:
        raise ImportFileError(f"The CSV file cannot be read: {error}.") from None
    return Table("csv", headers or [], rows)


def _xlsx_cell(value):
    """A cell as the importer expects it: text, a whole number, a number, or an ISO date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return value
    # An array formula or another object: a formula in all but name.
    return f"={value}"


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError(
            "The file is not a readable XLSX workbook"
            f"{' (' + type(error).__name__ + ')' if settings.DEBUG else ''}: upload the XLSX "
            "template or a CSV file."
        ) from None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(
            "The file is not a readable XLSX workbook: upload the XLSX template or a CSV file."
        ) from None
    try:
        names = workbook.sheetnames
        sheet = workbook["records"] if "records" in names else workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list]] = []
        empty_run = 0
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if not any(c != "" for c in cells):
                empty_run += 1
                if empty_run > EMPTY_ROWS_LIMIT:
                    break
                continue
            empty_run = 0
            if headers is None:
                headers = [str(c).strip() for c in cells]
                continue
            rows.append((index, cells))
            _check_row_count(len(rows))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(
            "The file is not a readable XLSX workbook: upload the XLSX template or a CSV file."
        ) from None
    finally:
        workbook.close()
    return Table("xlsx", headers or [], rows)
