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
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old Office formats
NOT_SPREADSHEET_MAGIC = {
    b"%PDF": gettext_lazy("a PDF document"),
    b"\x89PNG": gettext_lazy("a PNG image"),
    b"\xff\xd8\xff": gettext_lazy("a JPEG image"),
    b"GIF8": gettext_lazy("a GIF image"),
    b"\x1f\x8b": gettext_lazy("a gzip archive"),
    b"Rar!": gettext_lazy("a RAR archive"),
    b"7z\xbc\xaf": gettext_lazy("a 7-Zip archive"),
    b"MZ": gettext_lazy("a program"),
    b"\x7fELF": gettext_lazy("a program"),
}
# Stop reading an XLSX sheet after this many empty rows in a row (formatting down to row 1M).
EMPTY_ROWS_LIMIT = 1000
# An XLSX import file has a dozen parts; the template about twenty.
MAX_ARCHIVE_MEMBERS = 500
# openpyxl reads the shared strings whole: they may take this fraction of the unpacked limit.
SHARED_STRINGS_SHARE = 4


def _grouped(number: int) -> str:
    """A count in a message, with the thousands separator of the user's language."""
    return formats.number_format(number, use_l10n=True, force_grouping=True)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SealedCode:
    """In the rows of an upload stored for confirmation, the cell of ``pc_first_name``: the
    keyed hashes that the validation built from the letters, which are not kept."""

    personal_code_hash: str
    near_match_key: str
    letter_keys: str

    def __str__(self):
        return self.personal_code_hash

    @property
    def keys(self) -> dict[str, str]:
        return {
            "personal_code_hash": self.personal_code_hash,
            "near_match_key": self.near_match_key,
            "letter_keys": self.letter_keys,
        }


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    # (row number as the spreadsheet shows it, cells in header order)
    rows: list[tuple[int, list]] = field(default_factory=list)


def _too_wide(row: int, column: int, max_columns: int) -> str:
    return _(
        "Row %(row)s has a value in column %(column)s: a file may have at most %(max)s columns "
        "(the template has far fewer). Delete the columns that are not in the template."
    ) % {"row": row, "column": column, "max": max_columns}


def _limit_message(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB.") % {"size": f"{max_bytes / 1024 / 1024:.0f}"}


def read_table(data: bytes, file_name: str = "") -> Table:
    """The header and the non-empty rows of ``data``; raises ImportFileError."""
    max_bytes = settings.THB_IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        raise ImportFileError(
            _("%(limit)s Split it into smaller files (at most %(rows)s rows each).")
            % {"limit": _limit_message(max_bytes), "rows": settings.THB_IMPORT_MAX_ROWS}
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) or as "
                "CSV UTF-8, then upload it again."
            )
        )
    else:
        for magic, what in NOT_SPREADSHEET_MAGIC.items():
            if data.startswith(magic):
                raise ImportFileError(
                    _(
                        "The file is %(what)s, not a spreadsheet: upload the XLSX template or a "
                        "CSV file."
                    )
                    % {"what": what}
                )
        table = _read_csv(data)
    if not table.headers:
        raise ImportFileError(
            _(
                "The file has no header: the first row must hold the column codes of the "
                "template (download the template)."
            )
        )
    return table  # rows are checked after the header (ImportValidator)


class _Limits:
    """The bounds of what a file may unpack to, checked cell by cell while it is read, so that a
    small file that unpacks to a huge sheet is refused before it fills the memory.

    Counted: rows with a value, columns (the last one with a value), cells (every position up to
    the last value of each row: what the importer holds) and, for XLSX, the bytes unpacked.
    Repeated texts (codes, mostly) are kept once.
    """

    def __init__(self):
        self.max_rows = settings.THB_IMPORT_MAX_ROWS
        self.max_columns = settings.THB_IMPORT_MAX_COLUMNS
        self.max_cells = settings.THB_IMPORT_MAX_CELLS
        self.max_unpacked = settings.THB_IMPORT_MAX_UNPACKED_BYTES
        self.rows = 0
        self.cells = 0
        self.texts: dict[str, str] = {}

    def row(self, index: int, cells: list) -> list:
        """``cells`` (trailing empty ones dropped), counted; raises ImportFileError."""
        while cells and cells[-1] == "":
            cells.pop()
        if len(cells) > self.max_columns:
            raise ImportFileError(_too_wide(index, len(cells), self.max_columns))
        self.cells += len(cells)
        if self.cells > self.max_cells:
            raise ImportFileError(
                _(
                    "The file holds more than %(cells)s cells (reading stopped at row %(row)s): "
                    "split it into smaller files."
                )
                % {"cells": _grouped(self.max_cells), "row": index}
            )
        texts = self.texts
        return [texts.setdefault(c, c) if type(c) is str else c for c in cells]

    def data_row(self) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise ImportFileError(
                _("The file has more than %(rows)s rows: split it into smaller files.")
                % {"rows": _grouped(self.max_rows)}
            )

    def unpacked_message(self, size: int) -> str:
        return _(
            "The workbook unpacks to %(size)s MB or more, more than the %(limit)s MB an import "
            "may hold: split it into smaller files, or save it as CSV."
        ) % {
            "size": _grouped(round(size / 1024 / 1024)),
            "limit": _grouped(round(self.max_unpacked / 1024 / 1024)),
        }


def _read_csv(data: bytes) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _(
                "The file is in UTF-16 (“Unicode text”): save it as “CSV UTF-8 (comma "
                "delimited)” and upload it again."
            )
        )
    if b"\x00" in data:
        raise ImportFileError(
            _(
                "The file is not a spreadsheet (it holds binary data): upload the XLSX "
                "template or a CSV file."
            )
        )
    try:
        text = data.decode("utf-8-sig")  # at most THB_IMPORT_MAX_BYTES
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not in UTF-8 (the encoding fails on line %(line)s): in Excel "
                "choose “Save as” → “CSV UTF-8 (comma delimited)”, or upload the XLSX template."
            )
            % {"line": line}
        ) from None
    end = text.find("\n", 0, 1_000_000)
    first_line = text[: end if end >= 0 else 1_000_000].strip()
    if not first_line:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    del text
    limits = _Limits()
    headers: list[str] | None = None
    rows: list[tuple[int, list]] = []
    try:
        for index, cells in enumerate(reader, start=1):
            cells = limits.row(index, cells)
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            limits.data_row()
            rows.append((index, cells))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from None
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


class _CountingReader(io.RawIOBase):
    """A member of the archive, read through a count of the bytes it unpacks to."""

    def __init__(self, source, limits: _Limits, already: int):
        self.source = source
        self.limits = limits
        self.count = already

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.source.read(len(buffer))
        self.count += len(data)
        if self.count > self.limits.max_unpacked:
            raise ImportFileError(self.limits.unpacked_message(self.count))
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self.source.close()
        super().close()


def _check_archive(data: bytes, limits: _Limits) -> int:
    """Refuse a workbook whose members declare more than the limit once unpacked (Python's
    zipfile never gives more than a member declares: a member that would unpack to more fails
    its check). Returns the declared size of everything but the sheets (read on top of them)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(
            _("The file is not a readable XLSX workbook: upload the XLSX template or a CSV file.")
        ) from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ImportFileError(
            _(
                "The workbook holds %(parts)s parts: not an import file. Upload the XLSX "
                "template or a CSV file."
            )
            % {"parts": len(members)}
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked:
        raise ImportFileError(limits.unpacked_message(total))
    strings = sum(m.file_size for m in members if m.filename.endswith("sharedStrings.xml"))
    if strings > limits.max_unpacked // SHARED_STRINGS_SHARE:
        # Read whole into memory by openpyxl: a smaller share of the limit.
        raise ImportFileError(limits.unpacked_message(strings * SHARED_STRINGS_SHARE))
    return sum(m.file_size for m in members if "/worksheets/" not in m.filename)


def _sheet_rows(source, reader, limits: _Limits):
    """(row number, values) of every row of the sheet ``source`` that holds a cell, the values
    up to the last cell with a value, read as the XML streams in: a row is never widened to the
    sheet's declared dimensions, and nothing past a limit is read."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = reader.wb
    parser = WorkSheetParser(
        io.BufferedReader(source),
        reader.shared_strings,
        data_only=False,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    for index, cells in parser.parse():
        present = [(c["column"], c["value"]) for c in cells if c["value"] not in (None, "")]
        if not present:
            yield index, []
            continue
        width = max(column for column, _ in present)
        if width > limits.max_columns:
            raise ImportFileError(_too_wide(index, width, limits.max_columns))
        values = [None] * width
        for column, value in present:
            values[column - 1] = value
        yield index, values


def _open_xlsx(data: bytes):
    """openpyxl's reader with the workbook's parts read (shared strings, styles, sheet list),
    but no worksheet opened: opening one the usual way scans a sheet without declared
    dimensions to its end. Returns the reader and the archive path of the sheet to import."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    if not sheets:
        raise ValueError("no worksheet")
    path = dict(sheets).get("records", sheets[0][1])
    return reader, path


def _read_xlsx(data: bytes) -> Table:
    limits = _Limits()
    unpacked = _check_archive(data, limits)
    try:
        reader, path = _open_xlsx(data)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError(
            _(
                "The file is not a readable XLSX workbook%(detail)s: upload the XLSX template "
                "or a CSV file."
            )
            % {"detail": f" ({type(error).__name__})" if settings.DEBUG else ""}
        ) from None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(
            _("The file is not a readable XLSX workbook: upload the XLSX template or a CSV file.")
        ) from None
    try:
        headers: list[str] | None = None
        rows: list[tuple[int, list]] = []
        empty_run = 0
        with _CountingReader(reader.archive.open(path), limits, unpacked) as source:
            for index, values in _sheet_rows(source, reader, limits):
                cells = limits.row(index, [_xlsx_cell(v) for v in values])
                if not any(c != "" for c in cells):
                    empty_run += 1
                    if empty_run > EMPTY_ROWS_LIMIT:
                        break
                    continue
                empty_run = 0
                if headers is None:
                    headers = [str(c).strip() for c in cells]
                    continue
                limits.data_row()
                rows.append((index, cells))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(
            _("The file is not a readable XLSX workbook: upload the XLSX template or a CSV file.")
        ) from None
    finally:
        reader.archive.close()
    return Table("xlsx", headers or [], rows)
