"""Every statistical table, declared once as data: what it counts, who, by what, and its rule.

A declaration names the table (code, title, framework), its counting unit and population, its
row and column dimensions, whether its rows add up to the total or count mentions, the notes
printed with it and the catalogue indicators it uses (the data dictionary lists, for each
indicator, the tables that use it). ``indicators.statistics.engine`` builds every declared
table with one runner: the ``source`` says which frame of the territory-year the counts come
from, the dimensions which columns of it are the rows and the columns. Adding a table is adding
a declaration (and, for a frame that does not exist yet, its source in the engine).

Titles and notes may contain ``{year}``: the reference year.
"""

from __future__ import annotations

from dataclasses import dataclass

# Counting units and the rule each states.
PERSONS = "persons"
STAGE_PERSONS = "persons at a stage"
LEGAL_PERSONS = "legal persons at a stage"
DECISIONS = "decisions"
RECORDS = "records"
CASES = "cases"

UNIT_NOTES = {
    PERSONS: (
        "Counting unit: persons (victims). A person counts once in {year} when a trafficking "
        "episode of theirs was identified in {year}, with the most advanced status their "
        "records dated in {year} reached (formally identified outranks presumed); a person "
        "whose later record says not confirmed as a victim is not counted. Only complete "
        "records with an identification date count; table R1 accounts for every record."
    ),
    STAGE_PERSONS: (
        "Counting unit: persons (traffickers). A person counts once at each stage reached in "
        "{year}: suspected in the year of the complaint, prosecuted in the year of the "
        "indictment, convicted in the year of the conviction."
        " Natural persons only: legal persons prosecuted as defendants are counted in T8 and "
        "T8b."
    ),
    LEGAL_PERSONS: (
        "Counting unit: legal persons (companies or organisations prosecuted as defendants, "
        "Directive 2011/36/EU Arts. 5-6). A legal person counts once at each stage reached in "
        "{year}, like a natural person in T1; two records with the same registration key are "
        "one legal person, a record without one is a legal person of its own. Legal persons "
        "are not counted in the other criminal-justice tables."
    ),
    DECISIONS: (
        "Counting unit: decisions. Every decision dated in {year} counts once: a person with "
        "decisions in two cases in the year appears under each outcome."
        " Decisions on legal persons are left out (T8)."
    ),
    CASES: (
        "Counting unit: criminal cases. A case counts once at each stage one of its defendants "
        "reached in {year} (a complaint, an indictment, a final conviction dated in {year}), "
        "however many defendants it has; a defendant's record without a case counts as a case "
        "of its own."
    ),
    RECORDS: (
        "Counting unit: victim records registered in {year} (the year of their identification "
        "date, or of their entry when they have none); deleted records are left out."
    ),
}

CHILD_AT_RECRUITMENT = (
    "Child: under 18 at recruitment (at identification when the date of recruitment is not "
    "known), the definition of the Palermo Protocol used by the national tables and GRETA."
)
CHILD_AT_IDENTIFICATION = "Child: under 18 at identification, as Eurostat and UNODC count."
MAIN_FORM = "One main form of exploitation per person: the rows add up to the total."
MENTIONS = (
    "Mentions: a person is counted once in every row that applies to them, so the rows do not "
    "add up to the total (the Total row counts persons)."
)
FUNNEL = (
    "Each row is a different population (a person reaching several stages in the year is "
    "counted in each): the rows do not add up."
)
REGISTERED = "Registered victims: presumed and formally identified (Total column)."
CONVICTED_FIRST = (
    "Convicted: convicted at first instance in {year} (UNODC's definition, which Eurostat follows)."
)
CONVICTED_FINAL = "Convicted: by a final judgment in {year}."
NATIONAL_CONVICTIONS = (
    "The national figure of convictions is the final conviction; convictions at first "
    "instance are shown for comparison with Eurostat and UNODC."
)
CITIZENSHIP_NATIONAL = (
    "Nationals: citizens of the reporting territory; every other citizenship, stateless "
    "persons included, is foreign."
)
CITIZENSHIP_EU = (
    "Citizenship relative to the reporting country: its own citizens, citizens of another EU "
    "member state, and everyone else (stateless persons included) as non-EU."
)
FORMS_EUROSTAT = (
    "Eurostat groups (Directive 2011/36/EU): servitude and slavery count with forced labour "
    "or services; begging, criminal activities, organ removal, forced marriage, illegal "
    "adoption and persons intercepted before exploitation count as other forms."
)
FORMS_UNODC = (
    "UNODC groups: mixed is sexual exploitation together with forced labour; domestic "
    "servitude and slavery count as forced labour; forms without a group of their own count "
    "as other."
)
FORMS_GRETA = (
    "GRETA groups: slavery counts as labour exploitation; forced marriage, illegal adoption "
    "and persons intercepted before exploitation count as other."
)
SDG_FORMS = (
    "SDG indicator 16.2.2: victims detected in the territory in {year}, registered (presumed "
    "and formally identified), by the SDG forms of exploitation: sexual exploitation, forced "
    "labour (domestic servitude and slavery included) and removal of organs as in table U4; "
    "other purposes are every other form, mixed sexual exploitation and forced labour "
    "included. One form per person: the rows add up to the total, series VC_HTF_DETV."
)
SDG_AGE = (
    "Under 18 / 18 and over at identification, as UNODC counts. Sex or age unknown, and form "
    "unknown, are shown apart and count in the totals. Nationals identified abroad are not "
    "counted (victims detected in the territory). Rates per 100,000 population: table S1R."
)
COUNTRY_CODES = (
    "Countries by their ISO 3166 code (Eurostat writes EL for Greece and UK for the United "
    "Kingdom); Kosovo* (XK) is shown on its own, stateless persons and unknown citizenship "
    "apart."
)
GRETA_VICTIMS = "Presumed and formally identified victims counted in {year} (columns)."
OFFENCES = (
    "UNODC GLOTIP question 1: offences of trafficking recorded, counted as criminal cases with "
    "a criminal complaint filed in {year}; each row is an article of the national criminal "
    "code (the national list of criminal-code articles) under which a case was qualified at "
    "the complaint: a case qualified under two articles is counted under each, so the rows do "
    "not add up (the Total row counts cases)."
)
TREND = (
    "Persons by the year their episode was identified; earlier years as recorded today "
    "(figures of a year not signed off may have changed since they were published)."
)


@dataclass(frozen=True)
class TableDeclaration:
    """One statistical table (see the module's docstring)."""

    code: str
    title: str
    framework: str  # the group it is printed in: victims, traffickers, eurostat, unodc, greta
    unit: str
    population: str
    rows: str  # a dimension of the source frame (a catalogue indicator or a reporting bucket)
    cols: str | None = None
    source: str = "victims"
    additive: bool = True
    notes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    stage: str = ""  # criminal-justice tables: the stage whose persons are counted
    stages: tuple[str, ...] = ()  # funnel tables: the stages that are the rows

    def all_notes(self, year: int) -> list[str]:
        return [UNIT_NOTES[self.unit].format(year=year), *(n.format(year=year) for n in self.notes)]


V_POP = "Victims counted in the year: presumed and formally identified persons"
SEX, STATUS, CIT, MAINF = "v_sex", "v_victim_status", "v_citizenship", "v_main_exploitation_form"
AGE = ("v_date_of_birth", "v_identification_date", "v_age_at_identification")
CHILD = ("v_date_of_birth", "v_recruitment_date", "v_age_at_recruitment", "v_minor_flag")


def _v(code, title, rows, cols="status", *, indicators=(), **kw) -> TableDeclaration:
    kw.setdefault("framework", "victims")
    return TableDeclaration(
        code=code,
        title=title,
        unit=PERSONS,
        population=V_POP,
        rows=rows,
        cols=cols,
        indicators=(STATUS, *indicators),
        **kw,
    )


def _single(code, column, title, **kw) -> TableDeclaration:
    return _v(code, title, column, source="victims.single", indicators=(column,), **kw)


def _mention(code, column, title, *, notes=(), **kw) -> TableDeclaration:
    return _v(
        code,
        title,
        column,
        source="victims.mentions",
        additive=False,
        notes=(MENTIONS, *notes),
        indicators=(column,),
        **kw,
    )


STAGE_LABELS = {
    "suspected": "Suspected (complaint filed)",
    "prosecuted": "Prosecuted (indicted)",
    "convicted_first": "Convicted at first instance",
    "convicted_final": "Convicted by final judgment",
}
T_STAGE_INDICATORS = (
    "t_complaint_date",
    "t_indictment_date",
    "t_verdict_first",
    "t_verdict_first_date",
    "t_final_outcome",
    "t_final_date",
)
ALL_STAGES = tuple(STAGE_LABELS)
EU_STAGES = ("suspected", "prosecuted", "convicted_first")
GRETA_STAGES = ("suspected", "prosecuted", "convicted_final")


def _t(code, title, rows, cols=None, *, indicators=(), unit=STAGE_PERSONS, **kw):
    kw.setdefault("framework", "traffickers")
    stage = kw.get("stage", "")
    population = (
        f"Legal persons {STAGE_LABELS[stage].lower()} in the year"
        if stage in STAGE_LABELS and unit == LEGAL_PERSONS
        else "Legal persons suspected, prosecuted and convicted in the year"
        if unit == LEGAL_PERSONS
        else f"Persons {STAGE_LABELS[stage].lower()} in the year"
        if stage in STAGE_LABELS
        else "Decisions dated in the year"
        if unit == DECISIONS
        else "Persons suspected, prosecuted and convicted in the year"
    )
    return TableDeclaration(
        code=code,
        title=title,
        unit=unit,
        population=population,
        rows=rows,
        cols=cols,
        indicators=(*T_STAGE_INDICATORS, *indicators),
        **kw,
    )


def _t_mention(code, title, column, stage, **kw) -> TableDeclaration:
    legal = column == "t_legal_person_sanctions"
    return _t(
        code,
        title,
        column,
        source="legal.mentions" if legal else "stage.mentions",
        unit=kw.pop("unit", LEGAL_PERSONS if legal else STAGE_PERSONS),
        stage=stage,
        additive=False,
        notes=(MENTIONS,),
        indicators=(column,),
        **kw,
    )


TABLES: tuple[TableDeclaration, ...] = (
    # --- reconciliation -----------------------------------------------------------------------
    TableDeclaration(
        code="R1",
        title="Records registered in the year and persons counted",
        framework="victims",
        unit=RECORDS,
        population="Victim records registered in the year",
        rows="reconciliation",
        source="reconciliation",
        notes=(
            "Records registered = persons counted + records not counted, by reason: it always "
            "adds up. A person counts once, by one of their records; their other records are "
            "not counted again.",
        ),
        indicators=(STATUS, "v_identification_date"),
    ),
    # --- national victims tables (spec/indicators.md §8) --------------------------------------
    _v("V1", "Victims by sex", "sex", indicators=(SEX,)),
    _v(
        "V1b",
        "Victims: children and adults",
        "child_recruitment",
        notes=(CHILD_AT_RECRUITMENT,),
        indicators=CHILD,
    ),
    _v(
        "V1c",
        "Victims by sex: children and adults",
        "sex",
        "child_recruitment",
        notes=(CHILD_AT_RECRUITMENT,),
        indicators=(SEX, *CHILD),
    ),
    _v(
        "V1d",
        "Victims by age at identification",
        "age_band",
        notes=("Age in completed years on the date of identification.",),
        indicators=AGE,
    ),
    _v(
        "V1e",
        "Persons trafficked as children, by age at identification",
        "age_band",
        source="victims.children",
        notes=(
            CHILD_AT_RECRUITMENT,
            "Persons who were children when recruited, by their age when identified: some "
            "were adults by then.",
        ),
        indicators=(*CHILD, *AGE),
    ),
    _v(
        "V2",
        "Victims by citizenship",
        "citizenship",
        source="victims.national",
        notes=("First citizenship as recorded.",),
        indicators=(CIT,),
    ),
    _v(
        "V2b",
        "Victims by citizenship: national / foreign",
        "citizenship_group",
        source="victims.national",
        notes=(CITIZENSHIP_NATIONAL,),
        indicators=(CIT,),
    ),
    _v(
        "V3",
        "Victims by main form of exploitation and sex",
        "main_form",
        "sex",
        notes=(MAIN_FORM,),
        indicators=(MAINF, SEX),
    ),
    _v(
        "V3b",
        "Victims by main form of exploitation",
        "main_form",
        notes=(MAIN_FORM,),
        indicators=(MAINF,),
    ),  # fmt: skip
    _mention("V3c", "v_exploitation_form", "Victims by forms of exploitation (mentions)"),
    _single("V4", "v_trafficking_type", "Victims by type of trafficking"),
    _mention("V4b", "v_exploitation_country", "Victims by country of exploitation (mentions)"),
    _single("V4c", "v_country_of_origin", "Victims by country of origin"),
    _mention("V5", "v_recruitment_method", "Victims by recruitment method (mentions)"),
    _single("V5b", "v_recruiter_relationship", "Victims by relationship to the recruiter"),
    _single("V6", "v_identifying_institution", "Victims by identifying institution"),
    _single("V6b", "v_exit_mode", "Victims by exit from the trafficking situation"),
    _single("V7", "v_assistance_offered", "Victims offered assistance"),
    _single("V7b", "v_assistance_accepted", "Victims accepting or declining assistance"),
    _mention("V7c", "v_assistance_type", "Victims by type of assistance (mentions)"),
    _mention("V7d", "v_assistance_provider", "Victims by assistance provider (mentions)"),
    _single("V8", "v_reflection_period", "Victims granted a recovery and reflection period"),
    _single("V8b", "v_residence_permit", "Victims by residence permit"),
    _single("V9", "v_returned", "Victims returned"),
    _single("V9b", "v_return_type", "Victims by type of return"),
    _single("V9c", "v_return_to", "Victims by country returned to"),
    _single("V10", "v_cooperation", "Victims cooperating with the criminal proceedings"),
    _mention("V10b", "v_testified", "Victims testifying (mentions)"),
    _mention("V10c", "v_compensation_claimed", "Victims claiming compensation (mentions)"),
    _single("V10d", "v_compensation_awarded", "Victims awarded compensation"),
    _single("V10e", "v_victim_prosecuted", "Victims prosecuted (non-punishment monitoring)"),
    # --- catalogue 2.0 (Directive 2024/1712, HTCDS v2.0) -------------------------------------
    _single("V1f", "v_unaccompanied_child", "Victims who were unaccompanied or separated children"),
    _single("V3d", "v_intercepted", "Victims intercepted before exploitation"),
    _single("V6d", "v_status_decision_body", "Victims by the body that decided the status"),
    _single("V8c", "v_residence_permit_ground", "Victims by ground of the residence permit"),
    _single("V8d", "v_legal_aid", "Victims receiving free legal aid"),
    _single("V10f", "v_non_punishment_outcome", "Victims prosecuted: outcome (non-punishment)"),
    _mention("V5c", "v_recruitment_channel", "Victims by recruitment channel (mentions)"),
    _mention("V5d", "v_ict_use", "Victims by use of ICT (mentions)"),
    _mention("V10g", "v_non_punishment", "Victims prosecuted: offences (mentions)"),
    _mention("V10h", "v_compensation_source", "Victims awarded compensation: source (mentions)"),
    TableDeclaration(
        code="V6c",
        title="Referrals for identification by source and outcome",
        framework="victims",
        unit=RECORDS,
        population="Victim records of the year with a referral for identification",
        rows="v_identification_referral_source",
        cols="v_identification_referral_outcome",
        source="referrals",
        notes=(
            "Referrals, not persons: every record of the year with a referral for "
            "identification counts once, whatever the victim status (outcome 'not a victim' "
            "included); a person referred twice counts twice.",
        ),
        indicators=("v_identification_referral_source", "v_identification_referral_outcome"),
    ),
    _v(
        "V11",
        "Re-trafficked victims",
        "retrafficked",
        notes=(
            "Re-trafficked: a new trafficking episode of a person counted in an earlier year "
            "(identified again after an earlier exploitation), or a person who says they were "
            "trafficked before. A record that only updates an episode already counted does "
            "not count again.",
        ),
        indicators=("v_previously_trafficked", "v_exploitation_start", "v_identification_date"),
    ),
    _single("V11b", "v_previously_trafficked", "Victims who say they were trafficked before"),
    _v(
        "V12",
        "Trend: registered victims by status",
        "year",
        "status",
        source="victims.trend",
        notes=(TREND,),
    ),  # fmt: skip
    _v(
        "V12b",
        "Trend: victims by sex",
        "year",
        "sex",
        source="victims.trend",
        notes=(TREND,),
        indicators=(SEX,),
    ),  # fmt: skip
    _v(
        "V12c",
        "Trend: victims by citizenship (national / foreign)",
        "year",
        "citizenship_group",
        source="victims.trend",
        notes=(TREND, CITIZENSHIP_NATIONAL),
        indicators=(CIT,),
    ),
    _v(
        "V12d",
        "Trend: victims by main form of exploitation (Eurostat groups)",
        "year",
        "main_form_eurostat",
        source="victims.trend",
        notes=(TREND, FORMS_EUROSTAT),
        indicators=(MAINF,),
    ),
    # --- Eurostat, UNODC and GRETA victims tables (spec/reporting.md §1) ----------------------
    _v(
        "E1",
        "Registered victims by sex and age group",
        "sex",
        "age_group",
        framework="eurostat",
        notes=(REGISTERED, CHILD_AT_IDENTIFICATION),
        indicators=(SEX, *AGE),
    ),
    _v(
        "E2",
        "Registered victims by citizenship",
        "citizenship_eurostat",
        framework="eurostat",
        notes=(REGISTERED, CITIZENSHIP_EU),
        indicators=(CIT,),
    ),
    _v(
        "E3",
        "Registered victims by form of exploitation and sex",
        "main_form_eurostat",
        "sex",
        framework="eurostat",
        notes=(REGISTERED, MAIN_FORM, FORMS_EUROSTAT),
        indicators=(MAINF, SEX),
    ),
    _v(
        "U3",
        "Victims detected: women, men, girls and boys",
        "sex_age_unodc",
        None,
        source="victims.unodc_sex_age",
        framework="unodc",
        notes=(CHILD_AT_IDENTIFICATION,),
        indicators=(SEX, *AGE),
    ),
    _v(
        "U4",
        "Victims detected by form of exploitation",
        "form_unodc",
        None,
        framework="unodc",
        notes=(FORMS_UNODC,),
        indicators=(MAINF, "v_exploitation_form"),
    ),
    _v(
        "U5",
        "Victims detected by citizenship",
        "citizenship_group",
        None,
        framework="unodc",
        notes=(CITIZENSHIP_NATIONAL,),
        indicators=(CIT,),
    ),
    _v(
        "S1",
        "SDG indicator 16.2.2: detected victims by form of exploitation, sex and age",
        "sdg_form",
        "sex_age_unodc",
        source="victims.sdg",
        framework="unodc",
        notes=(SDG_FORMS, SDG_AGE),
        indicators=(MAINF, "v_exploitation_form", SEX, *AGE),
    ),
    _v(
        "G1", "Presumed and identified victims by sex", "sex", framework="greta", indicators=(SEX,)
    ),  # fmt: skip
    _v(
        "G2",
        "Presumed and identified victims: children and adults",
        "child_recruitment",
        framework="greta",
        notes=(CHILD_AT_RECRUITMENT,),
        indicators=CHILD,
    ),
    _v(
        "G3",
        "Presumed and identified victims: nationals and foreigners",
        "citizenship_group",
        framework="greta",
        notes=(CITIZENSHIP_NATIONAL,),
        indicators=(CIT,),
    ),
    _v(
        "G4",
        "Presumed and identified victims by form of exploitation",
        "main_form_greta",
        framework="greta",
        notes=(MAIN_FORM, FORMS_GRETA),
        indicators=(MAINF,),
    ),
    _single(
        "G5",
        "v_trafficking_type",
        "Presumed and identified victims: internal and transnational",
        framework="greta",
    ),
    _single(
        "G6",
        "v_reflection_period",
        "Victims granted a recovery and reflection period",
        framework="greta",
    ),
    _single("G7", "v_residence_permit", "Victims by residence permit", framework="greta"),
    # --- recipients' breakdowns (issue 15, spec/standards.md X3-X6, X10) ----------------------
    _v(
        "U4b",
        "Victims detected by form of exploitation: women, men, girls and boys",
        "form_unodc",
        "sex_age_unodc",
        framework="unodc",
        notes=(FORMS_UNODC, CHILD_AT_IDENTIFICATION),
        indicators=(MAINF, "v_exploitation_form", SEX, *AGE),
    ),
    _v(
        "U5b",
        "Victims detected by country of citizenship",
        "citizenship",
        None,
        framework="unodc",
        notes=("First citizenship as recorded.", COUNTRY_CODES),
        indicators=(CIT,),
    ),
    _v(
        "E1b",
        "Registered victims by sex and age band",
        "sex",
        "age_band_eurostat",
        framework="eurostat",
        notes=(
            REGISTERED,
            "Age in completed years at identification, in Eurostat's bands: 0–11, 12–17, 18 "
            "and over (children are 0–11 and 12–17).",
        ),
        indicators=(SEX, *AGE),
    ),
    _v(
        "E2b",
        "Registered victims by country of citizenship",
        "citizenship",
        framework="eurostat",
        notes=(REGISTERED, "First citizenship as recorded.", COUNTRY_CODES),
        indicators=(CIT,),
    ),
    _single(
        "G7b",
        "v_residence_permit_ground",
        "Victims granted a residence permit, by ground",
        framework="greta",
        notes=(
            "Grounds of Article 14(1) of the Council of Europe Convention: the victim's "
            "personal situation (a), cooperation with the authorities (b), or both.",
        ),
    ),
    _mention(
        "G9a",
        "v_compensation_claimed",
        "Victims claiming compensation (mentions)",
        framework="greta",
        notes=("A claim in several procedures (criminal, civil, state fund) counts in each.",),
    ),
    _single(
        "G9b",
        "v_compensation_awarded",
        "Victims awarded compensation: paid and not (yet) paid",
        framework="greta",
    ),
    _mention(
        "G9c",
        "v_compensation_source",
        "Victims awarded compensation, by who pays (mentions)",
        framework="greta",
        notes=("Compensation from the perpetrator and from the State are counted apart.",),
    ),
    TableDeclaration(
        code="G9d",
        title="Victims awarded compensation, by who pays",
        framework="greta",
        unit=PERSONS,
        population="Victims counted in the year who were awarded compensation (paid or not yet)",
        rows="compensation_payer",
        source="victims.compensation",
        notes=(
            "Persons awarded compensation, paid or not yet paid (the persons awarded of table "
            "G9b), by who pays: one row per person, a person paid from more than one source "
            "in the row of several sources, so the rows add up to the total. The amounts "
            "awarded and paid: table G9dA.",
        ),
        indicators=(
            STATUS,
            "v_compensation_awarded",
            "v_compensation_source",
            "v_compensation_amount",
            "v_compensation_paid_amount",
        ),
    ),
    _single("G10", "v_legal_aid", "Victims receiving free legal aid", framework="greta"),
    _single(
        "G11",
        "v_victim_prosecuted",
        "Victims prosecuted or sanctioned for offences they were compelled to commit",
        framework="greta",
    ),
    _single(
        "G11b",
        "v_non_punishment_outcome",
        "Victims prosecuted: outcome (non-punishment provision)",
        framework="greta",
    ),
    _single(
        "G12",
        "v_assistance_accepted",
        "Victims accepting or declining assistance",
        framework="greta",
    ),
    _mention(
        "G12b",
        "v_assistance_type",
        "Victims assisted, by type of assistance (mentions)",
        framework="greta",
    ),  # fmt: skip
    _single("G13", "v_returned", "Victims returned", framework="greta"),
    _single("G13b", "v_return_type", "Victims returned, by type of return", framework="greta"),
    # --- national criminal-justice tables ---------------------------------------------------
    _t(
        "T1",
        "Persons suspected, prosecuted and convicted, by sex",
        "stage",
        "sex",
        source="stages",
        stages=ALL_STAGES,
        additive=False,
        notes=(FUNNEL, NATIONAL_CONVICTIONS),
        indicators=("t_sex",),
    ),  # fmt: skip
    _t(
        "T1b",
        "Persons suspected, prosecuted and convicted: nationals and foreigners",
        "stage",
        "citizenship_group",
        source="stages",
        stages=ALL_STAGES,
        additive=False,
        notes=(FUNNEL, NATIONAL_CONVICTIONS, CITIZENSHIP_NATIONAL),
        indicators=("t_citizenship",),
    ),
    _t(
        "T1c",
        "Persons suspected, prosecuted and convicted, by citizenship",
        "stage",
        "citizenship",
        source="stages",
        stages=ALL_STAGES,
        additive=False,
        notes=(FUNNEL, NATIONAL_CONVICTIONS),
        indicators=("t_citizenship",),
    ),
    _t_mention(
        "T2a",
        "Legal qualification at the complaint (mentions)",
        "t_qualification_initial",
        "suspected",
    ),  # fmt: skip
    _t_mention(
        "T2b",
        "Legal qualification in the indictment (mentions)",
        "t_qualification_indictment",
        "prosecuted",
    ),  # fmt: skip
    _t_mention(
        "T2c",
        "Legal qualification in the conviction (mentions)",
        "t_qualification_verdict",
        "convicted_first",
    ),  # fmt: skip
    _t(
        "T3a",
        "First-instance verdicts in {year}, by sex",
        "t_verdict_first",
        "sex",
        unit=DECISIONS,
        source="decisions",
        stage="verdict_first",
        indicators=("t_sex",),
    ),  # fmt: skip
    _t(
        "T3b",
        "Second-instance decisions in {year}, by sex",
        "t_verdict_second",
        "sex",
        unit=DECISIONS,
        source="decisions",
        stage="verdict_second",
        indicators=("t_verdict_second", "t_verdict_second_date", "t_sex"),
    ),  # fmt: skip
    _t(
        "T3c",
        "Final outcomes in {year}, by sex",
        "t_final_outcome",
        "sex",
        unit=DECISIONS,
        source="decisions",
        stage="final",
        indicators=("t_sex",),
    ),  # fmt: skip
    _t_mention(
        "T4a",
        "Sentences imposed at first instance (mentions)",
        "t_sentence_type",
        "convicted_first",
    ),  # fmt: skip
    _t(
        "T4b",
        "Prison terms imposed at first instance",
        "prison_band",
        source="prison",
        stage="convicted_first",
        indicators=("t_prison_months",),
    ),  # fmt: skip
    _t(
        "T4c",
        "Confiscation ordered (final convictions)",
        "t_confiscation",
        source="stage.single",
        stage="convicted_final",
        indicators=("t_confiscation",),
    ),  # fmt: skip
    _t(
        "T4d",
        "Compensation to victims ordered (final convictions)",
        "t_compensation_ordered",
        source="stage.single",
        stage="convicted_final",
        indicators=("t_compensation_ordered",),
    ),  # fmt: skip
    _t_mention(
        "T5a", "Role in the trafficking (mentions), suspected persons", "t_role", "suspected"
    ),  # fmt: skip
    _t(
        "T5b",
        "Suspected persons by organised-group involvement",
        "t_organised_group",
        source="stage.single",
        stage="suspected",
        indicators=("t_organised_group",),
    ),  # fmt: skip
    _t(
        "T5c",
        "Suspected persons by main form of exploitation and sex",
        "main_form",
        "sex",
        source="stage",
        stage="suspected",
        indicators=("t_main_exploitation_form", "t_sex"),
    ),  # fmt: skip
    _t_mention(
        "T5d",
        "Forms of exploitation (mentions), suspected persons",
        "t_exploitation_forms",
        "suspected",
    ),  # fmt: skip
    _t(
        "T6",
        "Length of proceedings",
        "duration",
        source="duration",
        stage="final",
        unit=DECISIONS,
        indicators=("t_proceedings_duration",),
    ),  # fmt: skip
    _t(
        "T7a",
        "Victims per suspected trafficker (through criminal cases)",
        "linked",
        source="links.per_trafficker",
        stage="suspected",
        notes=("Victim persons in the suspect's criminal case.",),
    ),  # fmt: skip
    TableDeclaration(
        code="T7b",
        title="Traffickers per victim (through criminal cases)",
        framework="traffickers",
        unit=PERSONS,
        population=V_POP,
        rows="linked",
        source="links.per_victim",
        notes=("Trafficker persons in the criminal cases linked to the victim's record.",),
        indicators=("v_linked_trafficker_codes",),
    ),
    # --- legal persons as defendants (catalogue 2.0) ------------------------------------------
    _t(
        "T8",
        "Legal persons suspected, prosecuted and convicted",
        "stage",
        source="legal.stages",
        stages=ALL_STAGES,
        additive=False,
        unit=LEGAL_PERSONS,
        notes=(FUNNEL, NATIONAL_CONVICTIONS),
        indicators=("t_legal_person",),
    ),  # fmt: skip
    _t_mention(
        "T8b",
        "Sanctions imposed on legal persons (final convictions, mentions)",
        "t_legal_person_sanctions",
        "convicted_final",
    ),  # fmt: skip
    # --- Eurostat, UNODC and GRETA criminal-justice tables ------------------------------------
    _t(
        "E4",
        "Suspected, prosecuted and convicted persons by sex",
        "stage",
        "sex",
        framework="eurostat",
        source="stages",
        stages=EU_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FIRST),
        indicators=("t_sex",),
    ),  # fmt: skip
    _t(
        "E5",
        "Suspected, prosecuted and convicted persons by citizenship",
        "stage",
        "citizenship_eurostat",
        framework="eurostat",
        source="stages",
        stages=EU_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FIRST, CITIZENSHIP_EU),
        indicators=("t_citizenship",),
    ),  # fmt: skip
    _t(
        "E6",
        "Suspected, prosecuted and convicted persons by form of exploitation",
        "stage",
        "main_form_eurostat",
        framework="eurostat",
        source="stages",
        stages=EU_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FIRST, "Main form of exploitation of the case.", FORMS_EUROSTAT),
        indicators=("t_main_exploitation_form",),
    ),  # fmt: skip
    _t(
        "U1",
        "Persons in formal contact, prosecuted and convicted, by sex",
        "stage",
        "sex",
        framework="unodc",
        source="stages",
        stages=EU_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FIRST),
        indicators=("t_sex",),
    ),  # fmt: skip
    _t(
        "U2",
        "Persons convicted: nationals and foreigners",
        "citizenship_group",
        framework="unodc",
        source="stage",
        stage="convicted_first",
        notes=(CONVICTED_FIRST, CITIZENSHIP_NATIONAL),
        indicators=("t_citizenship",),
    ),  # fmt: skip
    _t(
        "U2b",
        "Persons convicted by citizenship",
        "citizenship",
        framework="unodc",
        source="stage",
        stage="convicted_first",
        notes=(CONVICTED_FIRST,),
        indicators=("t_citizenship",),
    ),  # fmt: skip
    _t(
        "G8",
        "Investigations, prosecutions and final convictions, by sex",
        "stage",
        "sex",
        framework="greta",
        source="stages",
        stages=GRETA_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FINAL),
        indicators=("t_sex",),
    ),  # fmt: skip
    TableDeclaration(
        code="G8b",
        title="Investigations, prosecutions and final convictions, counted as cases",
        framework="greta",
        unit=CASES,
        population="Criminal cases with a defendant at the stage in the year",
        rows="stage",
        source="stages.cases",
        additive=False,
        stages=GRETA_STAGES,
        notes=(
            "Each row is a different population (a case reaching several stages in the year "
            "is counted in each): the rows do not add up. The same stages counted as persons: "
            "table G8.",
        ),
        indicators=T_STAGE_INDICATORS,
    ),
    _t_mention(
        "G8c",
        "Final sentences: sanctions in the final judgment (mentions)",
        "t_final_sentence_type",
        "convicted_final",
        framework="greta",
    ),  # fmt: skip
    _t(
        "E5b",
        "Suspected, prosecuted and convicted persons by country of citizenship",
        "stage",
        "citizenship",
        framework="eurostat",
        source="stages",
        stages=EU_STAGES,
        additive=False,
        notes=(FUNNEL, CONVICTED_FIRST, COUNTRY_CODES),
        indicators=("t_citizenship",),
    ),  # fmt: skip
    _t(
        "E4b",
        "Suspected, prosecuted and convicted persons by sex and age band",
        "stage_sex",
        "age_band_eurostat",
        framework="eurostat",
        source="stages.sex_age",
        stages=EU_STAGES,
        additive=False,
        notes=(
            FUNNEL,
            CONVICTED_FIRST,
            "Each row is the persons of one sex at one stage: its total is the figure of table E4.",
            "Age in completed years on the date of the criminal complaint, in Eurostat's bands "
            "(as for victims in table E1b): 0–11, 12–17, 18 and over; unknown when the date of "
            "birth or of the complaint is not recorded.",
        ),
        indicators=("t_sex", "t_date_of_birth", "t_age_at_offence"),
    ),  # fmt: skip
    TableDeclaration(
        code="U0",
        title="Offences of trafficking recorded: criminal cases by article of the criminal code",
        framework="unodc",
        unit=CASES,
        population="Criminal cases with a criminal complaint filed in the year",
        rows="t_qualification_initial",
        source="offences",
        additive=False,
        notes=(OFFENCES,),
        indicators=("t_complaint_date", "t_qualification_initial"),
    ),
)

DECLARATIONS = {table.code: table for table in TABLES}

# Row labels of the stage rows in each framework's funnel table.
STAGE_ROW_LABELS = {
    "eurostat": {"convicted_first": "Convicted (first instance)"},
    "unodc": {
        "suspected": "Brought into formal contact",
        "convicted_first": "Convicted (first instance)",
    },  # fmt: skip
    "greta": {
        "suspected": "Investigations (persons)",
        "prosecuted": "Prosecutions (persons)",
        "convicted_final": "Convictions (final, persons)",
    },
}


def tables_using(indicator_code: str) -> list[TableDeclaration]:
    """The declared tables that use the catalogue indicator ``indicator_code``."""
    return [table for table in TABLES if indicator_code in table.indicators]
