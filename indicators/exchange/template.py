"""The downloadable XLSX import template of a database, built from the catalogue.

Sheet ``records``: row 1 the column codes (what the importer reads), row 2 the labels, a comment
on each code with its definition; a dropdown in every single-choice coded column. One sheet per
code list (codes and labels, the territory's own entries for national lists), and a hidden sheet
``_choices`` holding each dropdown's entries, "code – label" (the importer reads the code; a bare
code or the exact label is accepted too).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.schema import MISSING_LABELS
from indicators.types import Context, type_of
from thb_data.spreadsheets import save_workbook

from . import columns as cols
from .config import Exchange
from .validate import choice_text, code_list_sheet

TEMPLATE_ROWS = 10000  # rows of the data sheet that get dropdowns and text formats
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
CORE_FILL = PatternFill("solid", fgColor="F6E3B4")


def _sheet_title(name: str) -> str:
    return name[:31]


def build_template(exchange: Exchange, territory=None) -> bytes:
    """The template workbook for ``exchange`` (national lists of ``territory``), as bytes."""
    context = Context(territory)
    columns = cols.columns_for(exchange.database)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "records"
    choices_sheet = workbook.create_sheet("_choices")
    choices_sheet.sheet_state = "hidden"
    code_sheets: dict[str, list[tuple[str, str]]] = {}
    last_row = TEMPLATE_ROWS + 2
    choice_column = 0

    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        code_cell = sheet.cell(row=1, column=index, value=column.name)
        label = column.label
        ind = column.indicator
        if ind is not None and ind.core and column.kind == "indicator":
            label += " ●"
        label_cell = sheet.cell(row=2, column=index, value=label)
        code_cell.font = Font(bold=True)
        code_cell.fill = CORE_FILL if label.endswith("●") else HEADER_FILL
        label_cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = column.definition
        if column.is_coded:
            note += f" Codes: sheet “{code_list_sheet(ind)}”."
        code_cell.comment = Comment(note, "THB Data", width=320, height=160)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.name) + 4))
        if column.kind != "indicator":
            continue
        if ind.type == "date":
            # Text, so that spreadsheet programs keep "1990" or "1990-03" as typed.
            sheet.column_dimensions[letter].number_format = "@"
        if not column.is_coded:
            continue
        choices = type_of(ind).choices(ind, context)
        sheet_name = code_list_sheet(ind)
        listed = code_sheets.setdefault(sheet_name, [])
        known = {code for code, _ in listed}
        listed.extend((code, label) for code, label in choices if code not in known)
        if column.is_multiple or not choices:
            continue
        choice_column += 1
        choice_letter = get_column_letter(choice_column)
        choices_sheet.cell(row=1, column=choice_column, value=column.name)
        for offset, (code, choice_label) in enumerate(choices, start=2):
            choices_sheet.cell(
                row=offset, column=choice_column, value=choice_text(code, choice_label)
            )
        validation = DataValidation(
            type="list",
            formula1=(
                f"{quote_sheetname('_choices')}!${choice_letter}$2:"
                f"${choice_letter}${len(choices) + 1}"
            ),
            allow_blank=True,
            showErrorMessage=True,
            # A warning, not a stop: a bare code typed in is accepted too.
            errorStyle="warning",
            errorTitle="Not an entry of the list",
            error=f"Choose from the list, or type a code of the sheet “{sheet_name}”.",
        )
        validation.add(f"{letter}3:{letter}{last_row}")
        sheet.add_data_validation(validation)

    sheet.freeze_panes = "A3"
    sheet.row_dimensions[2].height = 45
    for name, entries in code_sheets.items():
        code_sheet = workbook.create_sheet(_sheet_title(name))
        code_sheet.append(["code", "label"])
        code_sheet["A1"].font = code_sheet["B1"].font = Font(bold=True)
        for code, label in entries:
            code_sheet.append([code, str(label)])
        code_sheet.column_dimensions["A"].width = 28
        code_sheet.column_dimensions["B"].width = 60
    _readme(workbook, exchange)
    # Labels and codes of national lists are typed in by coordinators: every cell as text.
    return save_workbook(workbook)


def _readme(workbook, exchange: Exchange) -> None:
    sheet = workbook.create_sheet("how_to", 1)
    lines = [
        f"Import template: {exchange.label}",
        "",
        "One row per record on the sheet “records”, from row 3 (row 1 holds the column codes the "
        "importer reads, row 2 the labels: keep both).",
        "Coded columns take a code (or its exact label) from the sheet named in the code's "
        "comment; single-choice columns have a dropdown of “code – label” entries (typing the "
        "bare code works too).",
        "Several answers: codes separated by a semicolon, e.g. sexual;labour.",
        "Dates: YYYY-MM-DD; where the catalogue allows it, YYYY-MM or YYYY when only the month "
        "or year is known.",
        "Missing values: "
        + ", ".join(f"{c} ({label})" for c, label in MISSING_LABELS.items())
        + ", where the indicator allows them.",
        "pc_first_name / pc_family_name: the first two letters of the names, for the anonymous "
        "personal code. They are not stored.",
        "uuid: leave empty for new records; rows exported from THB Data keep it, so importing "
        "them again updates those records instead of duplicating them.",
        "No formulas: cells starting with =, +, - or @ are refused.",
        "CSV works too: UTF-8, the same column codes in the first row.",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120
