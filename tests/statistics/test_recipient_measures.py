"""The last breakdowns the recipients ask for (issue 15): Eurostat E4b (suspected, prosecuted and
convicted persons by sex x Eurostat age band), GRETA compensation amounts (G9d and its amounts
G9dA) and the median length of proceedings beside T6's bands (T6m).

The small data set of ``tests/statistics/conftest.py`` (RS 2024; traffickers tk1 male, tk2
female, tk3 sex unknown, none with a date of birth), with the additions each test makes; the
expected figures are worked out by hand in each test.
"""

from indicators.statistics.engine import compute_statistics
from indicators.statistics.protection import TOTAL
from indicators.statistics.releases import transmission
from indicators.statistics.sdmx import sdmx_frame, transmission_tables
from tests.statistics.conftest import YEAR, add_trafficker, add_victim
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


# --- G9d and its amounts G9dA ------------------------------------------------------------------


def _awarded(world, personas, person, awarded, sources, amount=None, paid=None):
    values = {
        "v_identification_date": "2024-06-01",
        "v_sex": "female",
        "v_compensation_claimed": ["criminal_proceedings"],
        "v_compensation_awarded": awarded,
        "v_compensation_source": sources,
    }
    if amount is not None:
        values["v_compensation_amount"] = amount
    if paid is not None:
        values["v_compensation_paid_amount"] = paid
    add_victim(world, personas["caseworker_rs_police"], world["rs_police"], person, **values)


def _five_compensated(world, personas):
    _awarded(world, personas, "c1", "awarded_paid", ["perpetrator"], 1000, 1000)
    _awarded(world, personas, "c2", "awarded_paid", ["perpetrator"], 2500, 2000)
    _awarded(world, personas, "c3", "awarded_not_paid", ["state_fund"], 4000)
    _awarded(world, personas, "c4", "awarded_paid", ["perpetrator", "state_fund"], 3000, 1500)
    _awarded(world, personas, "c5", "awarded_not_paid", [])  # no source, no amount recorded


def test_compensation_persons_and_amounts_by_who_pays(dataset, world, personas):
    _five_compensated(world, personas)
    views = views_of(world)
    g9d, amounts, g9b = views["G9d"], views["G9dA"], views["G9b"]
    assert g9d.row_codes == ["perpetrator", "state_fund", "other", "several", "unknown", TOTAL]
    counts = {row: g9d.value(row) for row in g9d.row_codes}
    assert counts == {"perpetrator": 2, "state_fund": 1, "other": 0, "several": 1,
                      "unknown": 1, TOTAL: 5}  # fmt: skip
    # The persons awarded of G9b, paid and not paid.
    assert g9b.value("awarded_paid", TOTAL) + g9b.value("awarded_not_paid", TOTAL) == 5
    # Awarded: c1 + c2 = 3500 (perpetrator), c3 = 4000 (state), c4 = 3000 (several); c5 has no
    # amount. Paid: c1 + c2 = 3000, c4 = 1500.
    assert amounts.col_codes == ["awarded_persons", "awarded_sum", "paid_persons", "paid_sum"]
    assert amounts.value("perpetrator", "awarded_persons") == 2
    assert amounts.value("perpetrator", "awarded_sum") == 3500
    assert amounts.value("perpetrator", "paid_sum") == 3000
    assert amounts.value("state_fund", "awarded_sum") == 4000
    assert amounts.value("state_fund", "paid_persons") == 0
    assert amounts.value("several", "awarded_sum") == 3000
    assert amounts.value("several", "paid_sum") == 1500
    assert amounts.value("unknown", "awarded_persons") == 0
    assert amounts.value(TOTAL, "awarded_persons") == 4
    assert amounts.value(TOTAL, "awarded_sum") == 10500
    assert amounts.value(TOTAL, "paid_persons") == 3
    assert amounts.value(TOTAL, "paid_sum") == 4500
    assert amounts.kind == "amounts" and amounts.group == "greta"
    assert any("euro" in note for note in amounts.notes)
    assert amounts.notes[0].startswith("Counting unit: persons")
    assert "More than one source" in amounts.row_labels


def test_a_sum_over_fewer_persons_than_the_threshold_is_hidden(dataset, world, personas):
    for person, amount in (("p1", 1000), ("p2", 2500), ("p3", 1500)):
        _awarded(world, personas, person, "awarded_paid", ["perpetrator"], amount, amount)
    _awarded(world, personas, "s1", "awarded_not_paid", ["state_fund"], 4000)
    _awarded(world, personas, "s2", "awarded_not_paid", ["state_fund"], 500)
    _awarded(world, personas, "s3", "awarded_not_paid", ["state_fund"])  # amount not recorded
    stats = stats_of(world)
    views = {view.code: view for view in stats.views(stats.protect(3))}
    g9d, amounts = views["G9d"], views["G9dA"]
    # Three persons in each row of G9d: published at threshold 3.
    assert g9d.value("perpetrator") == 3 and g9d.value("state_fund") == 3
    # The state fund's sum adds up two persons' amounts (4000 + 500): hidden, with its number.
    assert amounts.value("state_fund", "awarded_sum") is None
    assert amounts.flag("state_fund", "awarded_sum") == "C"
    assert amounts.value("state_fund", "awarded_persons") is None
    # Otherwise it would follow from the total (9500) minus the perpetrators' 5000: the
    # perpetrators' sum is hidden as well, the total shown.
    assert amounts.value("perpetrator", "awarded_sum") is None
    assert amounts.value(TOTAL, "awarded_sum") == 9500
    assert amounts.value(TOTAL, "awarded_persons") == 5
    # Paid: the three perpetrators' 5000, nothing from the fund: shown.
    assert amounts.value("perpetrator", "paid_sum") == 5000
    assert amounts.value("state_fund", "paid_sum") == 0
    assert amounts.value(TOTAL, "paid_sum") == 5000


def test_the_sums_of_a_row_hidden_in_g9d_are_hidden(dataset, world, personas):
    _five_compensated(world, personas)
    stats = stats_of(world)
    views = {view.code: view for view in stats.views(stats.protect(3))}
    g9d, amounts = views["G9d"], views["G9dA"]
    # Every row of G9d is below 3 persons: hidden; so are all their sums. The total of five
    # persons is shown, and the sums over all of them (4 and 3 persons with an amount).
    for row in ("perpetrator", "state_fund", "several", "unknown"):
        assert g9d.value(row) is None
        assert amounts.value(row, "awarded_sum") is None
        assert amounts.value(row, "paid_sum") is None
    assert g9d.value(TOTAL) == 5
    assert amounts.value(TOTAL, "awarded_sum") == 10500
    assert amounts.value(TOTAL, "paid_sum") == 4500


# --- T6m: the median length of proceedings -----------------------------------------------------


def _final_decisions(personas, world):
    prosecutor, office = personas["prosecutor_rs"], world["rs_prosecution"]
    # Lengths: 366, 731, 61 and 183 days; tk1 of the data set: 326 days.
    for person, complaint, final in (
        ("tk8", "2023-06-01", "2024-06-01"),
        ("tk9", "2022-06-01", "2024-06-01"),
        ("tk10", "2024-03-01", "2024-05-01"),
        ("tk11", "2024-04-01", "2024-10-01"),
    ):
        add_trafficker(prosecutor, office, person, None, t_complaint_date=complaint,
                       t_indictment_date=complaint, t_final_outcome="acquitted",
                       t_final_date=final, t_sex="male")  # fmt: skip


def test_the_median_length_of_proceedings_in_months(dataset, world, personas):
    _final_decisions(personas, world)
    views = views_of(world)
    t6, t6m = views["T6"], views["T6m"]
    assert t6.value(TOTAL) == 5
    # Sorted: 61, 183, 326, 366, 731 days: the median is 326 days = 326 / (365.25 / 12)
    # = 10.71 months.
    assert t6m.value("decisions", "decisions") == 5
    assert t6m.value("decisions", "median_months") == 10.7
    assert t6m.kind == "medians"
    assert [v.code for v in views.values()].index("T6m") == (
        [v.code for v in views.values()].index("T6") + 1
    )
    assert any("table T6m" in note for note in t6.notes)
    # Protected at 5: T6's total of 5 is shown, so are the number and the median.
    stats = stats_of(world)
    protected = {view.code: view for view in stats.views(stats.protect(5))}
    assert protected["T6m"].value("decisions", "median_months") == 10.7
    # At 6 the total of 5 is hidden: the number and the median with it.
    protected = {view.code: view for view in stats.views(stats.protect(6))}
    assert protected["T6"].value(TOTAL) is None
    assert protected["T6m"].value("decisions", "decisions") is None
    assert protected["T6m"].value("decisions", "median_months") is None


def test_a_median_over_a_small_number_of_decisions_is_hidden(dataset, world, personas):
    # tk1 (326 days) and one more (61 days): the median of two is their mean, 193.5 days =
    # 6.36 months, shown to the coordinator only.
    add_trafficker(personas["prosecutor_rs"], world["rs_prosecution"], "tk10", None,
                   t_complaint_date="2024-03-01", t_indictment_date="2024-03-01",
                   t_final_outcome="acquitted", t_final_date="2024-05-01")  # fmt: skip
    stats = stats_of(world)
    unprotected = {view.code: view for view in stats.views(None)}
    assert unprotected["T6m"].value("decisions", "median_months") == 6.4
    protected = {view.code: view for view in stats.views(stats.protect(5))}
    assert protected["T6m"].value("decisions", "median_months") is None
    assert protected["T6m"].flag("decisions", "median_months") == "C"


def test_the_median_is_hidden_below_the_threshold_even_when_its_number_is_shown():
    from types import SimpleNamespace

    from indicators.statistics.measures import median_view
    from indicators.statistics.tables import Cell, TableView

    # 12 decisions, 9 of unknown length (both published): 3 with a known length.
    t6 = TableView(code="T6", title="Length of proceedings", group="traffickers", notes=[],
                   row_title="", col_title="", row_codes=["under_6_months", "unknown", TOTAL],
                   row_labels=["Under 6 months", "Unknown", "Total"], col_codes=["count"],
                   col_labels=["Persons"], cells=[[Cell(3)], [Cell(9)], [Cell(12)]],
                   protected=True)  # fmt: skip
    view = median_view(t6, {"year": YEAR, "n": 3, "median_months": 2.0},
                       SimpleNamespace(threshold=5))  # fmt: skip
    assert view.value("decisions", "decisions") == 3
    assert view.value("decisions", "median_months") is None
    assert view.flag("decisions", "median_months") == "C"
    assert (
        median_view(t6, {"year": YEAR, "n": 3, "median_months": 2.0}, None).value(
            "decisions", "median_months"
        )
        == 2.0
    )


def test_the_data_dictionary_lists_the_new_tables_under_their_indicators(clients):
    client = clients["coordinator_rs"]
    for indicator, code in (
        ("t_age_at_offence", "E4b"),
        ("v_compensation_amount", "G9d"),
        ("v_compensation_paid_amount", "G9d"),
        ("t_proceedings_duration", "T6"),
    ):
        html = client.get(f"/indicators/{indicator}/").content.decode()
        assert f"<strong>{code}</strong>" in html, indicator
