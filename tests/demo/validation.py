"""Checking a stored record against everything a person entering it would face: the form
fields' validation (code lists, ranges, dates) and the rules of spec §9."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from indicators import rules
from indicators.derive import derive_all
from indicators.forms import build_indicator_fields
from indicators.types import Context


def record_problems(record, context: Context) -> list[str]:
    """Every reason ``record`` could not have been saved through the form (empty: valid)."""
    database = record.database
    values = record.indicator_values()
    problems = []
    for name, form_field in build_indicator_fields(database, context).items():
        value = values.get(name)
        try:
            form_field.clean(value if value is not None else "")
        except ValidationError as error:
            problems.append(f"{name}={value!r}: {'; '.join(error.messages)}")
    if rules.apply_conditions(database, values) != values:
        problems.append("an answer is given to a question that does not apply")
    derived = derive_all(database, values)
    for name, value in derived.items():
        if values.get(name) != value:
            problems.append(f"{name} stored {values.get(name)!r}, derived {value!r}")
    issues = rules.check(
        database,
        values,
        rules.RuleContext(record.territory.code),
        complete=record.status == "complete",
    )
    problems.extend(f"{i.field}: {i.message}" for i in issues)
    return problems
