"""Protection of small numbers (reporting.md §2 d2): primary and complementary suppression,
flags, consistency across tables and editions, determinism.

Every expectation below was computed by hand; the comments show the arithmetic. Relations are
numbered as the module numbers them: per table, rows top to bottom (total row last), then
columns left to right (total column last); the lowest-numbered relation with exactly one
hidden member is handled first, and its partner is its smallest non-zero published member.
These tests need neither Django nor a database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.statistics.protection import (
    FLAG_PRIMARY,
    FLAG_PUBLISHED,
    FLAG_SECONDARY,
    THRESHOLD_OFFICIAL,
    THRESHOLD_PUBLIC,
    TOTAL,
    CellKey,
    CountTable,
    cell_key,
    protect,
    protection_note,
    with_totals,
)

P = "victims:registered:2025"
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def two_way(code, rows, columns, *, row_dim="sex", col_dim="age_group", **options):
    """A two-dimensional table from ``{row code: [counts in column order]}``."""
    counts = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    return CountTable(
        code=code,
        title=code,
        population=options.pop("population", P),
        row_dim=row_dim,
        col_dim=col_dim,
        counts=counts,
        **options,
    )


def one_way(code, counts, *, row_dim="sex", **options):
    """A one-dimensional table from ``{row code: count}``."""
    return CountTable(
        code=code,
        title=code,
        population=options.pop("population", P),
        row_dim=row_dim,
        counts=pd.DataFrame({"count": counts}),
        **options,
    )


def flag_rows(protected):
    return {row: list(protected.flags.loc[row]) for row in protected.flags.index}


def value_rows(protected):
    return {
        row: [None if pd.isna(v) else int(v) for v in protected.values.loc[row]]
        for row in protected.values.index
    }


def relations(protected):
    """The additive relations a reader can write down from a published table: lists of keys,
    the total last. Rows of every two-dimensional table; columns (and the single column of a
    one-dimensional table) only for additive tables."""
    keys = protected.keys.to_numpy()
    found = []
    if protected.col_dim is not None:
        found += [list(row) for row in keys]
        if protected.additive:
            found += [list(col) for col in keys.T]
    elif protected.additive:
        found.append(list(keys[:, 0]))
    return found


def published_and_hidden(result):
    known, hidden = {}, set()
    for protected in result.tables.values():
        keys = protected.keys.to_numpy().ravel().tolist()
        values = protected.values.to_numpy(dtype=object).ravel().tolist()
        for key, value in zip(keys, values, strict=True):
            if pd.isna(value):
                hidden.add(key)
            else:
                known[key] = int(value)
    assert not hidden & set(known), "a cell is hidden in one table and shown in another"
    return known, hidden


def recompute_by_single_relations(result):
    """What an attacker gets by solving, again and again, every relation of every published
    table that has exactly one unknown member. Returns {key: recomputed value}."""
    known, hidden = published_and_hidden(result)
    all_relations = [rel for t in result.tables.values() for rel in relations(t)]
    recomputed = {}
    progress = True
    while progress:
        progress = False
        for rel in all_relations:
            unknown = [key for key in rel if key not in known]
            if len(unknown) != 1:
                continue
            (key,) = unknown
            cells, total = rel[:-1], rel[-1]
            if key == total:
                value = sum(known[k] for k in cells)
            else:
                value = known[total] - sum(known[k] for k in cells if k != key)
            known[key] = recomputed[key] = value
            progress = True
    return recomputed


def recompute_by_linear_algebra(result):
    """Hidden keys fixed by all the published relations taken together: key k is determined
    iff adding the equation "k = ?" does not raise the rank of the system in the unknowns."""
    _, hidden = published_and_hidden(result)
    unknowns = sorted(hidden)
    column = {key: j for j, key in enumerate(unknowns)}
    rows = []
    for protected in result.tables.values():
        for rel in relations(protected):
            row = np.zeros(len(unknowns))
            for position, key in enumerate(rel):
                if key in column:
                    row[column[key]] = -1.0 if position == len(rel) - 1 else 1.0
            if row.any():
                rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    determined = set()
    for key, j in column.items():
        unit = np.zeros(len(unknowns))
        unit[j] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            determined.add(key)
    return determined


def hidden_counts_per_relation(result):
    _, hidden = published_and_hidden(result)
    return [
        sum(key in hidden for key in rel)
        for protected in result.tables.values()
        for rel in relations(protected)
    ]


def assert_safe(result):
    """No relation of any protected table has exactly one hidden member, and no hidden cell
    can be recomputed, relation by relation or by combining relations."""
    assert 1 not in hidden_counts_per_relation(result)
    assert recompute_by_single_relations(result) == {}
    assert recompute_by_linear_algebra(result) == set()


# --------------------------------------------------------------------------------------------
# cell keys and totals
# --------------------------------------------------------------------------------------------


def test_it_gives_a_cell_the_same_key_in_every_table_that_shows_it():
    v1 = two_way("V1", {"F": [3, 20], "M": [8, 30]}, ["child", "adult"])
    # a Eurostat-like table of the same population with the dimensions the other way round
    eurostat = two_way(
        "E", {"child": [3, 8], "adult": [20, 30]}, ["F", "M"], row_dim="age_group", col_dim="sex"
    )
    by_sex = one_way("E1", {"F": 23, "M": 38})

    female_child = cell_key(P, sex="F", age_group="child")
    assert v1.key("F", "child") == eurostat.key("child", "F") == female_child
    # the "female" row total of V1 is the "female" cell of the by-sex table
    assert v1.key("F", TOTAL) == by_sex.key("F") == cell_key(P, sex="F")
    # a total over a dimension leaves that dimension out; the grand total has no coordinates
    assert v1.key(TOTAL, "child") == cell_key(P, age_group="child")
    assert v1.key(TOTAL, TOTAL) == by_sex.key(TOTAL) == CellKey(P)
    # another population is another cell
    assert cell_key("victims:presumed:2025", sex="F") != cell_key(P, sex="F")

    result = protect([v1, eurostat, by_sex])
    assert result["V1"].keys.loc["F", "child"] == result["E"].keys.loc["child", "F"]
    assert result["V1"].keys.loc["F", TOTAL] == result["E1"].keys.loc["F", "count"]


def test_it_writes_and_reads_back_cell_keys():
    key = cell_key(P, sex="F", age_group="child")
    assert str(key) == "victims:registered:2025|age_group=child|sex=F"
    assert CellKey.parse(str(key)) == key
    assert CellKey.parse(str(CellKey(P))) == CellKey(P)
    assert CellKey(P, [("sex", "F"), ("age_group", "child")]) == key  # pairs, any order


def test_it_adds_row_column_and_grand_totals_to_an_additive_table():
    v1 = two_way("V1", {"F": [3, 20, 0], "M": [8, 30, 0]}, ["child", "adult", "unknown"])
    full = with_totals(v1)
    assert list(full.index) == ["F", "M", TOTAL]
    assert list(full.columns) == ["child", "adult", "unknown", TOTAL]
    # F: 3 + 20 + 0 = 23; M: 8 + 30 + 0 = 38; child 3 + 8 = 11; adult 20 + 30 = 50; 23 + 38 = 61
    assert full.loc["F"].tolist() == [3, 20, 0, 23]
    assert full.loc["M"].tolist() == [8, 30, 0, 38]
    assert full.loc[TOTAL].tolist() == [11, 50, 0, 61]
    # one-dimensional: 23 + 38 = 61
    assert with_totals(one_way("E1", {"F": 23, "M": 38}))["count"].tolist() == [23, 38, 61]


# --------------------------------------------------------------------------------------------
# primary suppression
# --------------------------------------------------------------------------------------------


def mentions_0_to_11():
    # A table of mentions without a total: rows do not add up, so there is no relation and
    # only primary suppression applies.
    counts = {f"form{n}": n for n in [0, 1, 2, 3, 4, 5, 6, 9, 10, 11]}
    return one_way("M", counts, row_dim="exploitation_any", additive=False)


def test_it_suppresses_counts_from_one_to_threshold_minus_one_but_not_zero_nor_threshold():
    result = protect([mentions_0_to_11()])  # default threshold 5 (official transmission)
    assert result.threshold == THRESHOLD_OFFICIAL == 5
    protected = result["M"]
    # counts:              0    1    2    3    4   5   6   9  10  11
    assert protected.flags["count"].tolist() == ["", "A", "A", "A", "A", "", "", "", "", ""]
    values = [None if pd.isna(v) else int(v) for v in protected.values["count"]]
    assert values == [0, None, None, None, None, 5, 6, 9, 10, 11]
    assert str(protected.values["count"].dtype) == "Int64"


def test_it_applies_the_public_threshold_of_ten():
    official = protect([mentions_0_to_11()])["M"].flags["count"].tolist()
    public = protect([mentions_0_to_11()], threshold=THRESHOLD_PUBLIC)
    assert public.threshold == THRESHOLD_PUBLIC == 10
    # counts:     0    1    2    3    4    5    6    9   10  11
    assert official == ["", "A", "A", "A", "A", "", "", "", "", ""]
    assert public["M"].flags["count"].tolist() == ["", "A", "A", "A", "A", "A", "A", "A", "", ""]


# --------------------------------------------------------------------------------------------
# complementary suppression
# --------------------------------------------------------------------------------------------


def v1_one_small_cell():
    #        child adult unknown | total
    # F          3    20       0 |  23      (3 + 20 + 0)
    # M          8    30       0 |  38      (8 + 30 + 0)
    # total     11    50       0 |  61
    return two_way("V1", {"F": [3, 20, 0], "M": [8, 30, 0]}, ["child", "adult", "unknown"])


def test_it_hides_a_partner_in_the_row_and_column_of_a_single_small_cell():
    result = protect([v1_one_small_cell()])
    # Relations: 0 row F, 1 row M, 2 row total, 3 col child, 4 col adult, 5 col unknown,
    # 6 col total. Primary: F×child = 3 (1 <= 3 < 5), so rows F and col child have one each.
    # - row F [3*, 20, 0, 23]: smallest non-zero published = 20 (the 0 is never chosen while
    #   a non-zero member remains) -> F×adult; col adult now has one hidden.
    # - col child [3*, 8, 11]: min(8, 11) = 8 -> M×child; row M now has one hidden.
    # - row M [8*, 30, 0, 38]: min(30, 38) = 30 -> M×adult; col adult has two: done.
    # Every row and column now has 0 or 2 hidden cells; the totals stay published:
    # a reader knows F×child + F×adult = 23 but not either one.
    assert flag_rows(result["V1"]) == {
        "F": ["A", "C", "", ""],
        "M": ["C", "C", "", ""],
        TOTAL: ["", "", "", ""],
    }
    assert value_rows(result["V1"]) == {
        "F": [None, None, 0, 23],
        "M": [None, None, 0, 38],
        TOTAL: [11, 50, 0, 61],
    }
    assert_safe(result)
    # without the partners, the small cell would be recomputable: 23 - 20 - 0 = 3
    assert 23 - 20 - 0 == 3


def test_it_flags_small_counts_a_and_complementary_cells_c():
    protected = protect([v1_one_small_cell()])["V1"]
    full = with_totals(v1_one_small_cell())
    flags = protected.flags
    for row in flags.index:
        for col in flags.columns:
            flag, count = flags.loc[row, col], int(full.loc[row, col])
            if flag == FLAG_PUBLISHED:
                assert protected.values.loc[row, col] == count
            else:
                assert pd.isna(protected.values.loc[row, col])
                # "A" exactly for the small counts, "C" for the partners
                assert flag == (FLAG_PRIMARY if 1 <= count < 5 else FLAG_SECONDARY)
    assert set(protected.suppressed_keys) == {
        cell_key(P, sex="F", age_group="child"),  # A: 3
        cell_key(P, sex="F", age_group="adult"),  # C: 20
        cell_key(P, sex="M", age_group="child"),  # C: 8
        cell_key(P, sex="M", age_group="adult"),  # C: 30
    }


def test_it_hides_a_small_total_and_then_its_partner():
    #        child adult | total
    # F         10    40 |  50      (10 + 40)
    # M          0     3 |   3      (0 + 3): a small row total
    # U          6     9 |  15      (6 + 9)
    # total     16    52 |  68      (10 + 0 + 6, 40 + 3 + 9, 50 + 3 + 15)
    v1 = two_way("V1", {"F": [10, 40], "M": [0, 3], "U": [6, 9]}, ["child", "adult"])
    result = protect([v1])
    # Relations: 0 row F, 1 row M, 2 row U, 3 row total, 4 col child, 5 col adult,
    # 6 col total (the row totals with the grand total).
    # Primary: M×adult = 3 and M total = 3. Row M [0, 3*, 3*] has two: safe as it is.
    # - col adult [40, 3*, 9, 52]: min(40, 9, 52) = 9 -> U×adult
    # - row U [6, 9*, 15]: min(6, 15) = 6 -> U×child
    # - col child [10, 0, 6*, 16]: min(10, 16) = 10 (0 skipped) -> F×child
    # - row F [10*, 40, 50]: min(40, 50) = 40 -> F×adult
    # - col total [50, 3*, 15, 68]: the small total's partner, min(50, 15, 68) = 15 -> U total
    assert flag_rows(result["V1"]) == {
        "F": ["C", "C", ""],
        "M": ["", "A", "A"],
        "U": ["C", "C", "C"],
        TOTAL: ["", "", ""],
    }
    assert value_rows(result["V1"]) == {
        "F": [None, None, 50],
        "M": [0, None, None],
        "U": [None, None, None],
        TOTAL: [16, 52, 68],
    }
    assert_safe(result)


def test_it_protects_a_table_of_mentions_without_deriving_a_total():
    # Victims by every form of exploitation they suffered (one person, several forms):
    # sexual 12 + labour 3 + begging 0 + criminality 7 = 22 mentions, but 18 persons.
    forms = {"sexual": 12, "labour": 3, "begging": 0, "criminality": 7}
    v3 = one_way("V3", forms, row_dim="exploitation_any", additive=False, total=18)
    assert with_totals(v3)["count"].tolist() == [12, 3, 0, 7, 18]  # 18, not 22
    result = protect([v3])
    # rows do not add up to the total, so nothing can be recomputed: only labour = 3 is hidden
    assert result["V3"].flags["count"].tolist() == ["", "A", "", "", ""]
    assert value_rows(result["V3"]) == {
        "sexual": [12],
        "labour": [None],
        "begging": [0],
        "criminality": [7],
        TOTAL: [18],
    }

    # By form x sex, persons per sex given separately (14 women, 10 men, 24 persons).
    #            F  M | total (a row adds up: one person has one sex)
    # sexual    10  2 | 12      (10 + 2)
    # labour     6  9 | 15      (6 + 9)
    # begging    0  0 |  0
    # persons   14 10 | 24      (given; 10 + 6 + 0 = 16 mentions of women, not 14)
    v3x = two_way(
        "V3x",
        {"sexual": [10, 2], "labour": [6, 9], "begging": [0, 0]},
        ["F", "M"],
        row_dim="exploitation_any",
        col_dim="sex",
        additive=False,
        col_totals={"F": 14, "M": 10},
    )
    assert with_totals(v3x).loc[TOTAL].tolist() == [14, 10, 24]
    result = protect([v3x])
    # Primary: sexual×M = 2. Row sexual [10, 2*, 12]: min(10, 12) = 10 -> sexual×F.
    # Columns of a mentions table are not relations (16 != 14), so nothing more is hidden.
    assert flag_rows(result["V3x"]) == {
        "sexual": ["C", "A", ""],
        "labour": ["", "", ""],
        "begging": ["", "", ""],
        TOTAL: ["", "", ""],
    }
    assert_safe(result)


# --------------------------------------------------------------------------------------------
# consistency across tables and editions
# --------------------------------------------------------------------------------------------


def test_it_gives_a_cell_shared_by_two_tables_the_same_treatment():
    #        child adult | total
    # F          0     6 |   6      (0 + 6)
    # M          3    30 |  33      (3 + 30)
    # U         20     0 |  20      (20 + 0)
    # total     23    36 |  59      (0 + 3 + 20, 6 + 30 + 0, 6 + 33 + 20)
    v1 = two_way("V1", {"F": [0, 6], "M": [3, 30], "U": [20, 0]}, ["child", "adult"])
    # Eurostat-like victims by sex, same population: its cells are V1's row totals.
    e1 = one_way("E1", {"F": 6, "M": 33, "U": 20})

    # Alone, the by-sex table has no small count (6, 33, 20, 59 >= 5): nothing is hidden.
    alone = protect([e1])
    assert alone["E1"].flags["count"].tolist() == ["", "", "", ""]
    assert alone.suppressed == frozenset()

    result = protect([v1, e1])
    # Relations: V1 0 row F, 1 row M, 2 row U, 3 row total, 4 col child, 5 col adult,
    # 6 col total [F, M, U, grand]; E1's relation [F, M, U, grand] is the same as 6.
    # Primary: M×child = 3.
    # - row M [3*, 30, 33]: min(30, 33) = 30 -> M×adult
    # - col child [0, 3*, 20, 23]: min(20, 23) = 20 -> U×child
    # - row U [20*, 0, 20]: only the total is non-zero -> U total (20)
    # - col adult [6, 30*, 0, 36]: min(6, 36) = 6 -> F×adult
    # - row F [0, 6*, 6]: only the total is non-zero -> F total (6)
    # - col total = E1 [6*, 33, 20*, 59] has two: done.
    assert flag_rows(result["V1"]) == {
        "F": ["", "C", "C"],
        "M": ["A", "C", ""],
        "U": ["C", "", "C"],
        TOTAL: ["", "", ""],
    }
    # The sharing forces two suppressions in E1 that E1 alone does not need.
    assert flag_rows(result["E1"]) == {"F": ["C"], "M": [""], "U": ["C"], TOTAL: [""]}
    assert value_rows(result["E1"]) == {"F": [None], "M": [33], "U": [None], TOTAL: [59]}

    # same key, same flag and same published value in both tables
    v1_keys = {result["V1"].keys.loc[row, TOTAL]: row for row in ["F", "M", "U", TOTAL]}
    for row in ["F", "M", "U", TOTAL]:
        key = result["E1"].keys.loc[row, "count"]
        assert result["V1"].flags.loc[v1_keys[key], TOTAL] == result["E1"].flags.loc[row, "count"]
        v1_value = result["V1"].values.loc[v1_keys[key], TOTAL]
        e1_value = result["E1"].values.loc[row, "count"]
        assert (pd.isna(v1_value) and pd.isna(e1_value)) or v1_value == e1_value
    assert_safe(result)
    assert result.audited_across_tables
    # F + U = 59 - 33 = 26 is all a reader learns from E1; V1 gives F×adult = F total and
    # U×child = U total, each pair unknown.


def test_it_keeps_hidden_the_cells_hidden_in_an_earlier_edition():
    #        child adult | total
    # F         12    40 |  52      (12 + 40)
    # M          9    30 |  39      (9 + 30)
    # total     21    70 |  91
    v1 = two_way("V1", {"F": [12, 40], "M": [9, 30]}, ["child", "adult"])
    assert protect([v1]).suppressed == frozenset()  # no small count this time

    # The first edition showed F×child = 4 (hidden); corrections made it 12. It stays hidden,
    # otherwise comparing the editions would reveal it.
    earlier = {cell_key(P, sex="F", age_group="child"), cell_key(P, citizenship="XK")}
    result = protect([v1], always_suppress=earlier)
    # - row F [12*, 40, 52]: min(40, 52) = 40 -> F×adult
    # - col child [12*, 9, 21]: min(9, 21) = 9 -> M×child
    # - row M [9*, 30, 39]: min(30, 39) = 30 -> M×adult
    # All flags are C: none of these counts is small.
    assert flag_rows(result["V1"]) == {
        "F": ["C", "C", ""],
        "M": ["C", "C", ""],
        TOTAL: ["", "", ""],
    }
    assert_safe(result)
    # The stored set carries everything forward, including keys not shown in this edition.
    assert result.suppressed == {
        cell_key(P, sex="F", age_group="child"),
        cell_key(P, sex="F", age_group="adult"),
        cell_key(P, sex="M", age_group="child"),
        cell_key(P, sex="M", age_group="adult"),
        cell_key(P, citizenship="XK"),
    }
    # and a key read back from storage works the same way
    stored = [str(key) for key in sorted(result.suppressed)]
    again = protect([v1], always_suppress={CellKey.parse(text) for text in stored})
    assert flag_rows(again["V1"]) == flag_rows(result["V1"])


def test_it_closes_chains_of_relations_that_would_reveal_a_hidden_cell():
    #              F   M   U | total
    # national    20   0   0 |  20
    # eu          30   8   1 |  39     (30 + 8 + 1)
    # non_eu       3  30   2 |  35     (3 + 30 + 2)
    # total       53  38   3 |  94     (20 + 30 + 3, 0 + 8 + 30, 0 + 1 + 2)
    t1 = two_way(
        "T1",
        {"national": [20, 0, 0], "eu": [30, 8, 1], "non_eu": [3, 30, 2]},
        ["F", "M", "U"],
        row_dim="citizenship_group",
        col_dim="sex",
        population="suspects:2025",
    )
    # Relations: 0 row national, 1 row eu, 2 row non_eu, 3 row total, 4 col F, 5 col M,
    # 6 col U, 7 col total. Primary: eu×U 1, non_eu×F 3, non_eu×U 2, total×U 3.
    # - row eu [30, 8, 1*, 39]: min(30, 8, 39) = 8 -> eu×M
    # - row total [53, 38, 3*, 94]: min(53, 38, 94) = 38 -> total×M
    # - col F [20, 30, 3*, 53]: min(20, 30, 53) = 20 -> national×F
    # - row national [20*, 0, 0, 20]: only the total is non-zero -> national total
    # - col total [20*, 39, 35, 94]: min(39, 35, 94) = 35 -> non_eu total
    rows_only = protect([t1], audit=False)
    assert flag_rows(rows_only["T1"]) == {
        "national": ["C", "", "", "C"],
        "eu": ["", "C", "A", ""],
        "non_eu": ["A", "", "A", "C"],
        TOTAL: ["", "C", "A", ""],
    }
    # Every row and column now has 0 or >= 2 hidden cells, so no single relation gives a
    # hidden cell away...
    assert 1 not in hidden_counts_per_relation(rows_only)
    assert recompute_by_single_relations(rows_only) == {}
    # ...but together they do: row total: total×M + total×U = 94 - 53 = 41; col M:
    # total×M = 0 + eu×M + 30, so eu×M + total×U = 11; row eu: eu×M + eu×U = 39 - 30 = 9;
    # subtracting, total×U - eu×U = 2; col U: non_eu×U = total×U - 0 - eu×U = 2.
    published = rows_only["T1"].values
    m_plus_u = published.loc[TOTAL, TOTAL] - published.loc[TOTAL, "F"]  # 41
    eu_m_plus_total_u = m_plus_u - published.loc["national", "M"] - published.loc["non_eu", "M"]
    eu_m_plus_eu_u = published.loc["eu", TOTAL] - published.loc["eu", "F"]  # 9
    revealed = eu_m_plus_total_u - eu_m_plus_eu_u - published.loc["national", "U"]
    assert revealed == 2 == with_totals(t1).loc["non_eu", "U"]
    assert recompute_by_linear_algebra(rows_only) == {
        cell_key("suspects:2025", citizenship_group="non_eu", sex="U")
    }

    # The audit sees it: non_eu×U is in row non_eu [3*, 30, 2*, 35*] and col U
    # [0, 1*, 2*, 3*]; the smallest non-zero published member is non_eu×M = 30 -> hidden.
    result = protect([t1])
    assert flag_rows(result["T1"]) == {
        "national": ["C", "", "", "C"],
        "eu": ["", "C", "A", ""],
        "non_eu": ["A", "C", "A", "C"],
        TOTAL: ["", "C", "A", ""],
    }
    assert_safe(result)


def deterministic_tables():
    rng = np.random.default_rng(7)
    people = pd.DataFrame(
        {
            "citizenship": rng.choice([f"C{i:02d}" for i in range(30)], 300),
            "sex": rng.choice(["F", "M", "U"], 300, p=[0.6, 0.35, 0.05]),
            "age_group": rng.choice(["child", "adult", "unknown"], 300, p=[0.3, 0.6, 0.1]),
        }
    )
    by_sex = people["sex"].value_counts().sort_index().to_frame("count")
    return [
        CountTable(
            code="V1",
            title="",
            population=P,
            row_dim="sex",
            col_dim="age_group",
            counts=pd.crosstab(people["sex"], people["age_group"]),
        ),
        CountTable(
            code="V2",
            title="",
            population=P,
            row_dim="citizenship",
            col_dim="sex",
            counts=pd.crosstab(people["citizenship"], people["sex"]),
        ),
        CountTable(code="E1", title="", population=P, row_dim="sex", counts=by_sex),
    ]


def deterministic_summary(earlier=(("M", "adult"), ("C03", None))):
    """Protect :func:`deterministic_tables` and summarise the result as plain JSON data."""
    keys = {
        cell_key(P, sex=a, age_group=b) if b else cell_key(P, citizenship=a) for a, b in earlier
    }
    result = protect(deterministic_tables(), 5, keys)
    return {
        "flags": {code: t.flags.to_numpy().tolist() for code, t in result.tables.items()},
        "suppressed": sorted(str(key) for key in result.suppressed),
    }


def test_it_is_deterministic():
    first = deterministic_summary()
    assert first == deterministic_summary()
    assert first == deterministic_summary(earlier=(("C03", None), ("M", "adult")))
    flags = [flag for rows in first["flags"].values() for row in rows for flag in row]
    assert "A" in flags and "C" in flags

    # ... and in fresh interpreters with different string-hash seeds (set and dict order)
    probe = (
        "import importlib.util, json, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        f"spec = importlib.util.spec_from_file_location('probe', {str(Path(__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(json.dumps(module.deterministic_summary()))\n"
    )
    for seed in ["1", "2", "12345"]:
        output = subprocess.run(
            [sys.executable, "-c", probe],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert json.loads(output) == first


# --------------------------------------------------------------------------------------------
# input checks, note, size
# --------------------------------------------------------------------------------------------


def test_it_rejects_a_key_with_two_different_counts():
    v1 = two_way("V1", {"F": [3, 20], "M": [8, 30]}, ["child", "adult"])  # F total 23
    wrong = one_way("E1", {"F": 24, "M": 38})  # a different count for the same cell
    with pytest.raises(ValueError, match="same key"):
        protect([v1, wrong])


def test_it_rejects_invalid_counts_and_thresholds():
    with pytest.raises(ValueError):
        one_way("E1", {"F": -1, "M": 3})
    with pytest.raises(ValueError):
        one_way("E1", {"F": 1.5, "M": 3})
    with pytest.raises(ValueError):
        one_way("E1", {"F": None, "M": 3})
    with pytest.raises(ValueError):
        one_way("E1", {TOTAL: 1, "M": 3})
    with pytest.raises(ValueError):  # an additive table's total must be the sum
        one_way("E1", {"F": 1, "M": 3}, total=5)
    with pytest.raises(ValueError):  # a mention cannot exceed the number of persons
        one_way("V3", {"sexual": 9}, row_dim="exploitation_any", additive=False, total=8)
    with pytest.raises(ValueError):
        protect([one_way("E1", {"F": 1})], threshold=0)
    with pytest.raises(ValueError):
        protect([one_way("E1", {"F": 1}), one_way("E1", {"F": 1})])


def test_it_states_the_rule_in_the_note():
    note = protect([v1_one_small_cell()]).note
    assert note == protection_note(5)
    assert "threshold 5" in note
    assert "from 1 to 4" in note
    assert "flag A" in note and "flag C" in note
    assert "every table" in note and "earlier edition" in note
    assert "from 1 to 9" in protect([v1_one_small_cell()], threshold=10).note


def test_it_protects_forty_linked_tables_of_250_by_10_without_a_recoverable_cell():
    rng = np.random.default_rng(3)
    people = pd.DataFrame(
        {"citizenship": rng.choice([f"C{i:03d}" for i in range(250)], 4000)}
        | {f"d{d}": rng.choice([f"k{j}" for j in range(9)], 4000) for d in range(40)}
    )
    tables = [
        CountTable(
            code=f"X{d}",
            title="",
            population=P,
            row_dim="citizenship",
            col_dim=f"d{d}",
            counts=pd.crosstab(people["citizenship"], people[f"d{d}"]),
        )
        for d in range(40)
    ]
    # 4000 persons over 250 x 9 cells per table: most cells are small, so almost everything
    # is hidden and the hidden cells of all tables are linked through the citizenship totals.
    result = protect(tables, threshold=THRESHOLD_PUBLIC)
    assert len(result.tables) == 40 and len(result.suppressed) > 40 * 250
    assert 1 not in hidden_counts_per_relation(result)
