"""Crosswalks from the fine categories THB Data stores to the buckets of Eurostat, UNODC and GRETA.

spec/reporting.md §1 b5: store the finest category and map upward. ``CROSSWALKS[framework]
[dimension]`` is a :class:`Crosswalk` whose ``buckets`` give the framework's categories in table
order and whose ``mapping`` sends each stored code (including the missing values) to one bucket.
Dimensions that depend on more than one stored value (citizenship group relative to the reporting
country, UNODC women/men/girls/boys, the criminal-justice stages reached) have a small pure
function beside the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from indicators.schema import ALL_MISSING, UNKNOWN, Category

from .code_lists import BAND_LIMITS

FRAMEWORKS = {
    "eurostat": "Eurostat (EU crime and criminal-justice statistics on THB)",
    "unodc": "UNODC Global Report on Trafficking in Persons",
    "greta": "Council of Europe GRETA",
    "htcds": "IOM Human Trafficking Case Data Standard (HTCDS) v2.0 and the CTDC global dataset",
}

# ISO 3166-1 alpha-2 codes of the 27 EU member states (Greece is GR, not Eurostat's EL).
EU_MEMBER_STATES: frozenset[str] = frozenset(
    (
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    )
)  # fmt: skip

# Every missing value goes to the framework's unknown bucket.
_MISSING_TO_UNKNOWN = dict.fromkeys(ALL_MISSING, UNKNOWN)


@dataclass(frozen=True)
class Crosswalk:
    """How one dimension of the stored data maps onto one framework's buckets."""

    framework: str
    dimension: str
    label: str
    buckets: tuple[Category, ...]  # in the order the framework's tables show them
    mapping: Mapping[str, str]  # stored code -> bucket code
    indicators: tuple[str, ...] = ()  # catalogue indicators the stored codes come from
    note: str = ""

    def bucket(self, code: str | None) -> str:
        """The bucket of a stored code; anything empty or unmapped counts as unknown."""
        if code is None or code == "":
            return UNKNOWN
        return self.mapping.get(code, UNKNOWN)

    def bucket_codes(self) -> list[str]:
        return [b.code for b in self.buckets]


def _buckets(*pairs: tuple[str, str]) -> tuple[Category, ...]:
    return tuple(Category(code, label) for code, label in pairs)


_UNKNOWN_BUCKET = (UNKNOWN, "Unknown")


# --- Sex ------------------------------------------------------------------------------------
_SEX_MAPPING = {"male": "male", "female": "female", **_MISSING_TO_UNKNOWN}


def _sex(framework: str, labels: tuple[str, str], note: str = "") -> Crosswalk:
    return Crosswalk(
        framework=framework,
        dimension="sex",
        label="Sex",
        buckets=_buckets(("female", labels[0]), ("male", labels[1]), _UNKNOWN_BUCKET),
        mapping=_SEX_MAPPING,
        indicators=("v_sex", "t_sex"),
        note=note,
    )


# --- Age group (child under 18 / adult) -------------------------------------------------------
CHILD_AGE_LIMIT = 18


def age_group(age: int | None) -> str:
    """child (under 18), adult, or unknown, from an age in completed years."""
    if age is None:
        return UNKNOWN
    return "child" if age < CHILD_AGE_LIMIT else "adult"


# Age bands per framework (catalogue 2.0): each framework's own band list (a ``*_band`` code list
# with BAND_LIMITS), computed from the age in years that the records store. The national tables
# use the national bands; an age is never stored as a band, so changing bands migrates nothing.
AGE_BANDS: dict[str, str] = {
    "national": "victim_age_band",
    "eurostat": "eurostat_age_band",
    "unodc": "unodc_age_band",
    "ctdc": "ctdc_age_band",
}


def _age_group_mapping() -> dict[str, str]:
    """Each age band (victim and trafficker bands) -> child or adult."""
    mapping: dict[str, str] = {}
    for band_list in (*AGE_BANDS.values(), "trafficker_age_band"):
        for code, low, _high in BAND_LIMITS[band_list]:
            mapping[code] = "child" if low < CHILD_AGE_LIMIT else "adult"
    # v_minor_flag is a yes/no: yes = child.
    mapping.update({"yes": "child", "no": "adult"})
    mapping.update(_MISSING_TO_UNKNOWN)
    return mapping


_AGE_GROUP_MAPPING = _age_group_mapping()


def age_band(framework: str, age: int | None) -> str:
    """The band of ``framework`` holding ``age`` (unknown without an age)."""
    if age is None:
        return UNKNOWN
    for code, low, high in BAND_LIMITS[AGE_BANDS[framework]]:
        if age >= low and (high is None or age <= high):
            return code
    return UNKNOWN


def _age(framework: str, note: str = "") -> Crosswalk:
    return Crosswalk(
        framework=framework,
        dimension="age_group",
        label="Age group",
        buckets=_buckets(
            ("child", "Children (under 18)"), ("adult", "Adults (18 and over)"), _UNKNOWN_BUCKET
        ),
        mapping=_AGE_GROUP_MAPPING,
        indicators=(
            "v_age_at_identification",
            "v_age_at_recruitment",
            "v_minor_flag",
            "t_age_at_offence",
        ),
        note=note
        or "Stored codes are age bands (victim_age_band, trafficker_age_band) or the child flag "
        "(yes/no); use age_group() for an age in years.",
    )


UNODC_SEX_AGE_BUCKETS = _buckets(
    ("women", "Women"), ("men", "Men"), ("girls", "Girls"), ("boys", "Boys"), _UNKNOWN_BUCKET
)

# (sex bucket, age group) -> UNODC bucket; any unknown part gives unknown.
_UNODC_SEX_AGE = {
    "female/adult": "women",
    "male/adult": "men",
    "female/child": "girls",
    "male/child": "boys",
}


def unodc_sex_age(sex: str | None, age_group_code: str | None) -> str:
    """UNODC women / men / girls / boys from a stored sex code and an age group."""
    sex_bucket = _SEX_MAPPING.get(sex or "", UNKNOWN)
    return _UNODC_SEX_AGE.get(f"{sex_bucket}/{age_group_code or UNKNOWN}", UNKNOWN)


# --- Citizenship group ----------------------------------------------------------------------
def citizenship_group(framework: str, country: str | None, reporting_country: str) -> str:
    """Bucket of a stored citizenship relative to the reporting country.

    Eurostat: reporting_country / other_eu / non_eu / unknown (stateless persons are non-EU).
    UNODC and GRETA: national / foreign / unknown.
    """
    if not country or country in ALL_MISSING:
        return UNKNOWN
    if framework == "eurostat":
        if country == reporting_country:
            return "reporting_country"
        if country in EU_MEMBER_STATES:
            return "other_eu"
        return "non_eu"
    return "national" if country == reporting_country else "foreign"


def _citizenship(framework: str, buckets: tuple[Category, ...], note: str) -> Crosswalk:
    return Crosswalk(
        framework=framework,
        dimension="citizenship_group",
        label="Citizenship",
        buckets=buckets,
        mapping=dict(_MISSING_TO_UNKNOWN),  # the rest depends on the reporting country
        indicators=("v_citizenship", "t_citizenship"),
        note=note,
    )


# --- Form of exploitation -------------------------------------------------------------------
# Every category of the exploitation_form code list, plus the missing values, maps to one bucket.
_EUROSTAT_EXPLOITATION = {
    "sexual": "sexual",
    "labour": "labour",
    "domestic_servitude": "labour",
    "slavery": "labour",
    "begging": "other",
    "criminal_activity": "other",
    "forced_marriage": "other",
    "illegal_adoption": "other",
    "organ_removal": "other",
    "other": "other",
    "surrogacy": "other",
    **_MISSING_TO_UNKNOWN,
}

_UNODC_EXPLOITATION = {
    "sexual": "sexual",
    "labour": "forced_labour",
    "domestic_servitude": "forced_labour",
    "slavery": "forced_labour",
    "begging": "begging",
    "criminal_activity": "criminal_activity",
    "forced_marriage": "marriage",
    "illegal_adoption": "adoption",
    "organ_removal": "organ_removal",
    "other": "other",
    "surrogacy": "other",
    **_MISSING_TO_UNKNOWN,
}

_GRETA_EXPLOITATION = {
    "sexual": "sexual",
    "labour": "labour",
    "domestic_servitude": "domestic_servitude",
    "slavery": "labour",
    "begging": "begging",
    "criminal_activity": "criminality",
    "forced_marriage": "other",
    "illegal_adoption": "other",
    "organ_removal": "organ_removal",
    "other": "other",
    "surrogacy": "other",
    **_MISSING_TO_UNKNOWN,
}

_EXPLOITATION_INDICATORS = (
    "v_main_exploitation_form",
    "v_exploitation_form",
    "t_main_exploitation_form",
    "t_exploitation_forms",
)


def _exploitation(
    framework: str, buckets: tuple[Category, ...], mapping: dict[str, str], note: str
) -> Crosswalk:
    return Crosswalk(
        framework=framework,
        dimension="exploitation_form",
        label="Form of exploitation",
        buckets=buckets,
        mapping=mapping,
        indicators=_EXPLOITATION_INDICATORS,
        note=note,
    )


def unodc_exploitation(forms: Iterable[str], main_form: str | None = None) -> str:
    """UNODC bucket of one person from all their forms: ``mixed`` when sexual exploitation is
    combined with forced labour, otherwise the bucket of the main form (or of the only form)."""
    buckets = {_UNODC_EXPLOITATION.get(form, UNKNOWN) for form in forms}
    if {"sexual", "forced_labour"} <= buckets:
        return "mixed"
    if main_form:
        return _UNODC_EXPLOITATION.get(main_form, UNKNOWN)
    real = buckets - {UNKNOWN}
    if len(real) == 1:
        return real.pop()
    return "other" if real else UNKNOWN


# --- Criminal-justice stage -----------------------------------------------------------------
# Stored stage codes (TRAFFICKERS.stages) -> the framework's population. A person counts in a
# population in the year the stage is reached; the "convicted" populations also require a
# conviction (see CONVICTION_RULES and cj_buckets()).
_STAGES = ("complaint", "investigation", "indictment", "first_instance", "appeal", "final")


def _stage_mapping(*buckets: str) -> dict[str, str]:
    mapping = dict(zip(_STAGES, buckets, strict=True))
    mapping["sanctions"] = buckets[-1]
    return mapping


# framework -> (indicator, value) that makes a person "convicted" in that framework.
CONVICTION_RULES = {
    "eurostat": ("t_final_outcome", "convicted"),
    "unodc": ("t_verdict_first", "convicted"),
    "greta": ("t_final_outcome", "convicted"),
}

# framework -> bucket -> the date indicator whose year the person counts in.
CJ_REFERENCE_DATES = {
    "eurostat": {
        "suspected": "t_complaint_date",
        "prosecuted": "t_indictment_date",
        "convicted": "t_final_date",
    },
    "unodc": {
        "formal_contact": "t_complaint_date",
        "prosecuted": "t_indictment_date",
        "convicted": "t_verdict_first_date",
    },
    "greta": {
        "investigations": "t_complaint_date",
        "prosecutions": "t_indictment_date",
        "convictions": "t_final_date",
    },
}


def cj_buckets(framework: str, values: Mapping[str, object]) -> list[str]:
    """Populations of the framework's funnel that a trafficker record has reached, in order.

    ``values`` maps indicator codes to stored values. A person is suspected once a complaint date
    is set, prosecuted once an indictment date is set, and convicted when the framework's
    conviction rule holds (and its reference date is set).
    """
    (suspected, suspected_date), (prosecuted, prosecuted_date), (convicted, convicted_date) = (
        CJ_REFERENCE_DATES[framework].items()
    )
    reached = []
    if values.get(suspected_date):
        reached.append(suspected)
    if values.get(prosecuted_date):
        reached.append(prosecuted)
    indicator, conviction = CONVICTION_RULES[framework]
    if values.get(indicator) == conviction and values.get(convicted_date):
        reached.append(convicted)
    return reached


def _cj(
    framework: str, buckets: tuple[Category, ...], mapping: dict[str, str], note: str
) -> Crosswalk:
    return Crosswalk(
        framework=framework,
        dimension="cj_stage",
        label="Stage of the criminal-justice process",
        buckets=buckets,
        mapping=mapping,
        indicators=tuple(CJ_REFERENCE_DATES[framework].values()),
        note=note,
    )


# --- HTCDS v2.0 / CTDC (the person-level contribution file) ---------------------------------
# Value names of HTCDS v2.0 (github.com/UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods",
# 2021-12-24) and of the CTDC global dataset columns, as in spec/htcds_ctdc_mapping.csv. A stored
# code with no HTCDS value goes to "Other"; a missing value to unknown (written as an empty cell,
# except prs_Gender, which has its own NonSpecifiedUnknown).
HTCDS_VERSION = "2.0"

_HTCDS_GENDER = {
    "female": "Feminine",
    "male": "Masculine",
    **dict.fromkeys(ALL_MISSING, "NonSpecifiedUnknown"),
}

_HTCDS_STATUS = {
    "identified": "ActualVictimOfTrafficking",
    "presumed": "PossibleVictimOfTrafficking",
    "not_confirmed": "NotAVictimOfTrafficking",
    **_MISSING_TO_UNKNOWN,
}

_HTCDS_DECISION_ORG = {
    "police": "Police",
    "court_prosecution": "CourtOrProsecution",
    "ngo": "NGO",
    "centre_for_victim_protection": "NonPoliceGovernmentalOrganization",
    "social_welfare": "NonPoliceGovernmentalOrganization",
    "other_government": "NonPoliceGovernmentalOrganization",
    "joint_police_social_services": "Other",
    "other": "Other",
    **_MISSING_TO_UNKNOWN,
}

_HTCDS_EXPLOITATION = {
    "sexual": "SexualExploitation",
    "labour": "ForcedLabour",
    "begging": "ForcedBegging",
    "domestic_servitude": "Servitude",
    "slavery": "Servitude",
    "forced_marriage": "ForcedMarriage",
    "illegal_adoption": "ForcedAdoption",
    "organ_removal": "OrganRemoval",
    "surrogacy": "Surrogacy",
    "criminal_activity": "Other",
    "other": "Other",
    **_MISSING_TO_UNKNOWN,
}

_HTCDS_CONTROL = {
    "physical_violence": "PhysicalAbuse",
    "sexual_violence": "SexualAbuse",
    "threats_victim": "PhysicalThreats",
    "threats_family": "ThreatensChildrenFamily",
    "debt_bondage": "DebtBondage",
    "document_confiscation": "WithholdsDocuments",
    "withholding_earnings": "TakesEarnings",
    "forced_substance_use": "PsychoactiveSubstance",
    "psychological_abuse": "PsychologicalAbuse",
    "threat_of_denunciation": "ThreatsLawEnforcement",
    "false_promises": "FalsePromises",
    "excessive_working_hours": "ExcessiveWorkingHours",
    "withholding_necessities": "WithholdsNecessities",
    "restricting_medical_care": "RestrictsMedicalCare",
    "restricting_financial_access": "RestrictsFinancialAccess",
    "restriction_of_movement": "Other",
    "isolation": "Other",
    "uses_children": "Other",
    "other": "Other",
    **_MISSING_TO_UNKNOWN,
}

# CTDC ageBroad: the ctdc_age_band code list (computed from the age in years) -> CTDC's value.
_CTDC_AGE_BROAD = {
    "0_8": "0-8",
    "9_17": "9-17",
    "18_20": "18-20",
    "21_23": "21-23",
    "24_26": "24-26",
    "27_29": "27-29",
    "30_38": "30-38",
    "39_47": "39-47",
    "48_plus": "48+",
    **_MISSING_TO_UNKNOWN,
}

# CTDC majorityStatus / majorityEntry: the age group -> Adult / Minor.
_CTDC_MAJORITY = {"adult": "Adult", "child": "Minor", **_MISSING_TO_UNKNOWN}


def _htcds(
    dimension: str,
    label: str,
    mapping: dict[str, str],
    indicators: tuple[str, ...],
    note: str = "",
    unknown: tuple[str, str] = _UNKNOWN_BUCKET,
) -> Crosswalk:
    """A crosswalk to HTCDS / CTDC values: the buckets are the values in the order of first
    appearance in ``mapping``, then unknown."""
    values = [v for v in dict.fromkeys(mapping.values()) if v != unknown[0]]
    return Crosswalk(
        framework="htcds",
        dimension=dimension,
        label=label,
        buckets=_buckets(*((v, v) for v in values), unknown),
        mapping=mapping,
        indicators=indicators,
        note=note,
    )


def htcds_citizenship(country: str | None) -> str:
    """prs_Citizenship / CTDC citizenship: the stored ISO 3166-1 alpha-2 code as it is (XK for
    Kosovo*, to be agreed with the recipient: it has no ISO code), "Stateless" for a stateless
    person, unknown when not recorded."""
    if not country or country in ALL_MISSING:
        return UNKNOWN
    if country == "stateless":
        return "Stateless"
    return country


def htcds_values(crosswalk: Crosswalk, codes: Iterable[str]) -> list[str]:
    """The HTCDS values of a multiple-choice answer, each once, in the standard's order;
    missing values left out."""
    found = {crosswalk.bucket(code) for code in codes} - {UNKNOWN}
    return [code for code in crosswalk.bucket_codes() if code in found]


# --- The crosswalks -------------------------------------------------------------------------
CROSSWALKS: dict[str, dict[str, Crosswalk]] = {
    "eurostat": {
        "sex": _sex("eurostat", ("Females", "Males"), note="Eurostat F / M / unknown."),
        "age_group": _age("eurostat"),
        "citizenship_group": _citizenship(
            "eurostat",
            _buckets(
                ("reporting_country", "Reporting country"),
                ("other_eu", "Other EU country"),
                ("non_eu", "Non-EU country"),
                _UNKNOWN_BUCKET,
            ),
            note="Relative to the reporting country: use citizenship_group(). Stateless "
            "persons count as non-EU. EU = EU_MEMBER_STATES.",
        ),
        "exploitation_form": _exploitation(
            "eurostat",
            _buckets(
                ("sexual", "Sexual exploitation"),
                ("labour", "Forced labour or services"),
                ("other", "Other forms of exploitation"),
                _UNKNOWN_BUCKET,
            ),
            _EUROSTAT_EXPLOITATION,
            note="One main form per person (v_main_exploitation_form). Directive 2011/36/EU "
            "Art. 2(3): servitude and slavery are counted with forced labour or services; "
            "exploitation of criminal activities, begging, organ removal and the Art. 2(3) forms "
            "added by Directive 2024/1712 (forced marriage, illegal adoption, surrogacy) go to "
            "other forms, as in the Commission's progress reports. A person intercepted before "
            "any exploitation counts under the intended form (v_intercepted, catalogue 2.0).",
        ),
        "cj_stage": _cj(
            "eurostat",
            _buckets(
                ("suspected", "Suspected"),
                ("prosecuted", "Prosecuted"),
                ("convicted", "Convicted"),
            ),
            _stage_mapping(
                "suspected", "suspected", "prosecuted", "prosecuted", "prosecuted", "convicted"
            ),
            note="Convicted = final conviction (t_final_outcome = convicted), counted in the "
            "year of t_final_date. Persons whose final outcome is not a conviction stay "
            "prosecuted.",
        ),
    },
    "unodc": {
        "sex": _sex("unodc", ("Females", "Males")),
        "age_group": _age("unodc"),
        "sex_age": Crosswalk(
            framework="unodc",
            dimension="sex_age",
            label="Sex and age",
            buckets=UNODC_SEX_AGE_BUCKETS,
            mapping={**_UNODC_SEX_AGE},
            indicators=("v_sex", "v_age_at_identification"),
            note="Keys are 'sex bucket/age group'; use unodc_sex_age(). Child = under 18.",
        ),
        "citizenship_group": _citizenship(
            "unodc",
            _buckets(("national", "Nationals"), ("foreign", "Foreigners"), _UNKNOWN_BUCKET),
            note="National / foreign relative to the reporting country, plus the country "
            "itself; use citizenship_group(). Stateless persons are foreigners.",
        ),
        "exploitation_form": _exploitation(
            "unodc",
            _buckets(
                ("sexual", "Sexual exploitation"),
                ("forced_labour", "Forced labour"),
                ("criminal_activity", "Forced criminal activity"),
                ("begging", "Begging"),
                ("marriage", "Forced marriage"),
                ("adoption", "Illegal adoption"),
                ("organ_removal", "Removal of organs"),
                ("mixed", "Mixed sexual exploitation and forced labour"),
                ("other", "Other purposes"),
                _UNKNOWN_BUCKET,
            ),
            _UNODC_EXPLOITATION,
            note="'mixed' is reached only from a combination of forms (sexual with forced "
            "labour): use unodc_exploitation(). Domestic servitude and slavery count as forced "
            "labour. Surrogacy, armed combat and benefit fraud are in 'other'. Intercepted "
            "persons count under the intended form.",
        ),
        "cj_stage": _cj(
            "unodc",
            _buckets(
                ("formal_contact", "Brought into formal contact"),
                ("prosecuted", "Prosecuted"),
                ("convicted", "Convicted"),
            ),
            _stage_mapping(
                "formal_contact",
                "formal_contact",
                "prosecuted",
                "convicted",
                "convicted",
                "convicted",
            ),
            note="Convicted = convicted at first instance (t_verdict_first = convicted), "
            "counted in the year of t_verdict_first_date. To verify against the questionnaire.",
        ),
    },
    "greta": {
        "sex": _sex("greta", ("Female", "Male")),
        "age_group": _age("greta"),
        "citizenship_group": _citizenship(
            "greta",
            _buckets(("national", "Nationals"), ("foreign", "Foreign nationals"), _UNKNOWN_BUCKET),
            note="National / foreign relative to the reporting country; use citizenship_group().",
        ),
        "exploitation_form": _exploitation(
            "greta",
            _buckets(
                ("sexual", "Sexual exploitation"),
                ("labour", "Labour exploitation"),
                ("domestic_servitude", "Domestic servitude"),
                ("begging", "Forced begging"),
                ("criminality", "Forced criminality"),
                ("organ_removal", "Removal of organs"),
                ("other", "Other"),
                _UNKNOWN_BUCKET,
            ),
            _GRETA_EXPLOITATION,
            note="Slavery counts as labour exploitation; forced marriage, illegal adoption and "
            "surrogacy count as other. Intercepted persons count under the intended form.",
        ),
        "cj_stage": _cj(
            "greta",
            _buckets(
                ("investigations", "Investigations"),
                ("prosecutions", "Prosecutions"),
                ("convictions", "Convictions (final)"),
            ),
            _stage_mapping(
                "investigations",
                "investigations",
                "prosecutions",
                "prosecutions",
                "prosecutions",
                "convictions",
            ),
            note="Convictions = final convictions (t_final_outcome = convicted), counted in "
            "the year of t_final_date.",
        ),
    },
    "htcds": {
        "sex": _htcds(
            "sex",
            "prs_Gender",
            _HTCDS_GENDER,
            ("v_sex",),
            note="HTCDS records gender, the app records sex: female -> Feminine, male -> "
            "Masculine, unknown -> NonSpecifiedUnknown.",
            unknown=("NonSpecifiedUnknown", "NonSpecifiedUnknown"),
        ),
        "victim_status": _htcds(
            "victim_status",
            "vic_TraffickingStatus",
            _HTCDS_STATUS,
            ("v_victim_status",),
            note="The person's status in the year (the counting rules): identified -> "
            "ActualVictimOfTrafficking, presumed -> PossibleVictimOfTrafficking.",
        ),
        "status_decision_body": _htcds(
            "status_decision_body",
            "vic_TraffickingStatusDecisionMakingOrg",
            _HTCDS_DECISION_ORG,
            ("v_status_decision_body",),
            note="The centre for victim protection, social welfare and other government bodies "
            "are non-police governmental organisations; a joint police and social-services "
            "body is Other.",
        ),
        "exploitation_form": _htcds(
            "exploitation_form",
            "vic_TypeOfExploitation",
            _HTCDS_EXPLOITATION,
            ("v_exploitation_form",),
            note="Every form a person has. Domestic servitude and slavery -> Servitude; HTCDS "
            "has no forced criminality: exploitation of criminal activities -> Other. The app "
            "has no child labour or forced military service.",
        ),
        "control_means": _htcds(
            "control_means",
            "vic_MethodsOfControl",
            _HTCDS_CONTROL,
            ("v_control_means",),
            note="HTCDS v2.0 has no restriction of movement, isolation or use of children: "
            "they go to Other.",
        ),
        "age_band": _htcds(
            "age_band",
            "ageBroad",
            _CTDC_AGE_BROAD,
            ("v_age_at_identification",),
            note="CTDC ageBroad of the age at identification (AGE_BANDS['ctdc']).",
        ),
        "majority": _htcds(
            "majority",
            "majorityStatus / majorityEntry",
            _CTDC_MAJORITY,
            ("v_age_at_identification", "v_age_at_recruitment"),
            note="CTDC Adult / Minor: under 18 is Minor (age_group()).",
        ),
    },
}
