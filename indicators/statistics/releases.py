"""The three releases of a territory-year's tables, named for their use.

* **Transmission** (to Eurostat, UNODC, GRETA, the national rapporteur): exact counts, every
  cell present, each with an SDMX CONF_STATUS flag proposed by the protection engine (``F``
  free, ``A`` primary confidential: a small count, ``D`` secondary confidential set by the
  sender); the coordinator may change the flags before downloading. Recipients apply
  confidentiality themselves. Coordinators and administrators only; every download audited.
* **Public release**: protected by :func:`indicators.statistics.disclosure.protect_release`,
  audited by linear programming against every table, the crosswalk groupings and every earlier
  public release of the territory.
* **Regional comparison** (the analyst): the public release's protected tables; signed-off
  years only, unless the territory shares provisional figures (a setting of the territory).

Earlier public releases are the editions kept at the public threshold (see ``editions.py``):
each stores, per table, the key of every cell, so that what it published is known exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings

from indicators.catalogue import CROSSWALKS
from indicators.catalogue.crosswalks import citizenship_group
from indicators.statistics.disclosure import (
    FLAG_CONFIDENTIAL,
    Grouping,
    SafeRelease,
    protect_release,
)
from indicators.statistics.protection import TOTAL, CellKey, CountTable, with_totals
from indicators.statistics.tables import StatTable

TRANSMISSION, PUBLIC, REGIONAL = "transmission", "public", "regional"
RELEASES = {
    PUBLIC: "Public release",
    TRANSMISSION: "Transmission (exact counts with confidentiality flags)",
}

#: SDMX CONF_STATUS codes of a transmission.
CONF_FREE, CONF_PRIMARY, CONF_SECONDARY = "F", "A", "D"
CONF_CODES = {
    CONF_FREE: "F: free (may be published)",
    CONF_PRIMARY: "A: primary confidential, small count",
    CONF_SECONDARY: "D: secondary confidential, set by the sender",
}

STAGE_POPULATIONS = (
    "suspected",
    "prosecuted",
    "convicted_first",
    "convicted_final",
)

PUBLIC_LEGEND = (
    f"{FLAG_CONFIDENTIAL}: not shown (confidential), a small count or a count hidden so that "
    "a small count cannot be recomputed or narrowed down; it may be any count, zero included. "
    "Totals include the hidden counts."
)
HIDDEN_LABEL = "hidden (small number)"


def public_threshold() -> int:
    return settings.THB_SUPPRESSION_THRESHOLD_PUBLIC


def transmission_threshold() -> int:
    return settings.THB_SUPPRESSION_THRESHOLD_OFFICIAL


# --- what the attacker knows besides the tables -----------------------------------------------


def groupings_for(territory_code: str) -> list[Grouping]:
    """The crosswalk groupings between the tables' dimensions (spec/reporting.md §1 b5)."""
    from indicators.statistics.engine import _Engine

    eurostat_form = CROSSWALKS["eurostat"]["exploitation_form"].bucket
    greta_form = CROSSWALKS["greta"]["exploitation_form"].bucket

    def national_foreign(population: str, country: str) -> str:
        framework = "greta" if population.startswith("victims:") else "unodc"
        return citizenship_group(framework, country, territory_code)

    return [
        Grouping("main_form", "main_form_eurostat", lambda _p, code: eurostat_form(code)),
        Grouping("main_form", "main_form_greta", lambda _p, code: greta_form(code)),
        Grouping("citizenship", "citizenship_group", national_foreign),
        Grouping(
            "citizenship",
            "citizenship_eurostat",
            lambda _p, c: citizenship_group("eurostat", c, territory_code),
        ),
        Grouping("age_band", "age_group", lambda _p, band: _Engine._age_group_of_band(band)),
    ]


def headline_for(territory_code: str, year: int) -> Callable[[CellKey], bool]:
    """The year's headline figures: each population's total, by sex and by status."""
    populations = {f"victims:{territory_code}:{year}"} | {
        f"{stage}:{territory_code}:{year}" for stage in STAGE_POPULATIONS
    }

    def headline(key: CellKey) -> bool:
        if key.population not in populations or len(key.coordinates) > 1:
            return False
        return all(dim in ("sex", "status") for dim, _ in key.coordinates)

    return headline


@dataclass
class Earlier:
    """What earlier public releases of a territory published, and what they hid.

    ``fixed`` holds the figures of record of the signed-off years: for every cell of such a
    year (a cell whose population is of that year, e.g. ``victims:RS:2024|status=presumed``),
    its count as stored in the year's current final edition. A later release that shows the
    cell (the trend rows of the next years) reuses that count instead of recomputing it, and
    publishes or hides it as the final edition's public release did.
    """

    published: dict[CellKey, set[int]] = field(default_factory=dict)
    hidden: set[CellKey] = field(default_factory=set)
    fixed: dict[CellKey, int] = field(default_factory=dict)


def _year_of(population: str) -> int | None:
    """The reference year of a population (``victims:RS:2024`` -> 2024; a span of years, as
    the trend's ``victims:RS:2020-2024``, has none)."""
    last = population.rsplit(":", 1)[-1]
    return int(last) if last.isdigit() else None


def _final_cells(edition, threshold: int) -> tuple[dict[CellKey, int], set, set]:
    """The cells of a final edition's own year: exact counts (from the stored counts, laid
    out as the stored public release), the published keys and the hidden keys."""
    release = (edition.releases or {}).get(PUBLIC)
    if not release or release.get("threshold") != threshold:
        return {}, set(), set()
    counts = {table["code"]: table for table in edition.counts or ()}
    exact: dict[CellKey, int] = {}
    published: set[CellKey] = set()
    hidden: set[CellKey] = set()
    for table in release["tables"]:
        raw = counts.get(table["code"])
        keys = table.get("keys")
        if raw is None or not keys:
            continue
        # By row and column code: a release whose categories were collapsed has other rows.
        count_of = {
            (row, col): value
            for row, values in zip(raw["rows"], raw["values"], strict=True)
            for col, value in zip(raw["cols"], values, strict=True)
        }
        for row, key_row, flag_row in zip(table["rows"], keys, table["flags"], strict=True):
            for col, text, flag in zip(table["cols"], key_row, flag_row, strict=True):
                key = CellKey.parse(text)
                count = count_of.get((row, col))
                if _year_of(key.population) != edition.year or count is None:
                    continue
                exact[key] = int(count)
                (hidden if flag else published).add(key)
    return exact, published, hidden


def earlier_releases(territory, year: int, threshold: int) -> Earlier:
    """The public editions of ``territory`` whose tables can share cells with ``year``'s
    (the years of a five-year trend on either side), and the figures of record of the
    signed-off years among them: three queries."""
    from indicators.statistics.engine import TREND_YEARS
    from indicators.statistics.models import Edition, FinalEdition
    from thb_data.records import ReportingYear

    earlier = Earlier()
    span = TREND_YEARS - 1
    signed = set(
        ReportingYear.objects.filter(
            territory=territory, signed_off=True, year__range=(year - span, year + span)
        )
        .exclude(year=year)
        .values_list("year", flat=True)
    )
    finals = (
        FinalEdition.objects.filter(territory=territory, year__in=signed, reopened_at=None)
        .order_by("year", "number")
        .only("year", "counts", "releases")
        if signed
        else ()
    )
    for edition in finals:  # the last (current) edition of a year wins
        exact, published, hidden = _final_cells(edition, threshold)
        earlier.fixed.update(exact)
        for key in published:
            earlier.published.setdefault(key, set()).add(exact[key])
        earlier.hidden.update(hidden)
    for tables, suppressed in Edition.objects.filter(
        territory=territory, threshold=threshold, year__range=(year - span, year + span)
    ).values_list("tables", "suppressed"):
        earlier.hidden.update(CellKey.parse(text) for text in suppressed or ())
        for data in tables or ():
            keys = data.get("keys")
            if not keys:
                continue
            for key_row, value_row, flag_row in zip(
                keys, data["values"], data["flags"], strict=True
            ):
                for text, value, flag in zip(key_row, value_row, flag_row, strict=True):
                    if not flag and value is not None:
                        earlier.published.setdefault(CellKey.parse(text), set()).add(int(value))
    return earlier


# --- the releases ----------------------------------------------------------------------------


def public_release(stats, *, threshold: int | None = None, earlier: Earlier | None = None):
    """The protected tables of a public (or regional) release, audited before they leave.

    Raises :class:`~indicators.statistics.disclosure.ProtectionFailed` if no pattern passes.
    """
    threshold = public_threshold() if threshold is None else threshold
    if earlier is None:
        earlier = earlier_releases(stats.territory, stats.year, threshold)
    code = stats.territory.code
    return protect_release(
        reuse_figures_of_record([stat.table for stat in stats.tables], earlier.fixed),
        threshold,
        groupings=groupings_for(code),
        known=earlier.published,
        carried=earlier.hidden,
        keep=headline_for(code, stats.year),
        collapse=COLLAPSIBLE,
    )


#: Dimensions whose small categories may be collapsed (within their crosswalk groups) when
#: complementary suppression would hide a headline figure.
COLLAPSIBLE = ("citizenship", "main_form")


def published_counts(stats, safe) -> tuple[set[str], dict[CellKey, int]]:
    """The hidden keys (as text) and the published counts by key of a public release, live
    (:class:`~indicators.statistics.disclosure.SafeRelease`) or stored at sign-off
    (``FrozenRelease``): what :func:`~indicators.statistics.disclosure.rate_cell`,
    ``percentage_cell`` and ``derived_cell`` need to compute a figure from the release's
    counts, hidden and flagged when a source count is hidden."""
    protection = safe.protection
    hidden = {str(key) for key in protection.suppressed}
    values: dict[CellKey, int] = {}
    for view in stats.views(protection):
        if view.kind != "counts":  # derived tables (the rates of S1R) have no cells of their own
            continue
        keys = protection.tables[view.code].keys.to_numpy()
        for i, row in enumerate(view.cells):
            for j, cell in enumerate(row):
                if not cell.hidden and cell.value is not None:
                    key = keys[i][j]
                    values[key if isinstance(key, CellKey) else CellKey.parse(key)] = cell.value
    return hidden, values


def reuse_figures_of_record(tables: list[CountTable], fixed: dict[CellKey, int]):
    """The tables with every cell of a signed-off year set to its figure of record (the trend
    rows of the years after it): not recomputed from today's records, so that a count
    published for a final year is published unchanged, and its totals follow. A table whose
    stored counts would not fit (a mention above its total) is left as it is."""
    if not fixed:
        return tables
    populations = {key.population for key in fixed}
    out = []
    for table in tables:
        row_keys = getattr(table, "row_keys", {}) or {}
        if table.population not in populations and not any(
            population in populations for population, _ in row_keys.values()
        ):
            out.append(table)
            continue
        counts = table.counts
        changed = None
        cols = list(counts.columns)
        for i, row in enumerate(counts.index):
            for j, col in enumerate(cols):
                key = table.key(row, col if table.col_dim is not None else None)
                stored = fixed.get(key)
                if stored is not None and stored != int(counts.iat[i, j]):
                    if changed is None:
                        changed = counts.copy()
                    changed.iat[i, j] = stored
        if changed is None or not table.additive:
            # A table of mentions keeps its own totals: only additive tables (the trend)
            # carry other years' cells.
            out.append(table)
            continue
        try:
            out.append(dataclasses.replace(table, counts=changed, total=None, col_totals=None))
        except ValueError:
            out.append(table)
    return out


@dataclass
class TransmissionCell:
    value: int
    flag: str
    proposed: str
    key: str


@dataclass
class TransmissionTable:
    """A table of a transmission: every exact count, each with its CONF_STATUS flag."""

    stat: StatTable
    row_codes: list[str]
    row_labels: list[str]
    col_codes: list[str]
    col_labels: list[str]
    cells: list[list[TransmissionCell]]

    @property
    def code(self) -> str:
        return self.stat.code

    @property
    def title(self) -> str:
        return self.stat.title

    @property
    def rows(self):
        return [
            {"code": code, "label": label, "is_total": code == TOTAL, "cells": cells}
            for code, label, cells in zip(self.row_codes, self.row_labels, self.cells, strict=True)
        ]


@dataclass
class Transmission:
    stats: object
    tables: list[TransmissionTable]
    safe: SafeRelease
    overrides: dict[str, str]
    proposed: dict[str, str]

    @property
    def threshold(self) -> int:
        return self.safe.protection.threshold

    def flags(self) -> dict[str, str]:
        return {cell.key: cell.flag for t in self.tables for row in t.cells for cell in row}


def proposed_flags(safe: SafeRelease) -> dict[CellKey, str]:
    """CONF_STATUS proposed by the protection engine for each hidden key (A or D)."""
    return {key: CONF_PRIMARY if key in safe.primary else CONF_SECONDARY for key in safe.hidden}


def resolve_overrides(choices, proposed) -> dict[str, str]:
    """The coordinator's CONF_STATUS per cell key from ``choices`` (``{key: flag}`` or
    ``{key: [flags]}`` when the cell shows in several tables of the page): a valid flag that
    differs from the proposal (``proposed``, F where absent) wins, else the first valid one."""
    resolved = {}
    for key, chosen in (choices or {}).items():
        values = [chosen] if isinstance(chosen, str) else list(chosen)
        values = [v for v in values if v in CONF_CODES]
        if not values:
            continue
        changed = [v for v in values if v != proposed.get(key, CONF_FREE)]
        resolved[key] = changed[-1] if changed else values[0]
    return resolved


def transmission(stats, overrides: dict[str, str] | None = None) -> Transmission:
    """Every published table with its exact counts and CONF_STATUS flags: the engine proposes
    A and D from a protection at the transmission threshold that passes the audit; the
    coordinator's ``overrides`` (``{str(key): flag}``) replace the proposal for those cells,
    in every table where the cell appears."""
    code = stats.territory.code
    safe = protect_release(
        [stat.table for stat in stats.tables],
        transmission_threshold(),
        groupings=groupings_for(code),
        keep=headline_for(code, stats.year),
        strict=False,
    )
    proposal = proposed_flags(safe)
    overrides = resolve_overrides(overrides, {str(key): flag for key, flag in proposal.items()})
    tables = []
    for stat in stats.published:
        table = stat.table
        full = with_totals(table)
        rows = [str(r) for r in full.index]
        cols = [str(c) for c in full.columns]
        values = full.to_numpy()
        cells = []
        for i, row in enumerate(rows):
            line = []
            for j, col in enumerate(cols):
                key = table.key(row, col if table.col_dim is not None else None)
                proposed = proposal.get(key, CONF_FREE)
                text = str(key)
                line.append(
                    TransmissionCell(
                        int(values[i, j]), overrides.get(text, proposed), proposed, text
                    )
                )
            cells.append(line)
        tables.append(
            TransmissionTable(
                stat=stat,
                row_codes=rows,
                row_labels=["Total" if r == TOTAL else table.row_labels.get(r, r) for r in rows],
                col_codes=cols,
                col_labels=(
                    ["Persons"]
                    if table.col_dim is None
                    else ["Total" if c == TOTAL else table.col_labels.get(c, c) for c in cols]
                ),
                cells=cells,
            )
        )
    return Transmission(
        stats=stats,
        tables=tables,
        safe=safe,
        overrides=overrides,
        proposed={str(key): flag for key, flag in proposal.items()},
    )


def transmission_frame(transmission: Transmission) -> pd.DataFrame:
    """The transmission in long form: one row per cell (table, row, column, OBS_VALUE,
    CONF_STATUS), as the SDMX-CSV-like files of the download."""
    records = [
        {
            "table": table.code,
            "row": row,
            "column": col,
            "OBS_VALUE": cell.value,
            "CONF_STATUS": cell.flag,
        }
        for table in transmission.tables
        for row, line in zip(table.row_codes, table.cells, strict=True)
        for col, cell in zip(table.col_codes, line, strict=True)
    ]
    return pd.DataFrame.from_records(
        records, columns=["table", "row", "column", "OBS_VALUE", "CONF_STATUS"]
    )


def regional_allowed(territory, final: bool) -> bool:
    """May the analysts' regional comparison show this territory-year? Signed-off years
    always; provisional ones only when the territory chose to share them."""
    return final or bool(getattr(territory, "share_provisional_statistics", False))
