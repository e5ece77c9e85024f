"""Validating an import: every cell through the web form's own field, every row through the
same conditions, cross-field rules, derivations and personal-code construction as the form, and
the whole file against scope, duplicates and signed-off years. Produces a plan (what would be
created, updated or left unchanged) and every problem by row and column. Nothing is written here.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators import rules
from indicators.changes import plan_change
from indicators.exchange import columns as cols
from indicators.exchange.config import Exchange
from indicators.exchange.parse import ImportFileError, SealedCode, Table
from indicators.forms import PersonalCodeMixin, build_indicator_fields
from indicators.i18n import text as catalogue_text
from indicators.types import Context, type_of
from thb_data.accounts.models import Institution
from thb_data.personal_code import (
    LEGAL_PERSON_HAS_NO_CODE,
    REGISTRATION_NUMBER_ONLY_FOR_LEGAL_PERSONS,
    PersonalCodeError,
    code_keys,
    normalise_letters,
    registration_keys,
)
from thb_data.records import RecordStatus, ReportingYear
from thb_data.scoping import scope_for
from thb_data.spreadsheets import unneutralise  # the export's protection, undone

# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@")
# The first characters of a cell that may be a formula or neutralised (most cells are neither).
SUSPECT_START = frozenset((" ", "'", *FORMULA_START))
# Problems kept for display (all are counted).
MAX_PROBLEMS_SHOWN = 1000
FLAG_TRUE = frozenset({"yes", "true", "1", "x", "y", "estimated"})
FLAG_FALSE = frozenset({"", "no", "false", "0", "n"})
UUID_CHUNK = 2000


@dataclass(frozen=True)
class Problem:
    row: int | None  # row number as the spreadsheet shows it; None for the whole file
    column: str  # column code, or "" for the whole row
    message: str
    value: str = ""


@dataclass
class PlannedRow:
    row: int
    action: str  # "create", "update" or "unchanged"
    record: object  # the record to insert (create) or the changed record (update)
    changes: dict = field(default_factory=dict)
    expected_version: int | None = None
    previous_person_key: str = ""  # updates: the person the record counted as before


@dataclass
class Report:
    exchange: Exchange
    file_name: str
    territory: object
    institution: object
    total_rows: int = 0
    planned: list[PlannedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    # Row number -> keyed hashes of the row's personal code (kept for the confirmation).
    personal_codes: dict[int, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_PROBLEMS_SHOWN:
            self.errors.append(problem)

    def add_warning(self, problem: Problem) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_PROBLEMS_SHOWN:
            self.warnings.append(problem)

    def count(self, action: str) -> int:
        return sum(1 for p in self.planned if p.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.total_rows,
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "errors": self.error_count,
            "warnings": self.warning_count,
        }

    def versions(self) -> dict[str, int]:
        """Version of every record the plan updates, as seen now (checked again on confirm)."""
        return {
            str(p.record.uuid): p.expected_version for p in self.planned if p.action == "update"
        }


def is_formula(cell) -> bool:
    return isinstance(cell, str) and cell.lstrip(" ").startswith(FORMULA_START)


def code_list_sheet(ind) -> str:
    """Name of the template sheet listing the codes of ``ind``."""
    if ind.type == "yesno":
        return "yes_no"
    if ind.type in ("country", "countries"):
        return "countries"
    return ind.code_list or ind.code


CHOICE_SEPARATOR = " – "


def choice_text(code: str, label) -> str:
    """A dropdown entry of the import template, "female – Female": read as its code."""
    return f"{code}{CHOICE_SEPARATOR}{label}"


class _CellCleaner:
    """Cleans cells of one column with the form field of the web form, remembering results (the
    same text in the same column always cleans to the same value)."""

    def __init__(self, column: cols.Column, form_field: forms.Field, context: Context):
        self.column = column
        self.field = form_field
        self.cache: dict = {}
        self.codes: dict[str, str] | None = None
        if column.is_coded:
            ind = column.indicator
            choices = type_of(ind).choices(ind, context)
            lookup: dict[str, str] = {}
            for code, label in choices:
                lookup.setdefault(str(label).strip().casefold(), code)
            for code, label in choices:
                lookup[code.casefold()] = code
                # The template's dropdowns offer "code – label".
                lookup[choice_text(code, label).casefold()] = code
            self.exact = {code for code, _ in choices}
            self.codes = lookup
            self.sheet = code_list_sheet(ind)

    def _code(self, text: str) -> str | None:
        if text in self.exact:
            return text
        return self.codes.get(text.strip().casefold())

    def _unknown(self, texts) -> ValidationError:
        shown = ", ".join(f"“{t}”" for t in texts)
        return ValidationError(
            _(
                "Unknown code %(codes)s: use a code (or its exact label) from the sheet "
                "“%(sheet)s” of the template."
            )
            % {"codes": shown, "sheet": self.sheet}
        )

    def _prepare(self, cell):
        column = self.column
        if column.kind == "flag":
            text = str(cell).strip().casefold()
            if text in FLAG_TRUE:
                return True
            if text in FLAG_FALSE:
                return False
            raise ValidationError(_("Write “yes” when the date is an estimate, or leave it empty."))
        ind = column.indicator
        prepared = type_of(ind).import_value(cell)
        if self.codes is None:
            return prepared
        if column.is_multiple:
            result, unknown = [], []
            for part in prepared:
                code = self._code(part)
                if code is None and "," in part:  # "MK, RS": a route typed with commas
                    for piece in (p.strip() for p in part.split(",") if p.strip()):
                        piece_code = self._code(piece)
                        if piece_code is None:
                            unknown.append(piece)
                        else:
                            result.append(piece_code)
                    continue
                if code is None:
                    unknown.append(part)
                else:
                    result.append(code)
            if unknown:
                raise self._unknown(unknown)
            return result
        if prepared == "":
            return ""
        code = self._code(prepared)
        if code is None:
            raise self._unknown([prepared])
        return code

    def clean(self, cell):
        """(value, None) or (None, message). Cells are text, numbers or ISO dates: hashable."""
        result = self.cache.get(cell)
        if result is None:
            try:
                result = (self.field.clean(self._prepare(cell)), None)
            except ValidationError as error:
                result = (None, " ".join(error.messages))
            self.cache[cell] = result
        return result


def record_factory(model):
    """A function that builds an unsaved ``model`` instance from a dict of attribute values
    (``territory_id``, indicator codes...), the fields it does not name at their defaults.

    The instance is built from positional values, the way Django builds the rows it reads:
    for a record of 125 columns that takes half the time of keyword arguments.
    """
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    missing = object()

    def build(values: dict):
        get = values.get
        row = [get(name, missing) for name in attnames]
        defaults = [index for index, value in enumerate(row) if value is missing]
        for index in defaults:
            row[index] = fields[index].get_default()
        if len(row) - len(defaults) != len(values):
            unknown = sorted(set(values) - set(attnames))
            raise TypeError(f"{model.__name__} has no field {', '.join(unknown)}.")
        return model(*row)

    return build


class ImportValidator:
    """Validates tables for one importer, one target institution and one database."""

    def __init__(self, exchange: Exchange, *, user, institution):
        self.exchange = exchange
        self.database = exchange.database
        self.model = exchange.model
        self.user = user
        self.institution = institution
        self.territory = institution.territory
        self.columns = cols.column_map(self.database)

    # --- the header ------------------------------------------------------------------------

    def read_header(self, table: Table) -> dict[str, int]:
        """Position of every column of the file; raises ImportFileError on a bad header."""
        labels = {c.label.casefold(): c.name for c in self.columns.values()}
        positions: dict[str, int] = {}
        unknown, repeated = [], []
        for index, header in enumerate(table.headers):
            name = header.strip().lower()
            if not name or name in cols.EXPORT_ONLY:  # derived columns of an export: ignored
                continue
            if name not in self.columns:
                unknown.append(header)
            elif name in positions:
                repeated.append(header)
            else:
                positions[name] = index
        hints = [
            _("“%(header)s” (the code is %(code)s)")
            % {"header": h, "code": labels[h.strip().casefold()]}
            if h.strip().casefold() in labels
            else f"“{h}”"
            for h in unknown[:10]
        ]
        if not positions:
            named = [
                hint
                for h, hint in zip(unknown[:10], hints, strict=False)
                if h.strip().casefold() in labels
            ]
            example = f"{self.database.prefix}sex"
            message = (
                _(
                    "The first row is not the header: it must hold the column codes of the "
                    "template (such as %(example)s), not labels or data: %(named)s. Download the "
                    "template and copy your data into it."
                )
                if named
                else _(
                    "The first row is not the header: it must hold the column codes of the "
                    "template (such as %(example)s), not labels or data. Download the template "
                    "and copy your data into it."
                )
            )
            raise ImportFileError(message % {"example": example, "named": ", ".join(named)})
        if unknown:
            shown = ", ".join(hints) + (_(" and more") if len(unknown) > 10 else "")
            raise ImportFileError(
                ngettext(
                    "Unknown column in the header: %(columns)s. The first row must hold the "
                    "column codes of the template.",
                    "Unknown columns in the header: %(columns)s. The first row must hold the "
                    "column codes of the template.",
                    len(unknown),
                )
                % {"columns": shown}
            )
        if repeated:
            raise ImportFileError(
                _("The column %(columns)s appears more than once in the header.")
                % {"columns": ", ".join(repeated)}
            )
        if not any(self.columns[name].kind in ("indicator", "flag") for name in positions):
            raise ImportFileError(
                _("The header has no indicator columns: use the column codes of the template.")
            )
        width = len(table.headers)
        for row_number, cells in table.rows[:1000]:
            extra = [c for c in cells[width:] if str(c).strip()]
            if extra or any(
                str(cells[i]).strip()
                for i, h in enumerate(table.headers)
                if not h.strip()
                if i < len(cells)
            ):
                raise ImportFileError(
                    _(
                        "Row %(row)s has values in a column without a header code: every "
                        "column with data needs its code in the first row."
                    )
                    % {"row": row_number}
                )
        return positions

    def _is_label_row(self, cells, positions) -> bool:
        shown = [(name, str(cells[i]).strip()) for name, i in positions.items() if i < len(cells)]
        shown = [(name, text) for name, text in shown if text]
        return bool(shown) and all(
            text.removesuffix("●").strip().casefold() == self.columns[name].label.casefold()
            for name, text in shown
        )

    # --- the rows ---------------------------------------------------------------------------

    def validate(self, table: Table, *, file_name: str = "") -> Report:
        with scope_for(self.user):
            return self._validate(table, file_name)

    def _validate(self, table: Table, file_name: str) -> Report:
        report = Report(self.exchange, file_name, self.territory, self.institution)
        positions = self.read_header(table)
        rows = table.rows
        if rows and self._is_label_row(rows[0][1], positions):
            rows = rows[1:]
        if not rows:
            raise ImportFileError("The file is empty: it has a header but no rows of data.")
        report.total_rows = len(rows)

        context = Context(self.territory)
        form_fields = build_indicator_fields(self.database, context)
        present = [name for name in positions if self.columns[name].kind in ("indicator", "flag")]
        cleaners = {
            name: _CellCleaner(self.columns[name], form_fields[name], context) for name in present
        }
        pc_fields = PersonalCodeMixin.base_fields
        rule_context = rules.RuleContext(territory_code=self.territory.code)
        indicator_names = cols.indicator_column_names(self.database)
        empty = {
            name: (
                False
                if self.columns[name].kind == "flag"
                else type_of(self.columns[name].indicator).empty_value()
            )
            for name in indicator_names
        }
        existing = self._existing_records(rows, positions.get(cols.UUID))
        institutions = {
            i.name.strip().casefold(): i
            for i in Institution.objects.filter(territory_id=self.territory.pk)
        }
        locked_years = set(
            ReportingYear.objects.filter(
                territory_id=self.territory.pk, signed_off=True
            ).values_list("year", flat=True)
        )
        today_year = timezone.localdate().year
        now = timezone.now()
        statuses = {str(label).casefold(): code for code, label in RecordStatus.choices}
        statuses.update({code.casefold(): code for code in RecordStatus.values})
        seen_rows: dict[tuple, int] = {}
        seen_uuids: dict[uuid_module.UUID, int] = {}
        new_record = record_factory(self.model)

        for row_number, cells in rows:
            problems: list[Problem] = []

            def error(column, message, value="", _row=row_number, _problems=problems):
                if column in cols.PERSONAL_CODE_COLUMNS:
                    value = ""  # never echo the elements of the personal code
                _problems.append(Problem(_row, column, message, str(value)[:80]))

            def cell(name, _cells=cells):
                index = positions.get(name)
                if index is None or index >= len(_cells):
                    return ""
                return _cells[index]

            key = tuple(str(c).strip() for c in cells)
            key = key[: max((i + 1 for i, c in enumerate(key) if c), default=0)]
            if key in seen_rows:
                error(
                    "",
                    _("Row %(row)s repeats row %(earlier)s exactly: a duplicate.")
                    % {"row": row_number, "earlier": seen_rows[key]},
                )
            else:
                seen_rows[key] = row_number

            # Formulas, anywhere in the row; then undo the export's neutralisation.
            raw: dict[str, object] = {}
            for name in positions:
                value = cell(name)
                if isinstance(value, str) and value and value[0] in SUSPECT_START:
                    if is_formula(value):
                        error(
                            name,
                            _(
                                "A formula (a cell starting with =, +, - or @) is not accepted: "
                                "type the value itself."
                            ),
                            value,
                        )
                        value = ""
                    else:
                        value = unneutralise(value)
                raw[name] = value

            # The record: new, or an existing one of the importer's scope.
            record = None
            uuid_text = str(raw.get(cols.UUID, "")).strip()
            if uuid_text:
                try:
                    record_uuid = uuid_module.UUID(uuid_text)
                except ValueError:
                    error(cols.UUID, _("Not a record identifier (UUID)."), uuid_text)
                else:
                    if record_uuid in seen_uuids:
                        error(
                            cols.UUID,
                            _("The same record (UUID) is already on row %(row)s: a duplicate row.")
                            % {"row": seen_uuids[record_uuid]},
                            uuid_text,
                        )
                    seen_uuids.setdefault(record_uuid, row_number)
                    record = existing.get(record_uuid)
                    if record is None:
                        error(
                            cols.UUID,
                            _(
                                "No record with this UUID among the records you may change (it "
                                "belongs to another territory or institution, or was deleted)."
                            ),
                            uuid_text,
                        )

            territory_text = str(raw.get(cols.TERRITORY, "")).strip()
            if territory_text and territory_text.upper() not in (
                self.territory.code,
                self.territory.name.upper(),
            ):
                error(
                    cols.TERRITORY,
                    _(
                        "This file is imported into %(name)s (%(code)s): the row names another "
                        "territory."
                    )
                    % {"name": self.territory.name, "code": self.territory.code},
                    territory_text,
                )
            target_institution = record.institution if record is not None else self.institution
            institution_text = str(raw.get(cols.INSTITUTION, "")).strip()
            if institution_text:
                named = institutions.get(institution_text.casefold())
                if named is None or named.pk != target_institution.pk:
                    error(
                        cols.INSTITUTION,
                        _("The row belongs to %(name)s: it names another institution.")
                        % {"name": target_institution.name},
                        institution_text,
                    )

            status_text = str(raw.get(cols.STATUS, "")).strip().casefold()
            status = None
            if status_text:
                status = statuses.get(status_text)
                if status is None:
                    error(cols.STATUS, _("Write draft or complete."), status_text)
            if status is None:
                status = record.status if record is not None else RecordStatus.DRAFT

            # Cells, through the web form's fields.
            cleaned: dict[str, object] = {}
            for name in present:
                value, message = cleaners[name].clean(raw[name])
                if message:
                    error(name, message, raw[name])
                else:
                    cleaned[name] = value

            letters = {}
            # An upload stored for confirmation holds the keys in its first code column.
            sealed = next(
                (
                    raw[name]
                    for name in cols.PERSONAL_CODE_COLUMNS
                    if isinstance(raw.get(name), SealedCode)
                ),
                None,
            )
            letters[cols.PC_REGISTRATION_NUMBER] = (
                "" if sealed else str(raw.get(cols.PC_REGISTRATION_NUMBER, "") or "").strip()[:40]
            )
            for name in (cols.PC_FIRST_NAME, cols.PC_FAMILY_NAME):
                if isinstance(sealed, SealedCode):
                    letters[name] = ""
                    continue
                try:
                    letters[name] = pc_fields[name].clean(str(raw.get(name, "")).strip())
                except ValidationError as exc:
                    error(name, " ".join(exc.messages))
                    letters[name] = ""

            if problems:
                for problem in problems:
                    report.add_error(problem)
                continue

            # The row's values: the record's current ones (update) or empty (create), with the
            # file's columns on top.
            values = {**(record.indicator_values() if record is not None else empty), **cleaned}
            for name, value in cleaned.items():
                column = self.columns[name]
                if column.kind != "indicator":
                    continue
                if type_of(column.indicator).is_empty(value):
                    continue
                if column.indicator.natural_person_only and self.database.is_legal_person(values):
                    error(
                        name,
                        f"Given, but it does not apply: {column.indicator.label} is not "
                        f"recorded for a legal person ({self.database.legal_person} is yes). "
                        "Leave it empty.",
                        raw[name],
                    )
                    continue
                if column.indicator.condition is None:
                    continue
                if not rules.applies(self.database, name, values):
                    condition = column.indicator.condition
                    parent = self.database.get(condition.indicator)
                    error(
                        name,
                        _(
                            "Given, but it does not apply: %(label)s is only recorded when "
                            "%(parent)s (%(code)s) is %(values)s. Leave it empty."
                        )
                        % {
                            "label": catalogue_text(column.indicator.label),
                            "parent": catalogue_text(parent.label),
                            "code": parent.code,
                            "values": _(" or ").join(condition.values),
                        },
                        raw[name],
                    )
            if isinstance(sealed, SealedCode):
                personal_code = sealed.keys
            else:
                personal_code = self._personal_code(letters, values, error)
            if personal_code:
                report.personal_codes[row_number] = personal_code
            code_failed = bool(
                letters[cols.PC_FIRST_NAME]
                or letters[cols.PC_FAMILY_NAME]
                or letters[cols.PC_REGISTRATION_NUMBER]
            ) and (personal_code is None)
            # What saving the row means: the same plan as the web form's save.
            plan = plan_change(
                self.model,
                current=record,
                values=values,
                status=status,
                personal_code=personal_code,
                rule_context=rule_context,
                default_year=today_year,
                locked_years=locked_years,
                asks_code=not code_failed,
            )
            for issue in plan.problems:
                if issue.level == rules.WARNING:
                    report.add_warning(Problem(row_number, issue.field, issue.message))
                else:
                    error(issue.field, issue.message)
            if problems:
                for problem in problems:
                    report.add_error(problem)
                continue

            if record is None:
                instance = new_record(
                    {
                        **plan.values,
                        "territory_id": self.territory.pk,
                        "institution_id": self.institution.pk,
                        "reporting_year": plan.reporting_year,
                        "status": status,
                        "created_by_id": self.user.pk,
                        "updated_by_id": self.user.pk,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        **(plan.personal_code or {}),
                        "person_key": plan.person_key,
                    }
                )
                report.planned.append(PlannedRow(row_number, "create", instance))
                continue
            if not plan.changes:
                report.planned.append(
                    PlannedRow(row_number, "unchanged", record, expected_version=record.version)
                )
                continue
            expected = record.version
            previous_person_key = record.person_key
            for name, value in plan.values.items():
                setattr(record, name, value)
            for name, value in (plan.personal_code or {}).items():
                setattr(record, name, value)
            if plan.person_key is not None:
                record.person_key = plan.person_key
            record.status = status
            record.reporting_year = plan.reporting_year
            record.updated_by_id = self.user.pk
            record.updated_at = now
            record.version = expected + 1
            report.planned.append(
                PlannedRow(
                    row_number,
                    "update",
                    record,
                    plan.changes,
                    expected_version=expected,
                    previous_person_key=previous_person_key,
                )
            )
        return report

    def _existing_records(self, rows, uuid_index) -> dict:
        """The records of the importer's scope that the file's UUIDs name (a query per 2,000)."""
        if uuid_index is None:
            return {}
        wanted = set()
        for _row, cells in rows:
            text = str(cells[uuid_index]).strip() if uuid_index < len(cells) else ""
            if text:
                try:
                    wanted.add(uuid_module.UUID(text))
                except ValueError:
                    continue
        wanted = list(wanted)
        found = {}
        for start in range(0, len(wanted), UUID_CHUNK):
            queryset = (
                self.model.objects.editable_by(self.user)
                .filter(uuid__in=wanted[start : start + UUID_CHUNK])
                .select_related("territory", "institution")
            )
            for record in queryset:
                found[record.uuid] = record
        return found

    def _personal_code(self, letters, values, error) -> dict | None:
        first, family = letters[cols.PC_FIRST_NAME], letters[cols.PC_FAMILY_NAME]
        number = letters[cols.PC_REGISTRATION_NUMBER]
        if self.database.is_legal_person(values):
            if first or family:
                error(
                    cols.PC_FIRST_NAME,
                    LEGAL_PERSON_HAS_NO_CODE,
                )
                return None
            if not number:
                return None
            try:
                return registration_keys(
                    registration_number=number,
                    country=values.get(self.exchange.code_elements[2]) or "",
                )
            except PersonalCodeError as exc:
                error(cols.PC_REGISTRATION_NUMBER, str(exc))
                return None
        if number:
            error(
                cols.PC_REGISTRATION_NUMBER,
                REGISTRATION_NUMBER_ONLY_FOR_LEGAL_PERSONS,
            )
            return None
        if not first and not family:
            return None
        failed = False
        for name, text in ((cols.PC_FIRST_NAME, first), (cols.PC_FAMILY_NAME, family)):
            try:
                normalise_letters(text)
            except PersonalCodeError as exc:
                error(name, str(exc))
                failed = True
        if failed:
            return None
        dob_code, sex_code, citizenship_code = self.exchange.code_elements
        try:
            return code_keys(
                first_name=first,
                family_name=family,
                date_of_birth=values.get(dob_code),
                sex=values.get(sex_code),
                citizenship=values.get(citizenship_code),
                prefix=self.exchange.personal_code_prefix,
            )
        except PersonalCodeError as exc:
            error(dob_code, str(exc))
            return None


def validate_table(table: Table, *, exchange: Exchange, user, institution, file_name="") -> Report:
    return ImportValidator(exchange, user=user, institution=institution).validate(
        table, file_name=file_name
    )
