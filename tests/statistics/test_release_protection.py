"""Small-cell protection of a release: primary and complementary suppression, flags, and the
same treatment for the same cell in every table."""

from collections import defaultdict

import pandas as pd
import pytest

from indicators.statistics.engine import compute_statistics
from indicators.statistics.protection import TOTAL, protect
from indicators.statistics.tables import MappedTable
from thb_data.scoping import scopes_disabled

POP = "victims:RS:2024"


def test_a_cell_aliased_in_another_table_gets_the_same_treatment():
    """Sex x status (hand-computed at threshold 5) and a table of buckets whose rows are the
    sex totals under other names: the hidden male total is hidden in both."""
    by_status = MappedTable(
        code="A", title="Victims by sex", population=POP, row_dim="sex", col_dim="status",
        counts=pd.DataFrame(
            {"presumed": [1, 7], "identified": [2, 8]}, index=["female", "male"]
        ),
    )  # fmt: skip
    buckets = MappedTable(
        code="B", title="Women and men", population=POP, row_dim="bucket",
        counts=pd.DataFrame({"count": [3, 15]}, index=["women", "men"]),
        row_keys={"women": (POP, {"sex": "female"}), "men": (POP, {"sex": "male"})},
    )  # fmt: skip
    result = protect([by_status, buckets], threshold=5)
    a, b = result["A"], result["B"]
    # Primary: 1, 2 and their total 3 are small (A); zeros would be shown.
    assert a.flags.loc["female"].tolist() == ["A", "A", "A"]
    # Complementary: each column with one small cell loses its smallest other cell (C).
    assert a.flags.loc["male"].tolist() == ["C", "C", "C"]
    assert a.flags.loc[TOTAL].tolist() == ["", "", ""]
    assert a.values.loc[TOTAL].tolist() == [8, 10, 18]
    # The bucket table shows the same cells with the same treatment.
    assert b.flags["count"].tolist() == ["A", "C", ""]
    assert b.values["count"].isna().tolist() == [True, True, False]


@pytest.fixture
def release(dataset, world):
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2024)
        protection = stats.protect(5)
    return stats, protection


def test_every_small_count_is_hidden_with_flag_a_and_zeros_are_published(release):
    stats, protection = release
    raw = {view.code: view for view in stats.views()}
    checked = 0
    for view in stats.views(protection):
        if view.kind != "counts":  # S1R, T6m, G9dA: derived, not counts (test_sdg.py and
            # test_recipient_measures.py)
            continue
        counts = raw[view.code]
        for i, row in enumerate(view.cells):
            for j, cell in enumerate(row):
                n = counts.cells[i][j].value
                if 1 <= n < 5:
                    assert (cell.value, cell.flag) == (None, "A"), (view.code, i, j)
                    checked += 1
                elif n == 0:
                    assert (cell.value, cell.flag) in ((0, ""), (None, "C"))
                else:
                    assert cell.flag in ("", "C")
                    assert cell.value in (n, None)
    assert checked > 50
    assert raw["V1"].value("female", "identified") == 1
    v1 = next(v for v in stats.views(protection) if v.code == "V1")
    assert v1.flag("female", "identified") == "A"


def test_no_hidden_cell_is_alone_in_a_row_or_column_that_adds_up(release):
    stats, protection = release
    for stat in stats.tables:
        table = protection.tables[stat.code]
        hidden = table.flags.to_numpy() != ""
        lines = list(hidden) if table.col_dim is not None else []
        if stat.table.additive:
            lines += list(hidden.T)
        for line in lines:
            assert line.sum() != 1, stat.code


def test_the_same_cell_has_the_same_value_and_flag_in_every_table(release):
    stats, protection = release
    seen = defaultdict(set)
    for table in protection.tables.values():
        for key, value, flag in zip(
            table.keys.to_numpy().ravel(),
            table.values.to_numpy(dtype=object).ravel(),
            table.flags.to_numpy().ravel(),
            strict=True,
        ):
            seen[key].add((None if pd.isna(value) else int(value), flag))
    assert all(len(treatments) == 1 for treatments in seen.values())
    views = {view.code: view for view in stats.views(protection)}
    # The female total is one cell of V1, V1c, E1 and G1; convicted persons are one cell of
    # T1 and of the verdicts table T3a.
    female = {views[c].flag("female", "_T") for c in ("V1", "V1c", "E1", "G1")}
    assert female == {"A"}
    assert views["T1"].flag("convicted_first", "_T") == views["T3a"].flag("convicted", "_T")


def test_cells_hidden_in_an_earlier_edition_stay_hidden(release):
    stats, _protection = release
    first = stats.protect(1)  # threshold 1: nothing is small
    assert not first.suppressed
    key = first["V12"].keys.loc["2024", "_T"]
    again = stats.protect(1, {key})
    assert again["V12"].flags.loc["2024", "_T"] != ""
    assert again["V1"].flags.loc[TOTAL, TOTAL] != ""  # the same count in the year's tables
