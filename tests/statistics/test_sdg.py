"""SDG indicator 16.2.2 (tables S1 and S1R): detected victims by the SDG forms x women / men /
girls / boys, and their rates per 100,000 population, on a small data set whose counts and
rates are worked out by hand below.

Serbia, 2024, ten victims (all registered: presumed or identified):

=====================  =======  =====================  ==================
who                    sex/age  main form (forms)      SDG form
=====================  =======  =====================  ==================
w1, w2, w3             women    sexual                 sexual
w4                     woman    sexual (sexual+labour) other (UNODC mixed)
g1                     girl     labour                 forced labour
m1                     man      labour                 forced labour
m2                     man      domestic servitude     forced labour
m3                     man      organ removal          removal of organs
b1                     boy      begging                other
u1                     unknown  sexual                 sexual
=====================  =======  =====================  ==================

Population 2024 (recorded): women 2,800,000; men 2,600,000; girls 560,000; boys 590,000. The
total (6,550,000) is not recorded: it is the sum of its parts.
"""

import datetime as dt

import pytest

from indicators.statistics.engine import compute_statistics
from indicators.statistics.models import PopulationEstimate
from indicators.statistics.population import NO_POPULATION
from indicators.statistics.protection import TOTAL
from indicators.statistics.releases import public_release
from tests.statistics.conftest import add_victim
from thb_data.scoping import scopes_disabled

YEAR = 2024
POPULATION = {
    ("female", "18_plus"): 2_800_000,
    ("male", "18_plus"): 2_600_000,
    ("female", "0_17"): 560_000,
    ("male", "0_17"): 590_000,
}
TOTAL_POPULATION = 6_550_000  # 2,800,000 + 2,600,000 + 560,000 + 590,000

# name: sex, date of birth, main form, forms
VICTIMS = {
    "w1": ("female", "1995-01-01", "sexual", ["sexual"]),
    "w2": ("female", "1990-01-01", "sexual", ["sexual"]),
    "w3": ("female", "1985-01-01", "sexual", ["sexual"]),
    "w4": ("female", "1992-01-01", "sexual", ["sexual", "labour"]),
    "g1": ("female", "2010-01-01", "labour", ["labour"]),
    "m1": ("male", "1985-01-01", "labour", ["labour"]),
    "m2": ("male", "1980-01-01", "domestic_servitude", ["domestic_servitude"]),
    "m3": ("male", "1970-01-01", "organ_removal", ["organ_removal"]),
    "b1": ("male", "2012-01-01", "begging", ["begging"]),
    "u1": ("unknown", "1990-01-01", "sexual", ["sexual"]),
}


@pytest.fixture
def sdg_world(world, personas):
    police, worker = world["rs_police"], personas["caseworker_rs_police"]
    for n, (person, (sex, born, main, forms)) in enumerate(VICTIMS.items()):
        add_victim(
            world,
            worker,
            police,
            f"sdg-{person}",
            v_identification_date=f"{YEAR}-0{1 + n % 9}-10",
            v_victim_status="identified" if n % 2 else "presumed",
            v_sex=sex,
            v_date_of_birth=born,
            v_citizenship="RS",
            v_main_exploitation_form=main,
            v_exploitation_form=forms,
        )
    with scopes_disabled():
        for (sex, age), value in POPULATION.items():
            PopulationEstimate.objects.create(
                territory=world["rs"],
                year=YEAR,
                sex=sex,
                age_group=age,
                value=value,
                source="Statistical Office of the Republic of Serbia",
                release_date=dt.date(2025, 7, 1),
            )
        # Another territory's and another year's figures never enter Serbia's 2024 rates.
        PopulationEstimate.objects.create(
            territory=world["al"], year=YEAR, sex="total", age_group="total", value=7, source="x"
        )
        PopulationEstimate.objects.create(
            territory=world["rs"], year=YEAR - 1, sex="total", age_group="total", value=9,
            source="x",
        )  # fmt: skip
    return world


def _stats(world, year=YEAR):
    with scopes_disabled():
        return compute_statistics(world["rs"], year)


def _views(stats, protection=None):
    return {view.code: view for view in stats.views(protection)}


def test_s1_counts_victims_by_sdg_form_and_women_men_girls_boys(sdg_world):
    s1 = _views(_stats(sdg_world))["S1"]
    assert s1.row_codes == ["sexual", "forced_labour", "organ_removal", "other", "unknown", TOTAL]
    assert s1.col_codes == ["women", "men", "girls", "boys", "unknown", TOTAL]
    expected = {
        #                 women men girls boys unknown total
        "sexual": [3, 0, 0, 0, 1, 4],
        "forced_labour": [0, 2, 1, 0, 0, 3],
        "organ_removal": [0, 1, 0, 0, 0, 1],
        "other": [1, 0, 0, 1, 0, 2],  # w4 (mixed) and b1 (begging)
        "unknown": [0, 0, 0, 0, 0, 0],
        TOTAL: [4, 3, 1, 1, 1, 10],
    }
    for row, values in expected.items():
        assert [s1.value(row, col) for col in s1.col_codes] == values, row
    labels = dict(zip(s1.row_codes, s1.row_labels, strict=True))
    assert labels["sexual"].startswith("VC_HTF_DETVSX")
    assert labels["forced_labour"].startswith("VC_HTF_DETVFL")
    assert labels["organ_removal"].startswith("VC_HTF_DETVOG")
    assert labels["other"].startswith("VC_HTF_DETVOP")
    assert labels[TOTAL].startswith("VC_HTF_DETV:")


def test_s1r_rates_per_100000_with_the_denominators(sdg_world):
    s1r = _views(_stats(sdg_world))["S1R"]
    assert s1r.row_codes == [
        TOTAL, "sexual", "forced_labour", "organ_removal", "other", "population"
    ]  # fmt: skip
    assert s1r.col_codes == [TOTAL, "women", "men", "girls", "boys"]
    labels = dict(zip(s1r.row_codes, s1r.row_labels, strict=True))
    assert [labels[r].split(":")[0] for r in s1r.row_codes[:-1]] == [
        "VC_HTF_DETVR", "VC_HTF_DETVSXR", "VC_HTF_DETVFLR", "VC_HTF_DETVOGR", "VC_HTF_DETVOPR"
    ]  # fmt: skip
    # count x 100,000 / population, to two decimals, worked out by hand:
    expected = {
        TOTAL: [0.15, 0.14, 0.12, 0.18, 0.17],  # 10/6.55M, 4/2.8M, 3/2.6M, 1/560k, 1/590k
        "sexual": [0.06, 0.11, 0.0, 0.0, 0.0],  # 4/6.55M = 0.061, 3/2.8M = 0.107
        "forced_labour": [0.05, 0.0, 0.08, 0.18, 0.0],  # 3/6.55M = 0.046, 2/2.6M = 0.077
        "organ_removal": [0.02, 0.0, 0.04, 0.0, 0.0],  # 1/6.55M = 0.015, 1/2.6M = 0.038
        "other": [0.03, 0.04, 0.0, 0.0, 0.17],  # 2/6.55M = 0.031, 1/2.8M = 0.036
        "population": [TOTAL_POPULATION, 2_800_000, 2_600_000, 560_000, 590_000],
    }
    for row, values in expected.items():
        assert [s1r.value(row, col) for col in s1r.col_codes] == values, row
    notes = " ".join(s1r.notes)
    # Every count is under 20: every rate carries the reliability note.
    assert "fewer than 20 victims" in notes and "VC_HTF_DETVSXR girls" in notes
    assert "Statistical Office of the Republic of Serbia, released 2025-07-01" in notes


def test_no_population_means_population_not_available_never_a_division(sdg_world):
    with scopes_disabled():
        PopulationEstimate.objects.filter(territory=sdg_world["rs"], year=YEAR).filter(
            sex="male"
        ).delete()
    s1r = _views(_stats(sdg_world))["S1R"]
    # Women and girls keep their rates; men, boys and the total (whose parts are missing) do not.
    assert s1r.value(TOTAL, "women") == 0.14
    assert s1r.value("forced_labour", "girls") == 0.18
    for col in (TOTAL, "men", "boys"):
        for row in s1r.row_codes:
            assert s1r.value(row, col) is None
            assert s1r.flag(row, col) == NO_POPULATION
    assert "population not available" in " ".join(s1r.notes)
    # A year without any figure: every rate says so (and the tables are built all the same).
    with scopes_disabled():
        PopulationEstimate.objects.filter(territory=sdg_world["rs"], year=YEAR).delete()
    s1r = _views(_stats(sdg_world))["S1R"]
    assert {s1r.flag(r, c) for r in s1r.row_codes for c in s1r.col_codes} == {NO_POPULATION}


def test_in_the_public_release_a_hidden_count_hides_its_rate(sdg_world, settings):
    settings.THB_SUPPRESSION_THRESHOLD_PUBLIC = 3  # so that some S1 cells are published
    stats = _stats(sdg_world)
    with scopes_disabled():
        protection = public_release(stats).protection
    views = _views(stats, protection)
    s1, s1r = views["S1"], views["S1R"]
    hidden = published = 0
    for row in s1r.row_codes[:-1]:
        for col in s1r.col_codes:
            if s1.flag(row, col):
                hidden += 1
                assert s1r.value(row, col) is None
                assert s1r.flag(row, col) == s1.flag(row, col)
            else:
                published += 1
                count = s1.value(row, col)
                population = s1r.value("population", col)
                assert s1r.value(row, col) == round(count * 100_000 / population, 2)
    assert hidden and published
    # 1, 2 (hidden primary cells, under 3): the girls' forced-labour count is 1.
    assert s1.value("forced_labour", "girls") is None
    assert s1r.value("forced_labour", "girls") is None
    # The denominators are public figures: always shown.
    assert s1r.value("population", "women") == 2_800_000


def test_the_statistics_page_shows_s1_and_s1r(sdg_world, clients):
    page = clients["coordinator_rs"].get(f"/statistics/RS/{YEAR}/", {"show": "unprotected"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="table-S1"' in body and 'id="table-S1R"' in body
    assert "VC_HTF_DETVOGR" in body and "0.18" in body


def test_the_demo_territories_get_population_figures_that_add_up(world):
    from indicators.defaults import seed_demo_population

    ids = [world["rs"].pk, world["al"].pk]
    with scopes_disabled():
        seed_demo_population(None, territory_ids=ids)
        seed_demo_population(None, territory_ids=ids)  # idempotent
        rows = list(PopulationEstimate.objects.filter(year=YEAR).values_list(
            "territory__code", "sex", "age_group", "value"
        ))  # fmt: skip
    figures = {(code, sex, age): value for code, sex, age, value in rows}
    assert len(rows) == len(figures) == 18  # 2 territories x 3 sexes x 3 age groups
    for code, low, high in (("RS", 6_400_000, 6_700_000), ("AL", 2_300_000, 2_500_000)):
        total = figures[(code, "total", "total")]
        assert low < total < high
        for sex in ("female", "male", "total"):
            assert (
                figures[(code, sex, "0_17")] + figures[(code, sex, "18_plus")]
                == (figures[(code, sex, "total")])
            )
        assert figures[(code, "female", "total")] + figures[(code, "male", "total")] == total
        assert 0.15 < figures[(code, "total", "0_17")] / total < 0.22
