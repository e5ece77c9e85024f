"""The statistics engine: the annual tables of one territory and one reference year.

The database filters; a handful of queries read what a territory-year's tables need, whatever
the number of records (``indicators.statistics.frames``): the persons counted in the year (one
row each, only the columns the tables use), the four years before grouped for the trend (from a
covering index), the trafficker records with a stage in the year, and two reads of case links
(on PostgreSQL, outside a transaction, the criminal-justice reads run on a second connection
while the victims tables are built). pandas groups those frames into the national tables V1–V12
and T1–T7 (spec/indicators.md §8) and the Eurostat, UNODC and GRETA tables (spec/reporting.md
§1), each through the explicit crosswalks of ``indicators.catalogue.crosswalks``.

Counting rules (the same everywhere, and printed with every table):

* victims are persons (distinct ``person_key``; a record without a personal code is a person of
  its own), counted in the reference year of their first identification: a person's
  *representative record* is their earliest record (by reporting year, identification date,
  record number) among the non-deleted records of the territory with status presumed or
  identified; the person counts in that record's year and with that record's attributes;
* one main form of exploitation (``v_main_exploitation_form``) for tables that add up, all forms
  (``v_exploitation_form``) for tables of mentions;
* presumed and identified victims apart and together ("registered");
* unknowns (and empty answers) are a row of their own;
* traffickers are persons counted at each stage in the year the stage was reached: suspected
  (complaint date), prosecuted (indictment date), convicted at first instance (verdict
  ``convicted``, verdict date), finally convicted (final outcome ``convicted``, final date); the
  attributes come from the person's earliest record reaching that stage in the year.

The caller activates the scope (the request's, or ``scopes_disabled()`` for a regional analyst,
who is then shown protected tables only); the engine always filters on the territory itself.
"""

from __future__ import annotations

import contextvars
import statistics as pystats
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
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
from indicators.countries import KOSOVO, country_name
from indicators.dates import year_range
from indicators.schema import UNKNOWN
from indicators.statistics.frames import mention_counts, read_frame
from indicators.statistics.protection import (
    COUNT_COLUMN,
    TOTAL,
    CellKey,
    ProtectionResult,
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
from victims.persons import COUNTED_STATUSES

TREND_YEARS = 5
UNKNOWN_LABEL = "Unknown / not recorded"

STAGES = {
    "suspected": "Suspected (complaint filed)",
    "prosecuted": "Prosecuted (indicted)",
    "convicted_first": "Convicted at first instance",
    "convicted_final": "Convicted by final judgment",
}

GENERAL_NOTES = (
    "Figures cover persons identified or assisted by the institutions that provide data, not "
    "the prevalence of trafficking: changes from one year to another reflect how "
    "identification works in practice as much as changes in trafficking.",
    "Victims are persons, not records: records sharing a personal code count once. A victim "
    "counts in the reference year of their first identification only (a person identified "
    "again in a later year is not counted again). When several institutions registered the "
    "same person, the person's attributes are taken from their earliest identified record "
    "(earliest reporting year, then identification date, then record number). Records with "
    "status 'not confirmed' and deleted records are not counted.",
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
    "are those of their earliest record reaching the stage in the year.",
)

_UNODC_LABOUR = tuple(
    code
    for code, bucket in CROSSWALKS["unodc"]["exploitation_form"].mapping.items()
    if bucket == "forced_labour"
)


# The victims cube: database column -> cube column.
CUBE_FIELDS = {
    "reporting_year": "year",
    "v_victim_status": "status",
    "v_sex": "sex_raw",
    "v_citizenship": "citizenship",
    "v_main_exploitation_form": "main_form",
}

# Single-valued breakdowns by status.
SINGLE_TABLES = (
    ("V4", "v_trafficking_type", "Victims by type of trafficking"),
    ("V4c", "v_country_of_origin", "Victims by country of origin"),
    ("V5b", "v_recruiter_relationship", "Victims by relationship to the recruiter"),
    ("V6", "v_identifying_institution", "Victims by identifying institution"),
    ("V6b", "v_exit_mode", "Victims by exit from the trafficking situation"),
    ("V7", "v_assistance_offered", "Victims offered assistance"),
    ("V7b", "v_assistance_accepted", "Victims accepting or declining assistance"),
    ("V8", "v_reflection_period", "Victims granted a recovery and reflection period"),
    ("V8b", "v_residence_permit", "Victims by residence permit"),
    ("V9", "v_returned", "Victims returned"),
    ("V9b", "v_return_type", "Victims by type of return"),
    ("V9c", "v_return_to", "Victims by country returned to"),
    ("V10", "v_cooperation", "Victims cooperating with the criminal proceedings"),
    ("V10d", "v_compensation_awarded", "Victims awarded compensation"),
    ("V10e", "v_victim_prosecuted", "Victims prosecuted (non-punishment monitoring)"),
    ("V11", "v_previously_trafficked", "Victims trafficked before (re-trafficking)"),
    # Catalogue 2.0.
    ("V1e", "v_unaccompanied_child", "Victims who were unaccompanied or separated children"),
    ("V3d", "v_intercepted", "Victims intercepted before exploitation"),
    ("V6d", "v_status_decision_body", "Victims by the body that decided the status"),
    ("V8c", "v_residence_permit_ground", "Victims by ground of the residence permit"),
    ("V8d", "v_legal_aid", "Victims receiving free legal aid"),
    ("V10f", "v_non_punishment_outcome", "Victims prosecuted: outcome (non-punishment)"),
)

# Mentions (all answers of a multiple-choice indicator), by status.
MENTION_TABLES = (
    ("V3c", "v_exploitation_form", "Victims by forms of exploitation (mentions)"),
    ("V4b", "v_exploitation_country", "Victims by country of exploitation (mentions)"),
    ("V5", "v_recruitment_method", "Victims by recruitment method (mentions)"),
    ("V7c", "v_assistance_type", "Victims by type of assistance (mentions)"),
    ("V7d", "v_assistance_provider", "Victims by assistance provider (mentions)"),
    ("V10b", "v_testified", "Victims testifying (mentions)"),
    # Catalogue 2.0.
    ("V10c", "v_compensation_claimed", "Victims claiming compensation (mentions)"),
    ("V5c", "v_recruitment_channel", "Victims by recruitment channel (mentions)"),
    ("V5d", "v_ict_use", "Victims by use of ICT (mentions)"),
    ("V10g", "v_non_punishment", "Victims prosecuted: offences (mentions)"),
    ("V10h", "v_compensation_source", "Victims awarded compensation: source (mentions)"),
)

# Referrals for identification (V6c): records, not persons, of every status.
REFERRAL_SOURCE = "v_identification_referral_source"
REFERRAL_OUTCOME = "v_identification_referral_outcome"


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
    "t_role",
    "t_exploitation_forms",
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
    *TRAFFICKER_LISTS,
)


def _code(value) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return UNKNOWN
    return str(value)


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
            return [unprotected_view(t) for t in self.published]
        return [protected_view(t, protection.tables[t.code]) for t in self.published]

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
        from victims.models import VictimRecord

        self.territory = territory
        self.code = territory.code
        self.year = int(year)
        self.context = Context(territory)
        self.tables: list[StatTable] = []
        self.medians: dict[str, float] = {}
        # Each person's first record (victims.persons keeps the flag): persons count once, in
        # the year of their first identification, with that record's attributes.
        self.victims_all = VictimRecord.objects.filter(
            territory=territory, v_victim_status__in=COUNTED_STATUSES, person_first=True
        )
        self.victims = self.victims_all.filter(reporting_year=self.year)
        self._year_frame: pd.DataFrame | None = None
        self._trafficker_frame: pd.DataFrame | None = None
        self._stages: dict[str, pd.DataFrame] = {}
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
        # Each row's cell, as a position in the table: one weighted count for all cells.
        cell = pd.Index(rows).get_indexer(frame[row.name]).astype("int64")
        inside = cell >= 0
        if col is not None:
            col_codes = pd.Index(cols).get_indexer(frame[col.name])
            inside &= col_codes >= 0
            cell = cell * len(cols) + col_codes
        size = len(rows) * (len(cols) if col is not None else 1)
        counts = np.bincount(cell[inside], weights=weights[inside], minlength=size)
        counts = counts.round().astype("int64")
        index = pd.Index(rows, name=row.name)
        if col is None:
            return pd.DataFrame({COUNT_COLUMN: counts}, index=index), rows, []
        table = pd.DataFrame(
            counts.reshape(len(rows), len(cols)),
            index=index,
            columns=pd.Index(cols, name=col.name),
        )
        return table, rows, cols

    def add(
        self,
        code: str,
        title: str,
        group: str,
        frame: pd.DataFrame,
        row: Dimension,
        col: Dimension | None = None,
        *,
        population: str | None = None,
        notes=(),
        rows=None,
        additive: bool = True,
        total: int | None = None,
        col_totals=None,
        row_keys=None,
        col_keys=None,
        published: bool = True,
    ) -> StatTable:
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
            additive=additive,
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
                f"{code} relation for {coarse}",
                "helper",
                frame[frame[fine.name].isin(members)],
                fine,
                col,
                rows=members,
                row_keys={TOTAL: (self.pv, {coarse_name: coarse})},
                published=False,
            )

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _group(frame: pd.DataFrame, fields: dict[str, str]) -> pd.DataFrame:
        """Persons of ``frame`` (one row per person) grouped by ``fields`` (column -> name)."""
        columns = list(fields)
        if not len(frame):
            return pd.DataFrame(columns=[*fields.values(), "n"])
        grouped = frame.groupby(columns, dropna=False, sort=False, observed=True).size()
        grouped = grouped.rename("n").reset_index().rename(columns=fields)
        # Categories become plain values: the grouped frames are small and get combined.
        for name in fields.values():
            if isinstance(grouped[name].dtype, pd.CategoricalDtype):
                grouped[name] = grouped[name].astype(object)
        return grouped

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
        """The persons counted in the year (their first records): one read, the columns of
        every victims table."""
        if self._year_frame is None:
            codes = [*list(CUBE_FIELDS)[1:], *(column for _c, column, _t in SINGLE_TABLES)]
            lists = [column for _code, column, _title in MENTION_TABLES]
            self._year_frame = read_frame(
                self.victims,
                [*codes, "v_age_at_identification", *lists],
                integers=["v_age_at_identification"],
                lists=lists,
                codes=codes,
            )
        return self._year_frame

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
        # Ages grouped into their age group and band first (a few combinations, not one per age).
        ages = year["v_age_at_identification"]
        groups = {a: age_group(_int_or_none(a)) for a in ages.unique()}
        bands = {a: band_for("victim_age_band", _int_or_none(a)) or UNKNOWN for a in groups}
        now = self._group(
            year.assign(age_group=ages.map(groups), age_band=ages.map(bands)),
            {
                **CUBE_FIELDS,
                "age_group": "age_group",
                "age_band": "age_band",
                "has_sexual": "has_sexual",
                "has_labour": "has_labour",
            },
        )
        frame = pd.concat([earlier, now], ignore_index=True) if len(earlier) else now
        frame["has_sexual"] = frame["has_sexual"].fillna(0).astype("int64")
        frame["has_labour"] = frame["has_labour"].fillna(0).astype("int64")
        frame["age_group"] = frame["age_group"].fillna(UNKNOWN)
        frame["age_band"] = frame["age_band"].fillna(UNKNOWN)
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

    def build_victims(self):
        cube = self.victims_cube()
        now = cube[cube["year"] == self.year] if len(cube) else cube
        status = Dimension(
            "status",
            list(COUNTED_STATUSES),
            {"presumed": "Presumed", "identified": "Identified"},
            "Victim status",
        )
        by_status = now.groupby("status")["n"].sum() if len(now) else pd.Series(dtype=int)
        persons = {s: int(by_status.get(s, 0)) for s in COUNTED_STATUSES}
        sex = self.indicator_dim(VICTIMS, "v_sex", "sex")
        sex.codes = ["female", "male", UNKNOWN]
        agegrp = self.crosswalk_dim("eurostat", "age_group", "age_group")
        ageband = self.indicator_dim(VICTIMS, "v_age_at_identification", "age_band")
        ageband.title = "Age at identification"
        citizen = self.indicator_dim(VICTIMS, "v_citizenship", "citizenship")
        citgroup = self.crosswalk_dim("greta", "citizenship_group", "citizenship_group")
        citgroup_eu = self.crosswalk_dim("eurostat", "citizenship_group", "citizenship_eurostat")
        main = self.indicator_dim(VICTIMS, "v_main_exploitation_form", "main_form")
        main_eu = self.crosswalk_dim("eurostat", "exploitation_form", "main_form_eurostat")
        main_greta = self.crosswalk_dim("greta", "exploitation_form", "main_form_greta")
        form_unodc = self.crosswalk_dim("unodc", "exploitation_form", "form_unodc")
        sex_age = self.crosswalk_dim("unodc", "sex_age", "sex_age_unodc")

        main_note = "One main form of exploitation per person: the rows add up to the total."
        v = "victims"
        self.add("V1", "Victims by sex", v, now, sex, status)
        self.add(
            "V1b",
            "Victims by age group (child / adult)",
            v,
            now,
            agegrp,
            status,
            notes=["Child: under 18 at identification."],
        )
        self.add("V1c", "Victims by sex and age group", v, now, sex, agegrp)
        self.add("V1d", "Victims by age at identification", v, now, ageband, status)
        national, xk_note = self.national_citizenship(now)
        self.add(
            "V2",
            "Victims by citizenship",
            v,
            national,
            citizen,
            status,
            notes=["First citizenship as recorded.", *xk_note],
        )
        self.add(
            "V2b",
            "Victims by citizenship: national / foreign",
            v,
            national,
            citgroup,
            status,
            notes=[CROSSWALKS["greta"]["citizenship_group"].note, *xk_note],
        )
        self.add(
            "V3",
            "Victims by main form of exploitation and sex",
            v,
            now,
            main,
            sex,
            notes=[main_note],
        )
        self.add(
            "V3b", "Victims by main form of exploitation", v, now, main, status, notes=[main_note]
        )

        # Helper relations: age bands add up to age groups, countries to citizenship groups,
        # fine forms to the framework buckets.
        self.helpers("H-age", now, ageband, self._age_group_of_band, "age_group", status)
        self.helpers(
            "H-cit",
            national,
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

        # Single-valued breakdowns.
        year = self.year_frame()
        frames = {}
        for code, column, title in SINGLE_TABLES:
            frame = self._group(year, {column: column, "v_victim_status": "status"})
            frame[column] = [_code(x) for x in frame[column]]
            frames[code] = frame
            dim = self.indicator_dim(VICTIMS, column)
            self.add(code, title, v, frame, dim, status)

        # Mentions (all answers of a multiple-choice indicator), by status.
        mention_note = (
            "Mentions: a person is counted once in every row that applies to them, so the "
            "rows do not add up to the total (the Total row counts persons)."
        )
        for code, column, title in MENTION_TABLES:
            frame = self._mentions(year, column, by="v_victim_status")
            dim = self.indicator_dim(VICTIMS, column, f"{column}~any")
            frame = frame.rename(columns={column: dim.name, "v_victim_status": "status"})
            frame[dim.name] = frame[dim.name].astype(str) if len(frame) else frame[dim.name]
            self.add(
                code,
                title,
                v,
                frame,
                dim,
                status,
                additive=False,
                col_totals=persons,
                notes=[mention_note],
            )

        self.build_referrals()

        # V12: five-year trend.
        years = [str(y) for y in range(self.year - TREND_YEARS + 1, self.year + 1)]
        year_dim = Dimension("year", years, {y: y for y in years}, "Reference year")
        trend = cube.assign(year=cube["year"].astype(str)) if len(cube) else cube.assign(year=[])
        trend_keys = {y: (f"victims:{self.code}:{y}", {}) for y in years}
        trend_population = f"victims:{self.code}:{years[0]}-{years[-1]}"
        trend_note = (
            f"Victims by the year of their first identification, {years[0]}–{years[-1]}; "
            "earlier years as recorded today (figures of earlier years may have changed "
            "since they were published)."
        )
        for code, title, col in (
            ("V12", "Trend: registered victims by status", status),
            ("V12b", "Trend: victims by sex", sex),
            ("V12c", "Trend: victims by citizenship (national / foreign)", citgroup),
            ("V12d", "Trend: victims by main form of exploitation (Eurostat groups)", main_eu),
        ):
            self.add(
                code,
                title,
                v,
                trend,
                year_dim,
                col,
                rows=years,
                row_keys=trend_keys,
                population=trend_population,
                notes=[trend_note],
            )

        # Eurostat.
        eu = "eurostat"
        eu_note = "Registered victims: presumed and formally identified (Total column)."
        self.add(
            "E1", "Registered victims by sex and age group", eu, now, sex, agegrp, notes=[eu_note]
        )
        self.add(
            "E2",
            "Registered victims by citizenship",
            eu,
            now,
            citgroup_eu,
            status,
            notes=[eu_note, CROSSWALKS[eu]["citizenship_group"].note],
        )
        self.add(
            "E3",
            "Registered victims by form of exploitation and sex",
            eu,
            now,
            main_eu,
            sex,
            notes=[eu_note, CROSSWALKS[eu]["exploitation_form"].note],
        )

        # UNODC.
        un = "unodc"
        sex_age_keys = {
            bucket: (self.pv, {"sex": s, "age_group": a})
            for bucket, (s, a) in {
                "women": ("female", "adult"),
                "men": ("male", "adult"),
                "girls": ("female", "child"),
                "boys": ("male", "child"),
            }.items()
        }
        self.add(
            "U3",
            "Victims detected: women, men, girls and boys",
            un,
            now,
            sex_age,
            row_keys=sex_age_keys,
            notes=[CROSSWALKS[un]["sex_age"].note],
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
            "UNODC unknown sex or age",
            "helper",
            unknown_parts,
            Dimension("part", parts, {}),
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
        self.add(
            "U4",
            "Victims detected by form of exploitation",
            un,
            now,
            form_unodc,
            notes=[CROSSWALKS[un]["exploitation_form"].note],
        )
        self.add(
            "U5",
            "Victims detected by citizenship",
            un,
            now,
            citgroup,
            notes=[CROSSWALKS[un]["citizenship_group"].note],
        )

        # GRETA.
        gr = "greta"
        self.add("G1", "Presumed and identified victims by sex", gr, now, sex, status)
        self.add(
            "G2", "Presumed and identified victims: children and adults", gr, now, agegrp, status
        )
        self.add(
            "G3",
            "Presumed and identified victims: nationals and foreigners",
            gr,
            now,
            citgroup,
            status,
        )
        self.add(
            "G4",
            "Presumed and identified victims by form of exploitation",
            gr,
            now,
            main_greta,
            status,
            notes=[main_note, CROSSWALKS[gr]["exploitation_form"].note],
        )
        self.add(
            "G5",
            "Presumed and identified victims: internal and transnational",
            gr,
            frames["V4"],
            self.indicator_dim(VICTIMS, "v_trafficking_type"),
            status,
        )
        self.add(
            "G6",
            "Victims granted a recovery and reflection period",
            gr,
            frames["V8"],
            self.indicator_dim(VICTIMS, "v_reflection_period"),
            status,
        )
        self.add(
            "G7",
            "Victims by residence permit",
            gr,
            frames["V8b"],
            self.indicator_dim(VICTIMS, "v_residence_permit"),
            status,
        )
        self.victim_persons = persons

    def national_citizenship(self, now: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """The persons as the national tables group their citizenship: citizens of XK with
        the reporting country when the territory's practice says so (one query). The stored
        code, and the Eurostat, UNODC and GRETA tables, keep XK."""
        from indicators.models import NationalPractice

        grouping = NationalPractice.xk_grouping_of(self.territory)
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

    def build_referrals(self) -> None:
        """V6c: referrals for identification received in the year, by source and outcome.
        Every record with a referral counts (any status, not a victim included): one query."""
        records = self.victims_all.model.objects
        rows = list(
            records.filter(territory=self.territory, reporting_year=self.year)
            .exclude(**{f"{REFERRAL_SOURCE}__in": ["", "not_applicable"]})
            .order_by()
            .values(REFERRAL_SOURCE, REFERRAL_OUTCOME)
            .annotate(n=Count("pk"))
        )
        frame = pd.DataFrame(rows, columns=[REFERRAL_SOURCE, REFERRAL_OUTCOME, "n"])
        for column in (REFERRAL_SOURCE, REFERRAL_OUTCOME):
            frame[column] = [_code(x) for x in frame[column]]
        source = self.indicator_dim(VICTIMS, REFERRAL_SOURCE)
        source.codes = [c for c in source.codes if c != "not_applicable"]
        outcome = self.indicator_dim(VICTIMS, REFERRAL_OUTCOME)
        self.add(
            "V6c",
            "Referrals for identification by source and outcome",
            "victims",
            frame,
            source,
            outcome,
            population=f"referrals:{self.code}:{self.year}",
            notes=[
                "Referrals, not persons: every record of the year with a referral for "
                "identification counts once, whatever the victim status (outcome 'not a "
                "victim' included); a person referred twice counts twice."
            ],
        )

    @staticmethod
    def _age_group_of_band(band: str) -> str:
        for code, low, _high in BAND_LIMITS["victim_age_band"]:
            if code == band:
                return age_group(low)
        return UNKNOWN

    # -- traffickers -----------------------------------------------------------------------

    def trafficker_frame(self) -> pd.DataFrame:
        """The territory's trafficker records with a stage in the year: one read, the columns
        of every criminal-justice table."""
        if self._trafficker_frame is None:
            from traffickers.models import TraffickerRecord

            lo, hi = year_range(self.year)
            in_year = Q()
            for column in STAGE_DATES:
                in_year |= Q(**{f"{column}__gte": lo, f"{column}__lt": hi})
            frame = read_frame(
                TraffickerRecord.objects.filter(in_year, territory=self.territory),
                TRAFFICKER_COLUMNS,
                integers=("pk", "number", "case_id", "t_prison_months", "t_proceedings_duration"),
                lists=TRAFFICKER_LISTS,
                codes=TRAFFICKER_CODES,
            )
            # A record without a personal code is a person of its own.
            own = "record:" + frame["pk"].astype("int64").astype(str)
            frame["person"] = frame["person_key"].where(frame["person_key"] != "", own)
            self._trafficker_frame = frame
        return self._trafficker_frame

    def stage_frame(self, stage: str) -> pd.DataFrame:
        """The persons at ``stage`` in the year, each by their first record reaching it."""
        if stage in self._stages:
            return self._stages[stage]
        records = self.trafficker_frame()
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
            chosen = records[mask()]
            order = [date, "number"]
            if convicted_first:
                chosen = chosen.assign(_rank=(chosen[convicted_first] != "convicted").astype(int))
                order = ["_rank", *order]
            chosen = chosen.sort_values(order, kind="stable").drop_duplicates("person")
        else:
            chosen = records
        self._stages[stage] = chosen
        return chosen

    def population(self, stage: str) -> str:
        return f"{stage}:{self.code}:{self.year}"

    def build_traffickers(self):
        t = "traffickers"
        sets = {stage: self.stage_frame(stage) for stage in STAGES}
        cubes = []
        for stage, persons in sets.items():
            frame = self._group(
                persons,
                {
                    "t_sex": "sex_raw",
                    "t_citizenship": "citizenship",
                    "t_main_exploitation_form": "main_form",
                },
            )
            frame["stage"] = stage
            cubes.append(frame)
        cube = pd.concat(cubes, ignore_index=True)
        self._buckets(cube, citizenship="unodc", forms=("eurostat",))
        sex_cw = CROSSWALKS["eurostat"]["sex"]
        totals = cube.groupby("stage")["n"].sum()
        self.stage_persons = {s: int(totals.get(s, 0)) for s in STAGES}

        stage_keys = {s: (self.population(s), {}) for s in STAGES}
        sex = self.indicator_dim(TRAFFICKERS, "t_sex", "sex")
        sex.codes = ["female", "male", UNKNOWN]
        citizen = self.indicator_dim(TRAFFICKERS, "t_citizenship", "citizenship")
        citgroup = self.crosswalk_dim("unodc", "citizenship_group", "citizenship_group")
        citgroup_eu = self.crosswalk_dim("eurostat", "citizenship_group", "citizenship_eurostat")
        main = self.indicator_dim(TRAFFICKERS, "t_main_exploitation_form", "main_form")
        main_eu = self.crosswalk_dim("eurostat", "exploitation_form", "main_form_eurostat")

        def stage_dim(labels: dict[str, str], title="Stage") -> Dimension:
            return Dimension("stage", list(labels), labels, title)

        funnel_note = (
            "Each row is a different population (a person reaching several stages in the year "
            "is counted in each): the rows do not add up."
        )
        self.add(
            "T1",
            "Persons suspected, prosecuted and convicted, by sex",
            t,
            cube,
            stage_dim(STAGES),
            sex,
            rows=list(STAGES),
            row_keys=stage_keys,
            additive=False,
            notes=[funnel_note],
        )
        self.add(
            "T1b",
            "Persons suspected, prosecuted and convicted: nationals and foreigners",
            t,
            cube,
            stage_dim(STAGES),
            citgroup,
            rows=list(STAGES),
            row_keys=stage_keys,
            additive=False,
            notes=[funnel_note],
        )
        self.add(
            "T1c",
            "Persons suspected, prosecuted and convicted, by citizenship",
            t,
            cube,
            stage_dim(STAGES),
            citizen,
            rows=list(STAGES),
            row_keys=stage_keys,
            additive=False,
            notes=[funnel_note],
        )
        # Countries add up to citizenship groups, per stage.
        if len(cube):
            for name, framework in (
                ("citizenship_group", "unodc"),
                ("citizenship_eurostat", "eurostat"),
            ):
                groups: dict[str, list[str]] = {}
                for c in self._order(citizen, cube["citizenship"].unique()):
                    groups.setdefault(citizenship_group(framework, c, self.code), []).append(c)
                for bucket, members in groups.items():
                    part = cube[cube["citizenship"].isin(members)]
                    counts_dim = Dimension("citizenship", members, {})
                    self.add(
                        f"H-t-{name}:{bucket}",
                        "helper",
                        "helper",
                        part,
                        stage_dim(STAGES),
                        counts_dim,
                        rows=list(STAGES),
                        row_keys=stage_keys,
                        additive=False,
                        col_keys={TOTAL: {name: bucket}},
                        published=False,
                    )

        # T2: legal qualification at each stage (mentions of criminal-code articles).
        qualifications = (
            ("T2a", "suspected", "t_qualification_initial", "at the complaint"),
            ("T2b", "prosecuted", "t_qualification_indictment", "in the indictment"),
            ("T2c", "convicted_first", "t_qualification_verdict", "in the conviction"),
        )
        for code, stage, column, when in qualifications:
            self.mentions_table(
                code, f"Legal qualification {when} (mentions)", t, sets[stage], column, stage
            )

        # T3: verdicts.
        for code, stage, column, title, convicted in (
            (
                "T3a",
                "verdict_first",
                "t_verdict_first",
                "First-instance verdicts",
                "convicted_first",
            ),
            ("T3b", "verdict_second", "t_verdict_second", "Second-instance decisions", None),
            ("T3c", "final", "t_final_outcome", "Final outcomes", "convicted_final"),
        ):
            frame = self._group(self.stage_frame(stage), {column: column, "t_sex": "sex_raw"})
            frame[column] = [_code(x) for x in frame[column]]
            frame["sex"] = [sex_cw.bucket(x) for x in frame["sex_raw"]]
            row_keys = {"convicted": stage_keys[convicted]} if convicted else {}
            self.add(
                code,
                f"{title} in {self.year}, by sex",
                t,
                frame,
                self.indicator_dim(TRAFFICKERS, column),
                sex,
                population=self.population(stage),
                row_keys=row_keys,
                notes=[
                    f"Persons with a decision dated {self.year}; a person with several "
                    "decisions in the year counts once, under a conviction if any."
                ],
            )

        # T4: sentences of persons convicted at first instance; measures of final convictions.
        self.mentions_table(
            "T4a",
            "Sentences imposed at first instance (mentions)",
            t,
            sets["convicted_first"],
            "t_sentence_type",
            "convicted_first",
        )
        prison = self._group(sets["convicted_first"], {"t_prison_months": "months"})
        prison["band"] = [
            band_for("prison_band", _int_or_none(m)) or UNKNOWN for m in prison["months"]
        ]
        band_dim = self.indicator_dim(TRAFFICKERS, "t_prison_months", "prison_band")
        band_dim.labels[UNKNOWN] = "No prison term recorded"
        self.add(
            "T4b",
            "Prison terms imposed at first instance",
            t,
            prison.rename(columns={"band": "prison_band"}),
            band_dim,
            population=self.population("convicted_first"),
        )
        for code, column, title in (
            ("T4c", "t_confiscation", "Confiscation ordered (final convictions)"),
            (
                "T4d",
                "t_compensation_ordered",
                "Compensation to victims ordered (final convictions)",
            ),
        ):
            frame = self._group(sets["convicted_final"], {column: column})
            frame[column] = [_code(x) for x in frame[column]]
            self.add(
                code,
                title,
                t,
                frame,
                self.indicator_dim(TRAFFICKERS, column),
                population=self.population("convicted_final"),
            )

        # T5: role, organised group, forms of exploitation (suspected persons).
        self.mentions_table(
            "T5a",
            "Role in the trafficking (mentions), suspected persons",
            t,
            sets["suspected"],
            "t_role",
            "suspected",
        )
        frame = self._group(sets["suspected"], {"t_organised_group": "t_organised_group"})
        frame["t_organised_group"] = [_code(x) for x in frame["t_organised_group"]]
        self.add(
            "T5b",
            "Suspected persons by organised-group involvement",
            t,
            frame,
            self.indicator_dim(TRAFFICKERS, "t_organised_group"),
            population=self.population("suspected"),
        )
        suspected = cube[cube["stage"] == "suspected"]
        self.add(
            "T5c",
            "Suspected persons by main form of exploitation and sex",
            t,
            suspected,
            main,
            sex,
            population=self.population("suspected"),
        )
        self.mentions_table(
            "T5d",
            "Forms of exploitation (mentions), suspected persons",
            t,
            sets["suspected"],
            "t_exploitation_forms",
            "suspected",
        )

        # T6: length of proceedings (complaint to final judgment) of final decisions.
        durations = self._group(self.stage_frame("final"), {"t_proceedings_duration": "days"})
        duration_dim = Dimension(
            "duration",
            [c for c, _l, _lo, _hi in DURATION_BANDS] + [UNKNOWN],
            {**{c: label for c, label, _lo, _hi in DURATION_BANDS}, UNKNOWN: UNKNOWN_LABEL},
            "Length of proceedings",
        )
        durations["duration"] = [_duration_band(_int_or_none(d)) for d in durations["days"]]
        known = [
            (int(d), int(n))
            for d, n in zip(durations["days"], durations["n"], strict=True)
            if _int_or_none(d) is not None
        ]
        t6_notes = [
            "From the complaint to the final judgment, persons with a final decision "
            f"dated {self.year} (any outcome)."
        ]
        n_known = sum(n for _d, n in known)
        if n_known >= settings.THB_SUPPRESSION_THRESHOLD_PUBLIC:
            median = pystats.median_low([d for d, n in known for _ in range(n)])
            self.medians["T6"] = median
            t6_notes.append(f"Median length: {median} days (n = {n_known}).")
        else:
            t6_notes.append(
                "The median length is not shown for fewer than "
                f"{settings.THB_SUPPRESSION_THRESHOLD_PUBLIC} persons."
            )
        self.add(
            "T6",
            "Length of proceedings",
            t,
            durations,
            duration_dim,
            population=self.population("final"),
            notes=t6_notes,
        )

        # T7: linkage through criminal cases.
        self.build_links()

        # Eurostat, UNODC and GRETA criminal-justice tables (same cells as T1).
        def stage_rows(labels):
            return {"rows": list(labels), "row_keys": {s: stage_keys[s] for s in labels}}

        eu_stages = {
            "suspected": "Suspected",
            "prosecuted": "Prosecuted",
            "convicted_final": "Convicted (final)",
        }
        eu_note = CROSSWALKS["eurostat"]["cj_stage"].note
        self.add(
            "E4",
            "Suspected, prosecuted and convicted persons by sex",
            "eurostat",
            cube,
            stage_dim(eu_stages),
            sex,
            additive=False,
            notes=[funnel_note, eu_note],
            **stage_rows(eu_stages),
        )
        self.add(
            "E5",
            "Suspected, prosecuted and convicted persons by citizenship",
            "eurostat",
            cube,
            stage_dim(eu_stages),
            citgroup_eu,
            additive=False,
            notes=[funnel_note, eu_note],
            **stage_rows(eu_stages),
        )
        self.add(
            "E6",
            "Suspected, prosecuted and convicted persons by form of exploitation",
            "eurostat",
            cube,
            stage_dim(eu_stages),
            main_eu,
            additive=False,
            notes=[funnel_note, eu_note, "Main form of exploitation of the case."],
            **stage_rows(eu_stages),
        )
        un_stages = {
            "suspected": "Brought into formal contact",
            "prosecuted": "Prosecuted",
            "convicted_first": "Convicted (first instance)",
        }
        un_note = CROSSWALKS["unodc"]["cj_stage"].note
        self.add(
            "U1",
            "Persons in formal contact, prosecuted and convicted, by sex",
            "unodc",
            cube,
            stage_dim(un_stages),
            sex,
            additive=False,
            notes=[funnel_note, un_note],
            **stage_rows(un_stages),
        )
        convicted = cube[cube["stage"] == "convicted_first"]
        self.add(
            "U2",
            "Persons convicted: nationals and foreigners",
            "unodc",
            convicted,
            citgroup,
            population=self.population("convicted_first"),
            notes=[un_note],
        )
        self.add(
            "U2b",
            "Persons convicted by citizenship",
            "unodc",
            convicted,
            citizen,
            population=self.population("convicted_first"),
            notes=[un_note],
        )
        gr_stages = {
            "suspected": "Investigations (persons)",
            "prosecuted": "Prosecutions (persons)",
            "convicted_final": "Convictions (final, persons)",
        }
        self.add(
            "G8",
            "Investigations, prosecutions and final convictions, by sex",
            "greta",
            cube,
            stage_dim(gr_stages),
            sex,
            additive=False,
            notes=[funnel_note, CROSSWALKS["greta"]["cj_stage"].note],
            **stage_rows(gr_stages),
        )

    def mentions_table(self, code, title, group, persons, column, stage):
        dim = self.indicator_dim(TRAFFICKERS, column, f"{column}~any")
        frame = self._mentions(persons, column).rename(columns={column: dim.name})
        self.add(
            code,
            title,
            group,
            frame,
            dim,
            population=self.population(stage),
            additive=False,
            total=self.stage_persons[stage],
            notes=[
                "Mentions: a person is counted in every row that applies to them; the "
                "Total row counts persons."
            ],
        )

    def link_counts(self) -> tuple[pd.Series, pd.Series]:
        """Victim persons per criminal case (the cases of the year's suspects) and trafficker
        persons per victim (the year's victims): two reads of case links."""
        if self._links is None:
            from traffickers.models import CriminalCase, TraffickerRecord

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

    def build_links(self):
        per_case, per_victim = self.link_counts()
        suspected = self.stage_frame("suspected")
        counts = per_case.to_dict()
        linked = [counts.get(_int_or_none(case), 0) for case in suspected["case_id"].tolist()]
        links = self._group(suspected.assign(linked=linked), {"linked": "linked"})
        link_dim = Dimension(
            "linked",
            [c for c, _l, _lo, _hi in LINK_BANDS],
            {c: label for c, label, _lo, _hi in LINK_BANDS},
            "Linked persons",
        )
        links["linked"] = [_link_band(int(x)) for x in links["linked"]]
        self.add(
            "T7a",
            "Victims per suspected trafficker (through criminal cases)",
            "traffickers",
            links,
            link_dim,
            population=self.population("suspected"),
            notes=["Victim records linked to the suspect's criminal case."],
        )

        # Trafficker persons per victim, through the cases linked to the year's victims.
        bands: dict[str, int] = {}
        linked_victims = 0
        for count in per_victim.tolist():
            linked_victims += 1
            band = _link_band(int(count))
            bands[band] = bands.get(band, 0) + 1
        unlinked = len(self.year_frame()) - linked_victims
        if unlinked:
            bands[_link_band(0)] = bands.get(_link_band(0), 0) + unlinked
        links = pd.DataFrame(
            [{"linked": band, "n": n} for band, n in bands.items()], columns=["linked", "n"]
        )
        self.add(
            "T7b",
            "Traffickers per victim (through criminal cases)",
            "traffickers",
            links,
            link_dim,
            notes=["Trafficker persons in the criminal cases linked to the victim's record."],
        )

    # -- all -------------------------------------------------------------------------------

    def read_criminal_justice(self) -> None:
        """The reads of the criminal-justice tables (on their own thread: see ``build``)."""
        self.trafficker_frame()
        self.link_counts()

    def _read_criminal_justice_apart(self) -> None:
        try:
            self.read_criminal_justice()
        finally:
            connections.close_all()  # the connections of this worker thread only

    def build(self) -> Statistics:
        from thb_data.records import ReportingYear
        from victims.models import VictimRecord

        # On PostgreSQL, outside a transaction, the criminal-justice reads run on a second
        # connection while the victims tables are built: the database works while pandas does.
        # (Inside a transaction another connection would not see its uncommitted rows; every
        # read is a statement of its own in autocommit, as before.) The scope travels with
        # the context.
        alias = router.db_for_read(VictimRecord)
        if connections[alias].vendor == "postgresql" and not any(
            connections[name].in_atomic_block for name in {DEFAULT_DB_ALIAS, alias}
        ):
            with ThreadPoolExecutor(max_workers=1) as pool:
                reads = pool.submit(
                    contextvars.copy_context().run, self._read_criminal_justice_apart
                )
                self.build_victims()
                reads.result()
        else:
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


def compute_statistics(territory, year: int) -> Statistics:
    """Every table of ``territory`` for the reference ``year`` (a scope must be active)."""
    return _Engine(territory, year).build()


def carried_keys(territory, threshold: int) -> frozenset[CellKey]:
    """Cell keys hidden in earlier editions of ``territory`` at ``threshold``: they stay
    hidden in every later release (consistency across editions and years)."""
    from indicators.statistics.models import Edition

    keys: set[CellKey] = set()
    for suppressed in Edition.objects.filter(territory=territory, threshold=threshold).values_list(
        "suppressed", flat=True
    ):
        keys.update(CellKey.parse(text) for text in suppressed or ())
    return frozenset(keys)


def protection_text(threshold: int) -> str:
    return protection_note(threshold)
