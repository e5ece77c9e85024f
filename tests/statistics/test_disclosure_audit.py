"""The disclosure audit solves, by linear programming, for the hidden cells of a release, as a
determined attacker would. Each of the four attacks found on the demo releases is rebuilt here on
a small fixed set of tables: the old protection (``protection.protect``) fails the audit, the new
one (``disclosure.protect_release``) passes it, and a deliberately weakened pattern is caught.

Expected ranges are worked out by hand in each test, never by the code under test.
"""

import pandas as pd
import pytest

from indicators.statistics import audit as audit_module
from indicators.statistics.audit import Auditor, additive, audit
from indicators.statistics.disclosure import (
    FLAG_CONFIDENTIAL,
    Grouping,
    ProtectionFailed,
    collapse_small_categories,
    grouping_relations,
    protect_release,
    release_cells,
)
from indicators.statistics.protection import FLAG_PRIMARY, TOTAL, CellKey, protect
from indicators.statistics.tables import MappedTable

K_OFFICIAL, K_PUBLIC = 5, 10


def key(population, **coordinates):
    return CellKey(population, coordinates)


def table(code, population, row_dim, rows, col_dim=None, cols=None, **extra):
    """A table from a dict of rows: {row: [counts per column]} (or {row: count})."""
    if col_dim is None:
        counts = pd.DataFrame({"count": list(rows.values())}, index=list(rows))
    else:
        counts = pd.DataFrame(list(rows.values()), index=list(rows), columns=cols)
    return MappedTable(
        code=code,
        title=code,
        population=population,
        row_dim=row_dim,
        col_dim=col_dim,
        counts=counts,
        **extra,
    )


def old_bounds(result, threshold):
    """What the old notes published: 'counts from 1 to k-1 are not shown (flag A); zeros are
    shown'. An A cell is therefore between 1 and k-1; a C cell is at least 0."""
    bounds = {}
    for protected in result.tables.values():
        for flag, cell in zip(
            protected.flags.to_numpy().ravel(), protected.keys.to_numpy().ravel(), strict=True
        ):
            if flag == FLAG_PRIMARY:
                bounds[cell] = (1, threshold - 1)
    return bounds


# --- the audit itself ------------------------------------------------------------------------


def test_a_two_by_two_pattern_has_the_range_worked_out_by_hand():
    """Cells a=3, b=7 (row 10), c=6, d=2 (row 8); columns 9 and 9. Hiding all four leaves one
    degree of freedom t: a=t, b=10-t, c=9-t, d=t-1, so 1 <= t <= 9: a in [1, 9], width 8."""
    cells = {"a": 3, "b": 7, "c": 6, "d": 2, "r1": 10, "r2": 8, "c1": 9, "c2": 9}
    relations = [
        additive("r1", ["a", "b"]),
        additive("r2", ["c", "d"]),
        additive("c1", ["a", "c"]),
        additive("c2", ["b", "d"]),
    ]
    hidden = {"a", "b", "c", "d"}
    ranges = Auditor(cells, relations, width=K_OFFICIAL).ranges(hidden)
    assert ranges["a"] == pytest.approx((1, 9))
    assert ranges["b"] == pytest.approx((1, 9))
    assert ranges["c"] == pytest.approx((0, 8))
    assert ranges["d"] == pytest.approx((0, 8))
    assert audit(cells, hidden, relations, width=8).passed
    report = audit(cells, hidden, relations, width=9)
    assert report.failing == hidden  # every cell is 8 wide only
    # Hide one cell only: it is recomputed exactly from its row.
    report = audit(cells, {"a"}, relations, width=K_OFFICIAL)
    assert [(f.cell, f.lower, f.upper, f.exact) for f in report.findings] == [("a", 3, 3, True)]


def test_both_solvers_give_the_same_ranges(monkeypatch):
    """The fast path (the HiGHS object bundled with scipy) and scipy.optimize.linprog agree."""
    cells = {"a": 3, "b": 7, "c": 6, "d": 2, "e": 5, "r1": 15, "r2": 8, "c1": 9, "c2": 9}
    relations = [
        additive("r1", ["a", "b", "e"]),
        additive("r2", ["c", "d"]),
        additive("c1", ["a", "c"]),
        additive("c2", ["b", "d"]),
    ]
    hidden = {"a", "b", "c", "d", "e", "r1"}
    fast = Auditor(cells, relations, width=5).ranges(hidden)
    monkeypatch.setattr(audit_module, "_FORCE_LINPROG", True)
    slow = Auditor(cells, relations, width=5).ranges(hidden)
    assert set(fast) == hidden
    for cell in hidden:
        assert fast[cell] == pytest.approx(slow[cell]), cell


def test_a_cell_published_in_an_earlier_release_is_no_secret():
    cells = {"a": 3, "b": 7, "c": 6, "d": 2, "r1": 10, "r2": 8, "c1": 9, "c2": 9}
    relations = [additive("r1", ["a", "b"]), additive("r2", ["c", "d"])]
    relations += [additive("c1", ["a", "c"]), additive("c2", ["b", "d"])]
    report = audit(cells, {"a", "b", "c", "d"}, relations, width=5, known={"b": 7})
    # b is known, so a = 10 - 7 = 3, c = 9 - 3 = 6, d = 2: everything follows.
    assert {f.cell: (f.lower, f.upper) for f in report.findings} == {
        "a": (3, 3),
        "b": (7, 7),
        "c": (6, 6),
        "d": (2, 2),
    }


# --- attack 1: a crosswalk grouping between tables -------------------------------------------

SUSPECTED = "suspected:RS:2024"
EUROSTAT_FORM = {
    "sexual": "sexual",
    "labour_agriculture": "labour",
    "labour_construction": "labour",
    "begging": "other",
}


def crosswalk_tables():
    """T5c: suspected persons by fine form and sex; E6: the same persons by Eurostat group.

    T5c (female, male, total): sexual 12+8=20, labour_agriculture 7+5=12, labour_construction
    1+2=3, begging 4+4=8; total 24+19=43. E6: sexual 20, labour 15, other 8.
    """
    t5c = table(
        "T5c",
        SUSPECTED,
        "main_form",
        {
            "sexual": [12, 8],
            "labour_agriculture": [7, 5],
            "labour_construction": [1, 2],
            "begging": [4, 4],
        },
        "sex",
        ["female", "male"],
    )
    e6 = table(
        "E6",
        SUSPECTED,
        "main_form_eurostat",
        {"sexual": 20, "labour": 15, "other": 8},
    )
    grouping = Grouping("main_form", "main_form_eurostat", lambda _pop, code: EUROSTAT_FORM[code])
    return [t5c, e6], [grouping]


def test_attack_crosswalk_recovers_a_hidden_row_through_the_eurostat_grouping():
    tables, groupings = crosswalk_tables()
    old = protect(tables, K_OFFICIAL)
    labour_construction = key(SUSPECTED, main_form="labour_construction")
    assert labour_construction in old.suppressed  # 3 is small
    # By hand: E6 labour (15, published) minus labour_agriculture (12, published in T5c) = 3.
    assert old["E6"].values.loc["labour", "count"] == 15
    assert old["T5c"].values.loc["labour_agriculture", TOTAL] == 12
    values, relations = release_cells(tables)
    without_crosswalk = audit(values, old.suppressed, relations, width=K_OFFICIAL)
    assert labour_construction not in without_crosswalk.failing  # what the old check saw
    attacker = relations + grouping_relations(values, groupings)
    report = audit(values, old.suppressed, attacker, width=K_OFFICIAL)
    exact = {f.cell: f.lower for f in report.exact}
    assert exact[labour_construction] == pytest.approx(3)

    new = protect_release(tables, K_OFFICIAL, groupings=groupings)
    assert new.audit.passed
    assert audit(values, new.hidden, attacker, width=K_OFFICIAL).passed
    assert labour_construction in new.hidden


# --- attack 2: the published meaning of the flags ---------------------------------------------

V1 = "victims:RS:2024"


def flags_table():
    """Sex x status: female 4 + 4 = 8, male 10 + 12 = 22; presumed 14, identified 16."""
    return table(
        "V1",
        V1,
        "sex",
        {"female": [4, 4], "male": [10, 12]},
        "status",
        ["presumed", "identified"],
    )


def test_attack_flag_meaning_two_small_cells_of_a_row_are_recovered():
    tables = [flags_table()]
    old = protect(tables, K_OFFICIAL)
    values, relations = release_cells(tables)
    female_presumed = key(V1, sex="female", status="presumed")
    female_identified = key(V1, sex="female", status="identified")
    assert old["V1"].flags.loc["female"].tolist() == ["A", "A", ""]
    assert old["V1"].values.loc["female", TOTAL] == 8
    # Without the flags' meaning the row 8 = x + y leaves x anywhere in [0, 8].
    assert audit(values, old.suppressed, relations, width=K_OFFICIAL).passed
    # "A: 1 to 4" and x + y = 8: x = y = 4, by hand.
    report = audit(
        values, old.suppressed, relations, width=K_OFFICIAL, bounds=old_bounds(old, K_OFFICIAL)
    )
    exact = {f.cell: f.lower for f in report.exact}
    assert exact[female_presumed] == pytest.approx(4)
    assert exact[female_identified] == pytest.approx(4)

    new = protect_release(tables, K_OFFICIAL)
    flags = {f for f in new.protection["V1"].flags.to_numpy().ravel() if f}
    assert flags == {FLAG_CONFIDENTIAL}  # one meaning for every hidden cell: no bound but 0
    assert "zero included" in new.protection.note
    assert new.audit.passed


# --- attack 3: differencing across editions and years ------------------------------------------

TREND = "victims:RS:2022-2024"


def trend_table(rows, code="V12", population=TREND):
    years = list(rows)
    return table(
        code,
        population,
        "year",
        rows,
        "status",
        ["presumed", "identified"],
        row_keys={year: (f"victims:RS:{year}", {}) for year in years},
    )


def test_attack_differencing_an_earlier_release_and_a_trend_total():
    """The 2023 release published 2023's presumed (7) and identified (20) victims. The 2024
    release's trend hides 2022 presumed (2, small) with 2023 presumed as its complement, and
    publishes the three-year column total (19): 2022 presumed = 19 - 7 - 10 = 2."""
    tables = [trend_table({"2022": [2, 30], "2023": [7, 20], "2024": [10, 40]})]
    old = protect(tables, K_OFFICIAL)
    p2022 = key("victims:RS:2022", status="presumed")
    p2023 = key("victims:RS:2023", status="presumed")
    assert {p2022, p2023} <= old.suppressed
    assert old["V12"].values.loc[TOTAL, "presumed"] == 19
    values, relations = release_cells(tables)
    assert audit(values, old.suppressed, relations, width=K_OFFICIAL).passed  # alone: safe
    earlier = {p2023: 7, key("victims:RS:2023", status="identified"): 20}
    report = audit(values, old.suppressed, relations, width=K_OFFICIAL, known=earlier)
    exact = {f.cell: f.lower for f in report.exact}
    assert exact[p2022] == pytest.approx(19 - 7 - 10)

    new = protect_release(tables, K_OFFICIAL, known=earlier)
    assert new.audit.passed
    assert audit(values, new.hidden, relations, width=K_OFFICIAL, known=earlier).passed
    # The cell published before is published again, with the same value.
    assert new.protection["V12"].values.loc["2023", "presumed"] == 7
    assert p2022 in new.hidden


# --- attack 4: unstable releases (old years' small cells hide the current headlines) ---------

TREND5 = "victims:RS:2020-2024"


def unstable_tables():
    """Five years of registered victims by status (2020 is small: 2 + 3); 2024 has the
    smallest counts of the other years (31 presumed, 54 identified) and they are the
    headline totals of the 2024 table by sex and status."""
    trend = trend_table(
        {
            "2020": [2, 3],
            "2021": [40, 60],
            "2022": [45, 70],
            "2023": [50, 80],
            "2024": [31, 54],
        },
        population=TREND5,
    )
    v1 = table(
        "V1",
        V1,
        "sex",
        {"female": [20, 30], "male": [11, 24]},
        "status",
        ["presumed", "identified"],
    )
    return [v1, trend]


def headline(cell: CellKey) -> bool:
    return cell.population == V1 and len(cell.coordinates) <= 1


def test_attack_unstable_old_small_cells_hide_the_current_headlines():
    tables = unstable_tables()
    old = protect(tables, K_PUBLIC)
    presumed, identified = key(V1, status="presumed"), key(V1, status="identified")
    # By hand: the 2020 cells are small; the smallest other cells of their columns are 2024's.
    assert {presumed, identified} <= old.suppressed
    assert old["V1"].flags.loc[TOTAL].tolist()[:2] == ["C", "C"]

    new = protect_release(tables, K_PUBLIC, keep=headline)
    assert new.audit.passed
    v1 = new.protection["V1"]
    assert v1.values.loc[TOTAL].tolist() == [31, 54, 85]
    assert v1.flags.loc[TOTAL].tolist() == ["", "", ""]
    assert v1.values.loc["female", TOTAL] == 50 and v1.values.loc["male", TOTAL] == 35
    # The 2020 row is hidden, with complements from another year.
    assert key("victims:RS:2020", status="presumed") in new.hidden


# --- the audit catches a weakened protection --------------------------------------------------


def test_the_audit_catches_a_deliberately_weakened_protection():
    tables = unstable_tables()
    values, relations = release_cells(tables)
    strong = protect_release(tables, K_PUBLIC, keep=headline)
    assert audit(values, strong.hidden, relations, width=K_PUBLIC).passed
    primary = {cell for cell, value in values.items() if 1 <= value < K_PUBLIC}
    for complement in sorted(strong.hidden - primary):
        weakened = strong.hidden - {complement}
        report = audit(values, weakened, relations, width=K_PUBLIC)
        assert not report.passed, f"dropping {complement} went unnoticed"
    # Primary suppression alone (no complements) is caught too.
    assert not audit(values, primary, relations, width=K_PUBLIC).passed
    # So is a pattern whose complements leave a hidden row summing to less than the
    # threshold: the 2020 row (2 + 3 = 5) with its total hidden and no other year hidden.
    row_2020 = {key("victims:RS:2020", status=s) for s in ("presumed", "identified")}
    report = audit(values, row_2020 | {key("victims:RS:2020")}, relations, width=K_PUBLIC)
    assert {f.cell for f in report.exact} == row_2020 | {key("victims:RS:2020")}


def test_a_release_that_cannot_be_protected_is_refused():
    """One row, one small cell, a published total that everyone already knows from an
    earlier release: nothing can be hidden next to it."""
    tables = [table("X", V1, "sex", {"female": 3, "male": 40})]
    total = key(V1)
    male = key(V1, sex="male")
    with pytest.raises(ProtectionFailed):
        protect_release(tables, K_OFFICIAL, known={total: 43, male: 40})


# --- percentages and rates follow their sources -----------------------------------------------


def test_percentages_and_rates_of_a_hidden_count_are_hidden_and_flagged():
    """V1 (threshold 5): female presumed 4 and identified 4 are hidden (with a complement);
    the sex totals (8, 22) and the grand total (30) are published. Rates per 100,000 of a
    population of 6,600,000 and percentages are worked out by hand."""
    from indicators.statistics.disclosure import percentage_cell, rate_cell

    safe = protect_release([flags_table()], K_OFFICIAL)
    female_presumed = key(V1, sex="female", status="presumed")
    male, total = key(V1, sex="male"), key(V1)
    assert female_presumed in safe.hidden
    assert male not in safe.hidden and total not in safe.hidden
    args = {"hidden": safe.hidden, "values": safe.values}
    # Published: 30 registered victims per 6.6 million = 0.45 per 100,000; men 22 of 30 =
    # 73.3%.
    assert rate_cell(total, 6_600_000, **args).value == 0.45
    assert percentage_cell(male, total, **args).value == 73.3
    # Hidden: the rate and the percentage of the female presumed count (4) are hidden too.
    for derived in (
        rate_cell(female_presumed, 6_600_000, **args),
        percentage_cell(female_presumed, total, **args),
        safe.derived([male, female_presumed], lambda a, b: a - b),
    ):
        assert (derived.value, derived.flag, derived.hidden) == (None, FLAG_CONFIDENTIAL, True)
    # A stored release names its hidden cells as text: the same answer.
    stored = {str(cell) for cell in safe.hidden}
    hidden_rate = rate_cell(female_presumed, 6_600_000, hidden=stored, values=safe.values)
    assert hidden_rate.hidden
    # A zero denominator gives no figure, not a flag.
    assert rate_cell(total, 0, **args).value is None and not rate_cell(total, 0, **args).hidden


# --- collapsing small categories rather than hiding headline figures --------------------------

CONVICTED = "convicted_first:RS:2022"
EU = {"DE", "BG", "RO"}


def national(_population, code):
    return {"RS": "national", "unknown": "unknown"}.get(code, "foreign")


def eurostat(_population, code):
    return {"RS": "reporting", "unknown": "unknown"}.get(code, "eu" if code in EU else "non_eu")


def citizenship_tables(rows):
    """Convicted persons by citizenship x sex, and the same persons by the national grouping
    (national / foreign / unknown) and by Eurostat's (reporting country / EU / non-EU /
    unknown): "unknown citizenship" is one count under three keys."""

    def grouped(group_of):
        out = {}
        for code, counts in rows.items():
            group = group_of(CONVICTED, code)
            out[group] = [a + b for a, b in zip(out.get(group, [0, 0]), counts, strict=True)]
        return out

    sexes = ["female", "male"]
    return [
        table("T4", CONVICTED, "citizenship", rows, "sex", sexes),
        table("T4g", CONVICTED, "citizenship_group", grouped(national), "sex", sexes),
        table("E4", CONVICTED, "citizenship_eurostat", grouped(eurostat), "sex", sexes),
    ], [
        Grouping("citizenship", "citizenship_group", national),
        Grouping("citizenship", "citizenship_eurostat", eurostat),
    ]


def convicted_headline(cell):
    return cell.population == CONVICTED and all(dim == "sex" for dim, _ in cell.coordinates)


def test_small_categories_are_collapsed_rather_than_the_headline_figures_hidden():
    """Every foreign citizenship is small, and so is "unknown" (three keys); the national
    male count (14) was published by an earlier release, so it cannot be a complement. Cell
    by cell, complementary suppression hides the female total or the grand total; collapsing
    the non-EU citizenships (AL, CN, MD: one group under both crosswalks) into one row keeps
    every headline published, and the audit passes."""
    rows = {
        "RS": [1, 14],
        "AL": [4, 2],
        "CN": [1, 5],
        "MD": [3, 4],
        "unknown": [1, 1],
    }
    tables, groupings = citizenship_tables(rows)
    rs_male = key(CONVICTED, citizenship="RS", sex="male")
    known = {rs_male: 14}
    plain = protect_release(tables, K_PUBLIC, groupings=groupings, known=known,
                            keep=convicted_headline)  # fmt: skip
    hidden_headlines = {c for c in plain.hidden if convicted_headline(c)}
    assert hidden_headlines & {key(CONVICTED), key(CONVICTED, sex="female")}
    assert plain.audit.passed and not plain.collapsed

    safe = protect_release(tables, K_PUBLIC, groupings=groupings, known=known,
                           keep=convicted_headline, collapse=["citizenship"])  # fmt: skip
    assert safe.collapsed == {
        (CONVICTED, "citizenship", "other_foreign_non_eu"): ("AL", "CN", "MD")
    }
    t4 = safe.protection["T4"]
    assert t4.values.index.tolist() == ["RS", "other_foreign_non_eu", "unknown", TOTAL]
    assert t4.row_labels["other_foreign_non_eu"] == "Other, together: AL, CN, MD"
    # The headline figures, by hand: female 1+4+1+3+1 = 10, male 14+2+5+4+1 = 26, total 36.
    assert t4.values.loc[TOTAL].tolist() == [10, 26, 36]
    assert t4.flags.loc[TOTAL].tolist() == ["", "", ""]
    assert t4.values.loc["RS", "male"] == 14  # published before: published again
    assert not {c for c in safe.hidden if convicted_headline(c)}
    assert "citizenship other_foreign_non_eu = AL + CN + MD" in safe.protection.note
    # The attacker's own programme over the collapsed tables, both crosswalks (which know the
    # merged row: it is non-EU and foreign) and the rows' sum: every small count keeps a
    # range at least 10 wide.
    merged = key(CONVICTED, citizenship="other_foreign_non_eu", sex="female")
    assert safe.values[merged] == 4 + 1 + 3
    merged_tables = collapse_small_categories(tables, K_PUBLIC, groupings, ["citizenship"])
    values, relations = release_cells(merged_tables.tables)
    relations += grouping_relations(values, merged_tables.groupings)
    primary = {cell for cell, value in values.items() if 1 <= value < K_PUBLIC}
    report = audit(values, safe.hidden, relations, width=K_PUBLIC, known=known, sensitive=primary)
    assert report.passed
    eurostat_non_eu = key(CONVICTED, citizenship_eurostat="non_eu")
    assert any(
        eurostat_non_eu in relation.cells
        and key(CONVICTED, citizenship="other_foreign_non_eu") in relation.cells
        for relation in relations
    )


def test_complements_keep_the_headline_figures_published():
    """Convicted persons: RS female 17, male 1; every other citizenship small. Cell by cell
    the complements cascade through the three tables; the headline figures (female 25, male
    20, total 45, by hand) stay published all the same, and the audit passes."""
    rows = {
        "RS": [17, 1],
        "AL": [2, 3],
        "RO": [2, 5],
        "MD": [3, 3],
        "TR": [1, 3],
        "unknown": [0, 5],
    }
    tables, groupings = citizenship_tables(rows)
    safe = protect_release(tables, K_PUBLIC, groupings=groupings, keep=convicted_headline)
    assert safe.audit.passed and not safe.collapsed
    for code in ("T4", "T4g", "E4"):
        protected = safe.protection[code]
        assert protected.values.loc[TOTAL].tolist() == [25, 20, 45], code
        assert protected.flags.loc[TOTAL].tolist() == ["", "", ""], code
    values, relations = release_cells(tables)
    relations += grouping_relations(values, groupings)
    primary = {cell for cell, value in values.items() if 1 <= value < K_PUBLIC}
    assert audit(values, safe.hidden, relations, width=K_PUBLIC, sensitive=primary).passed


def test_a_collapsed_category_is_the_sum_of_its_members_where_another_table_shows_them():
    """Two groups collapse (EU: BG 2 + RO 3; non-EU: AL 4 + MD 1); a table of mentions by
    citizenship keeps its rows, so the attacker reads the members there: each merged
    category is known to be the sum of its members (by hand: 5 and 5)."""
    rows = {"RS": [30, 20], "BG": [1, 1], "RO": [2, 1], "AL": [2, 2], "MD": [0, 1]}
    tables, groupings = citizenship_tables(rows)
    mentions = table(
        "M",
        CONVICTED,
        "citizenship",
        {"RS": 50, "BG": 2, "RO": 3, "AL": 4, "MD": 1},
        additive=False,
    )
    merged = collapse_small_categories([*tables, mentions], K_PUBLIC, groupings, ["citizenship"])
    assert merged.members == {
        (CONVICTED, "citizenship", "other_foreign_eu"): ("BG", "RO"),
        (CONVICTED, "citizenship", "other_foreign_non_eu"): ("AL", "MD"),
    }
    t4 = next(t for t in merged.tables if t.code == "T4")
    assert t4.counts.loc["other_foreign_eu"].tolist() == [3, 2]
    assert t4.counts.loc["other_foreign_non_eu"].tolist() == [2, 3]
    sums = [sorted(str(cell) for cell in relation.cells) for relation in merged.relations()]
    assert [
        f"{CONVICTED}|citizenship=BG",
        f"{CONVICTED}|citizenship=RO",
        f"{CONVICTED}|citizenship=other_foreign_eu",
    ] in sums
    assert [
        f"{CONVICTED}|citizenship=AL",
        f"{CONVICTED}|citizenship=MD",
        f"{CONVICTED}|citizenship=other_foreign_non_eu",
    ] in sums
    # The merged rows count what their members count in the table of mentions: 2 + 3, 4 + 1.
    assert t4.counts.loc["other_foreign_eu"].sum() == 5
    assert t4.counts.loc["other_foreign_non_eu"].sum() == 5
    for relation in merged.relations():
        parts = [cell for cell, coefficient in relation.terms if coefficient == 1]
        total = next(cell for cell, coefficient in relation.terms if coefficient == -1)
        assert total.dimensions["citizenship"] in ("other_foreign_eu", "other_foreign_non_eu")
        assert len(parts) == 2


def test_the_audit_groups_any_cells_a_lonely_hidden_cell_and_a_cell_known_from_before():
    # Cells named by numbers (the audit takes any hashable cell): 3 + 7 = 10, and a cell of
    # its own (99) in no relation.
    values = {1: 3, 2: 7, 3: 10, 99: 4}
    auditor = Auditor(values, [additive(3, [1, 2])], width=10)
    # 1 and 2 hidden: each lies anywhere in [0, 10]; the lonely cell is unbounded above.
    assert auditor.check({1, 2, 99}).passed
    assert auditor.ranges({1, 2, 99})[1] == (0, 10)
    # 1 hidden alone: recomputed exactly as 10 - 7.
    alone = auditor.check({1})
    assert [(f.cell, f.lower, f.upper) for f in alone.findings] == [(1, 3, 3)]
    # 2 hidden too, but its 7 was published before: 1 is recomputed all the same.
    before = Auditor(values, [additive(3, [1, 2])], width=10, known={2: 7}, sensitive={1})
    assert [f.cell for f in before.check({1, 2}).findings] == [1]


def test_the_solver_gets_the_same_sparse_matrix_as_scipy_builds():
    import numpy as np
    from scipy.sparse import csr_array

    from indicators.statistics.audit import _Matrix

    rng = np.random.default_rng(2026)
    for _ in range(200):
        shape = (int(rng.integers(1, 8)), int(rng.integers(1, 9)))
        size = int(rng.integers(0, 20))
        # Entries in any order, some repeated (summed, a zero kept), as a group's relations.
        rows = rng.integers(0, shape[0], size).tolist()
        cols = rng.integers(0, shape[1], size).tolist()
        data = rng.choice([1.0, -1.0], size).tolist()
        expected = csr_array((data, (rows, cols)), shape=shape).tocsc()
        start, index, value = _Matrix(rows, cols, data, shape).csc()
        assert start.tolist() == expected.indptr.tolist()
        assert index.tolist() == expected.indices.tolist()
        assert value.tolist() == expected.data.tolist()
