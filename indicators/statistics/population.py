"""Population denominators and the rates of SDG indicator 16.2.2.

SDG 16.2.2 is the number of detected victims of trafficking per 100,000 population, by sex, age
(under 18 / 18 and over) and form of exploitation (UNODC is the custodian; spec/standards.md
§5). Table S1 counts the victims (a count table like any other, protected with the others);
table S1R is derived from S1 as printed: each rate is the S1 cell divided by the territory's
population of the same sex and age group in the reference year (``PopulationEstimate``), times
100,000. So:

* a rate is never computed from a hidden cell: the S1 cell hidden ⇒ the rate hidden, with the
  same flag (the rate and the population shown would give the count back);
* without a population figure for the year (or with a zero one) the rate says "population not
  available": never a division by zero, never a figure of another year;
* a rate on fewer than ``RELIABILITY_MINIMUM`` victims carries a reliability note;
* the denominators are printed as the last row, with their source and release date in the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.statistics.disclosure import rate_cell
from indicators.statistics.protection import TOTAL
from indicators.statistics.tables import Cell, TableView

PER = 100_000
RELIABILITY_MINIMUM = 20
NO_POPULATION = "population not available"
RATE_CODE = "S1R"
COUNT_CODE = "S1"
DENOMINATOR_ROW = "population"

# The SDG series of each row of S1 (TOTAL is all forms), and of the rates.
SDG_SERIES = {
    TOTAL: "VC_HTF_DETV",
    "sexual": "VC_HTF_DETVSX",
    "forced_labour": "VC_HTF_DETVFL",
    "organ_removal": "VC_HTF_DETVOG",
    "other": "VC_HTF_DETVOP",
}
SDG_FORM_NAMES = {
    TOTAL: "all forms",
    "sexual": "sexual exploitation",
    "forced_labour": "forced labour",
    "organ_removal": "removal of organs",
    "other": "other purposes",
}
SDG_FORM_LABELS = {
    code: f"{SDG_SERIES[code]}: {name}" for code, name in SDG_FORM_NAMES.items() if code != TOTAL
}
TOTAL_LABEL = "VC_HTF_DETV: all forms (total)"
# UNODC buckets (table U4) -> the SDG forms.
SDG_FORM_OF_UNODC = {
    "sexual": "sexual",
    "forced_labour": "forced_labour",
    "organ_removal": "organ_removal",
    "criminal_activity": "other",
    "begging": "other",
    "marriage": "other",
    "adoption": "other",
    "mixed": "other",
    "other": "other",
}
# The columns of S1 (UNODC women / men / girls / boys) -> (sex, age group) of the population.
POPULATION_OF_COLUMN = {
    TOTAL: ("total", "total"),
    "women": ("female", "18_plus"),
    "men": ("male", "18_plus"),
    "girls": ("female", "0_17"),
    "boys": ("male", "0_17"),
}
COLUMN_LABELS = {
    TOTAL: "Total",
    "women": "Women (18 and over)",
    "men": "Men (18 and over)",
    "girls": "Girls (under 18)",
    "boys": "Boys (under 18)",
}


@dataclass
class PopulationFigures:
    """The population of one territory-year by (sex, age group), with the sources."""

    year: int
    values: dict[tuple[str, str], int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def value(self, sex: str, age: str) -> int | None:
        """The population of ``sex`` and ``age`` (total included): as recorded, else the sum of
        its recorded parts (female + male, 0–17 + 18 and over); None when not available."""
        direct = self.values.get((sex, age))
        if direct:
            return direct
        if sex == "total":
            parts = [self.values.get((s, age)) or self.value(s, age) for s in ("female", "male")]
            if all(parts):
                return sum(parts)
        if age == "total":
            parts = [self.values.get((sex, a)) for a in ("0_17", "18_plus")]
            if all(parts):
                return sum(parts)
        return None


def population_figures(territory, year: int) -> PopulationFigures:
    """The territory's population figures of ``year`` (one query; a scope must be active)."""
    from indicators.statistics.models import PopulationEstimate

    figures = PopulationFigures(int(year))
    rows = PopulationEstimate.objects.filter(territory=territory, year=year).values_list(
        "sex", "age_group", "value", "source", "release_date"
    )
    sources: dict[str, set] = {}
    for sex, age, value, source, released in rows:
        figures.values[(sex, age)] = int(value)
        sources.setdefault(source, set()).add(released)
    for source, dates in sorted(sources.items()):
        known = sorted(d for d in dates if d is not None)
        when = f", released {', '.join(d.isoformat() for d in known)}" if known else ""
        figures.sources.append(f"{source}{when}")
    return figures


def rate(count: int, population: int | None) -> float | None:
    """Victims per 100,000 population, to two decimals; None without a population."""
    if not population:
        return None
    return round(count * PER / population, 2)


def rate_view(s1: TableView, figures: PopulationFigures | None) -> TableView:
    """Table S1R: the rates of the cells of ``s1`` as printed (protected or not), and the
    denominators."""
    figures = figures or PopulationFigures(0)
    rows = [TOTAL, *[code for code in SDG_FORM_LABELS if code in s1.row_codes]]
    cols = [c for c in POPULATION_OF_COLUMN if c in s1.col_codes]
    populations = {c: figures.value(*POPULATION_OF_COLUMN[c]) for c in cols}
    cells, row_labels, unreliable = [], [], []
    for row in rows:
        series = f"{SDG_SERIES[row]}R"
        row_labels.append(f"{series}: {SDG_FORM_NAMES[row]}")
        line = []
        for col in cols:
            count_cell = s1.cells[s1.row_codes.index(row)][s1.col_codes.index(col)]
            # Through the protection's rate_cell: a hidden count gives a hidden, flagged rate.
            key = f"{s1.code}|{row}|{col}"
            derived = rate_cell(
                key,
                populations[col] or 0,
                hidden={key} if count_cell.hidden else set(),
                values={} if count_cell.hidden else {key: count_cell.value},
                per=PER,
            )
            if count_cell.hidden:
                line.append(Cell(None, count_cell.flag or derived.flag))
            elif populations[col] is None or derived.value is None:
                line.append(Cell(None, NO_POPULATION))
            else:
                line.append(Cell(derived.value))
                if count_cell.value < RELIABILITY_MINIMUM:
                    unreliable.append(f"{series} {COLUMN_LABELS[col].split(' (')[0].lower()}")
        cells.append(line)
    rows.append(DENOMINATOR_ROW)
    row_labels.append(f"Population {figures.year or ''} (denominator)".replace("  ", " "))
    cells.append(
        [Cell(populations[c]) if populations[c] else Cell(None, NO_POPULATION) for c in cols]
    )
    notes = [
        "Victims per 100,000 population of the same sex and age group: the S1 count divided "
        "by the population below, times 100,000, to two decimals.",
        "A rate is never computed from a hidden count: where the S1 cell is hidden, the rate "
        "is hidden with the same flag.",
    ]
    if unreliable:
        notes.append(
            f"Unreliable: rates on fewer than {RELIABILITY_MINIMUM} victims change a lot from "
            f"one year to the next; this applies to {', '.join(unreliable)}."
        )
    if figures.sources:
        notes.append("Population: " + "; ".join(figures.sources) + ".")
    if any(p is None for p in populations.values()):
        notes.append(
            f"No population figure of {figures.year or 'the year'} is recorded for some groups "
            "(the coordinator keeps them in the back office): their rates say population not "
            "available."
        )
    return TableView(
        code=RATE_CODE,
        title="SDG indicator 16.2.2: detected victims per 100,000 population, by form, sex and age",
        group=s1.group,
        notes=notes,
        row_title="SDG series",
        col_title="Sex and age",
        row_codes=rows,
        row_labels=row_labels,
        col_codes=cols,
        col_labels=[COLUMN_LABELS[c] for c in cols],
        cells=cells,
        protected=s1.protected,
        kind="rates",
    )


def with_sdg_rates(views: list[TableView], figures: PopulationFigures | None) -> list[TableView]:
    """The views with S1's total row labelled with its series and S1R after S1."""
    result = []
    for view in views:
        result.append(view)
        if view.code == COUNT_CODE:
            if TOTAL in view.row_codes:
                view.row_labels[view.row_codes.index(TOTAL)] = TOTAL_LABEL
            result.append(rate_view(view, figures))
    return result
