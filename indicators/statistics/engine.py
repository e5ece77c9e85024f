"""The statistics engine: the annual tables of one territory and one reference year.

The database filters; a handful of queries read what a territory-year's tables need, whatever
the number of records (``indicators.statistics.frames``): the persons counted in the year (one
row each, only the columns the tables use), the four years before grouped for the trend (from a
covering index), the trafficker records with a stage in the year, two reads of case links and
the reconciliation of the year's records, on one connection. Every table is declared in
``indicators.statistics.declarations``; one runner builds them. pandas groups those frames
into the national tables V1–V12 and T1–T7 (spec/indicators.md §8) and the Eurostat, UNODC
and GRETA tables (spec/reporting.md §1), each through the explicit crosswalks of
``indicators.catalogue.crosswalks``.

Counting rules (the same everywhere, and printed with every table):

* victims are persons (distinct ``person_key``; a record without a personal code is a person of
  its own), counted in the reference year of the identification of each trafficking episode,
  by the rules of ``victims.persons`` (complete records with an identification date only; the
  status of the year; a later "not confirmed" removes the person; new episodes counted as
  re-trafficking); across a person's records of the year a known value outranks "unknown" and
  conflicting known values follow the first identification record (``Statistics.conflicts``);
* one main form of exploitation (``v_main_exploitation_form``) for tables that add up, all forms
  (``v_exploitation_form``) for tables of mentions;
* presumed and identified victims apart and together ("registered");
* unknowns (and empty answers) are a row of their own;
* traffickers are persons counted at each stage in the year the stage was reached: suspected
  (complaint date), prosecuted (indictment date), convicted at first instance (verdict
  ``convicted``, verdict date), finally convicted (final outcome ``convicted``, final date); the
  attributes come from the person's earliest record reaching that stage in the year; verdict
  tables count decisions. These are natural persons: legal persons prosecuted as defendants
  (``t_legal_person``) are counted the same way in their own tables T8 and T8b only.

The caller activates the scope (the request's, or ``scopes_disabled()`` for a regional analyst,
who is then shown protected tables only); the engine always filters on the territory itself.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import (
    Count,
    Q,
)

from indicators.catalogue import BAND_LIMITS, CODE_LISTS, CROSSWALKS, TRAFFICKERS, VICTIMS
from indicators.catalogue.code_lists import band_for
from indicators.catalogue.crosswalks import (
    age_group,
    citizenship_group,
    unodc_exploitation,
    unodc_sex_age,
)
from indicators.counting import COUNTED_STATUSES, NOT_COUNTED
from indicators.countries import KOSOVO, country_name
from indicators.registry import record_model
from indicators.schema import UNKNOWN
from indicators.statistics.declarations import (
    DECLARATIONS,
    PERSONS,
    RECORDS,
    STAGE_LABELS,
    STAGE_ROW_LABELS,
    TABLES,
)
from indicators.statistics.frames import mention_counts, read_frame
from indicators.statistics.measures import median_months, with_measures
from indicators.statistics.population import (
    SDG_FORM_LABELS,
    SDG_FORM_OF_UNODC,
    PopulationFigures,
    population_figures,
    with_sdg_rates,
)
from indicators.statistics.protection import (
    COUNT_COLUMN,
    TOTAL,
    ProtectionResult,
    code_index,
    protect,
    protection_note,
)
from indicators.statistics.tables import (
    MappedTable,
    StatTable,
    TableView,
    protected_view,
    unprotected_view,
)
from indicators.types import Context, type_of
from thb_data.dates import year_range

TREND_YEARS = 5
_COUNT_INDEX = code_index([COUNT_COLUMN])
UNKNOWN_LABEL = "Unknown / not recorded"

STAGES = STAGE_LABELS

GENERAL_NOTES = (
    "Figures cover persons identified or assisted by the institutions that provide data, not "
    "the prevalence of trafficking: changes from one year to another reflect how "
    "identification works in practice as much as changes in trafficking.",
    "Victims are persons, not records: records sharing a personal code count once. A person "
    "counts in the reference year in which a trafficking episode of theirs was identified: "
    "a person identified again in a later year for the same episode is not counted again; a "
    "new episode (identified again after an earlier exploitation ended) counts in its own "
    "year and is reported as re-trafficking. A person's status in the year is the most "
    "advanced one reached by their records of the year (formally identified outranks "
    "presumed); a person whose later record says not confirmed as a victim is not counted. "
    "Across a person's records of the year a known value outranks unknown, and conflicting "
    "known values follow the first identification record. Only complete records with an "
    "identification date count; deleted records are not counted.",
    "Presumed and formally identified victims are shown apart and together (Total = "
    "registered victims).",
    "Tables that add up to the total use one main form of exploitation per person; tables of "
    "mentions count every form (or answer) a person has, so their rows do not add up to the "
    "total.",
    "Unknown and empty answers are shown as a row of their own, never dropped.",
    "Traffickers are persons counted at each stage of the proceedings in the year the stage "
    "was reached: suspected in the year of the complaint, prosecuted in the year of the "
    "indictment, convicted at first instance in the year of the first-instance conviction, "
    "convicted by final judgment in the year of the final conviction. A person's attributes "
    "are those of their earliest record reaching the stage in the year. Verdict tables count "
    "decisions, not persons. Convicted means convicted at first instance for Eurostat and "
    "UNODC, by a final judgment for GRETA and the national figure.",
)

_UNODC_LABOUR = tuple(
    code
    for code, bucket in CROSSWALKS["unodc"]["exploitation_form"].mapping.items()
    if bucket == "forced_labour"
)


# The victims cube: database column -> cube column.
CUBE_FIELDS = {
    "reporting_year": "year",
    "counted_status": "status",
    "v_sex": "sex_raw",
    "v_citizenship": "citizenship",
    "v_main_exploitation_form": "main_form",
}

# The core attributes whose conflicting known values across a person's records are listed.
# The child flag (under 18 at recruitment, else at identification) -> age group.
CHILD_FLAG = {"yes": "child", "no": "adult"}

CONFLICT_COLUMNS = ("v_sex", "v_citizenship", "v_main_exploitation_form", "v_minor_flag")

# The UNODC women / men / girls / boys columns carry the keys of the same counts in the tables
# by sex and age group (so protection treats them alike everywhere).
SEX_AGE_KEYS = {
    bucket: {"sex": s, "age_group": a}
    for bucket, (s, a) in {
        "women": ("female", "adult"),
        "men": ("male", "adult"),
        "girls": ("female", "child"),
        "boys": ("male", "child"),
    }.items()
}

# The compensation amounts of the year's frame (GRETA: sums awarded and paid, table G9dA).
AMOUNT_COLUMNS = ("v_compensation_amount", "v_compensation_paid_amount")
AWARDED = ("awarded_paid", "awarded_not_paid")
# Who pays a person's compensation: one source, several, or not recorded (table G9d).
PAYERS = {
    **{c.code: c.label for c in CODE_LISTS["compensation_source"].categories},
    "several": "More than one source",
    UNKNOWN: UNKNOWN_LABEL,
}


def _payer(sources) -> str:
    known = [code for code in sources if code and code != UNKNOWN]
    if not known:
        return UNKNOWN
    return known[0] if len(known) == 1 else "several"


# Columns of the year's frame: the rows of the single-valued and mentions tables.
SINGLE_COLUMNS = tuple(dict.fromkeys(t.rows for t in TABLES if t.source == "victims.single"))
MENTION_COLUMNS = tuple(dict.fromkeys(t.rows for t in TABLES if t.source == "victims.mentions"))

# Dimensions of the frames: an indicator of the catalogue, or a crosswalk's buckets.
VICTIM_DIMS = {
    "citizenship": ("indicator", "v_citizenship"),
    "main_form": ("indicator", "v_main_exploitation_form"),
    "citizenship_group": ("crosswalk", "greta", "citizenship_group"),
    "citizenship_eurostat": ("crosswalk", "eurostat", "citizenship_group"),
    "main_form_eurostat": ("crosswalk", "eurostat", "exploitation_form"),
    "main_form_greta": ("crosswalk", "greta", "exploitation_form"),
    "form_unodc": ("crosswalk", "unodc", "exploitation_form"),
    "sex_age_unodc": ("crosswalk", "unodc", "sex_age"),
}
TRAFFICKER_DIMS = {
    "citizenship": ("indicator", "t_citizenship"),
    "main_form": ("indicator", "t_main_exploitation_form"),
    "citizenship_group": ("crosswalk", "unodc", "citizenship_group"),
    "citizenship_eurostat": ("crosswalk", "eurostat", "citizenship_group"),
    "main_form_eurostat": ("crosswalk", "eurostat", "exploitation_form"),
}

# Where each declared table's counts come from (the runner's methods).
VICTIM_SOURCES = {
    "victims": "source_victims",
    "victims.children": "source_children",
    "victims.single": "source_single",
    "victims.mentions": "source_mentions",
    "victims.trend": "source_trend",
    "victims.unodc_sex_age": "source_unodc_sex_age",
    "reconciliation": "source_reconciliation",
    "victims.national": "source_national_citizenship",
    "referrals": "source_referrals",
    "victims.sdg": "source_sdg",
    "victims.compensation": "source_compensation",
}
TRAFFICKER_SOURCES = {
    "stages": "source_stages",
    "stages.sex_age": "source_stages_sex_age",
    "stage": "source_stage",
    "stage.single": "source_stage_single",
    "stage.mentions": "source_stage_mentions",
    "decisions": "source_decisions",
    "prison": "source_prison",
    "duration": "source_duration",
    "links.per_trafficker": "source_links_per_trafficker",
    "links.per_victim": "source_links_per_victim",
    "legal.stages": "source_legal_stages",
    "legal.mentions": "source_legal_mentions",
    "stages.cases": "source_stage_cases",
    "offences": "source_offences",
}
# The date of each kind of decision.
DECISION_DATES = {
    "verdict_first": "t_verdict_first_date",
    "verdict_second": "t_verdict_second_date",
    "final": "t_final_date",
}


# The dates at which a trafficker reaches each stage.
STAGE_DATES = (
    "t_complaint_date",
    "t_indictment_date",
    "t_verdict_first_date",
    "t_verdict_second_date",
    "t_final_date",
)
TRAFFICKER_LISTS = (
    "t_qualification_initial",
    "t_qualification_indictment",
    "t_qualification_verdict",
    "t_sentence_type",
    "t_final_sentence_type",
    "t_role",
    "t_exploitation_forms",
    "t_legal_person_sanctions",
)
TRAFFICKER_CODES = (
    "t_verdict_first",
    "t_verdict_second",
    "t_final_outcome",
    "t_sex",
    "t_citizenship",
    "t_main_exploitation_form",
    "t_confiscation",
    "t_compensation_ordered",
    "t_organised_group",
    "t_legal_person",
)
TRAFFICKER_COLUMNS = (
    "pk",
    "person_key",
    "number",
    "case_id",
    *STAGE_DATES,
    "t_verdict_first",
    "t_verdict_second",
    "t_final_outcome",
    "t_sex",
    "t_citizenship",
    "t_main_exploitation_form",
    "t_prison_months",
    "t_confiscation",
    "t_compensation_ordered",
    "t_organised_group",
    "t_proceedings_duration",
    "t_age_at_offence",
    "t_legal_person",
    *TRAFFICKER_LISTS,
)


def _code(value) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return UNKNOWN
    return str(value)


def _positions(codes, column: pd.Series) -> np.ndarray:
    """The position of each value of ``column`` among ``codes`` (-1 if not there)."""
    where = {code: i for i, code in enumerate(codes)}
    return np.fromiter(
        (where.get(v, -1) for v in column.tolist()), dtype="int64", count=len(column)
    )


def _plain(column: pd.Series) -> list:
    """The values of ``column`` as plain Python objects, missing ones (NaN) as ``None``."""
    values = column.tolist()
    missing = column.isna().to_numpy()
    if missing.any():
        return [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def _int_or_none(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value)


@dataclass
class Dimension:
    """Rows (or columns) of a table: codes in order and their labels."""

    name: str
    codes: list[str]
    labels: dict[str, str]
    title: str = ""
    open: bool = False  # codes are the ones present in the data (countries, national lists)


@dataclass
class Statistics:
    """The tables of one territory-year, before protection."""

    territory: object
    year: int
    final: bool
    signed_off_at: object
    signed_off_by: str
    tables: list[StatTable]
    notes: list[str]
    medians: dict[str, float] = field(default_factory=dict)
    # What the figures beside some tables are computed from (indicators.statistics.measures).
    measures: dict[str, dict] = field(default_factory=dict)
    # Conflicting known values across a person's records (for the coordinator's eyes).
    conflicts: list[dict] = field(default_factory=list)
    # The population of the territory-year: the denominators of the SDG 16.2.2 rates (S1R).
    population: PopulationFigures | None = None

    @property
    def status_label(self) -> str:
        return "final" if self.final else "provisional"

    @property
    def published(self) -> list[StatTable]:
        return [t for t in self.tables if t.published]

    def table(self, code: str) -> StatTable:
        for stat in self.tables:
            if stat.code == code:
                return stat
        raise KeyError(code)

    def status_note(self) -> str:
        if self.final:
            when = f" on {self.signed_off_at:%Y-%m-%d}" if self.signed_off_at else ""
            who = f" by {self.signed_off_by}" if self.signed_off_by else ""
            return (
                f"Final figures: the reporting year {self.year} was signed off{when}{who}; its "
                "records are read-only."
            )
        return (
            f"Provisional figures: the reporting year {self.year} is not signed off; records "
            "may still change."
        )

    def protect(self, threshold: int, always_suppress=()) -> ProtectionResult:
        """Small-cell protection of every table (helper tables included, so that cells that
        add up across tables are protected together)."""
        return protect([t.table for t in self.tables], threshold, frozenset(always_suppress))

    def views(self, protection: ProtectionResult | None = None) -> list[TableView]:
        """Published tables ready to print: protected when ``protection`` is given."""
        if protection is None:
            views = [unprotected_view(t) for t in self.published]
        else:
            views = [protected_view(t, protection.tables[t.code]) for t in self.published]
        # S1R, the rates of S1 as printed: a hidden count gives a hidden rate; T6m and G9dA,
        # the median and the amounts, follow the protection of T6 and G9d.
        views = with_sdg_rates(views, self.population)
        return with_measures(views, self.measures, protection)

    def notes_for(self, protection: ProtectionResult | None) -> list[str]:
        notes = [self.status_note(), *self.notes]
        if protection is not None:
            notes.append(protection.note)
        else:
            notes.append(
                "UNPROTECTED COUNTS: small numbers are shown as they are. For the national "
                "coordinator's own use only; never publish or transmit these tables."
            )
        return notes


# --------------------------------------------------------------------------------------------


class _Engine:
    def __init__(self, territory, year: int):
        VictimRecord = record_model(VICTIMS)

        self.territory = territory
        self.code = territory.code
        self.year = int(year)
        self.context = Context(territory)
        self.tables: list[StatTable] = []
        self.medians: dict[str, float] = {}
        self.measures: dict[str, dict] = {}
        # The record each person counts by in a year (victims.persons applies the counting
        # rules): one per person and episode, in the year of the episode's identification.
        self.victims_all = VictimRecord.objects.filter(territory=territory, person_first=True)
        self.victims = self.victims_all.filter(reporting_year=self.year)
        # The records a person's figures of the year are read from: the counted record and the
        # person's other records of the year (a known value outranks "unknown").
        self.victims_year = VictimRecord.objects.filter(
            Q(person_first=True) | Q(not_counted_reason="same_person"),
            territory=territory,
            reporting_year=self.year,
        )
        self.conflicts: list[dict] = []
        self._year_frame: pd.DataFrame | None = None
        self._trafficker_frame: pd.DataFrame | None = None
        self._stages: dict[tuple[str, bool], pd.DataFrame] = {}
        self._links: tuple[pd.Series, pd.Series] | None = None
        self.pv = f"victims:{self.code}:{self.year}"

    # -- labels ----------------------------------------------------------------------------

    def indicator_dim(self, database, code: str, name: str | None = None) -> Dimension:
        ind = database.get(code)
        kind = type_of(ind)
        open_list = ind.type in ("country", "countries")
        if open_list:
            choices = []
        elif ind.code_list and ind.code_list in BAND_LIMITS:
            choices = [(c.code, c.label) for c in CODE_LISTS[ind.code_list].categories]
        else:
            choices = list(kind.choices(ind, self.context))
        labels = dict(choices)
        codes = [c for c, _ in choices if c != UNKNOWN] + [UNKNOWN]
        labels[UNKNOWN] = UNKNOWN_LABEL
        return Dimension(name or code, codes, labels, ind.label, open=open_list)

    @staticmethod
    def crosswalk_dim(framework: str, dimension: str, name: str) -> Dimension:
        crosswalk = CROSSWALKS[framework][dimension]
        labels = {b.code: b.label for b in crosswalk.buckets}
        labels[UNKNOWN] = UNKNOWN_LABEL
        return Dimension(name, crosswalk.bucket_codes(), labels, crosswalk.label)

    # -- shaping ---------------------------------------------------------------------------

    @staticmethod
    def _order(dim: Dimension, present) -> list[str]:
        present = [str(c) for c in present]
        if dim.open:
            extra = sorted({c for c in present if c != UNKNOWN}, key=lambda c: dim.labels.get(c, c))
            return [*extra, UNKNOWN]
        extra = sorted(set(present) - set(dim.codes))
        codes = list(dim.codes)
        if extra:
            codes = [c for c in codes if c != UNKNOWN] + extra + [UNKNOWN]
        return codes

    def _labels(self, dim: Dimension, codes) -> dict[str, str]:
        labels = {}
        for code in codes:
            if code in dim.labels:
                labels[code] = dim.labels[code]
            elif dim.open:
                labels[code] = "Stateless" if code == "stateless" else country_name(code)
            else:
                labels[code] = code
        return labels

    def crosstab(self, frame: pd.DataFrame, row: Dimension, col: Dimension | None, rows=None):
        """Counts of ``frame`` (column ``n``) by the row and column dimensions, every category
        present (zeros included); values outside ``rows`` are left out."""
        rows = rows if rows is not None else self._order(row, frame[row.name].unique())
        cols = self._order(col, frame[col.name].unique()) if col is not None else []
        weights = frame["n"].to_numpy(dtype="float64")
        # Each row's cell, as a position in the table: one weighted count for all cells
        # (positions looked up in a dict: the frames are small, pandas' indexers cost more).
        cell = _positions(rows, frame[row.name])
        inside = cell >= 0
        if col is not None:
            col_codes = _positions(cols, frame[col.name])
            inside &= col_codes >= 0
            cell = cell * len(cols) + col_codes
        size = len(rows) * (len(cols) if col is not None else 1)
        counts = np.bincount(cell[inside], weights=weights[inside], minlength=size)
        counts = counts.round().astype("int64")
        index = code_index(rows)
        if col is None:
            return pd.DataFrame(counts[:, None], index=index, columns=_COUNT_INDEX), rows, []
        table = pd.DataFrame(
            counts.reshape(len(rows), len(cols)), index=index, columns=code_index(cols)
        )
        return table, rows, cols

    def add(
        self,
        code: str,
        frame: pd.DataFrame,
        row: Dimension,
        col: Dimension | None = None,
        *,
        title: str = "",
        group: str = "",
        population: str | None = None,
        notes=(),
        rows=None,
        additive: bool | None = None,
        total: int | None = None,
        col_totals=None,
        row_keys=None,
        col_keys=None,
        published: bool = True,
    ) -> StatTable:
        """Count ``frame`` into the table ``code``: its title, framework, rule and notes come
        from its declaration (helper tables, not declared, give their own)."""
        declaration = DECLARATIONS.get(code) if published else None
        if declaration is not None:
            title = declaration.title.format(year=self.year)
            group = declaration.framework
            notes = [*declaration.all_notes(self.year), *notes]
            if additive is None:
                additive = declaration.additive
        counts, rows, cols = self.crosstab(frame, row, col, rows)
        row_labels = self._labels(row, rows)
        col_labels = self._labels(col, cols) if col is not None else {}
        if col_totals is not None:
            col_totals = {c: int(col_totals.get(c, 0)) for c in cols}
        table = MappedTable(
            code=code,
            title=title,
            population=population or self.pv,
            row_dim=row.name,
            col_dim=col.name if col is not None else None,
            counts=counts,
            row_labels=row_labels,
            col_labels=col_labels,
            additive=True if additive is None else additive,
            total=total,
            col_totals=col_totals,
            row_keys=row_keys or {},
            col_keys=col_keys or {},
        )
        stat = StatTable(
            table=table,
            group=group,
            notes=list(notes),
            published=published,
            row_title=row.title,
            col_title=col.title if col is not None else "",
        )
        self.tables.append(stat)
        return stat

    def helpers(self, code: str, frame, fine: Dimension, coarse_of, coarse_name: str, col=None):
        """Unpublished tables telling protection that the fine rows of each coarse category
        add up to that category's cells (one table per coarse category)."""
        if not len(frame):
            return
        rows = self._order(fine, frame[fine.name].unique())
        groups: dict[str, list[str]] = {}
        for value in rows:
            groups.setdefault(coarse_of(value), []).append(value)
        for coarse, members in groups.items():
            self.add(
                f"{code}:{coarse}",
                frame[frame[fine.name].isin(members)],
                fine,
                col,
                title=f"{code} relation for {coarse}",
                group="helper",
                rows=members,
                row_keys={TOTAL: (self.pv, {coarse_name: coarse})},
                published=False,
            )

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _group(frame: pd.DataFrame, fields: dict[str, str]) -> pd.DataFrame:
        """Persons of ``frame`` (one row per person) grouped by ``fields`` (column -> name)."""
        names = [*fields.values(), "n"]
        if not len(frame):
            return pd.DataFrame(columns=names)
        # One pass in plain Python (a year holds at most a few thousand persons: far cheaper
        # than a pandas group-by's fixed cost); missing values (NaN) form one group, as None.
        counts = Counter(zip(*(_plain(frame[column]) for column in fields), strict=True))
        return pd.DataFrame([(*key, n) for key, n in counts.items()], columns=names)

    def _buckets(self, cube: pd.DataFrame, *, citizenship: str, forms) -> None:
        """The reporting buckets of a cube's raw sex, citizenship and main form (in place):
        ``sex``, ``citizenship_group`` (by the ``citizenship`` framework),
        ``citizenship_eurostat`` and ``main_form_<framework>`` for each of ``forms``."""
        sex = CROSSWALKS["eurostat"]["sex"]
        cube["sex"] = [sex.bucket(v) for v in cube["sex_raw"]]
        cube["citizenship"] = [_code(v) for v in cube["citizenship"]]
        for name, framework in (
            ("citizenship_group", citizenship),
            ("citizenship_eurostat", "eurostat"),
        ):
            cube[name] = [citizenship_group(framework, c, self.code) for c in cube["citizenship"]]
        cube["main_form"] = [_code(v) for v in cube["main_form"]]
        for framework in forms:
            crosswalk = CROSSWALKS[framework]["exploitation_form"]
            cube[f"main_form_{framework}"] = [crosswalk.bucket(v) for v in cube["main_form"]]

    def year_frame(self) -> pd.DataFrame:
        """The persons counted in the year, one row each, with the columns of every victims
        table (``persons_frame``)."""
        if self._year_frame is None:
            frame = self.persons_frame(
                codes=[*list(CUBE_FIELDS)[1:], *SINGLE_COLUMNS, "v_minor_flag"],
                lists=MENTION_COLUMNS,
                integers=["episode", "v_age_at_identification", *AMOUNT_COLUMNS],
            )
            frame["v_victim_status"] = frame["counted_status"]
            self._year_frame = frame
        return self._year_frame

    def persons_frame(self, *, codes, lists=(), integers=()) -> pd.DataFrame:
        """The persons counted in the year, one row each: one read of the counted records and
        the persons' other records of the year, with the columns asked for (``codes``: coded
        text, ``lists``: multiple-choice, ``integers``) and those the counting rules need. A
        known value outranks "unknown"; conflicting known values follow the first
        identification record (and are listed in ``conflicts``)."""
        codes = list(dict.fromkeys([*codes, *CONFLICT_COLUMNS]))
        lists = list(dict.fromkeys(lists))
        integers = list(dict.fromkeys(["pk", "number", *integers]))
        columns = [*codes, *integers, *lists, "person_key", "not_counted_reason"]
        frame = read_frame(
            self.victims_year,
            [*columns, "v_identification_date"],
            integers=integers,
            lists=lists,
            codes=codes,
        )
        return self._one_row_per_person(frame, codes, lists)

    def _one_row_per_person(self, frame: pd.DataFrame, codes, lists) -> pd.DataFrame:
        if not len(frame):
            return frame
        own = "record:" + frame["pk"].astype("int64").astype(str)
        person = frame["person_key"].where(frame["person_key"] != "", own)
        several = person.duplicated(keep=False).to_numpy()
        if not several.any():
            return frame
        single = frame[~several]
        multi = frame[several].assign(_person=person[several])
        multi = multi.sort_values(["v_identification_date", "number"], kind="stable")
        columns = [c for c in multi.columns if c not in ("_person", "person_key")]
        known = pd.DataFrame(index=multi.index)
        for column in columns:
            values = multi[column]
            if column in lists:
                known[column] = values.where(values.map(len) > 0)
            elif column in codes or values.dtype == object:
                values = values.astype(object)
                known[column] = values.where(~values.isin(("", UNKNOWN)))
            else:
                known[column] = values
        known["_person"] = multi["_person"]
        # Conflicting known values of the person's core attributes, for the coordinator.
        for column in CONFLICT_COLUMNS:
            distinct = known.groupby("_person", sort=False)[column].nunique()
            for key in distinct[distinct > 1].index:
                rows = multi[multi["_person"] == key]
                self.conflicts.append(
                    {
                        "records": [f"{self.code}-V{int(n):06d}" for n in rows["number"]],
                        "indicator": VICTIMS.get(column).label,
                        "values": [
                            str(v)
                            for v in dict.fromkeys(known.loc[rows.index, column])
                            if isinstance(v, str)
                        ],
                        "kept": str(known.loc[rows.index, column].dropna().iloc[0]),
                    }
                )
        first = known.groupby("_person", sort=False).first()
        first = first.reset_index(drop=True)
        for column in columns:
            if column in lists:
                first[column] = [v if isinstance(v, tuple) else () for v in first[column]]
            elif column in codes or multi[column].dtype == object:
                first[column] = first[column].fillna("")
        first["person_key"] = ""
        single = single.copy()
        for column in codes:
            single[column] = single[column].astype(object)
        return pd.concat([single, first[single.columns]], ignore_index=True)

    def _mentions(self, frame: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
        """Persons per code of the multiple-choice ``column`` (and per ``by``), the persons with
        nothing recorded counted under Unknown."""
        return mention_counts(frame, column, by, empty=UNKNOWN)

    # -- victims ---------------------------------------------------------------------------

    def victims_cube(self) -> pd.DataFrame:
        """Persons of the last five years by year, status, sex, age, citizenship and form of
        exploitation: the reference year from the year's frame, the four years before grouped
        in the database (through the covering index of the first records)."""
        first = self.year - TREND_YEARS + 1
        earlier = pd.DataFrame(
            list(
                self.victims_all.filter(reporting_year__range=(first, self.year - 1))
                .order_by()
                .values(*CUBE_FIELDS)
                .annotate(n=Count("pk"))
            ),
            columns=[*CUBE_FIELDS, "n"],
        ).rename(columns=CUBE_FIELDS)
        year = self.year_frame()
        if len(year):
            forms = year["v_exploitation_form"]
            labour = set(_UNODC_LABOUR)
            year = year.assign(
                has_sexual=[int("sexual" in codes) for codes in forms],
                has_labour=[int(not labour.isdisjoint(codes)) for codes in forms],
                reporting_year=self.year,
            )
        else:
            year = year.assign(has_sexual=[], has_labour=[], reporting_year=[])
        year = year.assign(
            child_recruitment=[CHILD_FLAG.get(str(v), UNKNOWN) for v in year["v_minor_flag"]],
            retrafficked=[
                "yes"
                if (e == e and e and int(e) > 1) or b == "yes"
                else "no"
                if b == "no"
                else UNKNOWN
                for e, b in zip(
                    year["episode"], year["v_previously_trafficked"].astype(object), strict=True
                )
            ],
        )
        # Ages grouped into their age group and band first (a few combinations, not one per age).
        ages = year["v_age_at_identification"]
        groups = {a: age_group(_int_or_none(a)) for a in ages.unique()}
        bands = {a: band_for("victim_age_band", _int_or_none(a)) or UNKNOWN for a in groups}
        eu_bands = {a: band_for("eurostat_age_band", _int_or_none(a)) or UNKNOWN for a in groups}
        now = self._group(
            year.assign(
                age_group=ages.map(groups),
                age_band=ages.map(bands),
                age_band_eurostat=ages.map(eu_bands),
            ),
            {
                **CUBE_FIELDS,
                "age_group": "age_group",
                "age_band": "age_band",
                "age_band_eurostat": "age_band_eurostat",
                "child_recruitment": "child_recruitment",
                "retrafficked": "retrafficked",
                "has_sexual": "has_sexual",
                "has_labour": "has_labour",
            },
        )
        frame = pd.concat([earlier, now], ignore_index=True) if len(earlier) else now
        frame["has_sexual"] = frame["has_sexual"].fillna(0).astype("int64")
        frame["has_labour"] = frame["has_labour"].fillna(0).astype("int64")
        frame["age_group"] = frame["age_group"].fillna(UNKNOWN)
        frame["age_band"] = frame["age_band"].fillna(UNKNOWN)
        frame["age_band_eurostat"] = frame["age_band_eurostat"].fillna(UNKNOWN)
        frame["child_recruitment"] = frame["child_recruitment"].fillna(UNKNOWN)
        frame["retrafficked"] = frame["retrafficked"].fillna(UNKNOWN)
        self._buckets(frame, citizenship="greta", forms=("eurostat", "greta"))
        frame["form_unodc"] = [
            unodc_exploitation(
                (["sexual"] if s else []) + (["labour"] if lab else []),
                None if m == UNKNOWN else m,
            )
            for s, lab, m in zip(
                frame["has_sexual"], frame["has_labour"], frame["main_form"], strict=True
            )
        ]
        frame["sex_age_unodc"] = [
            unodc_sex_age(s, g) for s, g in zip(frame["sex_raw"], frame["age_group"], strict=True)
        ]
        frame["year"] = frame["year"].astype("int64") if len(frame) else frame["year"]
        frame["status"] = [_code(v) for v in frame["status"]]
        return frame

    def victim_dim(self, name: str) -> Dimension:
        """A dimension of the victims tables, by its name in the frames."""
        if name == "status":
            return Dimension(
                "status",
                list(COUNTED_STATUSES),
                {"presumed": "Presumed", "identified": "Identified"},
                "Victim status",
            )
        if name == "sex":
            sex = self.indicator_dim(VICTIMS, "v_sex", "sex")
            sex.codes = ["female", "male", UNKNOWN]
            return sex
        if name == "child_recruitment":
            dim = self.crosswalk_dim("eurostat", "age_group", "child_recruitment")
            dim.title = "Age group at recruitment"
            return dim
        if name == "age_group":
            dim = self.crosswalk_dim("eurostat", "age_group", "age_group")
            dim.title = "Age group at identification"
            return dim
        if name == "age_band":
            dim = self.indicator_dim(VICTIMS, "v_age_at_identification", "age_band")
            dim.title = "Age at identification"
            return dim
        if name == "age_band_eurostat":
            bands = CODE_LISTS["eurostat_age_band"].categories
            return Dimension(
                "age_band_eurostat",
                [*(c.code for c in bands), UNKNOWN],
                {**{c.code: c.label for c in bands}, UNKNOWN: UNKNOWN_LABEL},
                "Age at identification (Eurostat bands)",
            )
        if name == "retrafficked":
            return Dimension(
                "retrafficked",
                ["yes", "no", UNKNOWN],
                {"yes": "Re-trafficked", "no": "Not re-trafficked", UNKNOWN: UNKNOWN_LABEL},
                "Re-trafficking",
            )
        if name == "year":
            years = [str(y) for y in range(self.year - TREND_YEARS + 1, self.year + 1)]
            return Dimension("year", years, {y: y for y in years}, "Reference year")
        if name == "reconciliation":
            return Dimension(
                "reconciliation",
                ["counted", *NOT_COUNTED],
                {"counted": "Persons counted", **NOT_COUNTED},
                "Records",
            )
        if name == "compensation_payer":
            return Dimension("compensation_payer", list(PAYERS), dict(PAYERS), "Who pays")
        if name == "sdg_form":
            return Dimension(
                "sdg_form",
                [*SDG_FORM_LABELS, UNKNOWN],
                {**SDG_FORM_LABELS, UNKNOWN: "Form unknown"},
                "SDG series (form of exploitation)",
            )
        if name in VICTIM_DIMS:
            kind, *args = VICTIM_DIMS[name]
            if kind == "indicator":
                return self.indicator_dim(VICTIMS, args[0], name)
            return self.crosswalk_dim(args[0], args[1], name)
        return self.indicator_dim(VICTIMS, name)

    def build_victims(self):
        cube = self.victims_cube()
        now = cube[cube["year"] == self.year] if len(cube) else cube
        self.cube, self.now = cube, now
        by_status = now.groupby("status")["n"].sum() if len(now) else pd.Series(dtype=int)
        self.victim_persons = {s: int(by_status.get(s, 0)) for s in COUNTED_STATUSES}
        self.single_frames: dict[str, pd.DataFrame] = {}
        for declaration in TABLES:
            if declaration.unit in (PERSONS, RECORDS) and declaration.source in VICTIM_SOURCES:
                getattr(self, VICTIM_SOURCES[declaration.source])(declaration)
        self.victim_helpers()

    def _dims(self, declaration):
        row = self.victim_dim(declaration.rows)
        col = self.victim_dim(declaration.cols) if declaration.cols else None
        return row, col

    def source_victims(self, declaration):
        row, col = self._dims(declaration)
        col_keys = SEX_AGE_KEYS if declaration.cols == "sex_age_unodc" else None
        self.add(declaration.code, self.now, row, col, col_keys=col_keys)

    def source_national_citizenship(self, declaration):
        """The national tables by citizenship, with citizens of XK grouped as the territory's
        national practice says (see :meth:`national_citizenship`)."""
        row, col = self._dims(declaration)
        frame, notes = self.national_citizenship(self.now)
        self.add(declaration.code, frame, row, col, notes=notes)

    def national_citizenship(self, now: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """The persons as the national tables group their citizenship: citizens of XK with
        the reporting country when the territory's practice says so (one query). The stored
        code, and the Eurostat, UNODC and GRETA tables, keep XK."""
        from indicators.models import NationalPractice

        if not hasattr(self, "_xk_grouping"):
            self._xk_grouping = NationalPractice.xk_grouping_of(self.territory)
        grouping = self._xk_grouping
        if grouping != NationalPractice.XK_REPORTING_COUNTRY or self.code == KOSOVO:
            return now, []
        note = (
            f"National practice: citizens of Kosovo* (XK) are counted with the citizens of "
            f"{self.code}; the records keep the code XK and the international tables show it."
        )
        if not len(now):
            return now, [note]
        citizenship = [self.code if c == KOSOVO else c for c in now["citizenship"]]
        grouped = now.assign(
            citizenship=citizenship,
            citizenship_group=[citizenship_group("greta", c, self.code) for c in citizenship],
        )
        return grouped, [note]

    def source_referrals(self, declaration):
        """Referrals for identification received in the year, by source and outcome. Every
        record with a referral counts (any status, not a victim included): one query."""
        VictimRecord = record_model(VICTIMS)

        source_code, outcome_code = declaration.rows, declaration.cols
        rows = list(
            VictimRecord.objects.filter(territory=self.territory, reporting_year=self.year)
            .exclude(**{f"{source_code}__in": ["", "not_applicable"]})
            .order_by()
            .values(source_code, outcome_code)
            .annotate(n=Count("pk"))
        )
        frame = pd.DataFrame(rows, columns=[source_code, outcome_code, "n"])
        for column in (source_code, outcome_code):
            frame[column] = [_code(x) for x in frame[column]]
        source = self.indicator_dim(VICTIMS, source_code)
        source.codes = [c for c in source.codes if c != "not_applicable"]
        outcome = self.indicator_dim(VICTIMS, outcome_code)
        self.add(
            declaration.code,
            frame,
            source,
            outcome,
            population=f"referrals:{self.code}:{self.year}",
        )

    def source_children(self, declaration):
        """Persons trafficked as children: their cells are the child cells of the tables by
        age group at recruitment, by age band."""
        row, col = self._dims(declaration)
        now = self.now
        children = now[now["child_recruitment"] == "child"] if len(now) else now
        rows = self._order(row, children[row.name].unique()) if len(children) else row.codes
        keys = {b: (self.pv, {"child_recruitment": "child", row.name: b}) for b in rows}
        keys[TOTAL] = (self.pv, {"child_recruitment": "child"})
        self.add(declaration.code, children, row, col, rows=rows, row_keys=keys)

    def single_frame(self, column: str) -> pd.DataFrame:
        if column not in self.single_frames:
            frame = self._group(self.year_frame(), {column: column, "v_victim_status": "status"})
            frame[column] = [_code(x) for x in frame[column]]
            self.single_frames[column] = frame
        return self.single_frames[column]

    def source_single(self, declaration):
        column = declaration.rows
        col = self.victim_dim(declaration.cols) if declaration.cols else None
        self.add(
            declaration.code,
            self.single_frame(column),
            self.indicator_dim(VICTIMS, column),
            col,
        )

    def source_mentions(self, declaration):
        column = declaration.rows
        frame = self._mentions(self.year_frame(), column, by="v_victim_status")
        dim = self.indicator_dim(VICTIMS, column, f"{column}~any")
        frame = frame.rename(columns={column: dim.name, "v_victim_status": "status"})
        frame[dim.name] = frame[dim.name].astype(str) if len(frame) else frame[dim.name]
        self.add(
            declaration.code,
            frame,
            dim,
            self.victim_dim("status"),
            col_totals=self.victim_persons,
        )

    def source_trend(self, declaration):
        row, col = self._dims(declaration)
        cube = self.cube
        trend = cube.assign(year=cube["year"].astype(str)) if len(cube) else cube.assign(year=[])
        years = row.codes
        self.add(
            declaration.code,
            trend,
            row,
            col,
            rows=years,
            row_keys={y: (f"victims:{self.code}:{y}", {}) for y in years},
            population=f"victims:{self.code}:{years[0]}-{years[-1]}",
        )

    def source_unodc_sex_age(self, declaration):
        row, col = self._dims(declaration)
        sex_age_keys = {
            bucket: (self.pv, {"sex": s, "age_group": a})
            for bucket, (s, a) in {
                "women": ("female", "adult"),
                "men": ("male", "adult"),
                "girls": ("female", "child"),
                "boys": ("male", "child"),
            }.items()
        }
        self.add(declaration.code, self.now, row, col, row_keys=sex_age_keys)

    def source_sdg(self, declaration):
        """SDG 16.2.2 (S1): the UNODC forms grouped into the SDG forms, by women / men / girls /
        boys. Its cells carry the keys of the same counts in U3 and U4, and a helper tells
        protection that "other purposes" is the sum of U4's other buckets."""
        row, col = self._dims(declaration)
        now = self.now
        sdg = [SDG_FORM_OF_UNODC.get(f, UNKNOWN) for f in now["form_unodc"]] if len(now) else []
        frame = now.assign(sdg_form=sdg)
        same_as_u4 = {
            f: (self.pv, {"form_unodc": f})
            for f in (*(c for c in SDG_FORM_LABELS if c != "other"), UNKNOWN)
        }
        sex_age = SEX_AGE_KEYS
        self.add(
            declaration.code,
            frame,
            row,
            col,
            rows=row.codes,
            row_keys=same_as_u4,
            col_keys=sex_age,
        )
        others = [u for u, s in SDG_FORM_OF_UNODC.items() if s == "other"]
        self.add(
            f"H-sdg-other:{declaration.code}",
            frame[frame["sdg_form"] == "other"],
            self.victim_dim("form_unodc"),
            col,
            title="SDG other purposes from the UNODC forms",
            group="helper",
            rows=others,
            row_keys={TOTAL: (self.pv, {"sdg_form": "other"})},
            col_keys=sex_age,
            published=False,
        )

    def source_compensation(self, declaration):
        """Persons awarded compensation (paid or not yet), by who pays (G9d: one row per
        person), and the sums of their amounts awarded and paid (G9dA, in ``measures``). A
        helper tells protection that G9b's persons awarded and paid, and awarded and not
        paid, add up to G9d's total."""
        year = self.year_frame()
        awarded = (
            year[year["v_compensation_awarded"].astype(str).isin(AWARDED)] if len(year) else year
        )
        payers = [_payer(codes) for codes in awarded["v_compensation_source"]]
        frame = pd.DataFrame(
            {"compensation_payer": payers, "n": 1}, columns=["compensation_payer", "n"]
        )
        row = self.victim_dim("compensation_payer")
        total_key = (self.pv, {"compensation_awarded": "yes"})
        self.add(
            declaration.code,
            frame,
            row,
            rows=row.codes,
            row_keys={TOTAL: total_key},
        )
        self.add(
            f"H-compensation:{declaration.code}",
            self.single_frame("v_compensation_awarded"),
            self.indicator_dim(VICTIMS, "v_compensation_awarded"),
            title="Persons awarded compensation, paid and not paid",
            group="helper",
            rows=list(AWARDED),
            row_keys={TOTAL: total_key},
            published=False,
        )
        sums = {}
        for name, column in (("awarded", AMOUNT_COLUMNS[0]), ("paid", AMOUNT_COLUMNS[1])):
            amounts = pd.to_numeric(awarded[column], errors="coerce") if len(awarded) else []
            by_row = {code: [0, 0.0] for code in row.codes}
            for payer, amount in zip(payers, list(amounts), strict=True):
                if amount == amount and amount is not None:  # not NaN: recorded
                    by_row[payer][0] += 1
                    by_row[payer][1] += float(amount)
            sums[name] = by_row
        self.measures[declaration.code] = {"year": self.year, "rows": list(row.codes), **sums}

    def source_reconciliation(self, declaration):
        """Records registered in the year: persons counted and the others by reason (one
        grouped query)."""
        VictimRecord = record_model(VICTIMS)

        counts = (
            VictimRecord.objects.filter(territory=self.territory, reporting_year=self.year)
            .order_by()
            .values("person_first", "not_counted_reason")
            .annotate(n=Count("pk"))
        )
        rows = []
        for item in counts:
            reason = "counted" if item["person_first"] else item["not_counted_reason"]
            rows.append({"reconciliation": reason or "not_confirmed", "n": item["n"]})
        frame = pd.DataFrame(rows, columns=["reconciliation", "n"])
        row = self.victim_dim("reconciliation")
        self.add(
            declaration.code,
            frame,
            row,
            rows=row.codes,
            population=f"records:{self.code}:{self.year}",
            row_keys={"counted": (self.pv, {})},
        )

    def victim_helpers(self):
        """Helper relations: age bands add up to age groups, countries to citizenship groups,
        fine forms to the framework buckets, the UNODC unknown bucket to its parts."""
        now = self.now
        status, sex = self.victim_dim("status"), self.victim_dim("sex")
        ageband, citizen = self.victim_dim("age_band"), self.victim_dim("citizenship")
        main = self.victim_dim("main_form")
        self.helpers("H-age", now, ageband, self._age_group_of_band, "age_group", status)
        self.helpers(
            "H-age-eu",
            now,
            self.victim_dim("age_band_eurostat"),
            lambda band: self._age_group_of_band(band, "eurostat_age_band"),
            "age_group",
            sex,
        )
        self.helpers(
            "H-cit",
            self.national_citizenship(now)[0],  # as V2 and V2b group them
            citizen,
            lambda c: citizenship_group("greta", c, self.code),
            "citizenship_group",
            status,
        )
        self.helpers(
            "H-cit-eu",
            now,
            citizen,
            lambda c: citizenship_group("eurostat", c, self.code),
            "citizenship_eurostat",
            status,
        )
        self.helpers(
            "H-form-eu",
            now,
            main,
            CROSSWALKS["eurostat"]["exploitation_form"].bucket,
            "main_form_eurostat",
            sex,
        )
        self.helpers(
            "H-form-greta",
            now,
            main,
            CROSSWALKS["greta"]["exploitation_form"].bucket,
            "main_form_greta",
            status,
        )
        unknown_parts = now[now["sex_age_unodc"] == UNKNOWN].copy()
        unknown_parts["part"] = [
            f"{s}/{a}"
            for s, a in zip(unknown_parts["sex"], unknown_parts["age_group"], strict=True)
        ]
        parts = [
            f"{s}/{a}"
            for s in ("female", "male", UNKNOWN)
            for a in ("child", "adult", UNKNOWN)
            if UNKNOWN in (s, a)
        ]
        self.add(
            "H-unodc-unknown",
            unknown_parts,
            Dimension("part", parts, {}),
            title="UNODC unknown sex or age",
            group="helper",
            rows=parts,
            row_keys={
                **{
                    p: (self.pv, dict(zip(("sex", "age_group"), p.split("/"), strict=True)))
                    for p in parts
                },
                TOTAL: (self.pv, {"sex_age_unodc": UNKNOWN}),
            },
            published=False,
        )

    @staticmethod
    def _age_group_of_band(band: str, bands: str = "victim_age_band") -> str:
        for code, low, _high in BAND_LIMITS[bands]:
            if code == band:
                return age_group(low)
        return UNKNOWN

    # -- traffickers -----------------------------------------------------------------------

    def trafficker_frame(self) -> pd.DataFrame:
        """The territory's trafficker records with a stage in the year: one read, the columns
        of every criminal-justice table."""
        if self._trafficker_frame is None:
            TraffickerRecord = record_model(TRAFFICKERS)

            lo, hi = year_range(self.year)
            in_year = Q()
            for column in STAGE_DATES:
                in_year |= Q(**{f"{column}__gte": lo, f"{column}__lt": hi})
            frame = read_frame(
                TraffickerRecord.objects.filter(in_year, territory=self.territory),
                TRAFFICKER_COLUMNS,
                integers=(
                    "pk",
                    "number",
                    "case_id",
                    "t_prison_months",
                    "t_proceedings_duration",
                    "t_age_at_offence",
                ),
                lists=TRAFFICKER_LISTS,
                codes=TRAFFICKER_CODES,
            )
            # A record without a personal code is a person of its own.
            own = "record:" + frame["pk"].astype("int64").astype(str)
            frame["person"] = frame["person_key"].where(frame["person_key"] != "", own)
            self._trafficker_frame = frame
        return self._trafficker_frame

    def trafficker_records(self, legal_persons: bool) -> pd.DataFrame:
        """The trafficker records of the year's natural persons, or of its legal persons."""
        key = ("records", legal_persons)
        if key not in self._stages:
            records = self.trafficker_frame()
            if len(records):
                records = records[(records["t_legal_person"] == "yes") == legal_persons]
            self._stages[key] = records
        return self._stages[key]

    def stage_frame(self, stage: str, *, legal_persons: bool = False) -> pd.DataFrame:
        """The persons at ``stage`` in the year, each by their first record reaching it: the
        natural persons, or with ``legal_persons`` the legal persons (companies as defendants),
        which the persons-based tables do not count among the persons (T8 and T8b count them)."""
        key = (stage, legal_persons)
        if key in self._stages:
            return self._stages[key]
        records = self.trafficker_records(legal_persons)
        lo, hi = year_range(self.year)

        def in_year(column: str):
            return (records[column] >= lo) & (records[column] < hi)

        def convicted(column: str):
            return records[column] == "convicted"

        # Per stage: who reaches it in the year, and whether a conviction comes first.
        filters = {
            "suspected": (lambda: in_year("t_complaint_date"), None, "t_complaint_date"),
            "prosecuted": (lambda: in_year("t_indictment_date"), None, "t_indictment_date"),
            "convicted_first": (
                lambda: convicted("t_verdict_first") & in_year("t_verdict_first_date"),
                None,
                "t_verdict_first_date",
            ),
            "convicted_final": (
                lambda: convicted("t_final_outcome") & in_year("t_final_date"),
                None,
                "t_final_date",
            ),
            # All outcomes; a conviction first so the convicted row is the convicted population.
            "verdict_first": (
                lambda: in_year("t_verdict_first_date"),
                "t_verdict_first",
                "t_verdict_first_date",
            ),
            "verdict_second": (
                lambda: in_year("t_verdict_second_date"),
                None,
                "t_verdict_second_date",
            ),
            "final": (lambda: in_year("t_final_date"), "t_final_outcome", "t_final_date"),
        }
        if len(records):
            mask, convicted_first, date = filters[stage]
            # Sorted and deduplicated on the few columns that decide, then the chosen records
            # taken once with every column.
            order = [date, "number"]
            columns = [date, "number", "person", *([convicted_first] if convicted_first else [])]
            chosen = records[columns].assign(_position=np.arange(len(records)))[mask()]
            if convicted_first:
                chosen = chosen.assign(_rank=(chosen[convicted_first] != "convicted").astype(int))
                order = ["_rank", *order]
            chosen = chosen.sort_values(order, kind="stable").drop_duplicates("person")
            rank = chosen["_rank"].to_numpy() if convicted_first else None
            chosen = records.take(chosen["_position"].to_numpy())
            if convicted_first:
                chosen = chosen.assign(_rank=rank)
        else:
            chosen = records
        self._stages[key] = chosen
        return chosen

    def population(self, stage: str) -> str:
        return f"{stage}:{self.code}:{self.year}"

    def trafficker_dim(self, name: str, declaration=None) -> Dimension:
        """A dimension of the criminal-justice tables, by its name in the frames."""
        if name == "stage":
            stages = declaration.stages if declaration is not None else tuple(STAGES)
            labels = {**STAGES, **STAGE_ROW_LABELS.get(getattr(declaration, "framework", ""), {})}
            return Dimension("stage", list(stages), {s: labels[s] for s in stages}, "Stage")
        if name == "sex":
            sex = self.indicator_dim(TRAFFICKERS, "t_sex", "sex")
            sex.codes = ["female", "male", UNKNOWN]
            return sex
        if name in TRAFFICKER_DIMS:
            kind, *args = TRAFFICKER_DIMS[name]
            if kind == "indicator":
                return self.indicator_dim(TRAFFICKERS, args[0], name)
            return self.crosswalk_dim(args[0], args[1], name)
        if name == "prison_band":
            dim = self.indicator_dim(TRAFFICKERS, "t_prison_months", "prison_band")
            dim.labels[UNKNOWN] = "No prison term recorded"
            return dim
        if name == "age_band_eurostat":
            bands = CODE_LISTS["eurostat_age_band"].categories
            return Dimension(
                "age_band_eurostat",
                [*(c.code for c in bands), UNKNOWN],
                {**{c.code: c.label for c in bands}, UNKNOWN: UNKNOWN_LABEL},
                "Age at the criminal complaint (Eurostat bands)",
            )
        if name == "duration":
            return Dimension(
                "duration",
                [c for c, _l, _lo, _hi in DURATION_BANDS] + [UNKNOWN],
                {**{c: label for c, label, _lo, _hi in DURATION_BANDS}, UNKNOWN: UNKNOWN_LABEL},
                "Length of proceedings",
            )
        if name == "linked":
            return Dimension(
                "linked",
                [c for c, _l, _lo, _hi in LINK_BANDS],
                {c: label for c, label, _lo, _hi in LINK_BANDS},
                "Linked persons",
            )
        return self.indicator_dim(TRAFFICKERS, name)

    def build_traffickers(self):
        self.sets = {stage: self.stage_frame(stage) for stage in STAGES}
        cubes = []
        for stage, persons in self.sets.items():
            frame = self._group(
                persons,
                {
                    "t_sex": "sex_raw",
                    "t_citizenship": "citizenship",
                    "t_main_exploitation_form": "main_form",
                    "t_age_at_offence": "age",
                },
            )
            frame["stage"] = stage
            cubes.append(frame)
        cube = pd.concat(cubes, ignore_index=True)
        self._buckets(cube, citizenship="unodc", forms=("eurostat",))
        cube["age_band_eurostat"] = [
            band_for("eurostat_age_band", _int_or_none(a)) or UNKNOWN for a in cube["age"]
        ]
        self.stage_cube = cube
        totals = cube.groupby("stage")["n"].sum()
        self.stage_persons = {s: int(totals.get(s, 0)) for s in STAGES}
        self.stage_keys = {s: (self.population(s), {}) for s in STAGES}
        for declaration in TABLES:
            if declaration.source in TRAFFICKER_SOURCES:
                getattr(self, TRAFFICKER_SOURCES[declaration.source])(declaration)
        self.trafficker_helpers()

    def _tdims(self, declaration):
        row = self.trafficker_dim(declaration.rows, declaration)
        col = self.trafficker_dim(declaration.cols, declaration) if declaration.cols else None
        return row, col

    def source_stages(self, declaration):
        """A funnel table: each row the persons at a stage."""
        row, col = self._tdims(declaration)
        stages = list(declaration.stages)
        self.add(
            declaration.code,
            self.stage_cube,
            row,
            col,
            rows=stages,
            row_keys={s: self.stage_keys[s] for s in stages},
        )

    def source_stages_sex_age(self, declaration):
        """A funnel by sex and age band: each row the persons of one sex at a stage (its total
        is that stage's cell of the table by sex), the columns their age bands."""
        col = self.trafficker_dim(declaration.cols, declaration)
        stages = list(declaration.stages)
        stage_dim = self.trafficker_dim("stage", declaration)
        sex = self.trafficker_dim("sex")
        rows = [f"{stage}.{s}" for stage in stages for s in sex.codes]
        labels = {
            f"{stage}.{s}": f"{stage_dim.labels[stage]}: {sex.labels[s].lower()}"
            for stage in stages
            for s in sex.codes
        }
        cube = self.stage_cube
        frame = cube.assign(stage_sex=cube["stage"].astype(str) + "." + cube["sex"].astype(str))
        self.add(
            declaration.code,
            frame,
            Dimension("stage_sex", rows, labels, "Stage and sex"),
            col,
            rows=rows,
            row_keys={
                f"{stage}.{s}": (self.population(stage), {"sex": s})
                for stage in stages
                for s in sex.codes
            },
        )

    def source_stage(self, declaration):
        """The persons at one stage, by the row (and column) dimensions."""
        row, col = self._tdims(declaration)
        cube = self.stage_cube
        self.add(
            declaration.code,
            cube[cube["stage"] == declaration.stage],
            row,
            col,
            population=self.population(declaration.stage),
        )

    def stage_records(self, stage: str) -> pd.DataFrame:
        """Every trafficker record reaching ``stage`` in the year (not one per person)."""
        records = self.trafficker_frame()
        if not len(records):
            return records
        lo, hi = year_range(self.year)
        date, outcome = {
            "suspected": ("t_complaint_date", None),
            "prosecuted": ("t_indictment_date", None),
            "convicted_first": ("t_verdict_first_date", "t_verdict_first"),
            "convicted_final": ("t_final_date", "t_final_outcome"),
        }[stage]
        mask = (records[date] >= lo) & (records[date] < hi)
        if outcome:
            mask &= records[outcome] == "convicted"
        return records[mask]

    @staticmethod
    def _case_of(records: pd.DataFrame) -> pd.Series:
        """The criminal case of each record (a record without a case is a case of its own)."""
        own = "record:" + records["pk"].astype("int64").astype(str)
        cases = "case:" + records["case_id"].astype("Int64").astype(str)
        return cases.where(records["case_id"].notna(), own)

    def source_stage_cases(self, declaration):
        """Criminal cases at each stage in the year (GRETA counts cases as well as persons)."""
        rows = []
        for stage in declaration.stages:
            records = self.stage_records(stage)
            n = int(self._case_of(records).nunique()) if len(records) else 0
            rows.append({"stage": stage, "n": n})
        row, _col = self._tdims(declaration)
        stages = list(declaration.stages)
        self.add(
            declaration.code,
            pd.DataFrame(rows, columns=["stage", "n"]),
            row,
            rows=stages,
            population=f"cases:{self.code}:{self.year}",
            row_keys={s: (f"cases_{s}:{self.code}:{self.year}", {}) for s in stages},
        )

    def source_offences(self, declaration):
        """Offences recorded (UNODC): criminal cases with a complaint in the year, by the
        articles they were qualified under at the complaint (mentions per case), with the
        institutions that recorded them in the note (one query)."""
        TraffickerRecord = record_model(TRAFFICKERS)

        column = declaration.rows
        records = self.stage_records("suspected")
        cases = pd.DataFrame(
            {
                "case": self._case_of(records) if len(records) else [],
                column: records[column].tolist() if len(records) else [],
            }
        )
        # A case's articles: every article any of its records qualified it under.
        per_case = (
            cases.groupby("case")[column].agg(lambda v: tuple(sorted({a for t in v for a in t})))
            if len(cases)
            else pd.Series(dtype=object)
        )
        frame = self._mentions(per_case.rename(column).reset_index(), column)
        dim = self.indicator_dim(TRAFFICKERS, column, f"{column}~any")
        frame = frame.rename(columns={column: dim.name})
        lo, hi = year_range(self.year)
        providers = sorted(
            set(
                TraffickerRecord.objects.filter(
                    territory=self.territory, t_complaint_date__gte=lo, t_complaint_date__lt=hi
                )
                .order_by()
                .values_list("institution__name", flat=True)
                .distinct()
            )
        )
        notes = [
            "Data providers (institutions that recorded the cases): "
            + (", ".join(providers) if providers else "none in the year")
            + "."
        ]
        self.add(
            declaration.code,
            frame,
            dim,
            population=f"cases_suspected:{self.code}:{self.year}",
            total=len(per_case),
            notes=notes,
        )

    def source_stage_single(self, declaration):
        column = declaration.rows
        frame = self._group(self.sets[declaration.stage], {column: column})
        frame[column] = [_code(x) for x in frame[column]]
        self.add(
            declaration.code,
            frame,
            self.indicator_dim(TRAFFICKERS, column),
            population=self.population(declaration.stage),
        )

    def source_stage_mentions(self, declaration):
        column, stage = declaration.rows, declaration.stage
        dim = self.indicator_dim(TRAFFICKERS, column, f"{column}~any")
        frame = self._mentions(self.sets[stage], column).rename(columns={column: dim.name})
        self.add(
            declaration.code,
            frame,
            dim,
            population=self.population(stage),
            total=self.stage_persons[stage],
        )

    def decisions(self, stage: str) -> pd.DataFrame:
        """The decisions (trafficker records of natural persons) of ``stage`` dated in the year,
        one row each."""
        records = self.trafficker_records(legal_persons=False)
        if not len(records):
            return records
        lo, hi = year_range(self.year)
        column = DECISION_DATES[stage]
        return records[(records[column] >= lo) & (records[column] < hi)]

    def source_decisions(self, declaration):
        column = declaration.rows
        frame = self._group(self.decisions(declaration.stage), {column: column, "t_sex": "sex_raw"})
        frame[column] = [_code(x) for x in frame[column]]
        sex = CROSSWALKS["eurostat"]["sex"]
        frame["sex"] = [sex.bucket(x) for x in frame["sex_raw"]]
        row, col = self._tdims(declaration)
        self.add(
            declaration.code,
            frame,
            self.indicator_dim(TRAFFICKERS, column),
            col,
            population=f"decisions_{declaration.stage}:{self.code}:{self.year}",
        )

    def source_prison(self, declaration):
        prison = self._group(self.sets[declaration.stage], {"t_prison_months": "months"})
        prison["prison_band"] = [
            band_for("prison_band", _int_or_none(m)) or UNKNOWN for m in prison["months"]
        ]
        row, _col = self._tdims(declaration)
        self.add(declaration.code, prison, row, population=self.population(declaration.stage))

    def source_duration(self, declaration):
        durations = self._group(
            self.decisions(declaration.stage), {"t_proceedings_duration": "days"}
        )
        durations["duration"] = [_duration_band(_int_or_none(d)) for d in durations["days"]]
        known = [
            (int(d), int(n))
            for d, n in zip(durations["days"], durations["n"], strict=True)
            if _int_or_none(d) is not None
        ]
        notes = [
            f"From the complaint to the final judgment, final decisions dated {self.year}.",
            "The median length, in months, and the number of decisions it is computed over: "
            "table T6m.",
        ]
        days = [d for d, n in known for _ in range(n)]
        if len(days) >= settings.THB_SUPPRESSION_THRESHOLD_PUBLIC:
            self.medians["T6"] = pystats.median_low(days)
        self.measures[declaration.code] = {
            "year": self.year,
            "n": len(days),
            "median_months": median_months(days),
        }
        row, _col = self._tdims(declaration)
        self.add(
            declaration.code,
            durations,
            row,
            population=f"decisions_{declaration.stage}:{self.code}:{self.year}",
            notes=notes,
        )

    def source_legal_stages(self, declaration):
        """Legal persons (companies as defendants) at each stage: a funnel like T1's."""
        stages = list(declaration.stages)
        frame = pd.DataFrame(
            [
                {"stage": stage, "n": len(self.stage_frame(stage, legal_persons=True))}
                for stage in stages
            ],
            columns=["stage", "n"],
        )
        row, _col = self._tdims(declaration)
        self.add(
            declaration.code,
            frame,
            row,
            rows=stages,
            row_keys={s: (f"legal_{self.population(s)}", {}) for s in stages},
        )

    def source_legal_mentions(self, declaration):
        """The sanctions (or another multiple choice) of the legal persons at one stage."""
        column, stage = declaration.rows, declaration.stage
        persons = self.stage_frame(stage, legal_persons=True)
        dim = self.indicator_dim(TRAFFICKERS, column, f"{column}~any")
        frame = self._mentions(persons, column).rename(columns={column: dim.name})
        self.add(
            declaration.code,
            frame,
            dim,
            population=f"legal_{self.population(stage)}",
            total=len(persons),
        )

    def source_links_per_trafficker(self, declaration):
        per_case, _per_victim = self.link_counts()
        suspected = self.sets[declaration.stage]
        counts = per_case.to_dict()
        linked = [counts.get(_int_or_none(case), 0) for case in suspected["case_id"].tolist()]
        links = self._group(suspected.assign(linked=linked), {"linked": "linked"})
        links["linked"] = [_link_band(int(x)) for x in links["linked"]]
        row, _col = self._tdims(declaration)
        self.add(declaration.code, links, row, population=self.population(declaration.stage))

    def source_links_per_victim(self, declaration):
        _per_case, per_victim = self.link_counts()
        bands: dict[str, int] = {}
        linked_victims = 0
        for count in per_victim.tolist():
            linked_victims += 1
            band = _link_band(int(count))
            bands[band] = bands.get(band, 0) + 1
        unlinked = sum(self.victim_persons.values()) - linked_victims
        if unlinked > 0:
            bands[_link_band(0)] = bands.get(_link_band(0), 0) + unlinked
        links = pd.DataFrame(
            [{"linked": band, "n": n} for band, n in bands.items()], columns=["linked", "n"]
        )
        row, _col = self._tdims(declaration)
        self.add(declaration.code, links, row)

    def trafficker_helpers(self):
        """Countries add up to citizenship groups, per stage."""
        cube = self.stage_cube
        if not len(cube):
            return
        citizen = self.trafficker_dim("citizenship")
        for name, framework in (
            ("citizenship_group", "unodc"),
            ("citizenship_eurostat", "eurostat"),
        ):
            groups: dict[str, list[str]] = {}
            for c in self._order(citizen, cube["citizenship"].unique()):
                groups.setdefault(citizenship_group(framework, c, self.code), []).append(c)
            for bucket, members in groups.items():
                part = cube[cube["citizenship"].isin(members)]
                self.add(
                    f"H-t-{name}:{bucket}",
                    part,
                    self.trafficker_dim("stage"),
                    Dimension("citizenship", members, {}),
                    title="helper",
                    group="helper",
                    rows=list(STAGES),
                    row_keys=self.stage_keys,
                    additive=False,
                    col_keys={TOTAL: {name: bucket}},
                    published=False,
                )

    def link_counts(self) -> tuple[pd.Series, pd.Series]:
        """Victim persons per criminal case (the cases of the year's suspects) and trafficker
        persons per victim (the year's victims): two reads of case links."""
        if self._links is None:
            TraffickerRecord = record_model(TRAFFICKERS)
            CriminalCase = TraffickerRecord._meta.get_field("case").related_model
            through = CriminalCase.victims.through
            lo, hi = year_range(self.year)
            suspects = TraffickerRecord.objects.filter(
                territory=self.territory, t_complaint_date__gte=lo, t_complaint_date__lt=hi
            )
            per_case = _persons_per(
                read_frame(
                    through.objects.filter(
                        criminalcase_id__in=suspects.values("case_id"),
                        victimrecord__is_deleted=False,
                    ),
                    ["criminalcase_id", "victimrecord_id", "victimrecord__person_key"],
                    integers=["criminalcase_id", "victimrecord_id"],
                )
            )
            per_victim = _persons_per(
                read_frame(
                    through.objects.filter(
                        victimrecord_id__in=self.victims.values("pk"),
                        criminalcase__defendants__is_deleted=False,
                    ),
                    [
                        "victimrecord_id",
                        "criminalcase__defendants__id",
                        "criminalcase__defendants__person_key",
                    ],
                    integers=["victimrecord_id", "criminalcase__defendants__id"],
                )
            )
            self._links = (per_case, per_victim)
        return self._links

    # -- all -------------------------------------------------------------------------------

    def build(self) -> Statistics:
        from thb_data.records import ReportingYear

        # One connection: a second one for the criminal-justice reads saved 4% at the real
        # scale (tests/benchmarks/RESULTS.md), not worth a connection per request.
        self.build_victims()
        self.build_traffickers()
        reporting_year = (
            ReportingYear.objects.filter(territory=self.territory, year=self.year)
            .select_related("signed_off_by")
            .first()
        )
        final = bool(reporting_year and reporting_year.signed_off)
        return Statistics(
            territory=self.territory,
            year=self.year,
            final=final,
            signed_off_at=reporting_year.signed_off_at if final else None,
            signed_off_by=(
                reporting_year.signed_off_by.get_username()
                if final and reporting_year.signed_off_by
                else ""
            ),
            tables=self.tables,
            notes=list(GENERAL_NOTES),
            medians=self.medians,
            measures=self.measures,
            conflicts=self.conflicts,
            population=population_figures(self.territory, self.year),
        )


DURATION_BANDS = (
    ("under_6_months", "Under 6 months", 0, 182),
    ("6_12_months", "6 to 12 months", 183, 365),
    ("1_2_years", "1 to 2 years", 366, 730),
    ("2_5_years", "2 to 5 years", 731, 1826),
    ("5_plus_years", "5 years or more", 1827, None),
)

LINK_BANDS = (
    ("0", "None linked", 0, 0),
    ("1", "1", 1, 1),
    ("2", "2", 2, 2),
    ("3_5", "3 to 5", 3, 5),
    ("6_plus", "6 or more", 6, None),
)


def _band(bands, value):
    if value is None:
        return UNKNOWN
    for code, _label, low, high in bands:
        if value >= low and (high is None or value <= high):
            return code
    return UNKNOWN


def _duration_band(days):
    return _band(DURATION_BANDS, days)


def _link_band(count):
    return _band(LINK_BANDS, count)


def _persons_per(links: pd.DataFrame) -> pd.Series:
    """Distinct persons per key, from rows (key, record id, person key): a record without a
    person key is a person of its own."""
    key, record, person_key = links.columns
    if not len(links):
        return pd.Series(dtype="int64")
    keyed = links[person_key] != ""
    by_key = links[keyed].groupby(key)[person_key].nunique()
    by_record = links[~keyed].groupby(key)[record].nunique()
    return by_key.add(by_record, fill_value=0).astype("int64")


def persons_of_year(territory, year: int, *, codes, lists=(), integers=()) -> pd.DataFrame:
    """The persons of ``territory`` counted in ``year``, one row each, by the counting rules of
    the tables (``_Engine.persons_frame``), with the columns asked for. The caller activates the
    scope, as for :func:`compute_statistics`."""
    return _Engine(territory, year).persons_frame(codes=codes, lists=lists, integers=integers)


def compute_statistics(territory, year: int) -> Statistics:
    """Every table of ``territory`` for the reference ``year`` (a scope must be active)."""
    return _Engine(territory, year).build()


def protection_text(threshold: int) -> str:
    return protection_note(threshold)
