"""The record-level export reproduces the tables: V1, V3 and T1 recomputed with pandas from the
downloaded files alone (no engine code) equal the engine's cells."""

import io

import pandas as pd

from indicators.statistics.engine import compute_statistics
from thb_data.scoping import scopes_disabled

YEAR = 2024
MISSING = ("", "unknown", "not_applicable", "declined_to_answer")


def download(client, url) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200
    return pd.read_csv(
        io.BytesIO(response.content), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def engine_cells(world, code):
    with scopes_disabled():
        stats = compute_statistics(world["rs"], YEAR)
    view = next(v for v in stats.views() if v.code == code)
    return {
        (row, col): view.value(row, col)
        for row in view.row_codes
        for col in view.col_codes
        if view.value(row, col)
    }


def crosstab(frame, rows, cols) -> dict:
    table = pd.crosstab(frame[rows], frame[cols], margins=True, margins_name="_T")
    return {(r, c): int(table.loc[r, c]) for r in table.index for c in table.columns
            if table.loc[r, c]}  # fmt: skip


def victims_of_the_year(records: pd.DataFrame) -> pd.DataFrame:
    """One row per person counted in the year: status from the counted record, each attribute
    the first known value among the person's records of the year (first identification
    first)."""
    counted = records[records["counted_year"] == str(YEAR)]
    same_year = records[
        records["person_key"].isin(counted["person_key"])
        & (
            (records["counted_year"] == str(YEAR))
            | (records["not_counted_reason"] == "same_person")
        )
    ].sort_values(["v_identification_date", "record_number"])
    persons = counted.set_index("person_key")[["counted_status"]]
    for column in ("v_sex", "v_main_exploitation_form"):
        known = same_year[~same_year[column].isin(MISSING)]
        persons[column] = known.groupby("person_key")[column].first()
        persons[column] = persons[column].fillna("unknown")
    return persons.reset_index()


def test_v1_and_v3_are_recomputed_from_the_victims_export(dataset, clients, world):
    records = download(clients["coordinator_rs"], f"/victims/export.csv?year={YEAR}")
    assert not records["person_key"].str.len().gt(7).any()  # pseudonyms, never the hash
    persons = victims_of_the_year(records)
    assert crosstab(persons, "v_sex", "counted_status") == engine_cells(world, "V1")
    assert crosstab(persons, "v_main_exploitation_form", "v_sex") == engine_cells(world, "V3")


def test_t1_is_recomputed_from_the_traffickers_export(dataset, clients, world):
    records = download(clients["coordinator_rs"], "/traffickers/export.csv")
    stages = {
        "suspected": ("suspected_year", "t_complaint_date"),
        "prosecuted": ("prosecuted_year", "t_indictment_date"),
        "convicted_first": ("convicted_first_year", "t_verdict_first_date"),
        "convicted_final": ("convicted_final_year", "t_final_date"),
    }
    rows = []
    for stage, (year_column, date_column) in stages.items():
        reached = records[records[year_column] == str(YEAR)]
        # Each person once, with the sex of their earliest record reaching the stage.
        first = reached.sort_values([date_column, "record_number"]).drop_duplicates("person_key")
        for sex in first["t_sex"]:
            rows.append({"stage": stage, "sex": sex if sex not in MISSING else "unknown"})
    persons = pd.DataFrame(rows)
    expected = crosstab(persons, "stage", "sex")
    # The funnel's rows do not add up: its Total row is not a sum of stages.
    expected = {k: v for k, v in expected.items() if k[0] != "_T"}
    cells = {k: v for k, v in engine_cells(world, "T1").items() if k[0] != "_T"}
    assert expected == cells


def test_the_export_is_filtered_by_year_institution_and_status(dataset, clients, world):
    client = clients["coordinator_rs"]
    records = download(client, f"/victims/export.csv?year={YEAR}&status=complete")
    assert set(records["v_identification_date"].str[:4]) == {str(YEAR)}
    police = world["rs_police"]
    by_police = download(client, f"/victims/export.csv?institution={police.pk}")
    assert set(by_police["institution"]) == {police.name}
    response = client.get("/victims/export.csv?year=last")
    assert response.status_code == 400 and b"reporting year" in response.content
