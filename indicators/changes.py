"""The change planner: what saving a record would do, worked out without touching the database.

The data-entry form, ``save_record`` and the spreadsheet import all ask ``plan_change`` what a
save means: given the record as stored (or None for a new one), the new values, the personal
code built from its elements and the status, it returns the values to store (conditions applied,
derived indicators computed), the reporting year, the person the record counts as, the audit
diff, and every problem (the rules of §9, completeness, the personal code, a signed-off year),
with its message written here once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators import rules
from indicators.derive import derive_all
from indicators.rules import Issue
from thb_data.records import RecordStatus, YearSignedOff

# Where problems of the personal code are reported (the form field, the import column).
CODE_FIELD = "pc_first_name"
CODE_REQUIRED = gettext_noop("The personal code is required to complete a record.")
CODE_ELEMENTS_CHANGED = gettext_noop(
    "The date of birth, sex or citizenship changed: give the first letters of the names again so "
    "that the personal code is rebuilt."
)
COMPLETE = RecordStatus.COMPLETE


def year_signed_off(year: int) -> str:
    return str(YearSignedOff(year))


def jsonable(value):
    """A value as the audit trail stores it."""
    if value is None or isinstance(value, str | int | bool | list):
        return value
    return str(value)


@dataclass
class ChangePlan:
    creating: bool
    values: dict  # every indicator value the record will hold, derived ones included
    status: str
    reporting_year: int
    personal_code: dict | None = None  # hash, near-match and letter keys, when (re)built
    person_key: str | None = None  # the person the record will count as; None: unchanged
    changes: dict = field(default_factory=dict)  # the audit diff: name -> [before, after]
    problems: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [p for p in self.problems if p.level == rules.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [p for p in self.problems if p.level == rules.WARNING]

    @property
    def changed(self) -> bool:
        return self.creating or bool(self.changes)


def plan_change(
    model,
    *,
    current,
    values: Mapping,
    status: str,
    personal_code: dict | None = None,
    rule_context: rules.RuleContext | None = None,
    default_year: int,
    locked_years: Collection[int] = (),
    asks_code: bool = True,
    apply_conditions: bool = True,
) -> ChangePlan:
    """What saving ``values`` into ``current`` (a stored record of ``model``, or None) means.

    ``values`` may hold part of the record (a stage of the proceedings): the record's other
    values are kept. ``rule_context``: the rules of §9 are checked (None: not checked, for
    callers that checked them already). ``locked_years``: the signed-off years of the record's
    territory, when the caller knows them. ``asks_code``: whether the letters of the personal
    code were asked for (a stage form does not ask). ``default_year``: the reporting year when
    the record has no reporting date (the year of entry).
    """
    database = model.database
    before = current.indicator_values() if current is not None else {}
    merged = {**before, **values}
    if apply_conditions:
        merged = rules.apply_conditions(database, merged)
    merged.update(derive_all(database, merged))
    year = model.reporting_year_for(merged, default=default_year)
    plan = ChangePlan(
        creating=current is None,
        values=merged,
        status=status,
        reporting_year=year,
        personal_code=personal_code or None,
    )
    complete = status == COMPLETE
    if rule_context is not None:
        plan.problems.extend(rules.check(database, merged, rule_context, complete=complete))
    has_code = current is not None and bool(current.personal_code_hash)
    if database.is_legal_person(merged):
        asks_code = False  # a legal person has no personal code (an optional registration key)
    if asks_code and complete and not personal_code and not has_code:
        plan.problems.append(Issue(CODE_FIELD, _(CODE_REQUIRED)))
    elements_changed = any(
        merged.get(code) != before.get(code) for code in database.code_elements if code
    )
    if asks_code and has_code and not personal_code and elements_changed:
        plan.problems.append(Issue(CODE_FIELD, _(CODE_ELEMENTS_CHANGED)))

    if current is None:
        if year in locked_years:
            plan.problems.append(Issue("", year_signed_off(year)))
        plan.person_key = personal_code["personal_code_hash"] if personal_code else ""
        return plan

    plan.changes = {
        name: [jsonable(before.get(name)), jsonable(value)]
        for name, value in merged.items()
        if before.get(name) != value
    }
    new_hash = personal_code and personal_code.get("personal_code_hash")
    if new_hash:
        if new_hash != current.personal_code_hash:
            plan.changes["personal_code"] = ["(hash)", "(new hash)"]
        # The person follows the code, unless the coordinator set it when resolving duplicates.
        if current.person_key in ("", current.personal_code_hash):
            plan.person_key = new_hash
    if status != current.status:
        plan.changes["status"] = [current.status, status]
    if plan.changes:
        for locked in (current.reporting_year, year):
            if locked in locked_years:
                plan.problems.append(Issue("", year_signed_off(locked)))
                break
    return plan
