"""Every generated spreadsheet goes through here: cells that a spreadsheet program would run as a
formula (or a DDE command) are written as text.

A text cell whose first character, after any spaces, is ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return, a line feed, NUL, or a full-width ``＝ ＋ － ＠`` (which some spreadsheet
programs read as their ASCII counterparts) gets a leading apostrophe: OWASP's advice for CSV
injection, extended. The importer takes the apostrophe off again (``unneutralise``), so an export
imports back unchanged. Numbers stay numbers; only text is changed.

Writers: :func:`csv_writer` (a ``csv.writer`` whose rows are neutralised), :func:`save_workbook`
(neutralises every cell of every sheet of an openpyxl workbook, then saves it) and
:func:`neutralise_cells` for write-only workbooks, whose cells cannot be revisited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "＝", "＋", "－", "＠")
# First characters worth a closer look (most cells start with none of them).
_SUSPECT = frozenset((" ", *FORMULA_TRIGGERS))


def is_triggering(text: str) -> bool:
    """Would a spreadsheet program read ``text`` as a formula?"""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def neutralise(value):
    """``value`` as a cell that no spreadsheet runs: triggering text with an apostrophe in
    front; anything that is not text (numbers, dates, None) unchanged."""
    if isinstance(value, str) and value and value[0] in _SUSPECT and is_triggering(value):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: ``'=x`` back to ``=x`` (any other text unchanged)."""
    if len(text) > 1 and text[0] == "'" and is_triggering(text[1:]):
        return text[1:]
    return text


def neutralise_cells(cells: Iterable) -> list:
    return [neutralise(cell) for cell in cells]


class _SafeWriter:
    """A ``csv.writer`` that neutralises every cell it writes."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(neutralise_cells(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(buffer, **options) -> _SafeWriter:
    return _SafeWriter(csv.writer(buffer, **options))


def neutralise_workbook(workbook) -> None:
    """Make every cell of every sheet of ``workbook`` (not write-only) safe: formulas and
    triggering text become text with a leading apostrophe."""
    for sheet in workbook.worksheets:
        # The cells that exist (iterating rows would create the empty ones of the rectangle).
        for cell in list(sheet._cells.values()):
            value = cell.value
            if value is None or isinstance(value, int | float):
                continue
            if cell.data_type == "f" or not isinstance(value, str):
                if hasattr(value, "text"):  # ArrayFormula, DataTableFormula
                    value = value.text or ""
                elif not isinstance(value, str):
                    continue  # dates, times, booleans
                text = str(value)
                cell.value = "'" + text if is_triggering(text) else text
            elif is_triggering(value):
                cell.value = "'" + value
            if cell.data_type == "f":
                cell.data_type = "s"


def save_workbook(workbook) -> bytes:
    """The bytes of ``workbook`` with every cell neutralised (see :func:`neutralise_workbook`)."""
    if not getattr(workbook, "write_only", False):
        neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class NeutralisingResourceMixin:
    """For django-import-export resources (before ``ModelResource`` in the bases): every cell
    they export neutralised, headers included. The library's own escaping
    (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) only looks for a few prefixes."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return neutralise_cells(super().get_export_headers(selected_fields))
