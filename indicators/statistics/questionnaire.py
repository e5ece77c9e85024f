"""Questionnaire layouts: a recipient's questionnaire (UNODC GLOTIP, GRETA's statistics annex,
...) filled from the transmission release of the signed-off years, as a workbook laid out
like the questionnaire.

A questionnaire is described by a versioned **mapping**, a JSON file in the folder
``indicators/statistics/questionnaires/`` (or in the folders of the setting
``THB_QUESTIONNAIRE_DIRS``): data, not code. A new questionnaire, or a new version of one, is
a new file (or an edit of the file and of its ``version``), never a change of this module. The
mapping says, sheet by sheet, which cell receives which count: a table code (``U3``, ``G1``,
...), a row key, a column key and a reference year, given as an offset from the year the
coordinator downloads for (``0`` that year, ``-1`` the year before, ... ``-3``), so that the
last four reference years sit side by side as UNODC asks. Its format (see the README's
"Questionnaires" section and the shipped files):

* ``id``, ``version``, ``title``, ``recipient``, ``source`` (where the layout was taken from),
  ``notes`` (printed in the workbook) and ``not_mapped`` (what the questionnaire asks that the
  tables do not provide: left empty, never invented, and listed in the workbook);
* ``sheets``: each with a ``name``, ``labels`` (fixed texts by cell, ``{"A1": "..."}``), and
  either ``lines`` or ``cells`` or both:

  - ``years`` ``{"row": 5, "columns": ["C", "D", "E", "F"]}``: the columns of the reference
    years, oldest first (the last column is the year downloaded for); the years are written in
    that row; ``flags`` ``{"columns": [...]}``: beside them, the confidentiality flag of each
    count; ``label_column`` (default ``A``);
  - ``lines``: ``{"row": 6, "label": "Women" or ["Female", "Presumed"], "table": "G1",
    "row_key": "female", "column_key": "presumed"}``: one count per year column;
  - ``cells``: ``{"cell": "C20", "flag_cell": "D20", "table": "U0", "row_key": "_T",
    "column_key": "count", "year": 0}``: one count in one cell.

:func:`validate` refuses a mapping that names an unknown table, row or column (or a cell twice)
with a message saying where; :func:`questionnaires` lists the valid mappings and the refused
files with their reasons.

Only the figures of record of **signed-off** years are written: the transmission stored with
each year's current final edition (exact counts and the confidentiality flags proposed at
sign-off, with the coordinator's changes of flag when given). A year that is not signed off, a
table that year's figures of record do not hold, leave their cells empty and say so in the
flag column and on the first sheet. The workbook holds exact counts: it is a transmission, for
the national coordinator to send to the recipient, never a public file; its confidentiality
flags tell the recipient which counts must not be published.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)

from indicators.statistics.declarations import DECLARATIONS
from indicators.statistics.protection import COUNT_COLUMN, TOTAL
from indicators.statistics.releases import CONF_CODES
from thb_data.spreadsheets import save_workbook

FOLDER = Path(__file__).with_name("questionnaires")
ABOUT_SHEET = "About this file"
MAX_YEARS = 10
NOT_AVAILABLE = "not available"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# The folders of a table with a funnel of stages as rows have no total row.
NO_TOTAL_ROW = ("stages", "stages.cases", "stages.sex_age", "legal_stages")
# Tables whose rows are the reference years themselves (the trend): not for a questionnaire.
YEAR_ROWS = ("victims.trend",)
FLAG_LEGEND = (
    "Confidentiality flag of each count (SDMX CONF_STATUS): "
    + "; ".join(CONF_CODES.values())
    + f"; '{NOT_AVAILABLE}': no figure of record (the year is not signed off, or its figures "
    "of record do not hold the table); the cell is left empty. The recipient applies "
    "confidentiality before publishing."
)


class MappingError(ValueError):
    """A questionnaire mapping that cannot be used, with every reason found."""

    def __init__(self, name: str, problems: list[str]):
        self.name = name
        self.problems = problems
        super().__init__(f"Questionnaire mapping {name}: " + " ".join(problems))


# --- what the tables can hold ---------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The rows and columns one table can have (``open``: the codes are those in the data,
    e.g. countries, so any code is accepted)."""

    rows: frozenset[str]
    cols: frozenset[str]
    rows_open: bool = False
    cols_open: bool = False

    def has_row(self, key: str) -> bool:
        return key in self.rows or (self.rows_open and key != TOTAL)

    def has_col(self, key: str) -> bool:
        return key in self.cols or (self.cols_open and key != TOTAL)


@cache
def table_layouts() -> dict[str, Layout]:
    """Every declared table's possible row and column codes, from the same dimensions the
    statistics engine counts by (no query: national code lists count as open)."""
    from indicators.statistics.engine import Dimension, _Engine
    from indicators.types import Context

    engine = _Engine.__new__(_Engine)  # only its dimensions: no territory, no records
    engine.context = Context(None, national_entries={})
    engine.year = 2000
    layouts = {}
    for code, declaration in DECLARATIONS.items():
        if declaration.source in YEAR_ROWS:
            continue
        try:
            if declaration.rows == "stage_sex":  # E4b: one row per stage and sex
                sex = engine.trafficker_dim("sex")
                row = Dimension(
                    "stage_sex",
                    [f"{stage}.{s}" for stage in declaration.stages for s in sex.codes],
                    {},
                    "",
                )
                col = engine.trafficker_dim(declaration.cols, declaration)
            elif declaration.unit in ("persons", "records"):
                row = engine.victim_dim(declaration.rows)
                col = declaration.cols and engine.victim_dim(declaration.cols)
            else:
                row = engine.trafficker_dim(declaration.rows, declaration)
                col = declaration.cols and engine.trafficker_dim(declaration.cols, declaration)
        except KeyError:  # a table counted by a dimension of its own (T7b): not mappable
            continue
        stages_as_rows = declaration.stages and declaration.rows != "stage_sex"
        rows = list(declaration.stages) if stages_as_rows else list(row.codes)
        rows_open = row.open or set(row.codes) <= {"unknown"}
        if declaration.source not in NO_TOTAL_ROW:
            rows.append(TOTAL)
        if not col:
            cols, cols_open = [COUNT_COLUMN], False
        else:
            cols, cols_open = [*col.codes, TOTAL], col.open or set(col.codes) <= {"unknown"}
        layouts[code] = Layout(frozenset(rows), frozenset(cols), rows_open, cols_open)
    return layouts


# --- the mapping ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One cell of the questionnaire and the count it receives."""

    sheet: str
    cell: str
    flag_cell: str
    table: str
    row: str
    col: str
    offset: int  # 0: the year downloaded for; -1 the year before; ...


@dataclass
class Questionnaire:
    id: str
    version: str
    title: str
    recipient: str
    source: str
    notes: list[str]
    not_mapped: list[dict]
    sheets: list[dict]
    targets: list[Target] = field(default_factory=list)
    file: str = ""

    @property
    def label(self) -> str:
        return f"{self.title} (mapping {self.id}, version {self.version})"

    @property
    def years(self) -> int:
        """How many reference years the questionnaire shows side by side."""
        return 1 - min((t.offset for t in self.targets), default=0)


def _cell_ok(text) -> bool:
    if not isinstance(text, str):
        return False
    try:
        column, row = coordinate_from_string(text.upper())
        return column_index_from_string(column) <= 16384 and 1 <= row <= 1048576
    except ValueError:
        return False


def _column_ok(text) -> bool:
    return isinstance(text, str) and _cell_ok(f"{text}1")


def validate(data: dict, name: str = "") -> Questionnaire:
    """The questionnaire of a mapping (its JSON, parsed), or :class:`MappingError` listing
    every problem: missing fields, an unknown table, row or column, a cell used twice, a year
    outside the last ten."""
    problems: list[str] = []
    name = name or str(data.get("id", "")) if isinstance(data, dict) else name
    if not isinstance(data, dict):
        raise MappingError(name, ["The file must hold one JSON object."])
    for key in ("id", "version", "title", "recipient", "sheets"):
        if not data.get(key):
            problems.append(f"'{key}' is missing.")
    if data.get("id") and not ID_PATTERN.match(str(data["id"])):
        problems.append(
            f"'id' {data['id']!r} must be lower-case letters, digits, '-' or '_' (it names "
            "the download)."
        )
    if problems:
        raise MappingError(name, problems)
    layouts = table_layouts()
    targets: list[Target] = []
    used: dict[tuple[str, str], str] = {}
    names = set()

    def use(sheet: str, cell: str, where: str):
        key = (sheet, cell.upper())
        if key in used:
            problems.append(f"{where}: cell {cell} is already used by {used[key]}.")
        used[key] = where

    def check_count(where, item):
        table, row, col = item.get("table"), item.get("row_key"), item.get("column_key")
        layout = layouts.get(table) if isinstance(table, str) else None
        if layout is None:
            problems.append(f"{where}: unknown table {table!r}.")
            return False
        ok = True
        if not isinstance(row, str) or not layout.has_row(row):
            expected = ", ".join(sorted(layout.rows))
            problems.append(
                f"{where}: table {table} has no row {row!r} (its rows: {expected}"
                + (", or a country code" if layout.rows_open else "")
                + ")."
            )
            ok = False
        if not isinstance(col, str) or not layout.has_col(col):
            expected = ", ".join(sorted(layout.cols))
            problems.append(
                f"{where}: table {table} has no column {col!r} (its columns: {expected})."
            )
            ok = False
        return ok

    sheets = data["sheets"] if isinstance(data["sheets"], list) else []
    if not sheets:
        problems.append("'sheets' must be a list of sheets.")
    for s, sheet in enumerate(sheets, start=1):
        sheet_name = sheet.get("name") if isinstance(sheet, dict) else None
        if (
            not isinstance(sheet_name, str)
            or not 0 < len(sheet_name) <= 31
            or any(c in sheet_name for c in "[]:*?/\\")
        ):
            problems.append(
                f"Sheet {s}: 'name' must be 1 to 31 characters, without [ ] : * ? / \\."
            )
            continue
        if sheet_name.casefold() == ABOUT_SHEET.casefold() or sheet_name.casefold() in names:
            problems.append(f"Sheet {sheet_name!r}: the name is already used.")
        names.add(sheet_name.casefold())
        labels = sheet.get("labels") or {}
        if not isinstance(labels, dict):
            problems.append(f'Sheet {sheet_name!r}: \'labels\' must be {{"A1": "text", ...}}.')
            labels = {}
        for cell, text in labels.items():
            if not _cell_ok(cell):
                problems.append(f"Sheet {sheet_name!r}: label cell {cell!r} is not a cell.")
            elif not isinstance(text, str):
                problems.append(f"Sheet {sheet_name!r}: the label of {cell} must be a text.")
            else:
                use(sheet_name, cell, f"sheet {sheet_name!r} label {cell}")
        lines, cells = sheet.get("lines") or [], sheet.get("cells") or []
        if not isinstance(lines, list) or not isinstance(cells, list):
            problems.append(f"Sheet {sheet_name!r}: 'lines' and 'cells' must be lists.")
            continue
        if lines:
            years = sheet.get("years") if isinstance(sheet.get("years"), dict) else {}
            year_cols = years.get("columns") or []
            flags = sheet.get("flags") if isinstance(sheet.get("flags"), dict) else {}
            flag_cols = flags.get("columns") or []
            label_col = sheet.get("label_column", "A")
            header_row = years.get("row")
            if (
                not isinstance(year_cols, list)
                or not year_cols
                or len(year_cols) > MAX_YEARS
                or not all(_column_ok(c) for c in year_cols)
                or not isinstance(header_row, int)
                or header_row < 1
            ):
                problems.append(
                    f"Sheet {sheet_name!r}: 'years' needs a 'row' and 1 to {MAX_YEARS} "
                    "'columns' (letters), oldest year first."
                )
                continue
            if (
                not isinstance(flag_cols, list)
                or len(flag_cols) != len(year_cols)
                or not all(_column_ok(c) for c in flag_cols)
            ):
                problems.append(
                    f"Sheet {sheet_name!r}: 'flags' needs one column per year column, for the "
                    "confidentiality flag of each count."
                )
                continue
            if not _column_ok(label_col):
                problems.append(f"Sheet {sheet_name!r}: 'label_column' is not a column.")
                continue
            for column in [*year_cols, *flag_cols]:
                use(sheet_name, f"{column}{header_row}", f"sheet {sheet_name!r} year heading")
            first_label = column_index_from_string(label_col.upper())
            for n, line in enumerate(lines, start=1):
                where = f"Sheet {sheet_name!r} line {n}"
                row = line.get("row") if isinstance(line, dict) else None
                if not isinstance(row, int) or row < 1:
                    problems.append(f"{where}: 'row' must be a row number.")
                    continue
                labels = line.get("label", [])
                labels = [labels] if isinstance(labels, str) else labels
                if not isinstance(labels, list) or not all(isinstance(t, str) for t in labels):
                    problems.append(f"{where}: 'label' must be a text or a list of texts.")
                    continue
                for k in range(len(labels)):
                    use(sheet_name, f"{get_column_letter(first_label + k)}{row}", f"{where} label")
                if not check_count(where, line):
                    continue
                for i, (year_col, flag_col) in enumerate(zip(year_cols, flag_cols, strict=True)):
                    cell, flag = f"{year_col}{row}".upper(), f"{flag_col}{row}".upper()
                    use(sheet_name, cell, where)
                    use(sheet_name, flag, where)
                    targets.append(
                        Target(
                            sheet_name,
                            cell,
                            flag,
                            line["table"],
                            line["row_key"],
                            line["column_key"],
                            i - (len(year_cols) - 1),
                        )
                    )
        for n, item in enumerate(cells, start=1):
            where = f"Sheet {sheet_name!r} cell {n}"
            if not isinstance(item, dict) or not _cell_ok(item.get("cell")):
                problems.append(f"{where}: 'cell' must be a cell such as C7.")
                continue
            if not _cell_ok(item.get("flag_cell")):
                problems.append(
                    f"{where}: 'flag_cell' (where the confidentiality flag goes) must be a cell."
                )
                continue
            offset = item.get("year", 0)
            if not isinstance(offset, int) or not -MAX_YEARS < offset <= 0:
                problems.append(
                    f"{where}: 'year' must be 0 (the year downloaded for) or a negative offset "
                    f"down to -{MAX_YEARS - 1}."
                )
                continue
            if not check_count(where, item):
                continue
            use(sheet_name, item["cell"], where)
            use(sheet_name, item["flag_cell"], where)
            targets.append(
                Target(
                    sheet_name,
                    item["cell"].upper(),
                    item["flag_cell"].upper(),
                    item["table"],
                    item["row_key"],
                    item["column_key"],
                    offset,
                )
            )
    if not targets and not problems:
        problems.append("The mapping fills no cell.")
    notes, not_mapped = data.get("notes", []), data.get("not_mapped", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append("'notes' must be a list of texts.")
    if not isinstance(not_mapped, list) or not all(
        isinstance(n, dict) and isinstance(n.get("item"), str) and isinstance(n.get("why"), str)
        for n in not_mapped
    ):
        problems.append('\'not_mapped\' must be a list of {"item": text, "why": text}.')
    if problems:
        raise MappingError(name, problems)
    return Questionnaire(
        id=str(data["id"]),
        version=str(data["version"]),
        title=str(data["title"]),
        recipient=str(data["recipient"]),
        source=str(data.get("source", "")),
        notes=list(notes),
        not_mapped=[dict(n) for n in not_mapped],
        sheets=sheets,
        targets=targets,
        file=name,
    )


def folders() -> list[Path]:
    extra = getattr(settings, "THB_QUESTIONNAIRE_DIRS", ()) or ()
    return [FOLDER, *(Path(p) for p in extra)]


def load(path: Path) -> Questionnaire:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MappingError(path.name, [f"The file is not readable JSON ({error})."]) from error
    try:
        return validate(data, path.name)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        if isinstance(error, MappingError):
            raise
        # A shape the checks above did not foresee: refused, never a broken page.
        raise MappingError(
            path.name, ["The file does not follow the questionnaire mapping format."]
        ) from error


def questionnaires() -> tuple[dict[str, Questionnaire], dict[str, str]]:
    """The valid mappings by id (the highest version where one id has several files), and the
    refused files with their reasons."""
    found: dict[str, Questionnaire] = {}
    refused: dict[str, str] = {}
    for folder in folders():
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            try:
                questionnaire = load(path)
            except MappingError as error:
                refused[path.name] = " ".join(error.problems)
                continue
            have = found.get(questionnaire.id)
            if have is None or _version_key(questionnaire.version) > _version_key(have.version):
                found[questionnaire.id] = questionnaire
    return found, refused


def _version_key(version: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version)]


# --- the figures of record of the years -----------------------------------------------------


@dataclass
class YearFigures:
    """One reference year of the questionnaire: its transmission cells by (table, row, column),
    or why there are none."""

    year: int
    edition: object = None  # the FinalEdition
    cells: dict[tuple[str, str, str], tuple[int, str]] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)
    missing: str = ""
    changed: dict[str, str] = field(default_factory=dict)  # flags the coordinator changed

    @property
    def available(self) -> bool:
        return not self.missing


def year_figures(territory, years: list[int], overrides: dict[str, str] | None = None):
    """The transmission cells of each year that is signed off, as stored with its current
    final edition (the coordinator's ``overrides`` of flags applied): two queries."""
    from indicators.statistics.final import TRANSMISSION, frozen_transmission
    from indicators.statistics.models import FinalEdition
    from thb_data.records import ReportingYear
    from thb_data.scoping import scopes_disabled

    with scopes_disabled():
        signed = set(
            ReportingYear.objects.filter(
                territory=territory, signed_off=True, year__in=years
            ).values_list("year", flat=True)
        )
        editions = {}
        for edition in FinalEdition.objects.filter(
            territory=territory, year__in=signed, reopened_at=None
        ).order_by("year", "number"):
            editions[edition.year] = edition  # the last (current) edition of a year wins
    out = []
    for year in years:
        figures = YearFigures(year)
        edition = editions.get(year)
        stored = (edition.releases or {}).get(TRANSMISSION) if edition is not None else None
        if year not in signed:
            figures.missing = "not signed off: no figures of record"
        elif stored is None:
            figures.missing = (
                "signed off before transmissions were kept: reopen the year and sign it off "
                "again to include it"
            )
        else:
            figures.edition = edition
            release = frozen_transmission(None, stored, overrides)
            for table in release.tables:
                figures.tables.add(table.code)
                for row, line in zip(table.row_codes, table.cells, strict=True):
                    for col, cell in zip(table.col_codes, line, strict=True):
                        figures.cells[(table.code, row, col)] = (int(cell.value), cell.flag)
                        if cell.flag != cell.proposed:
                            figures.changed[cell.key] = cell.flag
        out.append(figures)
    return out


def value_of(target: Target, figures: YearFigures) -> tuple[int | None, str]:
    """The count and flag a target cell receives from a year's figures of record."""
    if not figures.available or target.table not in figures.tables:
        return None, NOT_AVAILABLE
    found = figures.cells.get((target.table, target.row, target.col))
    if found is not None:
        return found
    layout = table_layouts().get(target.table)
    if layout is not None and (
        (layout.rows_open and target.row not in layout.rows)
        or (layout.cols_open and target.col not in layout.cols)
    ):
        # A country (or national category) nobody had that year: the tables list only the
        # codes present, so its count is zero.
        return 0, "F"
    return None, NOT_AVAILABLE


# --- the workbook ---------------------------------------------------------------------------


def write_questionnaire(
    questionnaire: Questionnaire, territory, year: int, figures: list[YearFigures]
) -> bytes:
    """The questionnaire's workbook: a first sheet saying what it holds (years, their final
    editions, what is missing and not mapped), then the questionnaire's sheets filled."""
    by_year = {f.year: f for f in figures}
    bold = Font(bold=True)
    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    first = year - questionnaire.years + 1
    lines = [
        questionnaire.title,
        f"{territory.name} ({territory.code}), reference years {first}-{year}. Filled by THB "
        f"Data from the figures of record of the signed-off years (transmission: exact counts "
        f"with confidentiality flags), questionnaire mapping {questionnaire.id} version "
        f"{questionnaire.version}.",
        "",
        "Reference years",
    ]
    for y in range(first, year + 1):
        f = by_year[y]
        if f.available:
            lines.append(
                f"{y}: final edition {f.edition.number}, signed off "
                f"{f.edition.signed_off_at:%Y-%m-%d}."
            )
        else:
            lines.append(f"{y}: {NOT_AVAILABLE}, {f.missing}; its cells are left empty.")
    lines += ["", FLAG_LEGEND, "", f"Recipient: {questionnaire.recipient}."]
    if questionnaire.source:
        lines.append(f"Layout taken from: {questionnaire.source}")
    lines += questionnaire.notes
    if questionnaire.not_mapped:
        lines += ["", "Asked by the questionnaire, not filled (the tables do not provide it):"]
        lines += [
            f"{item.get('item', '')}: {item.get('why', '')}" for item in questionnaire.not_mapped
        ]
    for text in lines:
        about.append([text])
    about["A1"].font = bold
    about["A4"].font = bold
    about.column_dimensions["A"].width = 120

    for sheet in questionnaire.sheets:
        ws = workbook.create_sheet(title=sheet["name"])
        for cell, text in (sheet.get("labels") or {}).items():
            ws[cell] = text
        if sheet.get("lines"):
            years = sheet["years"]
            count = len(years["columns"])
            for i, (year_col, flag_col) in enumerate(
                zip(years["columns"], sheet["flags"]["columns"], strict=True)
            ):
                y = year - (count - 1) + i
                ws[f"{year_col}{years['row']}"] = y
                ws[f"{year_col}{years['row']}"].font = bold
                ws[f"{flag_col}{years['row']}"] = f"Flag {y}"
                ws[f"{flag_col}{years['row']}"].font = bold
            first_label = column_index_from_string(sheet.get("label_column", "A").upper())
            for line in sheet["lines"]:
                labels = line.get("label", [])
                labels = [labels] if isinstance(labels, str) else list(labels)
                for k, text in enumerate(labels):
                    ws.cell(row=line["row"], column=first_label + k, value=text)
            ws.column_dimensions[get_column_letter(first_label)].width = 48
    sheets = {ws.title: ws for ws in workbook.worksheets}
    for target in questionnaire.targets:
        value, flag = value_of(target, by_year[year + target.offset])
        ws = sheets[target.sheet]
        ws[target.cell] = value
        ws[target.flag_cell] = flag
    return save_workbook(workbook)


def read_questionnaire(questionnaire: Questionnaire, content: bytes, year: int):
    """What a filled workbook holds at the mapping's cells:
    ``{(table, row, column, reference year): (value, flag)}`` (tests, checks before sending)."""
    workbook = load_workbook(io.BytesIO(content), read_only=False)
    out = {}
    for target in questionnaire.targets:
        ws = workbook[target.sheet]
        out[(target.table, target.row, target.col, year + target.offset)] = (
            ws[target.cell].value,
            ws[target.flag_cell].value,
        )
    return out


def fill(questionnaire: Questionnaire, territory, year: int, overrides=None):
    """The filled workbook of ``questionnaire`` for the reference years up to ``year``, and
    the figures of each year it was filled from."""
    years = list(range(year - questionnaire.years + 1, year + 1))
    figures = year_figures(territory, years, overrides)
    return write_questionnaire(questionnaire, territory, year, figures), figures
