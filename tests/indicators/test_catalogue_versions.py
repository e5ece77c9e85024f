"""The catalogue's version and change log, and the data dictionary listing every code that
catalogue 2.0 (Directive 2024/1712, HTCDS v2.0) introduced."""

import csv
import io
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from indicators.catalogue import (
    CATALOGUE_VERSION,
    CHANGE_LOG,
    CODE_LISTS,
    CROSSWALKS,
    NATIONAL_LISTS,
    TRAFFICKERS,
    VICTIMS,
)
from indicators.catalogue.crosswalks import AGE_BANDS, age_band
from indicators.dictionary import catalogue_csv

# Codes that catalogue 2.0 retired: they must be gone from every list.
RETIRED = {
    "not_yet_exploited",
    "false_job_offer_personal",
    "false_job_offer_advert",
    "internet_social_media",
    "begging_peddling",
    "still_in_school",
}

# Every indicator the issue names, and the categories it names, by indicator.
NEW_INDICATORS = (
    "v_intercepted",
    "v_formal_identification_date",
    "v_status_decision_body",
    "v_identification_referral_source",
    "v_identification_referral_outcome",
    "v_residence_permit_ground",
    "v_legal_aid",
    "v_compensation_source",
    "v_compensation_paid_amount",
    "v_non_punishment",
    "v_non_punishment_stage",
    "v_non_punishment_outcome",
    "v_unaccompanied_child",
    "v_recruitment_channel",
    "v_ict_use",
    "v_ict_platforms",
    "t_legal_person",
    "t_legal_person_sanctions",
    "t_financial_investigation",
)
CATEGORIES = {
    "v_exploitation_form": (
        "surrogacy",
        "forced_marriage",
        "illegal_adoption",
        "criminal_activity",
    ),
    "v_identification_referral_outcome": ("identified", "presumed", "not_a_victim", "pending"),
    "v_residence_permit_ground": (
        "personal_situation",
        "cooperation",
        "both",
        "other_humanitarian",
    ),
    "v_compensation_source": ("perpetrator", "state_fund"),
    "v_recruitment_method": (
        "false_job_offer",
        "false_relationship_promise",
        "abduction",
        "sold_by_family",
        "debt_offer",
    ),
    "v_recruitment_channel": (
        "in_person_family_friends",
        "licensed_agency",
        "unlicensed_agency",
        "print_tv_advert",
        "online_job_site",
        "social_network",
        "messaging_app",
        "dating_app",
        "online_game",
    ),
    "v_ict_use": ("recruitment", "advertising", "control", "exploitation", "payment"),
    "v_identifying_institution": (
        "mobile_identification_unit",
        "hotline",
        "self_identified",
        "centre_for_victim_protection",
        "child_protection_services",
        "asylum_migration_authority",
    ),
    "v_labour_sector": (
        "a_agriculture",
        "c_manufacturing",
        "f_construction",
        "g_trade",
        "h_transport",
        "i_accommodation_food",
        "n_administrative_support",
        "s_other_services",
        "t_households",
    ),
    "v_control_means": (
        "false_promises",
        "excessive_working_hours",
        "withholding_necessities",
        "restricting_medical_care",
        "restricting_financial_access",
        "uses_children",
    ),
    "v_education": ("isced_0", "isced_1", "isced_2", "isced_3_general", "isced_4", "isced_5_8"),
    "v_legal_status_destination": ("refugee", "complementary_protection", "stateless"),
    "t_legal_person_sanctions": ("fine", "winding_up", "closure_establishment"),
}


def csv_rows():
    return {row["code"]: row for row in csv.DictReader(io.StringIO(catalogue_csv()))}


def all_codes() -> set[str]:
    codes = {ind.code for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators)}
    codes |= set(CODE_LISTS) | set(NATIONAL_LISTS)
    codes |= {c.code for code_list in CODE_LISTS.values() for c in code_list.categories}
    return codes


def test_the_catalogue_has_a_version_and_the_log_of_its_changes():
    assert CATALOGUE_VERSION == "2.0"
    assert {change.version for change in CHANGE_LOG} == {"1.0", "2.0"}
    for change in CHANGE_LOG:
        assert change.what and change.why and change.source and change.date, change
    # Every code the log names exists now, unless the log retired it (then it is gone).
    named = {code for change in CHANGE_LOG for code in change.codes}
    current = all_codes()
    assert named - current - RETIRED == {"xk_grouping"}  # a national practice setting
    assert not RETIRED & current


def test_the_data_migrations_the_log_names_exist():
    for change in CHANGE_LOG:
        for name in change.migrations:
            app, migration = name.split(".")
            assert (Path(settings.BASE_DIR) / app / "migrations" / f"{migration}.py").exists()
    retiring = [c for c in CHANGE_LOG if RETIRED & set(c.codes)]
    assert retiring and all(change.migrations for change in retiring)


def test_the_dictionary_page_shows_the_version_and_the_change_log(clients):
    body = clients["caseworker_al"].get(reverse("indicators:index")).content.decode()
    assert "Catalogue version 2.0 (2026-12-02)" in body
    assert 'data-testid="change-log"' in body
    assert "victims.0008_catalogue_2_0_data" in body
    assert "Directive (EU) 2024/1712" in body
    assert "<code>not_yet_exploited</code>" in body


def test_the_downloads_carry_the_version_and_the_change_log(clients):
    rows = csv_rows()
    assert {row["catalogue_version"] for row in rows.values()} == {"2.0"}
    content = clients["caseworker_al"].get(reverse("indicators:export_xlsx")).content
    sheet = load_workbook(io.BytesIO(content))["Change log"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["version", "date", "what", "why", "source", "codes", "data migrations"]
    logged = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(logged) == len(CHANGE_LOG)
    assert logged[0][0] == "2.0"  # newest first


def test_the_dictionary_lists_every_code_the_issue_names():
    rows = csv_rows()
    for code in NEW_INDICATORS:
        assert code in rows, code
    for indicator, categories in CATEGORIES.items():
        cell = rows[indicator]["categories"]
        for category in categories:
            assert f"{category}=" in cell, (indicator, category)
    assert "ict_platforms" in rows["v_ict_platforms"]["categories"]
    for row in rows.values():
        for retired in RETIRED:
            assert f"{retired}=" not in row["categories"], (row["code"], retired)
    # The Directive's wording, and the definitions that say these are Art. 2(3) forms.
    forms = {c.code: c for c in CODE_LISTS["exploitation_form"].categories}
    assert forms["criminal_activity"].label == "Exploitation of criminal activities"
    assert forms["surrogacy"].label == "Exploitation of surrogacy"
    for code in ("forced_marriage", "illegal_adoption", "surrogacy"):
        assert "Directive 2024/1712, Art. 2(3)" in forms[code].definition
    qualification = CODE_LISTS["legal_qualification"].codes()
    assert "knowingly_using_services_of_victim" in qualification


def test_htcds_notes_quote_version_2_0_not_the_2020_draft():
    notes = " ".join(ind.note for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators))
    assert "HTCDS Field Reference.md" not in notes
    for code in ("v_recruitment_method", "v_control_means", "v_labour_sector"):
        assert "HTCDS v2.0 (2021-12-24)" in VICTIMS.get(code).note, code


def test_each_framework_has_its_own_age_bands():
    """Hand-checked: 11 is a Eurostat 0-11 child, a UNODC child, a CTDC 9-17; 13 is in the
    national 0-13 band but Eurostat's 12-17; 20 is CTDC 18-20 and national 18-24."""
    assert set(AGE_BANDS) == {"national", "eurostat", "unodc", "ctdc"}
    assert [age_band(f, 11) for f in ("national", "eurostat", "unodc", "ctdc")] == [
        "0_13",
        "0_11",
        "under_18",
        "9_17",
    ]
    assert age_band("eurostat", 13) == "12_17" and age_band("national", 13) == "0_13"
    assert age_band("ctdc", 20) == "18_20" and age_band("national", 20) == "18_24"
    assert age_band("ctdc", 48) == "48_plus" and age_band("unodc", None) == "unknown"
    mapping = CROSSWALKS["eurostat"]["age_group"].mapping
    assert mapping["12_17"] == "child" and mapping["18_plus"] == "adult"
    assert mapping["9_17"] == "child" and mapping["18_20"] == "adult"


def test_surrogacy_and_the_art_2_3_forms_count_as_other_forms_in_eurostat():
    mapping = CROSSWALKS["eurostat"]["exploitation_form"].mapping
    for code in ("surrogacy", "forced_marriage", "illegal_adoption"):
        assert mapping[code] == "other"
    for framework in ("eurostat", "unodc", "greta"):
        crosswalk = CROSSWALKS[framework]["exploitation_form"]
        assert "not_yet_exploited" not in crosswalk.mapping
        assert set(CODE_LISTS["exploitation_form"].codes()) <= set(crosswalk.mapping)
