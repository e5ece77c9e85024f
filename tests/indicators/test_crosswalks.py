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
