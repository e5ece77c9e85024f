"""The vocabulary of the catalogue: databases, sections, code lists and indicators.

The catalogue itself (``indicators/catalogue/``) is a declaration in these terms; the machinery in
``indicators/types.py`` turns each indicator into its model field, form field, validator, filter,
import/export column and statistical dimension.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


# No-op translation markers: the catalogue stays importable without Django, and ``makemessages``
# extracts the strings they wrap (``pgettext_noop`` through thb_data's makemessages command). The
# pages translate them where they are shown (indicators/i18n.py): category labels with their
# code list as the context, everything else without one.
def gettext_noop(message: str) -> str:
    return message


def pgettext_noop(context: str, message: str) -> str:
    return message


# Missing values that every categorical indicator may offer besides its real categories.
UNKNOWN = "unknown"
NOT_APPLICABLE = "not_applicable"
DECLINED = "declined_to_answer"
MISSING_LABELS = {
    UNKNOWN: gettext_noop("Unknown"),
    NOT_APPLICABLE: gettext_noop("Not applicable"),
    DECLINED: gettext_noop("Declined to answer"),
}
ALL_MISSING = (UNKNOWN, NOT_APPLICABLE, DECLINED)

CONFIDENCE_TAGS = {
    "C": gettext_noop("Confirmed from a source text"),
    "R-H": gettext_noop("Reconstructed, high confidence"),
    "R-M": gettext_noop("Reconstructed, medium confidence"),
    "R-L": gettext_noop("Reconstructed, low confidence, or a proposal for a national system"),
}

# Types understood by the type table (indicators/types.py).
TYPES = (
    "single",  # one code from a regional code list
    "multi",  # several codes from a regional code list
    "country",  # one ISO 3166-1 alpha-2 code (plus XK, stateless, unknown)
    "countries",  # several countries (ordered when ``ordered=True``)
    "national",  # one code from the territory's national code list ``code_list``
    "national_multi",  # several codes from the territory's national code list
    "yesno",  # yes / no, plus the allowed missing values
    "integer",  # whole number with ``unit``, ``min_value``, ``max_value``
    "amount",  # money (decimal, >= 0) with ``unit`` (currency, EUR by default)
    "date",  # ISO date; ``partial=True`` also accepts YYYY and YYYY-MM
    "text",  # short free text; never identifying details
    "derived",  # computed from other indicators by ``derive`` (never typed in)
    "system",  # filled by the system from the record base (``source``), never typed in
)


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    definition: str = ""


@dataclass(frozen=True)
class CodeList:
    """A regional code list: part of the catalogue, the same in every territory."""

    code: str
    label: str
    categories: tuple[Category, ...]
    note: str = ""

    def codes(self) -> list[str]:
        return [c.code for c in self.categories]


@dataclass(frozen=True)
class NationalList:
    """A code list that each territory maintains itself (municipalities, courts, articles...)."""

    code: str
    label: str
    definition: str = ""
    # Optional regional code list that each national entry maps onto, for regional comparison
    # (for example a criminal-code article maps onto a legal-qualification category).
    maps_to: str | None = None


@dataclass(frozen=True)
class Condition:
    """When an indicator applies: ``indicator``'s value is, or for a multiple choice includes,
    one of ``values``."""

    indicator: str
    values: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.indicator} in ({', '.join(self.values)})"


@dataclass(frozen=True)
class Section:
    code: str  # "A", "B", ...
    title: str
    description: str = ""


# Elements of the personal code an indicator can be (Indicator.code_element).
CODE_DATE_OF_BIRTH, CODE_SEX, CODE_CITIZENSHIP = "date_of_birth", "sex", "citizenship"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    type: str
    section: str
    confidence: str
    handbook_part: str  # e.g. "Part 3, section C"
    level: str = "E"  # "P" person, "E" event, "P/E"
    code_list: str | None = None  # regional CodeList.code or NationalList.code
    missing: tuple[str, ...] = ()  # allowed missing values (subset of ALL_MISSING)
    core: bool = False  # required to mark a record complete
    condition: Condition | None = None
    note: str = ""
    help_text: str = ""
    unit: str = ""  # "days", "months", "EUR", "persons"
    min_value: int | None = None
    max_value: int | None = None
    partial: bool = False  # dates: YYYY and YYYY-MM allowed
    estimated_flag: bool = False  # dates: a companion "estimated" flag
    ordered: bool = False  # countries: order matters (transit route)
    derive: str = ""  # derived: name of the function in indicators/derive.py
    source: str = ""  # system: attribute of the record that holds the value
    stage: str = ""  # traffickers: stage of the proceedings the indicator belongs to
    indexed: bool = False  # index the column (filters and statistics use it)
    max_length: int = 200  # text
    # Lists: a filter of the record list (its filter comes from the type table), a column of it.
    list_filter: bool = False
    list_column: bool = False
    # The personal code (spec §5): "date_of_birth", "sex" or "citizenship" when the indicator is
    # also an element of the code.
    code_element: str = ""
    # Rules (spec §9): required to complete a record whenever its condition holds; a date in the
    # database's chain of dates (each present one on or after the one before it, in catalogue
    # order); dates this one must not precede. A date after the date of birth is strictly after.
    required_when_applicable: bool = False
    date_chain: bool = False
    not_before: tuple[str, ...] = ()
    # Applies to natural persons only: not to a record of a legal person (Database.legal_person).
    natural_person_only: bool = False

    @property
    def is_entered(self) -> bool:
        """True when a person types the value (not derived, not filled by the system)."""
        return self.type not in ("derived", "system")


@dataclass(frozen=True)
class Database:
    code: str  # "victims" or "traffickers"
    label: str
    prefix: str  # "v_" or "t_"
    sections: tuple[Section, ...]
    indicators: tuple[Indicator, ...]
    stages: tuple[Section, ...] = field(default=())  # traffickers: stages of the proceedings
    # The yes/no indicator that marks a record of a legal person (a company as defendant): such a
    # record has no personal code, and the natural_person_only indicators do not apply to it.
    legal_person: str = ""

    def is_legal_person(self, values: Mapping) -> bool:
        return bool(self.legal_person) and values.get(self.legal_person) == "yes"

    def get(self, code: str) -> Indicator:
        return self._by_code[code]

    @cached_property
    def _by_code(self) -> dict[str, Indicator]:
        """Indicators by code (``get`` runs for every condition of every imported row)."""
        return {indicator.code: indicator for indicator in self.indicators}

    def in_section(self, section: str) -> list[Indicator]:
        return [i for i in self.indicators if i.section == section]

    @cached_property
    def code_elements(self) -> tuple[str, str, str]:
        """Codes of the indicators that are elements of the personal code: date of birth, sex,
        citizenship (``Indicator.code_element``)."""
        by_element = {i.code_element: i.code for i in self.indicators if i.code_element}
        return (
            by_element.get(CODE_DATE_OF_BIRTH, ""),
            by_element.get(CODE_SEX, ""),
            by_element.get(CODE_CITIZENSHIP, ""),
        )

    @property
    def date_of_birth(self) -> str:
        return self.code_elements[0]

    def list_filters(self) -> list[Indicator]:
        return [i for i in self.indicators if i.list_filter]

    def list_columns(self) -> list[Indicator]:
        return [i for i in self.indicators if i.list_column]


# Combinations of missing values the catalogue uses most.
U = (UNKNOWN,)
U_NA = (UNKNOWN, NOT_APPLICABLE)
U_D = (UNKNOWN, DECLINED)


def indicator_factory(part: str):
    """A short constructor for the indicators of one handbook part: ``_v(code, label, type,
    section, confidence, definition, **attributes)`` with ``handbook_part`` filled in."""

    def make(
        code: str,
        label: str,
        type: str,  # noqa: A002 - the catalogue's own word
        section: str,
        confidence: str,
        definition: str,
        **attributes,
    ) -> Indicator:
        return Indicator(
            code=code,
            label=label,
            definition=definition,
            type=type,
            section=section,
            confidence=confidence,
            handbook_part=f"{part}, section {section}",
            **attributes,
        )

    return make
