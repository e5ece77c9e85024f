"""The columns of an import template, an import file and a record-level export: the same for all
three, so that an export can be imported again unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from indicators.schema import Indicator
from indicators.types import Context, type_of

UUID = "uuid"
RECORD_NUMBER = "record_number"
TERRITORY = "territory"
INSTITUTION = "institution"
STATUS = "status"
PC_FIRST_NAME = "pc_first_name"
PC_FAMILY_NAME = "pc_family_name"
PC_REGISTRATION_NUMBER = "pc_registration_number"  # a legal person's key instead of the code
PERSONAL_CODE_COLUMNS = (PC_FIRST_NAME, PC_FAMILY_NAME, PC_REGISTRATION_NUMBER)

# Coded types: the cell holds a code (or the exact label) from a list.
CODED_TYPES = frozenset(
    {"single", "yesno", "country", "national", "multi", "countries", "national_multi"}
)
MULTIPLE_TYPES = frozenset({"multi", "countries", "national_multi"})


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    definition: str
    kind: str  # "system", "personal_code", "indicator", "flag"
    indicator: Indicator | None = None

    @property
    def is_coded(self) -> bool:
        return (
            self.indicator is not None
            and self.kind == "indicator"
            and (self.indicator.type in CODED_TYPES)
        )

    @property
    def is_multiple(self) -> bool:
        return self.is_coded and self.indicator.type in MULTIPLE_TYPES


SYSTEM_COLUMNS = (
    Column(
        UUID,
        "Record identifier (UUID)",
        "Leave empty for a new record. Filled in an export: a row with the UUID of an existing "
        "record updates that record.",
        "system",
    ),
    Column(
        RECORD_NUMBER,
        "Record number",
        "Filled by the system (e.g. RS-V000012); ignored on import.",
        "system",
    ),
    Column(
        TERRITORY,
        "Territory",
        "Code of the territory (e.g. RS). Optional: records are always imported into your "
        "territory; a row naming another territory is refused.",
        "system",
    ),
    Column(
        INSTITUTION,
        "Data-providing institution",
        "Name of the institution. Optional: new records belong to the institution chosen when "
        "uploading; a row naming another institution is refused.",
        "system",
    ),
    Column(
        STATUS,
        "Record status",
        "draft or complete (a complete record must have every core indicator and the personal "
        "code). Empty: draft for a new record, unchanged for an existing one.",
        "system",
    ),
    Column(
        PC_FIRST_NAME,
        "First two letters of the first name",
        "Element of the personal code: only the first two letters. They are turned into an "
        "anonymous code and are never stored. Empty on an existing record: the code is kept.",
        "personal_code",
    ),
    Column(
        PC_FAMILY_NAME,
        "First two letters of the family name",
        "Element of the personal code: only the first two letters; never stored.",
        "personal_code",
    ),
)


@cache
def columns_for(database) -> tuple[Column, ...]:
    """Every column, in template order: system columns, personal code, then each entered
    indicator (with its "estimated" flag after a date that has one), in catalogue order."""
    result = list(SYSTEM_COLUMNS)
    if database.legal_person:
        result.append(
            Column(
                PC_REGISTRATION_NUMBER,
                "Registration number of the legal person",
                f"Only when {database.legal_person} is yes (a legal person has no personal "
                "code: leave the letters empty): the number in the business register of its "
                "country of registration. Turned into an anonymous key and never stored.",
                "personal_code",
            )
        )
    for ind in database.indicators:
        if not ind.is_entered:
            continue
        definition = ind.definition
        if ind.type in MULTIPLE_TYPES:
            definition += " Several codes separated by ';'."
        if ind.type == "date":
            definition += (
                " Write YYYY-MM-DD, or YYYY-MM / YYYY when only the month or the year is known."
                if ind.partial
                else " Write YYYY-MM-DD."
            )
        if ind.condition is not None:
            definition += (
                f" Only when {ind.condition.indicator} is {' or '.join(ind.condition.values)}."
            )
        result.append(Column(ind.code, ind.label, definition, "indicator", ind))
        for name in type_of(ind).extra_form_fields(ind, Context()):
            result.append(
                Column(
                    name,
                    f"{ind.label}: estimated",
                    "yes when the date is an estimate, else empty.",
                    "flag",
                    ind,
                )
            )
    return tuple(result)


def column_map(database) -> dict[str, Column]:
    return {column.name: column for column in columns_for(database)}


def indicator_column_names(database) -> list[str]:
    """Names of the indicator and flag columns: the fields of the web form."""
    return [c.name for c in columns_for(database) if c.kind in ("indicator", "flag")]


# The derived columns an export adds after the template's (ignored on import), per
# database: (name, what it says).
DERIVED_COLUMNS = {
    "victims": (
        ("person_key", "Pseudonym of the person within this file: records with the same "
         "pseudonym are one person (never the stored personal code)."),
        ("counted_year", "Reference year in which this record counts the person (empty when "
         "it does not count)."),
        ("counted_status", "Status the person counts with in that year."),
        ("not_counted_reason", "Why the record does not count (empty when it counts)."),
        ("re_trafficked", "yes when the counted episode is a new episode of a person counted "
         "in an earlier year."),
        ("age_at_identification", "Age in completed years at identification."),
        ("age_at_recruitment", "Age in completed years at recruitment."),
        ("child_at_recruitment", "Under 18 at recruitment (yes / no / unknown)."),
        ("child_at_identification", "Under 18 at identification (yes / no / unknown)."),
    ),
    "traffickers": (
        ("person_key", "Pseudonym of the person within this file: records with the same "
         "pseudonym are one person (never the stored personal code)."),
        ("suspected_year", "Year of the complaint (the person is suspected in that year)."),
        ("prosecuted_year", "Year of the indictment."),
        ("convicted_first_year", "Year of the conviction at first instance."),
        ("convicted_final_year", "Year of the final conviction."),
        ("linked_cases", "Criminal cases of the person's records."),
        ("linked_victims", "Victim records linked to this record's criminal case."),
    ),
}  # fmt: skip
EXPORT_ONLY = frozenset(name for table in DERIVED_COLUMNS.values() for name, _t in table)
