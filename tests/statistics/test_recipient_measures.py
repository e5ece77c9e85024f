"""The last breakdowns the recipients ask for (issue 15): Eurostat E4b (suspected, prosecuted and
convicted persons by sex x Eurostat age band).

The small data set of ``tests/statistics/conftest.py`` (RS 2024; traffickers tk1 male, tk2
female, tk3 sex unknown, none with a date of birth), with the additions each test makes; the
expected figures are worked out by hand in each test.
"""

from indicators.statistics.engine import compute_statistics
from indicators.statistics.protection import TOTAL
from indicators.statistics.releases import transmission
from indicators.statistics.sdmx import sdmx_frame, transmission_tables
from tests.statistics.conftest import YEAR, add_trafficker
from thb_data.scoping import scopes_disabled


def stats_of(world, year=YEAR):
    with scopes_disabled():
        return compute_statistics(world["rs"], year)


def views_of(world, protection=None):
    stats = stats_of(world)
    return {view.code: view for view in stats.views(protection)}


# --- E4b ---------------------------------------------------------------------------------------


def _three_suspects_with_birth_dates(personas, world):
    prosecutor, office = personas["prosecutor_rs"], world["rs_prosecution"]
    # Ages on the date of the complaint: 13, 44 and 10.
    add_trafficker(prosecutor, office, "tk5", None, t_complaint_date="2024-03-01",
                   t_sex="female", t_date_of_birth="2010-06-01")  # fmt: skip
    add_trafficker(prosecutor, office, "tk6", None, t_complaint_date="2024-05-01",
                   t_sex="male", t_date_of_birth="1980-01-01")  # fmt: skip
    add_trafficker(prosecutor, office, "tk7", None, t_complaint_date="2024-02-01",
                   t_sex="male", t_date_of_birth="2014-01-01")  # fmt: skip


def test_eurostat_cj_persons_by_sex_and_age_band(dataset, world, personas):
    _three_suspects_with_birth_dates(personas, world)
    views = views_of(world)
    e4b, e4 = views["E4b"], views["E4"]
    assert e4b.col_codes == ["0_11", "12_17", "18_plus", "unknown", TOTAL]
    assert e4b.row_codes == [
        f"{stage}.{sex}"
        for stage in ("suspected", "prosecuted", "convicted_first")
        for sex in ("female", "male", "unknown")
    ]
    # Suspected: tk5 (female, 13), tk6 (male, 44), tk7 (male, 10), tk1 (male, age unknown),
    # tk3 (sex and age unknown).
    assert e4b.value("suspected.female", "12_17") == 1
    assert e4b.value("suspected.female", TOTAL) == 1
    assert e4b.value("suspected.male", "0_11") == 1
    assert e4b.value("suspected.male", "18_plus") == 1
    assert e4b.value("suspected.male", "unknown") == 1
    assert e4b.value("suspected.male", TOTAL) == 3
    assert e4b.value("suspected.unknown", "unknown") == 1
    # Prosecuted: tk1 (male), tk2 (female); convicted at first instance: tk1. No birth dates.
    assert e4b.value("prosecuted.female", "unknown") == 1
    assert e4b.value("prosecuted.male", "unknown") == 1
    assert e4b.value("convicted_first.male", "unknown") == 1
    assert e4b.value("convicted_first.female", TOTAL) == 0
    assert "Suspected (complaint filed): male" in e4b.row_labels
    # Each row's total is the cell of E4 (stage x sex).
    for row in e4b.row_codes:
        stage, sex = row.split(".")
        assert e4b.value(row, TOTAL) == e4.value(stage, sex)
    assert any("date of the criminal complaint" in note for note in e4b.notes)
    assert e4b.notes[0].startswith("Counting unit: persons (traffickers)")


def test_a_hidden_e4b_cell_is_hidden_like_the_same_count_in_e4(dataset, world, personas):
    _three_suspects_with_birth_dates(personas, world)
    stats = stats_of(world)
    protection = stats.protect(5)
    views = {view.code: view for view in stats.views(protection)}
    e4b, e4 = views["E4b"], views["E4"]
    # Every count here is below 5: the female suspect (1) is hidden in both tables.
    assert e4.flag("suspected", "female") == e4b.flag("suspected.female", TOTAL) == "A"
    assert e4b.value("suspected.female", "12_17") is None


def test_e4b_is_in_the_eurostat_sdmx_with_stage_sex_and_age(dataset, world, personas):
    _three_suspects_with_birth_dates(personas, world)
    stats = stats_of(world)
    with scopes_disabled():
        release = transmission(stats)
    frame = sdmx_frame("eurostat", "RS", YEAR, transmission_tables(release))
    e4b = frame[frame["INDICATOR"] == "THB_E4B"]
    cell = e4b[(e4b["STAGE"] == "SUSP") & (e4b["SEX"] == "M") & (e4b["AGE"] == "Y_LT12")]
    assert cell["OBS_VALUE"].tolist() == [1]
    males = e4b[(e4b["STAGE"] == "SUSP") & (e4b["SEX"] == "M") & (e4b["AGE"] != "_T")]
    assert int(males["OBS_VALUE"].sum()) == 3
    # 3 stages x 3 sexes x (4 bands + total).
    assert len(e4b) == 45
