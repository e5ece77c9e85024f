"""The crosswalks send every stored category to exactly one bucket of each framework."""

import pytest

from indicators.catalogue import CODE_LISTS, CROSSWALKS, VICTIMS
from indicators.catalogue.crosswalks import citizenship_group, unodc_exploitation
from indicators.schema import ALL_MISSING

FRAMEWORKS = ("eurostat", "unodc", "greta")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_form_of_exploitation_has_a_bucket_in_each_framework(framework):
    crosswalk = CROSSWALKS[framework]["exploitation_form"]
    stored = [*CODE_LISTS["exploitation_form"].codes(), *ALL_MISSING]
    unmapped = [code for code in stored if code not in crosswalk.mapping]
    assert unmapped == [], f"{framework}: no bucket for {unmapped}"
    assert set(crosswalk.mapping.values()) <= set(crosswalk.bucket_codes())


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_sex_category_has_a_bucket_in_each_framework(framework):
    crosswalk = CROSSWALKS[framework]["sex"]
    for code in [*CODE_LISTS[VICTIMS.get("v_sex").code_list].codes(), "unknown"]:
        assert crosswalk.bucket(code) in crosswalk.bucket_codes()


def test_eurostat_puts_labour_servitude_and_begging_where_the_directive_does():
    crosswalk = CROSSWALKS["eurostat"]["exploitation_form"]
    assert crosswalk.bucket("sexual") == "sexual"
    assert crosswalk.bucket("labour") == "labour"
    assert crosswalk.bucket("domestic_servitude") == "labour"
    assert crosswalk.bucket("begging") == "other"
    assert crosswalk.bucket("") == "unknown"


def test_citizenship_groups_are_relative_to_the_reporting_country():
    assert citizenship_group("eurostat", "RS", "RS") == "reporting_country"
    assert citizenship_group("eurostat", "HR", "RS") == "other_eu"
    assert citizenship_group("eurostat", "AL", "RS") == "non_eu"
    assert citizenship_group("eurostat", "unknown", "RS") == "unknown"


def test_unodc_counts_sexual_plus_labour_as_mixed():
    assert unodc_exploitation(["sexual", "labour"], "sexual") == "mixed"
    assert unodc_exploitation(["begging"], "begging") == "begging"


# HTCDS v2.0 value names (HTCDS Field Standards 2.0.ods) of the fields the contribution writes.
HTCDS_VALUES = {
    ("sex", "sex"): {"Feminine", "Masculine", "NonSpecifiedUnknown"},
    ("victim_status", "victim_status"): {
        "PossibleVictimOfTrafficking",
        "ActualVictimOfTrafficking",
        "NotAVictimOfTrafficking",
    },
    ("status_decision_body", "status_decision_body"): {
        "Police",
        "NGO",
        "CourtOrProsecution",
        "NonPoliceGovernmentalOrganization",
        "Other",
    },
    ("exploitation_form", "exploitation_form"): {
        "ForcedLabour",
        "SexualExploitation",
        "ChildLabour",
        "ForcedMarriage",
        "Servitude",
        "ForcedMilitaryByNonStateActors",
        "OrganRemoval",
        "ForcedBegging",
        "ForcedAdoption",
        "Surrogacy",
        "Other",
    },  # fmt: skip
    ("control_means", "control_means"): {
        "PhysicalThreats",
        "ThreatsLawEnforcement",
        "ThreatensChildrenFamily",
        "DebtBondage",
        "FalsePromises",
        "PhysicalAbuse",
        "SexualAbuse",
        "TakesEarnings",
        "RestrictsFinancialAccess",
        "RestrictsMedicalCare",
        "WithholdsNecessities",
        "PsychologicalAbuse",
        "PsychoactiveSubstance",
        "ExcessiveWorkingHours",
        "WithholdsDocuments",
        "Other",
    },  # fmt: skip
}


@pytest.mark.parametrize(("dimension", "code_list"), list(HTCDS_VALUES))
def test_every_stored_code_has_an_htcds_value_of_the_standard(dimension, code_list):
    crosswalk = CROSSWALKS["htcds"][dimension]
    for code in CODE_LISTS[code_list].codes():
        assert crosswalk.bucket(code) in HTCDS_VALUES[(dimension, code_list)], code
    for code in ALL_MISSING:
        assert crosswalk.bucket(code) in ("unknown", "NonSpecifiedUnknown"), code


def test_htcds_values_follow_the_mapping_of_the_standards_review():
    """spec/htcds_ctdc_mapping.csv, by hand."""
    forms = CROSSWALKS["htcds"]["exploitation_form"]
    assert forms.bucket("slavery") == forms.bucket("domestic_servitude") == "Servitude"
    assert forms.bucket("criminal_activity") == "Other"
    assert forms.bucket("illegal_adoption") == "ForcedAdoption"
    control = CROSSWALKS["htcds"]["control_means"]
    assert control.bucket("document_confiscation") == "WithholdsDocuments"
    assert control.bucket("threat_of_denunciation") == "ThreatsLawEnforcement"
    assert control.bucket("restriction_of_movement") == "Other"
    ages = CROSSWALKS["htcds"]["age_band"]
    assert [ages.bucket(c) for c in CODE_LISTS["ctdc_age_band"].codes()] == [
        "0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+",
    ]  # fmt: skip
