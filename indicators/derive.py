"""Derived indicators: computed from the entered ones on every save and import, never typed in.

Each function takes a mapping of indicator codes to cleaned values and returns the value to store.
The catalogue names the function (``Indicator.derive``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from thb_data.dates import PartialDate, days_between, years_between


def _date(values: Mapping, code: str) -> PartialDate | None:
    try:
        return PartialDate.parse(values.get(code) or None)
    except ValueError:
        return None


def age_at_recruitment(values: Mapping):
    return years_between(_date(values, "v_date_of_birth"), _date(values, "v_recruitment_date"))


def age_at_identification(values: Mapping):
    return years_between(_date(values, "v_date_of_birth"), _date(values, "v_identification_date"))


def minor_flag(values: Mapping):
    """yes when under 18 at recruitment (else at identification); unknown without an age."""
    age = age_at_recruitment(values)
    if age is None:
        age = age_at_identification(values)
    if age is None:
        return "unknown"
    return "yes" if age < 18 else "no"


def exploitation_duration_days(values: Mapping):
    return days_between(_date(values, "v_exploitation_start"), _date(values, "v_exploitation_end"))


def age_at_offence(values: Mapping):
    return years_between(_date(values, "t_date_of_birth"), _date(values, "t_complaint_date"))


def proceedings_duration_days(values: Mapping):
    return days_between(_date(values, "t_complaint_date"), _date(values, "t_final_date"))


DERIVATIONS: dict[str, Callable[[Mapping], object]] = {
    f.__name__: f
    for f in (
        age_at_recruitment,
        age_at_identification,
        minor_flag,
        exploitation_duration_days,
        age_at_offence,
        proceedings_duration_days,
    )
}


# What each derivation returns: a yes/no/unknown flag, or a whole number.
FLAG_DERIVATIONS = frozenset({"minor_flag"})


def derive_all(database, values: Mapping) -> dict[str, object]:
    """Every derived indicator of ``database`` computed from ``values``."""
    return {
        ind.code: DERIVATIONS[ind.derive](values)
        for ind in database.indicators
        if ind.type == "derived"
    }
