"""The data-quality checks of spec §9, counted by the database.

Every check is a ``Q`` on the records of one database. The same ``Q`` counts (grouped by
institution or by year, one query per database and table whatever the number of records) and
lists the records behind a figure (the drill-down), so a figure and its records cannot disagree.

* completeness: per indicator, the records where it applies (its condition holds), those where
  it is empty and those answered "unknown" or "declined to answer";
* consistency warnings: the §9 rules that warn rather than refuse (dates out of order where one
  of them is estimated), conflicting values between the records of one person, records without
  a reference date, records entered late;
* drafts by age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat, Length
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, StartsWith
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from indicators import rules
from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.schema import DECLINED, UNKNOWN, Database, Indicator
from indicators.types import type_of
from thb_data.records import RecordStatus

# A record is entered late when it reaches the database more than this many days after its
# reference date (spec §9, timeliness: providers submit quarterly).
LATE_AFTER_DAYS = 90

# Drafts by age (days since the record was last saved): (code, label, from days, to days).
DRAFT_AGES = (
    ("fresh", _("under 30 days"), 0, 30),
    ("month", _("30–89 days"), 30, 90),
    ("quarter", _("90–364 days"), 90, 365),
    ("old", _("a year or more"), 365, None),
)

# Person-level indicators whose values should agree between the records of one person.
PERSON_FIELDS = {
    "victims": ("v_sex", "v_date_of_birth", "v_citizenship"),
    "traffickers": ("t_sex", "t_date_of_birth", "t_citizenship"),
}
UNKNOWN_CODES = (UNKNOWN, DECLINED)


@dataclass(frozen=True)
class Kind:
    """One of the record databases, as the quality page sees it."""

    code: str
    label: str
    model_label: str
    database: Database
    detail_url: str  # URL name of a record's page

    @property
    def model(self):
        return apps.get_model(self.model_label)


KINDS = {
    "victims": Kind("victims", _("Victims"), "victims.VictimRecord", VICTIMS, "victims:detail"),
    "traffickers": Kind(
        "traffickers",
        _("Traffickers"),
        "traffickers.TraffickerRecord",
        TRAFFICKERS,
        "traffickers:detail",
    ),
}


# --- completeness --------------------------------------------------------------------------


def checked_indicators(database: Database, *, core_only: bool = False) -> list[Indicator]:
    """The indicators whose completeness is measured: those a person types in."""
    return [i for i in database.indicators if i.is_entered and (i.core or not core_only)]


def applies_q(database: Database, code: str) -> Q:
    """Records where the indicator applies (its condition, and its parents', hold)."""
    ind = database.get(code)
    if ind.condition is None:
        return Q()
    parent = database.get(ind.condition.indicator)
    values = list(ind.condition.values)
    if type_of(parent).multiple:
        own = Q(**{f"{parent.code}__has_any": values})
    else:
        own = Q(**{f"{parent.code}__in": values})
    return applies_q(database, parent.code) & own


def empty_q(ind: Indicator) -> Q:
    """Records where the indicator is left empty."""
    indicator_type = type_of(ind)
    if indicator_type.multiple:
        return Q(**{ind.code: []})
    if indicator_type.empty_value() is None:
        return Q(**{f"{ind.code}__isnull": True})
    return Q(**{ind.code: ""})


def unknown_q(ind: Indicator) -> Q | None:
    """Records where the indicator is answered "unknown" or "declined to answer" (None when
    the indicator offers neither)."""
    codes = [code for code in UNKNOWN_CODES if code in ind.missing]
    if not codes:
        return None
    if type_of(ind).multiple:
        return Q(**{f"{ind.code}__has_any": codes})
    return Q(**{f"{ind.code}__in": codes})


def incomplete_q(database: Database, ind: Indicator) -> Q:
    """Records where the indicator applies and is empty or unknown."""
    missing = empty_q(ind)
    unknown = unknown_q(ind)
    if unknown is not None:
        missing |= unknown
    return applies_q(database, ind.code) & missing


@cache
def completeness_aggregates(database_code: str, core_only: bool = False) -> dict:
    """``Count`` aggregates: per indicator, records where it applies (``a``), is empty (``m``)
    and is unknown (``u``)."""
    database = KINDS[database_code].database
    aggregates = {"n": Count("pk")}
    for ind in checked_indicators(database, core_only=core_only):
        applicable = applies_q(database, ind.code)
        aggregates[f"{ind.code}__a"] = Count("pk", filter=applicable) if applicable else Count("pk")
        aggregates[f"{ind.code}__m"] = Count("pk", filter=applicable & empty_q(ind))
        unknown = unknown_q(ind)
        if unknown is not None:
            aggregates[f"{ind.code}__u"] = Count("pk", filter=applicable & unknown)
    return aggregates


@dataclass
class Completeness:
    applicable: int = 0
    missing: int = 0
    unknown: int = 0

    @property
    def incomplete(self) -> int:
        return self.missing + self.unknown

    @property
    def known(self) -> int:
        return self.applicable - self.incomplete

    @property
    def percent(self) -> int | None:
        """Share of the applicable records with a known answer (rounded down), None when the
        indicator applies to no record."""
        if not self.applicable:
            return None
        return self.known * 100 // self.applicable

    def add(self, other: Completeness) -> None:
        self.applicable += other.applicable
        self.missing += other.missing
        self.unknown += other.unknown


def completeness_from_row(row: dict, ind: Indicator) -> Completeness:
    return Completeness(
        applicable=row.get(f"{ind.code}__a", 0) or 0,
        missing=row.get(f"{ind.code}__m", 0) or 0,
        unknown=row.get(f"{ind.code}__u", 0) or 0,
    )


# --- consistency warnings ------------------------------------------------------------------


def _length_is(code: str, n: int):
    return Exact(Length(code), Value(n))


def _lower(code: str):
    """The earliest day a partial ISO date can mean, as ISO text."""
    return Case(
        When(_length_is(code, 4), then=Concat(F(code), Value("-01-01"))),
        When(_length_is(code, 7), then=Concat(F(code), Value("-01"))),
        default=F(code),
    )


def _upper(code: str):
    """The latest day a partial ISO date can mean, as ISO text (day 31 of a month sorts after
    every real day of that month and before the next)."""
    return Case(
        When(_length_is(code, 4), then=Concat(F(code), Value("-12-31"))),
        When(_length_is(code, 7), then=Concat(F(code), Value("-31"))),
        default=F(code),
    )


def _chain_pairs(chain, birth: str):
    """Pairs of a chain of dates compared when present: each date with every later one, the
    dates between them empty (the rules compare consecutive present dates)."""
    for i, earlier in enumerate(chain):
        for j in range(i + 1, len(chain)):
            yield earlier, chain[j], earlier == birth, tuple(chain[i + 1 : j])


def _date_pairs(database: Database) -> list[tuple[str, str, bool, tuple[str, ...]]]:
    """The date-order rules of indicators.rules as (earlier, later, strict, dates that must be
    empty between them)."""
    if hasattr(rules, "date_order_issues"):  # the catalogue declares the order of the dates
        birth = database.date_of_birth
        chain = [i.code for i in database.indicators if i.date_chain]
        pairs = list(_chain_pairs(chain, birth))
        for ind in database.indicators:
            pairs.extend((earlier, ind.code, earlier == birth, ()) for earlier in ind.not_before)
        return pairs
    if database.code == "victims":
        pairs = list(_chain_pairs(rules.VICTIM_DATE_CHAIN, "v_date_of_birth"))
        return pairs + [(a, b, False, ()) for a, b in rules.VICTIM_DATE_PAIRS]
    return [(a, b, a == "t_date_of_birth", ()) for a, b in rules.TRAFFICKER_DATE_PAIRS]


def date_order_warning_q(database: Database) -> Q:
    """Records whose dates are out of order where one of the two dates is estimated: the rule of
    §9 that warns rather than refuses (indicators.rules._order)."""
    estimated = {i.code for i in database.indicators if i.estimated_flag}
    result = Q(pk__in=[])
    for earlier, later, strict, between in _date_pairs(database):
        flags = Q(pk__in=[])
        for code in (earlier, later):
            if code in estimated:
                flags |= Q(**{f"{code}_estimated": True})
        if not (estimated & {earlier, later}):
            continue
        compare = GreaterThanOrEqual if strict else GreaterThan
        q = (
            ~Q(**{earlier: ""})
            & ~Q(**{later: ""})
            & Q(compare(_lower(earlier), _upper(later)))
            & flags
        )
        for code in between:
            q &= Q(**{code: ""})
        result |= q
    return result


def conflict_q(kind: Kind) -> Q:
    """Records of a person (one person key) whose sex, date of birth or citizenship disagrees
    with another record of the same person in scope (unknown and empty values never disagree;
    a year of birth agrees with a full date in that year)."""
    model = kind.model
    result = Q(pk__in=[])
    for code in PERSON_FIELDS[kind.code]:
        others = model.objects.filter(
            territory_id=OuterRef("territory_id"), person_key=OuterRef("person_key")
        ).exclude(pk=OuterRef("pk"))
        others = others.exclude(**{f"{code}__in": ["", *UNKNOWN_CODES]})
        known = ~Q(**{f"{code}__in": ["", *UNKNOWN_CODES]})
        if code.endswith("date_of_birth"):
            # A year or a month of birth agrees with every full date inside it.
            others = others.exclude(StartsWith(F(code), OuterRef(code))).exclude(
                StartsWith(OuterRef(code), F(code))
            )
        else:
            others = others.exclude(**{code: OuterRef(code)})
        result |= known & ~Q(person_key="") & Q(Exists(others))
    return result


def undated_q(kind: Kind) -> Q:
    """Records without a reference date: they count in the year they were entered."""
    return Q(**{kind.model.reporting_date_indicator: ""})


def late_q(kind: Kind) -> Q:
    """Records entered more than LATE_AFTER_DAYS after their reference date (for a partial
    date, after the latest day it can mean)."""
    code = kind.model.reporting_date_indicator
    return ~Q(**{code: ""}) & Q(_late_lookup(code))


def _late_lookup(code: str):
    from django.db.models import DateField, DurationField, ExpressionWrapper
    from django.db.models.functions import Cast, TruncDate

    reference = Cast(_upper_full(code), output_field=DateField())
    lag = ExpressionWrapper(TruncDate("created_at") - reference, output_field=DurationField())
    return GreaterThan(lag, Value(dt.timedelta(days=LATE_AFTER_DAYS)))


def _upper_full(code: str):
    """The latest real day a partial ISO date can mean (day 28 of a month stands for its end:
    at most three days early, well inside the allowance)."""
    return Case(
        When(_length_is(code, 4), then=Concat(F(code), Value("-12-31"))),
        When(_length_is(code, 7), then=Concat(F(code), Value("-28"))),
        default=F(code),
    )


def draft_q(age: str | None = None, *, now=None) -> Q:
    """Drafts, of one age band (days since last saved) when ``age`` is given."""
    q = Q(status=RecordStatus.DRAFT)
    if age is None:
        return q
    now = now or timezone.now()
    for code, _label, start, end in DRAFT_AGES:
        if code == age:
            q &= Q(updated_at__lte=now - dt.timedelta(days=start))
            if end is not None:
                q &= Q(updated_at__gt=now - dt.timedelta(days=end))
            return q
    raise KeyError(age)


# Warnings shown on the quality page, in this order: (code, label, explanation).
WARNINGS = (
    (
        "order",
        _("Dates out of order (estimated)"),
        _(
            "Dates in the wrong order where one of them is estimated: saved with a warning "
            "(spec §9), to check against the source file."
        ),
    ),
    (
        "conflict",
        _("Conflicting values of one person"),
        _("Records of one person whose sex, date of birth or citizenship disagree."),
    ),
    (
        "undated",
        _("No reference date"),
        _(
            "No identification date (victims) or complaint date (traffickers): the record "
            "counts in the year it was entered."
        ),
    ),
    (
        "late",
        _("Entered late"),
        format_lazy(
            _("Entered more than {days} days after the reference date (timeliness)."),
            days=LATE_AFTER_DAYS,
        ),
    ),
)
WARNING_LABELS = {code: label for code, label, _ in WARNINGS}


def warning_q(kind: Kind, code: str) -> Q:
    if code == "order":
        return date_order_warning_q(kind.database)
    if code == "conflict":
        return conflict_q(kind)
    if code == "undated":
        return undated_q(kind)
    if code == "late":
        return late_q(kind)
    raise KeyError(code)


def warning_aggregates(kind: Kind, *, now=None) -> dict:
    """``Count`` aggregates of the warnings and of the drafts by age (one query)."""
    now = now or timezone.now()
    aggregates = {"n": Count("pk"), "draft": Count("pk", filter=draft_q())}
    for code, _label, _text in WARNINGS:
        aggregates[code] = Count("pk", filter=warning_q(kind, code))
    for code, *_rest in DRAFT_AGES:
        aggregates[f"draft_{code}"] = Count("pk", filter=draft_q(code, now=now))
    return aggregates
