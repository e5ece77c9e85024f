"""The data dictionary: the catalogue as rows a person reads, downloads as CSV or XLSX, and
compares with the handbook.

Everything here is computed from the catalogue alone (no database), so the pages, the downloads
and ``manage.py export_catalogue`` always say the same thing. National code list entries belong to
a territory and are never part of the downloads: the pages show the signed-in user's own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from indicators.catalogue import (
    CATALOGUE_DATE,
    CATALOGUE_VERSION,
    CODE_LISTS,
    DATABASES,
    NATIONAL_LISTS,
)
from indicators.catalogue.versions import changes
from indicators.countries import KOSOVO, STATELESS
from indicators.schema import CONFIDENCE_TAGS, MISSING_LABELS, Database, Indicator, gettext_noop
from indicators.types import YES_NO, DerivedType, type_of
from thb_data import spreadsheets

TYPE_LABELS = {
    "single": gettext_noop("Single choice"),
    "multi": gettext_noop("Multiple choice"),
    "country": gettext_noop("Country"),
    "countries": gettext_noop("Countries"),
    "national": gettext_noop("Single choice from a national list"),
    "national_multi": gettext_noop("Multiple choice from a national list"),
    "yesno": gettext_noop("Yes / no"),
    "integer": gettext_noop("Whole number"),
    "amount": gettext_noop("Amount of money"),
    "date": gettext_noop("Date"),
    "text": gettext_noop("Short text"),
    "derived": gettext_noop("Derived (computed, never typed in)"),
    "system": gettext_noop("Filled by the system"),
}

LEVEL_LABELS = {
    "P": gettext_noop("Person"),
    "E": gettext_noop("Event"),
    "P/E": gettext_noop("Person and event"),
}

COUNTRY_CATEGORIES = (
    f"ISO 3166-1 alpha-2 country codes (e.g. RS=Serbia, AL=Albania); {KOSOVO}=Kosovo*; "
    f"{STATELESS}=Stateless"
)

# Columns of the CSV download and of each database sheet of the XLSX download, in order.
COLUMNS = (
    ("code", "code"),
    ("database", "database"),
    ("section", "section"),
    ("label", "label"),
    ("type", "type"),
    ("code_list", "code list"),
    ("categories", "categories"),
    ("core_optional", "core/optional"),
    ("condition", "condition"),
    ("confidence", "confidence"),
    ("definition", "definition"),
    ("handbook_part", "handbook part"),
    ("unit", "unit"),
    ("level", "level"),
    ("stage", "stage"),
    ("note", "note"),
)


def neutralise(value) -> str:
    """The text of a cell, with a leading apostrophe when a spreadsheet would run it."""
    return spreadsheets.neutralise("" if value is None else str(value))


@dataclass(frozen=True)
class CategoryRow:
    code: str
    label: str
    definition: str = ""
    is_missing: bool = False


def database_of(code: str) -> Database | None:
    """The database whose indicator has ``code`` (None when no indicator has it)."""
    for database in DATABASES.values():
        if any(ind.code == code for ind in database.indicators):
            return database
    return None


def find_indicator(code: str) -> tuple[Database, Indicator] | None:
    database = database_of(code)
    if database is None:
        return None
    return database, database.get(code)


def is_national(ind: Indicator) -> bool:
    return ind.type in ("national", "national_multi")


def categories(ind: Indicator) -> list[CategoryRow]:
    """The regional categories of ``ind`` (code, label, definition), then its allowed missing
    values. Countries and national lists have no fixed categories here (see
    ``categories_text``)."""
    rows: list[CategoryRow] = []
    if ind.type == "yesno":
        rows = [CategoryRow(code, label) for code, label in YES_NO]
    elif ind.type == "derived" and DerivedType.is_flag(ind):
        rows = [CategoryRow(code, label) for code, label in YES_NO]
        rows.append(CategoryRow("unknown", MISSING_LABELS["unknown"], is_missing=True))
        return rows
    elif ind.code_list in CODE_LISTS:
        rows = [
            CategoryRow(c.code, c.label, c.definition) for c in CODE_LISTS[ind.code_list].categories
        ]
    rows.extend(CategoryRow(code, MISSING_LABELS[code], is_missing=True) for code in ind.missing)
    return rows


def categories_text(ind: Indicator) -> str:
    """Categories as ``code=label`` pairs joined with "; ", allowed missing values included."""
    parts = []
    if ind.type in ("country", "countries"):
        parts.append(COUNTRY_CATEGORIES)
    elif is_national(ind):
        national = NATIONAL_LISTS[ind.code_list]
        parts.append(f"national list “{national.label}” ({ind.code_list}), kept by each territory")
        if national.maps_to:
            regional = CODE_LISTS[national.maps_to]
            parts.append(f"each entry counts under a category of {regional.code}")
            parts.extend(f"{c.code}={c.label}" for c in regional.categories)
    parts.extend(f"{row.code}={row.label}" for row in categories(ind))
    return "; ".join(parts)


def condition_text(database: Database, ind: Indicator) -> str:
    """When ``ind`` applies, in words: "applies when v_exploitation_form includes labour"."""
    condition = ind.condition
    if condition is None:
        return ""
    parent = database.get(condition.indicator)
    verb = "includes" if type_of(parent).multiple else "is"
    return f"applies when {parent.code} {verb} {' or '.join(condition.values)}"


def unit_text(ind: Indicator) -> str:
    """Unit and range: "1–100 times", "≥ 0 EUR", "YYYY, YYYY-MM or YYYY-MM-DD"."""
    if ind.type == "integer":
        low, high = ind.min_value, ind.max_value
        if low is not None and high is not None:
            bounds = f"{low}–{high}"
        elif low is not None:
            bounds = f"≥ {low}"
        elif high is not None:
            bounds = f"≤ {high}"
        else:
            bounds = ""
        return " ".join(part for part in (bounds, ind.unit) if part)
    if ind.type == "amount":
        return f"≥ 0 {ind.unit or 'EUR'}"
    if ind.type == "date":
        text = "YYYY-MM-DD, YYYY-MM or YYYY" if ind.partial else "YYYY-MM-DD"
        if ind.estimated_flag:
            text += ", may be marked as estimated"
        return text
    if ind.type == "countries" and ind.ordered:
        return "in order"
    if ind.type == "text":
        return f"up to {ind.max_length} characters"
    return ind.unit


def section_title(database: Database, code: str) -> str:
    for section in database.sections:
        if section.code == code:
            return section.title
    return ""


def stage_title(database: Database, code: str) -> str:
    for stage in database.stages:
        if stage.code == code:
            return stage.title
    return ""


def code_list_name(ind: Indicator) -> str:
    if ind.type in ("country", "countries"):
        return "countries (ISO 3166-1)"
    return ind.code_list or ""


def row(database: Database, ind: Indicator) -> dict[str, str]:
    """One row of the data dictionary (keys: the first item of each of ``COLUMNS``)."""
    return {
        "code": ind.code,
        "database": database.code,
        "section": f"{ind.section}. {section_title(database, ind.section)}",
        "label": ind.label,
        "type": ind.type,
        "code_list": code_list_name(ind),
        "categories": categories_text(ind),
        "core_optional": "core" if ind.core else "optional",
        "condition": condition_text(database, ind),
        "confidence": ind.confidence,
        "definition": ind.definition,
        "handbook_part": ind.handbook_part,
        "unit": unit_text(ind),
        "level": ind.level,
        "stage": ind.stage,
        "note": ind.note,
    }


def rows(database: Database | None = None) -> list[dict[str, str]]:
    """Rows of every indicator, database by database, in catalogue order."""
    databases = [database] if database else list(DATABASES.values())
    return [row(db, ind) for db in databases for ind in db.indicators]


def version_text() -> str:
    """ "Catalogue version 2.0 (2026-12-02)": what every download and page says."""
    return f"Catalogue version {CATALOGUE_VERSION} ({CATALOGUE_DATE})"


CHANGE_LOG_COLUMNS = ("version", "date", "what", "why", "source", "codes", "data migrations")


def change_log_rows() -> list[tuple[str, ...]]:
    """The change log, newest version first, one row per change."""
    return [
        (
            change.version,
            change.date,
            change.what,
            change.why,
            change.source,
            ", ".join(change.codes),
            ", ".join(change.migrations),
        )
        for change in changes()
    ]


def catalogue_csv() -> str:
    """The data dictionary as CSV text: what /indicators/export.csv and ``manage.py
    export_catalogue`` both give. Every row carries the catalogue version; the change log is
    in the XLSX download and on the dictionary page."""
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer, lineterminator="\r\n")
    writer.writerow([*(key for key, _ in COLUMNS), "catalogue_version"])
    for item in rows():
        writer.writerow([*(neutralise(item[key]) for key, _ in COLUMNS), CATALOGUE_VERSION])
    return buffer.getvalue()


def code_list_rows() -> list[tuple[str, str, str, str, str]]:
    """(list, list label, scope, code, label) of every regional category and national list."""
    result = []
    for code_list in CODE_LISTS.values():
        for category in code_list.categories:
            result.append(
                (code_list.code, code_list.label, "regional", category.code, category.label)
            )
    for code, label in MISSING_LABELS.items():
        result.append(("missing_values", "Missing values", "regional", code, label))
    for national in NATIONAL_LISTS.values():
        result.append(
            (
                national.code,
                national.label,
                "national (kept by each territory in the back office)",
                "",
                national.definition,
            )
        )
    return result


def catalogue_xlsx() -> bytes:
    """The data dictionary as an XLSX workbook: one sheet per database, then "Code lists"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)

    def add_sheet(title, header, body):
        sheet = workbook.create_sheet(title=title)
        sheet.append([neutralise(h) for h in header])
        for cell in sheet[1]:
            cell.font = bold
        for values in body:
            sheet.append([neutralise(v) for v in values])
        sheet.freeze_panes = "A2"

    for database in DATABASES.values():
        add_sheet(
            database.code.capitalize(),
            [title for _, title in COLUMNS],
            ([item[key] for key, _ in COLUMNS] for item in rows(database)),
        )
    add_sheet("Code lists", ["list", "list label", "scope", "code", "label"], code_list_rows())
    add_sheet("Change log", list(CHANGE_LOG_COLUMNS), change_log_rows())
    add_sheet(
        "Confidence tags",
        ["tag", "meaning"],
        ((tag, text) for tag, text in CONFIDENCE_TAGS.items()),
    )
    return spreadsheets.save_workbook(workbook)


def maps_to_labels(national_list: str) -> dict[str, str]:
    """Labels of the regional categories that a national list's entries map onto."""
    target = NATIONAL_LISTS[national_list].maps_to
    if not target:
        return {}
    return {c.code: c.label for c in CODE_LISTS[target].categories}
