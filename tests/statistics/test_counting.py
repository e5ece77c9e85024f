"""The counting rules, on the small fixed data set of conftest.py (expected tables by hand)."""

import pytest

from indicators.statistics.engine import compute_statistics
from thb_data.scoping import scopes_disabled


def tables(territory, year):
    with scopes_disabled():
        stats = compute_statistics(territory, year)
    return {view.code: view for view in stats.views()}


@pytest.fixture
def rs2024(dataset, world):
    return tables(world["rs"], 2024)


def column(view, col=None):
    """``{row: value}`` of one column (by default the total, or the count of a 1-D table)."""
    col = col or ("_T" if "_T" in view.col_codes else "count")
    return {row: view.value(row, col) for row in view.row_codes}


def test_it_counts_a_person_registered_by_the_police_and_by_an_ngo_once(rs2024):
    v1 = rs2024["V1"]
    # alice (police: identified, female; NGO: presumed, sex unknown), cara, dan.
    assert v1.value("_T", "_T") == 3
    assert v1.value("female", "identified") == 1
    assert v1.value("female", "presumed") == 0
    # Her attributes come from the earliest (police) record: not "unknown", not "presumed".
    assert v1.value("unknown", "_T") == 1  # cara only
    assert column(v1, "presumed") == {"female": 0, "male": 0, "unknown": 1, "_T": 1}
    assert column(v1, "identified") == {"female": 1, "male": 1, "unknown": 0, "_T": 2}


def test_it_counts_a_person_identified_in_two_years_in_the_first_year_only(rs2024, dataset, world):
    assert rs2024["V1"].value("male", "_T") == 1  # dan; bojan counts in 2023
    rs2023 = tables(world["rs"], 2023)
    assert rs2023["V1"].value("_T", "_T") == 1
    assert rs2023["V1"].value("male", "presumed") == 1  # as the NGO registered him in 2023
    assert rs2023["V1b"].value("child", "_T") == 1
    assert rs2023["V2"].value("AL", "_T") == 1


def test_it_gives_unknown_sex_age_citizenship_and_form_a_row_of_their_own(rs2024):
    assert rs2024["V1"].value("unknown", "presumed") == 1
    assert rs2024["V1b"].value("unknown", "_T") == 1
    assert rs2024["V1d"].value("unknown", "_T") == 1
    assert rs2024["V2"].value("unknown", "_T") == 1
    assert rs2024["V3b"].value("unknown", "_T") == 1
    # Empty answers count as unknown too (nobody recorded cara's relationship to the recruiter).
    assert rs2024["V5b"].value("unknown", "_T") == 3


def test_it_counts_one_main_form_in_tables_that_add_up_and_every_form_in_mentions(rs2024):
    main = column(rs2024["V3b"])
    assert main["sexual"] == 1 and main["begging"] == 1 and main["unknown"] == 1
    assert main["labour"] == 0  # labour is alice's second form, not her main one
    assert sum(v for k, v in main.items() if k != "_T") == main["_T"] == 3
    mentions = column(rs2024["V3c"])
    assert mentions["sexual"] == 1 and mentions["labour"] == 1 and mentions["begging"] == 1
    assert mentions["unknown"] == 1  # cara: nothing recorded
    assert mentions["_T"] == 3  # persons, not mentions
    assert sum(v for k, v in mentions.items() if k != "_T") == 4


def test_it_leaves_out_deleted_records_unconfirmed_persons_and_other_territories(
    rs2024, dataset, world
):
    assert rs2024["V1"].value("_T", "_T") == 3  # not erin (not confirmed), not fay (deleted)
    al = tables(world["al"], 2024)
    assert al["V1"].value("_T", "_T") == 1
    assert al["T1"].value("suspected", "_T") == 0


def test_the_age_groups_and_bands_come_from_the_age_at_identification(rs2024):
    assert column(rs2024["V1d"])["18_24"] == 1  # alice, 24
    assert column(rs2024["V1d"])["25_34"] == 1  # dan, 34
    assert rs2024["V1c"].value("female", "adult") == 1
    assert rs2024["V1c"].value("unknown", "unknown") == 1


def test_the_trend_counts_each_person_in_the_year_of_first_identification(rs2024):
    trend = column(rs2024["V12"])
    assert trend == {"2020": 0, "2021": 0, "2022": 1, "2023": 1, "2024": 3, "_T": 5}
    assert rs2024["V12b"].value("2023", "male") == 1


def test_the_trafficker_funnel_counts_persons_in_the_year_each_stage_was_reached(rs2024):
    t1 = rs2024["T1"]
    # tk1 has two records with complaints in 2024: one person.
    assert column(t1) == {
        "suspected": 2,  # tk1, tk3 (tk2's complaint was in 2023)
        "prosecuted": 2,  # tk1, tk2 (indicted in 2024)
        "convicted_first": 1,  # tk1
        "convicted_final": 1,  # tk1
    }
    assert t1.value("suspected", "male") == 1
    assert t1.value("suspected", "unknown") == 1
    assert t1.value("prosecuted", "female") == 1
    assert column(rs2024["T3a"]) == {
        "convicted": 1,
        "acquitted": 1,
        "charges_rejected": 0,
        "discontinued": 0,
        "unknown": 0,
        "_T": 2,
    }
    roles = column(rs2024["T5a"])  # mentions of tk1's earliest record, and tk3's nothing
    assert roles["recruiter"] == 1 and roles["exploiter"] == 1 and roles["transporter"] == 0
    assert roles["unknown"] == 1 and roles["_T"] == 2


def test_sentences_length_of_proceedings_and_links_are_counted_by_person(rs2024):
    assert rs2024["T4b"].value("3_5_years") == 1  # 40 months
    assert rs2024["T4c"].value("yes") == 1
    assert rs2024["T6"].value("6_12_months") == 1  # 2024-01-10 to 2024-12-01
    # Case K-1/24 links tk1 with alice (police record) and dan.
    assert column(rs2024["T7a"]) == {"0": 1, "1": 0, "2": 1, "3_5": 0, "6_plus": 0, "_T": 2}
    assert column(rs2024["T7b"]) == {"0": 1, "1": 2, "2": 0, "3_5": 0, "6_plus": 0, "_T": 3}


def test_the_framework_tables_use_the_crosswalk_buckets(rs2024):
    assert column(rs2024["E2"]) == {
        "reporting_country": 1,  # alice, RS
        "other_eu": 1,  # dan, DE
        "non_eu": 0,
        "unknown": 1,
        "_T": 3,
    }
    e3 = rs2024["E3"]
    assert e3.value("sexual", "female") == 1
    assert e3.value("other", "male") == 1  # begging is "other" for Eurostat
    assert e3.value("labour", "_T") == 0
    u3 = column(rs2024["U3"])
    assert (u3["women"], u3["men"], u3["girls"], u3["boys"], u3["unknown"]) == (1, 1, 0, 0, 1)
    u4 = column(rs2024["U4"])
    assert u4["mixed"] == 1  # alice: sexual and labour
    assert u4["begging"] == 1 and u4["sexual"] == 0 and u4["unknown"] == 1
    assert column(rs2024["G4"])["begging"] == 1  # GRETA keeps forced begging apart
    assert rs2024["E5"].value("prosecuted", "non_eu") == 1  # tk2, Albanian
    assert rs2024["E4"].value("convicted_first", "male") == 1  # first instance for Eurostat
    assert rs2024["U2"].value("national") == 1
    assert rs2024["G8"].value("suspected", "_T") == 2


def test_a_year_without_records_gives_tables_of_zeros(dataset, world):
    empty = tables(world["rs"], 2010)
    assert empty["V1"].value("_T", "_T") == 0
    assert empty["U3"].value("unknown") == 0
    assert column(empty["T1"]) == dict.fromkeys(
        ["suspected", "prosecuted", "convicted_first", "convicted_final"], 0
    )
