"""The version of the catalogue and its change log.

Every change that adds, alters or retires a code is one entry of ``CHANGE_LOG``: what changed,
when, why, and the source that asks for it. A change that alters or retires codes already stored
in records names the data migration that maps the old codes onto the new ones (``migrations``),
so every existing record stays valid and the tables of earlier years stay comparable: trend rows
read the mapped codes.

The data dictionary shows the version and this log (indicators/dictionary.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# Sources cited by the change log (spec/standards.md §1).
DIRECTIVE_2024_1712 = (
    "Directive (EU) 2024/1712 of 13 June 2024 amending Directive 2011/36/EU (OJ L, 2024/1712, "
    "24.6.2024)"
)
HTCDS_V2 = (
    "IOM Human Trafficking Case Data Standard (HTCDS) v2.0 (2021-12-24), github.com/UNMigration/"
    "HTCDS, 'HTCDS Field Standards 2.0.ods'"
)
COE_CONVENTION = "Council of Europe Convention on Action against THB (CETS 197)"
ISIC4 = "UN ISIC Rev.4 / Eurostat NACE Rev.2, sections A-U"
ISCED2011 = "UNESCO ISCED 2011 (levels 0-8)"
GRETA_ACCESS = "GRETA third evaluation round (access to justice and effective remedies)"
SERBIA_CENTRE = "Centre for Protection of Victims of THB (Serbia), statistical report 2023"
TIP_ALBANIA = "US TIP Report 2019, 2020, 2023: Albania (mobile identification units)"


@dataclass(frozen=True)
class Change:
    version: str
    date: str  # ISO date the change entered the catalogue
    what: str
    why: str
    source: str
    codes: tuple[str, ...] = ()  # indicator and category codes added, altered or retired
    migrations: tuple[str, ...] = ()  # "app.migration" of the data migrations that map old codes


CHANGE_LOG: tuple[Change, ...] = (
    Change(
        "1.0",
        "2026-06-01",
        "First catalogue: the 147 codes of the reconstructed specification plus their companion "
        "fields.",
        "The regional criteria of both databases (spec/indicators.md).",
        "Handbook on anti-trafficking data collection in South-Eastern Europe (ICMPD), "
        "reconstructed",
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Forms of exploitation: surrogacy added; forced marriage and illegal adoption defined as "
        "forms under the Directive; criminal activities renamed to the Directive's wording "
        "(exploitation of criminal activities).",
        "Art. 2(3) as amended lists the exploitation of surrogacy, of forced marriage and of "
        "illegal adoption; BG, HR and RO transpose by 15 July 2026, the candidates align.",
        DIRECTIVE_2024_1712 + ", Art. 2(3)",
        ("surrogacy", "forced_marriage", "illegal_adoption", "criminal_activity"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Category not_yet_exploited retired; new indicator v_intercepted (yes/no). The intended "
        "form stays in the forms of exploitation. Records with the old code: v_intercepted = yes, "
        "the code removed from the forms; a main form of not_yet_exploited becomes the only other "
        "form, or unknown. Trafficker records lose the code the same way.",
        "An intercepted person intended for sexual exploitation counts under sexual exploitation "
        "(Eurostat mapped not_yet_exploited to 'other' and lost the intended form).",
        "spec/standards.md §3.1 and X7; Eurostat THB metadata",
        ("not_yet_exploited", "v_intercepted"),
        ("victims.0008_catalogue_2_0_data", "traffickers.0007_catalogue_2_0_data"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Formal identification: v_formal_identification_date and v_status_decision_body (the body "
        "that decided the status), beside the first identification.",
        "Serbia's Centre and Albania's joint interview decide the formal status later than the "
        "first detection; GRETA asks how many were formally identified and how long it took.",
        HTCDS_V2 + ": vic_TraffickingStatusDecisionMakingOrg; " + SERBIA_CENTRE,
        ("v_formal_identification_date", "v_status_decision_body"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Referrals for identification: v_identification_referral_source and "
        "v_identification_referral_outcome (identified, presumed, not a victim, pending), with "
        "the table V6c of referrals by source and outcome.",
        "National identification bodies report referrals received by source and what happened "
        "to them.",
        SERBIA_CENTRE,
        (
            "v_identification_referral_source",
            "v_identification_referral_outcome",
            "referral_outcome",
        ),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Identifier types added to the institution types: mobile identification unit, hotline, "
        "self-identified, centre for the protection of victims, child protection services, "
        "asylum or migration authority.",
        "The formal identifier and the first detector must be told apart; Serbia's Centre had to "
        "be coded as social welfare.",
        TIP_ALBANIA + "; " + SERBIA_CENTRE,
        (
            "mobile_identification_unit",
            "hotline",
            "self_identified",
            "centre_for_victim_protection",
            "child_protection_services",
            "asylum_migration_authority",
        ),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Access to justice: v_residence_permit_ground, v_legal_aid, v_compensation_source, "
        "v_compensation_paid_amount; v_compensation_claimed becomes a multiple choice (each "
        "record keeps its one procedure); non-punishment coded as v_non_punishment (offence), "
        "v_non_punishment_stage and v_non_punishment_outcome. The free-text offence is kept only "
        "for an offence the list lacks; existing texts were coded by the data migration.",
        "GRETA asks residence permits by ground, legal aid, compensation claimed, awarded and "
        "paid by source, and the application of the non-punishment clause; free text is a "
        "re-identification risk.",
        COE_CONVENTION + ", Arts. 14(1), 15, 26; " + GRETA_ACCESS + "; Directive 2011/36/EU Art. 8",
        (
            "v_residence_permit_ground",
            "v_legal_aid",
            "v_compensation_source",
            "v_compensation_paid_amount",
            "v_non_punishment",
            "v_non_punishment_stage",
            "v_non_punishment_outcome",
            "v_compensation_claimed",
        ),
        ("victims.0008_catalogue_2_0_data", "victims.0009_compensation_claimed_multi"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Children: v_unaccompanied_child (unaccompanied or separated child). Legal status widened "
        "with refugee, complementary protection, stateless person and labour migrant.",
        "The Directive's child provisions and GRETA need unaccompanied children counted.",
        HTCDS_V2 + ", Guidance 7 (migration and international protection)",
        (
            "v_unaccompanied_child",
            "refugee",
            "complementary_protection",
            "stateless",
            "labour_migrant",
        ),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Recruitment: the method (deception about work, false relationship, abduction, sale, "
        "debt offer...) split from the new v_recruitment_channel (in person, agency, "
        "advertisement, online job site, social network, messaging app, dating app, online "
        "game). false_job_offer_personal and false_job_offer_advert become false_job_offer (with "
        "the channel in person, or unknown); internet_social_media becomes the channel "
        "online_unspecified. New v_ict_use (recruitment, advertising, control, exploitation, "
        "payment) and v_ict_platforms from the national list ict_platforms, seeded with the "
        "HTCDS v2.0 platforms and extended by each territory.",
        "Method and channel are different questions; the Directive and GRETA's fourth round "
        "focus on ICT-facilitated trafficking.",
        HTCDS_V2 + ": vic_MethodOfRecruitment, vic_RecruitmentWebsitesAndApps, "
        "vic_ExploitationWebsitesAndApps; " + DIRECTIVE_2024_1712 + ", recital 7",
        (
            "v_recruitment_channel",
            "false_job_offer",
            "debt_offer",
            "false_job_offer_personal",
            "false_job_offer_advert",
            "internet_social_media",
            "v_ict_use",
            "v_ict_platforms",
            "ict_platforms",
        ),
        ("victims.0008_catalogue_2_0_data", "traffickers.0007_catalogue_2_0_data"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Labour sectors are ISIC Rev.4 / NACE Rev.2 sections. agriculture and fishing -> A, "
        "manufacturing -> C, construction -> F, trade_markets -> G, hospitality -> I, cleaning "
        "-> N, domestic_work -> T; begging_peddling is retired (begging is a form: the record "
        "gains the form begging); other -> unknown (it named no sector).",
        "What statistical offices use (Serbia's KD 2010 and Albania's NVE Rev.2 are NACE Rev.2 "
        "based) and what HTCDS v2.0 vic_ForcedLabourIndustry uses.",
        ISIC4 + "; " + HTCDS_V2,
        (
            "a_agriculture",
            "c_manufacturing",
            "f_construction",
            "g_trade",
            "i_accommodation_food",
            "n_administrative_support",
            "t_households",
            "begging_peddling",
        ),
        ("victims.0008_catalogue_2_0_data",),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Means of control aligned with HTCDS v2.0: false promises, excessive working hours, "
        "withholding of necessities, restricted medical care, restricted financial access and "
        "use of children added. Existing codes unchanged.",
        "Comparability with HTCDS v2.0 vic_MethodsOfControl and the CTDC meansOfControl flags.",
        HTCDS_V2 + ": vic_MethodsOfControl",
        (
            "false_promises",
            "excessive_working_hours",
            "withholding_necessities",
            "restricting_medical_care",
            "restricting_financial_access",
            "uses_children",
        ),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Education levels are ISCED 2011 levels. none -> isced_0, incomplete_primary -> isced_1, "
        "primary (the 8- or 9-year basic school of the region) and incomplete_secondary -> "
        "isced_2, secondary_general -> isced_3_general, secondary_vocational -> "
        "isced_3_vocational, higher -> isced_5_8; still_in_school -> unknown (a status, not a "
        "level: the pupil appears in v_employment_prior).",
        "Comparability with HTCDS v2.0 prs_HighestLevelOfEducation and the statistical offices.",
        ISCED2011 + "; " + HTCDS_V2,
        (
            "isced_0",
            "isced_1",
            "isced_2",
            "isced_3_general",
            "isced_3_vocational",
            "isced_4",
            "isced_5_8",
            "still_in_school",
        ),
        ("victims.0008_catalogue_2_0_data", "traffickers.0007_catalogue_2_0_data"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Age bands per framework: each framework declares its own bands with its crosswalk "
        "(AGE_BANDS in crosswalks.py): national (the former victim_age_band), Eurostat "
        "(children 0-11, 12-17, adults; to verify against the questionnaire), UNODC (<18 / 18+), "
        "CTDC (0-8, 9-17, 18-20 ... 48+). Ages are stored as numbers, so no record changes.",
        "The 0-13 / 14-17 split matched no international framework.",
        "spec/standards.md §3.5; CTDC global dataset (ageBroad)",
        ("victim_age_band", "eurostat_age_band", "unodc_age_band", "ctdc_age_band"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Criminal justice: t_legal_person and t_legal_person_sanctions; the regional legal "
        "category knowingly_using_services_of_victim; national criminal-code entries may be "
        "paragraphs (for example 388(3)); t_financial_investigation.",
        "Arts. 5-6 (liability and sanctions of legal persons) and Art. 18a (use of services "
        "exploited from a victim, knowing the person is a victim); GRETA and OSCE ask for "
        "parallel financial investigations.",
        DIRECTIVE_2024_1712 + ", Arts. 5, 6, 18a",
        (
            "t_legal_person",
            "t_legal_person_sanctions",
            "knowingly_using_services_of_victim",
            "t_financial_investigation",
        ),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "National practice settings of a territory: how citizens of XK are grouped in its "
        "national tables (the stored code never changes).",
        "A Serbian coordinator groups Kosovo* residents per national practice; Eurostat and the "
        "UN need XK and M49 412.",
        "spec/standards.md §3.10",
        ("xk_grouping",),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "Notes citing HTCDS quote v2.0 (2021-12-24), not the 2020 draft field reference.",
        "The v2.0 field list replaced the draft value lists the notes quoted.",
        HTCDS_V2,
    ),
)

CHANGE_LOG += (
    Change(
        "2.0",
        "2026-12-02",
        "Legal persons as defendants have no personal code: an optional registration number, "
        "kept only as a keyed hash (prefix L), links their records; the indicators of natural "
        "persons (sex, date of birth, ethnicity, education, occupation, marital status, former "
        "victim, arrest, detention, prison terms) do not apply to them. New tables T8 (legal "
        "persons by stage) and T8b (their sanctions); the other criminal-justice tables count "
        "natural persons only.",
        "A company cannot be described by initials, a date of birth and a sex, and counting it "
        "among the persons suspected or convicted would mix two populations the Directive "
        "keeps apart (Arts. 2-4 against Arts. 5-6).",
        DIRECTIVE_2024_1712 + ", Arts. 5, 6; DESIGN.md (personal code)",
        ("t_legal_person", "t_legal_person_sanctions", "legal_person_sanction"),
    ),
    Change(
        "2.0",
        "2026-12-02",
        "The data migrations of catalogue 2.0 write one audit entry per record they change (the "
        "old and the new values), and going back restores exactly what they changed from those "
        "entries; only a value edited after the migration takes the nearest old code.",
        "Bulk writes are not audited by signals, and merged codes (agriculture and fishing; "
        "primary and incomplete secondary school) could otherwise not be told apart again.",
        "PITFALLS.md (audit of bulk paths); thb_data/audit/migration_trail.py",
        (),
        ("victims.0008_catalogue_2_0_data", "traffickers.0007_catalogue_2_0_data"),
    ),
)

CATALOGUE_VERSION = CHANGE_LOG[-1].version
CATALOGUE_DATE = max(change.date for change in CHANGE_LOG)


def changes(version: str | None = None) -> list[Change]:
    """The change log, newest version first (only ``version``'s entries when given)."""
    entries = [c for c in CHANGE_LOG if version is None or c.version == version]
    return sorted(entries, key=lambda c: c.version, reverse=True)
