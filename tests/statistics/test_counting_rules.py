"""The spec's counting rules (spec/indicators.md §8-§9, spec/reporting.md), one case at a time.

Every expected table is worked out by hand from the records each test writes. In every case the
reconciliation table R1 adds up: records registered in the year = persons counted + records not
counted, by reason.
"""

from django.utils import timezone

from indicators.records import save_record
from indicators.statistics.engine import compute_statistics
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

REASONS = ("draft", "no_date", "not_confirmed", "same_person", "episode_update")


def victim(institution, user, person, *, status="complete", **values):
    values.setdefault("v_victim_status", "identified")
    values.setdefault("v_sex", "female")
    values.setdefault("v_citizenship", "RS")
    with scopes_disabled():
        record = VictimRecord(territory=institution.territory, institution=institution)
        return save_record(
            record,
            user=user,
            values=values,
            status=status,
            personal_code={"personal_code_hash": person} if person else None,
        ).record


def tables(territory, year):
    with scopes_disabled():
        stats = compute_statistics(territory, year)
    return {view.code: view for view in stats.views()}, stats


def column(view, col=None):
    col = col or ("_T" if "_T" in view.col_codes else "count")
    return {row: view.value(row, col) for row in view.row_codes}


def reconciliation(views):
    """R1 as ``{row: count}``, after checking that it adds up and matches V1's total."""
    r1 = column(views["R1"])
    assert r1["_T"] == r1["counted"] + sum(r1[reason] for reason in REASONS)
    assert r1["counted"] == views["V1"].value("_T", "_T")
    return r1


def test_a_child_at_recruitment_who_is_an_adult_at_identification(world, personas):
    # Born 2005-06-01, recruited 2022-01-10 (16), identified 2024-03-01 (18).
    victim(
        world["rs_police"],
        personas["caseworker_rs_police"],
        "p1",
        v_date_of_birth="2005-06-01",
        v_recruitment_date="2022-01-10",
        v_identification_date="2024-03-01",
    )
    views, _stats = tables(world["rs"], 2024)
    # National tables and GRETA: a child (under 18 at recruitment).
    assert column(views["V1b"])["child"] == 1 and column(views["V1b"])["adult"] == 0
    assert views["V1c"].value("female", "child") == 1
    assert column(views["G2"])["child"] == 1
    # Eurostat and UNODC: an adult (18 at identification): a woman, not a girl.
    assert views["E1"].value("female", "adult") == 1 and views["E1"].value("female", "child") == 0
    u3 = column(views["U3"])
    assert (u3["women"], u3["girls"]) == (1, 0)
    # Persons trafficked as children, by age at identification: 18-24.
    v1e = column(views["V1e"])
    assert v1e["18_24"] == 1 and v1e["14_17"] == 0 and v1e["_T"] == 1
    for code in ("V1b", "E1", "V1e"):
        assert any("Child: under 18 at" in note for note in views[code].notes), code
    assert any("at recruitment" in n for n in views["V1b"].notes)
    assert any("at identification" in n for n in views["E1"].notes)
    assert reconciliation(views) == {"counted": 1, **dict.fromkeys(REASONS, 0), "_T": 1}


def test_presumed_by_the_police_then_identified_by_an_ngo_in_the_same_year(world, personas):
    victim(
        world["rs_police"],
        personas["caseworker_rs_police"],
        "p2",
        v_victim_status="presumed",
        v_identification_date="2024-02-01",
    )
    victim(
        world["rs_ngo"],
        personas["caseworker_rs_ngo"],
        "p2",
        v_victim_status="identified",
        v_identification_date="2024-06-01",
    )
    views, _stats = tables(world["rs"], 2024)
    # One person, counted as formally identified (the most advanced status of the year).
    assert views["V1"].value("female", "identified") == 1
    assert views["V1"].value("female", "presumed") == 0
    assert views["V1"].value("_T", "_T") == 1
    r1 = reconciliation(views)
    assert (r1["counted"], r1["same_person"], r1["_T"]) == (1, 1, 2)


def test_presumed_then_not_confirmed_is_not_counted(world, personas):
    cw = personas["caseworker_rs_ngo"]
    victim(world["rs_ngo"], cw, "p3", v_victim_status="presumed",
           v_identification_date="2024-02-01")  # fmt: skip
    victim(world["rs_ngo"], cw, "p3", v_victim_status="not_confirmed",
           v_identification_date="2024-05-01")  # fmt: skip
    # Presumed in 2023, not confirmed in 2024: not a victim in 2023 either.
    victim(world["rs_ngo"], cw, "p3b", v_victim_status="presumed",
           v_identification_date="2023-11-01")  # fmt: skip
    victim(world["rs_ngo"], cw, "p3b", v_victim_status="not_confirmed",
           v_identification_date="2024-01-15")  # fmt: skip
    views, _stats = tables(world["rs"], 2024)
    assert views["V1"].value("_T", "_T") == 0
    r1 = reconciliation(views)
    assert (r1["counted"], r1["not_confirmed"], r1["_T"]) == (0, 3, 3)
    views, _stats = tables(world["rs"], 2023)
    assert views["V1"].value("_T", "_T") == 0
    assert reconciliation(views)["not_confirmed"] == 1


def test_a_person_re_trafficked_and_identified_again_two_years_later(world, personas):
    police, cw = world["rs_police"], personas["caseworker_rs_police"]
    # Episode 1: exploited until 2022-02, identified 2022-03-01.
    victim(police, cw, "p4", v_identification_date="2022-03-01",
           v_exploitation_start="2021-06-01", v_exploitation_end="2022-02-15")  # fmt: skip
    # An update of episode 1 registered in 2023 (no new exploitation).
    victim(police, cw, "p4", v_identification_date="2023-04-01",
           v_exploitation_start="2021-06-01")  # fmt: skip
    # Episode 2: exploited again from 2023-09, identified 2024-05-01.
    victim(police, cw, "p4", v_identification_date="2024-05-01",
           v_exploitation_start="2023-09-01", v_previously_trafficked="yes")  # fmt: skip
    counted = {}
    for year in (2022, 2023, 2024):
        views, _stats = tables(world["rs"], year)
        counted[year] = views["V1"].value("_T", "_T")
        r1 = reconciliation(views)
        if year == 2023:
            assert (r1["counted"], r1["episode_update"], r1["_T"]) == (0, 1, 1)
        if year == 2024:
            v11 = column(views["V11"])
            assert (v11["yes"], v11["no"], v11["_T"]) == (1, 0, 1)
        if year == 2022:
            assert column(views["V11"])["yes"] == 0
    assert counted == {2022: 1, 2023: 0, 2024: 1}


def test_a_draft_and_a_record_without_identification_date_are_not_counted(world, personas):
    cw = personas["caseworker_rs_ngo"]
    victim(world["rs_ngo"], cw, "p5", status="draft", v_identification_date="2024-02-01")
    victim(world["rs_ngo"], cw, "p6", v_identification_date="2024-02-01")
    views, _stats = tables(world["rs"], 2024)
    r1 = reconciliation(views)
    assert (r1["counted"], r1["draft"], r1["_T"]) == (1, 1, 2)
    # Without an identification date the record is registered in the year of its entry.
    victim(world["rs_ngo"], cw, "p7")
    this_year = timezone.localdate().year
    views, _stats = tables(world["rs"], this_year)
    r1 = reconciliation(views)
    assert (r1["counted"], r1["no_date"], r1["_T"]) == (0, 1, 1)


def test_a_known_value_outranks_unknown_and_conflicts_follow_the_first_record(world, personas):
    victim(
        world["rs_police"],
        personas["caseworker_rs_police"],
        "p8",
        v_identification_date="2024-02-01",
        v_sex="unknown",
        v_citizenship="RS",
    )
    victim(
        world["rs_ngo"],
        personas["caseworker_rs_ngo"],
        "p8",
        v_identification_date="2024-04-01",
        v_sex="female",
        v_citizenship="AL",
    )
    views, stats = tables(world["rs"], 2024)
    v1 = column(views["V1"])
    assert (v1["female"], v1["unknown"], v1["_T"]) == (1, 0, 1)
    v2 = column(views["V2"])
    assert v2["RS"] == 1 and v2.get("AL", 0) == 0  # the first identification record's value
    assert [c["indicator"] for c in stats.conflicts] == ["Citizenship"]
    assert stats.conflicts[0]["kept"] == "RS" and len(stats.conflicts[0]["records"]) == 2
    r1 = reconciliation(views)
    assert (r1["counted"], r1["same_person"]) == (1, 1)


def test_a_trafficker_convicted_in_one_case_and_acquitted_in_another(world, personas):
    prosecutor, prosecution = personas["prosecutor_rs"], world["rs_prosecution"]
    with scopes_disabled():
        cases = [
            CriminalCase.objects.create(
                territory=world["rs"],
                institution=prosecution,
                reference=ref,
                created_by=prosecutor,
            )  # fmt: skip
            for ref in ("K-1/24", "K-2/24")
        ]
        for case, verdict, date in (
            (cases[0], "convicted", "2024-05-01"),
            (cases[1], "acquitted", "2024-09-01"),
        ):
            record = TraffickerRecord(territory=world["rs"], institution=prosecution)
            record.case = case
            save_record(
                record,
                user=prosecutor,
                values={
                    "t_complaint_date": "2023-03-01",
                    "t_indictment_date": "2023-10-01",
                    "t_verdict_first": verdict,
                    "t_verdict_first_date": date,
                    "t_sex": "male",
                    "t_citizenship": "RS",
                },
                status="complete",
                personal_code={"personal_code_hash": "tk"},
            )
    views, _stats = tables(world["rs"], 2024)
    # Verdicts count decisions: the person appears under each outcome.
    t3a = column(views["T3a"])
    assert (t3a["convicted"], t3a["acquitted"], t3a["_T"]) == (1, 1, 2)
    assert any("Counting unit: decisions" in n for n in views["T3a"].notes)
    # The funnel counts persons: convicted at first instance once.
    assert views["T1"].value("convicted_first", "_T") == 1
    assert views["T1"].value("convicted_final", "_T") == 0
    # Eurostat and UNODC count first-instance convictions; GRETA final ones.
    assert views["E4"].value("convicted_first", "_T") == 1
    assert views["U1"].value("convicted_first", "_T") == 1
    assert views["G8"].value("convicted_final", "_T") == 0
    assert any("first instance" in n for n in views["E4"].notes)
    assert any("final judgment" in n for n in views["G8"].notes)
