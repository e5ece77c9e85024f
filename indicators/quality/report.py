"""The quality report of a territory-year: completeness per indicator and institution,
warnings, drafts by age, pending duplicate groups, completeness over five years.

A fixed number of queries whatever the number of records: per database one grouped query for
completeness, one for the warnings and drafts, one for the five-year trend; two for the
duplicate groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from indicators.quality.checks import (
    DRAFT_AGES,
    KINDS,
    WARNINGS,
    Completeness,
    Kind,
    checked_indicators,
    completeness_aggregates,
    completeness_from_row,
    warning_aggregates,
)
from thb_data.accounts.models import Role

TREND_YEARS = 5


def kinds_for(user) -> list[Kind]:
    """The databases whose quality ``user`` watches: caseworkers the victims, prosecutors the
    traffickers, coordinators and administrators both."""
    if user.role == Role.CASEWORKER:
        return [KINDS["victims"]]
    if user.role == Role.PROSECUTOR:
        return [KINDS["traffickers"]]
    return list(KINDS.values())


def year_records(kind: Kind, territory, year: int):
    """The records of a territory-year in the current scope (a caseworker's or prosecutor's
    scope is their institution)."""
    return kind.model.objects.filter(territory=territory, reporting_year=year)


@dataclass
class InstitutionColumn:
    pk: int
    name: str
    records: int


@dataclass
class IndicatorRow:
    indicator: object
    cells: list[Completeness]  # one per institution column
    total: Completeness


@dataclass
class CountRow:
    code: str
    label: str
    text: str
    cells: list[int]
    total: int


@dataclass
class TrendRow:
    indicator: object
    cells: list[Completeness]  # one per year


@dataclass
class KindReport:
    kind: Kind
    institutions: list[InstitutionColumn] = field(default_factory=list)
    records: int = 0
    indicators: list[IndicatorRow] = field(default_factory=list)
    warnings: list[CountRow] = field(default_factory=list)
    drafts: list[CountRow] = field(default_factory=list)
    drafts_total: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    year_records: list[int] = field(default_factory=list)
    trend: list[TrendRow] = field(default_factory=list)
    trend_total: list[Completeness] = field(default_factory=list)
    core_total: Completeness = field(default_factory=Completeness)


def kind_report(kind: Kind, territory, year: int, *, now=None) -> KindReport:
    """The quality report of one database for a territory-year (three queries)."""
    now = now or timezone.now()
    report = KindReport(kind)
    records = year_records(kind, territory, year)
    indicators = checked_indicators(kind.database)

    rows = list(
        records.values("institution_id", "institution__name")
        .order_by("institution__name", "institution_id")
        .annotate(**completeness_aggregates(kind.code))
    )
    report.institutions = [
        InstitutionColumn(r["institution_id"], r["institution__name"], r["n"]) for r in rows
    ]
    report.records = sum(r["n"] for r in rows)
    for ind in indicators:
        cells = [completeness_from_row(r, ind) for r in rows]
        total = Completeness()
        for cell in cells:
            total.add(cell)
        report.indicators.append(IndicatorRow(ind, cells, total))
        if ind.core:
            report.core_total.add(total)
    report.indicators.sort(key=lambda row: not row.indicator.core)  # core indicators first

    by_institution = {
        r["institution_id"]: r
        for r in records.values("institution_id")
        .order_by("institution_id")
        .annotate(**warning_aggregates(kind, now=now))
    }
    columns = [by_institution.get(c.pk, {}) for c in report.institutions]
    for code, label, text in WARNINGS:
        cells = [row.get(code, 0) for row in columns]
        report.warnings.append(CountRow(code, label, text, cells, sum(cells)))
    for code, label, _start, _end in DRAFT_AGES:
        cells = [row.get(f"draft_{code}", 0) for row in columns]
        report.drafts.append(CountRow(code, label, "", cells, sum(cells)))
    report.drafts_total = [row.get("draft", 0) for row in columns]

    report.years = list(range(year - TREND_YEARS + 1, year + 1))
    trend_rows = {
        r["reporting_year"]: r
        for r in kind.model.objects.filter(territory=territory, reporting_year__in=report.years)
        .values("reporting_year")
        .order_by("reporting_year")
        .annotate(**completeness_aggregates(kind.code, core_only=True))
    }
    report.year_records = [trend_rows.get(y, {}).get("n", 0) for y in report.years]
    report.trend_total = [Completeness() for _ in report.years]
    for ind in checked_indicators(kind.database, core_only=True):
        cells = [completeness_from_row(trend_rows.get(y, {}), ind) for y in report.years]
        for total, cell in zip(report.trend_total, cells, strict=True):
            total.add(cell)
        report.trend.append(TrendRow(ind, cells))
    return report


def pending_duplicate_groups(territory, year: int) -> list:
    """Duplicate groups not yet decided that hold a record of ``year`` (two queries); the
    coordinator's business, so read in the territory's scope."""
    from victims.duplicates import duplicate_groups

    records = KINDS["victims"].model.objects.filter(territory=territory)
    exact, near = duplicate_groups(records, territory.pk)
    return [
        group
        for group in exact + near
        if group.decision is None and any(r.reporting_year == year for r in group.records)
    ]
