"""Questionnaire layouts: versioned mappings (sheet and cell <- table, row, column, reference
year) that fill a workbook laid out like a recipient's questionnaire from the transmission
release of the signed-off years.

The mapping format and its validator first; then the filled workbook read back (round trip);
then the download on the statistics page."""

import html
import io
import json

import pytest

from indicators.statistics.engine import compute_statistics
from indicators.statistics.questionnaire import (
    MappingError,
    questionnaires,
    table_layouts,
    validate,
)
from indicators.statistics.releases import transmission
from thb_data.scoping import scopes_disabled


def mapping(**changes):
    """A small valid mapping: one sheet, two lines over four years, one single cell."""
    data = {
        "id": "test_questionnaire",
        "version": "1",
        "title": "A test questionnaire",
        "recipient": "Nobody",
        "sheets": [
            {
                "name": "Victims",
                "labels": {"A1": "Victims detected"},
                "years": {"row": 3, "columns": ["C", "D", "E", "F"]},
                "flags": {"columns": ["H", "I", "J", "K"]},
                "lines": [
                    {
                        "row": 4,
                        "label": "Women",
                        "table": "U3",
                        "row_key": "women",
                        "column_key": "count",
                    },
                    {
                        "row": 5,
                        "label": ["Female", "Presumed"],
                        "table": "G1",
                        "row_key": "female",
                        "column_key": "presumed",
                    },
                ],
                "cells": [
                    {
                        "cell": "C10",
                        "flag_cell": "D10",
                        "table": "U1",
                        "row_key": "convicted_first",
                        "column_key": "_T",
                        "year": -1,
                    }
                ],
            }
        ],
    }
    data.update(changes)
    return data


def problems(data) -> str:
    with pytest.raises(MappingError) as caught:
        validate(data, "broken.json")
    return " ".join(caught.value.problems)


def test_the_shipped_mappings_are_valid_and_fill_four_years_side_by_side():
    found, refused = questionnaires()
    assert refused == {}
    assert set(found) >= {"unodc_glotip", "greta_annex"}
    glotip, greta = found["unodc_glotip"], found["greta_annex"]
    for questionnaire in (glotip, greta):
        assert questionnaire.version and questionnaire.source and questionnaire.not_mapped
        assert questionnaire.years == 4
        assert {t.offset for t in questionnaire.targets} == {-3, -2, -1, 0}
    # The GLOTIP blocks: offences, formal contact / prosecuted / convicted by sex, convicted
    # nationals and foreigners, victims as women, men, girls, boys, by form, by citizenship.
    cells = {(t.table, t.row, t.col) for t in glotip.targets}
    assert ("U0", "_T", "count") in cells
    for stage in ("suspected", "prosecuted", "convicted_first"):
        assert {("U1", stage, sex) for sex in ("female", "male", "_T")} <= cells
    assert {("U3", r, "count") for r in ("women", "men", "girls", "boys", "_T")} <= cells
    assert {("U4", r, "count") for r in ("sexual", "forced_labour", "mixed", "_T")} <= cells
    assert {("U2", "foreign", "count"), ("U5", "national", "count")} <= cells
    greta_tables = {t.table for t in greta.targets}
    assert {"G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G8b", "G9a", "G13"} <= greta_tables
    # What the tables cannot give is listed, not invented.
    assert any("assets" in item["item"] for item in glotip.not_mapped)
    assert any("Amounts of compensation" in item["item"] for item in greta.not_mapped)


def test_a_valid_mapping_gives_one_target_per_year_column_and_cell():
    questionnaire = validate(mapping())
    assert questionnaire.years == 4
    women = [t for t in questionnaire.targets if t.row == "women"]
    assert [(t.cell, t.flag_cell, t.offset) for t in women] == [
        ("C4", "H4", -3),
        ("D4", "I4", -2),
        ("E4", "J4", -1),
        ("F4", "K4", 0),
    ]
    single = [t for t in questionnaire.targets if t.table == "U1"]
    assert [(t.cell, t.flag_cell, t.offset) for t in single] == [("C10", "D10", -1)]


def test_a_mapping_naming_an_unknown_table_row_or_column_is_refused_with_where_and_why():
    data = mapping()
    line = data["sheets"][0]["lines"][0]
    line["table"] = "U99"
    assert "Sheet 'Victims' line 1: unknown table 'U99'." in problems(data)

    data = mapping()
    data["sheets"][0]["lines"][1]["row_key"] = "woman"
    text = problems(data)
    assert "Sheet 'Victims' line 2: table G1 has no row 'woman'" in text
    assert "its rows: _T, female, male, unknown" in text

    data = mapping()
    data["sheets"][0]["cells"][0]["column_key"] = "count"
    text = problems(data)
    assert "Sheet 'Victims' cell 1: table U1 has no column 'count'" in text
    assert "_T, female, male, unknown" in text


def test_other_mistakes_are_refused_each_with_its_reason():
    data = mapping()
    data["sheets"][0]["cells"][0]["cell"] = "D4"  # already a year cell of line 1
    assert "cell D4 is already used by Sheet 'Victims' line 1" in problems(data)
    data = mapping()
    data["sheets"][0]["lines"][1]["label"] = ["Female", "Presumed", "Too long"]
    assert "cell C5 is already used" in problems(data)
    data = mapping()
    data["sheets"][0]["cells"][0]["year"] = 1
    assert "'year' must be 0 (the year downloaded for) or a negative offset" in problems(data)
    data = mapping()
    data["sheets"][0]["flags"]["columns"] = ["G"]
    assert "'flags' needs one column per year column" in problems(data)
    data = mapping(id="Bad id!")
    assert "'id' 'Bad id!' must be lower-case letters" in problems(data)
    data = mapping()
    del data["version"]
    assert "'version' is missing." in problems(data)
    data = mapping()
    data["sheets"][0]["name"] = "About this file"
    assert "the name is already used" in problems(data)


def test_a_mapping_of_the_wrong_shape_is_refused_not_a_broken_page():
    data = mapping(notes="one note", not_mapped=[{"item": "x"}])
    data["sheets"][0]["labels"] = ["A1", "Victims"]
    data["sheets"][0]["years"]["columns"] = "CDEF"
    text = problems(data)
    assert "'labels' must be" in text
    assert "'years' needs a 'row' and 1 to 10 'columns'" in text
    assert "'notes' must be a list of texts." in text
    assert "'not_mapped' must be a list of" in text
    data = mapping()
    data["sheets"][0]["lines"][0]["label"] = {"en": "Women"}
    assert "'label' must be a text or a list of texts." in problems(data)
    data = mapping()
    data["sheets"][0]["cells"] = {"cell": "C10"}
    assert "'lines' and 'cells' must be lists." in problems(data)


def test_a_coordinator_s_new_mapping_is_a_file_in_a_folder_and_a_broken_one_is_listed(
    settings, tmp_path
):
    (tmp_path / "mine_v1.json").write_text(json.dumps(mapping()), encoding="utf-8")
    broken = mapping(id="broken")
    broken["sheets"][0]["lines"][0]["table"] = "X1"
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "not_json.json").write_text("{", encoding="utf-8")
    settings.THB_QUESTIONNAIRE_DIRS = [str(tmp_path)]
    found, refused = questionnaires()
    assert "test_questionnaire" in found and "unodc_glotip" in found
    assert "broken" not in found
    assert "unknown table 'X1'" in refused["broken.json"]
    assert "not readable JSON" in refused["not_json.json"]
    # A higher version of the same questionnaire replaces the lower one.
    (tmp_path / "mine_v2.json").write_text(json.dumps(mapping(version="2")), encoding="utf-8")
    assert questionnaires()[0]["test_questionnaire"].version == "2"


def test_the_codes_a_mapping_may_name_are_those_the_tables_have(dataset, world):
    """Every row and column of every Eurostat, UNODC and GRETA table of the transmission is
    known to the validator, and the validator knows no row or column those tables lack
    (countries and national lists, whose codes come from the data, aside)."""
    layouts = table_layouts()
    with scopes_disabled():
        release = transmission(compute_statistics(world["rs"], 2024))
    checked = 0
    for table in release.tables:
        if table.code[0] not in "EUGS":
            continue
        layout = layouts[table.code]
        assert all(layout.has_row(r) for r in table.row_codes), table.code
        assert all(layout.has_col(c) for c in table.col_codes), table.code
        if not layout.rows_open:
            assert layout.rows == set(table.row_codes), table.code
        assert layout.cols == set(table.col_codes) or layout.cols_open, table.code
        checked += 1
    assert checked >= 35


# --- filled and read back ------------------------------------------------------------------


def sign_off(world, personas, *years):
    from indicators.statistics.signoff import sign_off_year

    with scopes_disabled():
        for year in years:
            sign_off_year(territory=world["rs"], year=year, user=personas["coordinator_rs"])


def stored_cells(world, year):
    """The transmission cells kept with a year's final edition, read from the stored JSON."""
    from indicators.statistics.models import FinalEdition

    with scopes_disabled():
        edition = FinalEdition.objects.get(territory=world["rs"], year=year, reopened_at=None)
    cells = {}
    for table in edition.releases["transmission"]["tables"]:
        for i, row in enumerate(table["row_codes"]):
            for j, col in enumerate(table["col_codes"]):
                cells[(table["code"], row, col)] = (
                    table["values"][i][j],
                    table["proposed"][i][j],
                )
    return cells


@pytest.fixture
def signed(dataset, world, personas):
    """2022, 2023 and 2024 signed off; 2021 is not (it has no figures of record)."""
    sign_off(world, personas, 2022, 2023, 2024)


# GLOTIP by hand (conftest): 2024 alice (woman, Serbian, sexual + labour: mixed), dan (man,
# German, begging), cara (sex, age, citizenship and form unknown); 2023 bojan (boy, Albanian,
# forced labour); 2022 gus (female, age unknown, Serbian, sexual). Traffickers: 2024 suspected
# tk1 (male) and tk3 (sex unknown), prosecuted tk1 and tk2 (female), convicted at first
# instance tk1 (Serbian); 2023 suspected tk2. Offences (cases with a complaint in the year):
# 2024 case K-1/24 and two records without a case (tk1's second, tk3); 2023 tk2's record.
GLOTIP_BY_HAND = {
    # (table, row, column): [2021, 2022, 2023, 2024]; None: 2021 is not signed off.
    ("U0", "_T", "count"): [None, 0, 1, 3],
    ("U1", "suspected", "female"): [None, 0, 1, 0],
    ("U1", "suspected", "male"): [None, 0, 0, 1],
    ("U1", "suspected", "unknown"): [None, 0, 0, 1],
    ("U1", "suspected", "_T"): [None, 0, 1, 2],
    ("U1", "prosecuted", "female"): [None, 0, 0, 1],
    ("U1", "prosecuted", "_T"): [None, 0, 0, 2],
    ("U1", "convicted_first", "male"): [None, 0, 0, 1],
    ("U1", "convicted_first", "_T"): [None, 0, 0, 1],
    ("U2", "national", "count"): [None, 0, 0, 1],
    ("U2", "foreign", "count"): [None, 0, 0, 0],
    ("U3", "women", "count"): [None, 0, 0, 1],
    ("U3", "men", "count"): [None, 0, 0, 1],
    ("U3", "boys", "count"): [None, 0, 1, 0],
    ("U3", "unknown", "count"): [None, 1, 0, 1],
    ("U3", "_T", "count"): [None, 1, 1, 3],
    ("U4", "sexual", "count"): [None, 1, 0, 0],
    ("U4", "forced_labour", "count"): [None, 0, 1, 0],
    ("U4", "mixed", "count"): [None, 0, 0, 1],
    ("U4", "begging", "count"): [None, 0, 0, 1],
    ("U4", "unknown", "count"): [None, 0, 0, 1],
    ("U5", "national", "count"): [None, 1, 0, 1],
    ("U5", "foreign", "count"): [None, 0, 1, 1],
    ("U5", "unknown", "count"): [None, 0, 0, 1],
    ("U5", "_T", "count"): [None, 1, 1, 3],
}


def test_the_glotip_questionnaire_round_trips_filled_read_back_same_numbers(signed, world):
    from openpyxl import load_workbook

    from indicators.statistics.questionnaire import NOT_AVAILABLE, fill, read_questionnaire

    glotip = questionnaires()[0]["unodc_glotip"]
    content, _figures = fill(glotip, world["rs"], 2024)
    back = read_questionnaire(glotip, content, 2024)
    for (table, row, col), by_year in GLOTIP_BY_HAND.items():
        for year, expected in zip((2021, 2022, 2023, 2024), by_year, strict=True):
            value, flag = back[(table, row, col, year)]
            assert value == expected, (table, row, col, year)
            if expected is None:
                assert flag == NOT_AVAILABLE
    # A count of 1 is a small count: primary confidential (A) in the transmission.
    assert back[("U3", "women", "count", 2024)][1] == "A"
    # Every count of the signed-off years is the figure of record, with its flag.
    for year in (2022, 2023, 2024):
        stored = stored_cells(world, year)
        for (table, row, col, y), got in back.items():
            if y == year:
                assert got == stored[(table, row, col)], (table, row, col, year)
    # The workbook itself, as the recipient opens it: years side by side, oldest first.
    workbook = load_workbook(io.BytesIO(content))
    victims = workbook["6 Victims"]
    assert [victims[f"{c}5"].value for c in "CDEF"] == [2021, 2022, 2023, 2024]
    women = next(r for r in range(1, 60) if victims[f"A{r}"].value == "Women (18 and over)")
    assert [victims[f"{c}{women}"].value for c in "CDEF"] == [None, 0, 0, 1]
    assert victims[f"H{women}"].value == NOT_AVAILABLE and victims[f"K{women}"].value == "A"
    about = "\n".join(str(row[0].value) for row in workbook["About this file"].iter_rows())
    assert "2021: not available, not signed off" in about
    assert "2024: final edition 1, signed off" in about
    assert "mapping unodc_glotip version 2026.1" in about
    assert "Block 5, value of assets confiscated" in about


def test_the_greta_annex_round_trips_against_the_figures_of_record(signed, world):
    from indicators.statistics.questionnaire import fill, read_questionnaire

    greta = questionnaires()[0]["greta_annex"]
    content, _figures = fill(greta, world["rs"], 2024)
    back = read_questionnaire(greta, content, 2024)
    # By hand, 2024: alice and dan identified, cara presumed; G8 final convictions: tk1.
    assert back[("G1", "female", "identified", 2024)][0] == 1
    assert back[("G1", "unknown", "presumed", 2024)][0] == 1
    assert back[("G1", "_T", "_T", 2024)][0] == 3
    assert back[("G1", "_T", "presumed", 2023)][0] == 1  # bojan
    assert back[("G5", "internal", "identified", 2024)][0] == 1  # alice
    assert back[("G8", "convicted_final", "male", 2024)][0] == 1
    assert back[("G8", "suspected", "female", 2023)][0] == 1  # tk2
    for year in (2022, 2023, 2024):
        stored = stored_cells(world, year)
        for (table, row, col, y), got in back.items():
            if y == year:
                assert got == stored[(table, row, col)], (table, row, col, year)
    assert {got for (_t, _r, _c, y), got in back.items() if y == 2021} == {(None, "not available")}


def test_a_country_nobody_had_in_a_year_is_zero_and_labels_are_formula_safe(signed, world):
    from openpyxl import load_workbook

    from indicators.statistics.questionnaire import fill, read_questionnaire

    data = mapping()
    data["sheets"][0]["labels"]["A2"] = '=HYPERLINK("http://x","y")'
    data["sheets"][0]["cells"] = [
        {
            "cell": f"{col}20",
            "flag_cell": f"{col}21",
            "table": "U5b",
            "row_key": "DE",
            "column_key": "count",
            "year": offset,
        }
        for col, offset in (("C", -1), ("D", 0))
    ]
    questionnaire = validate(data)
    content, _figures = fill(questionnaire, world["rs"], 2024)
    back = read_questionnaire(questionnaire, content, 2024)
    # dan (German) in 2024; no German victim in 2023: zero, free.
    assert back[("U5b", "DE", "count", 2024)][0] == 1
    assert back[("U5b", "DE", "count", 2023)] == (0, "F")
    sheet = load_workbook(io.BytesIO(content))["Victims"]
    assert sheet["A2"].data_type != "f" and sheet["A2"].value.startswith("'=")


# --- the download on the statistics page ---------------------------------------------------

PAGE = "/statistics/RS/2024/"
GLOTIP_URL = PAGE + "questionnaire/unodc_glotip.xlsx"


def test_the_questionnaires_are_offered_on_the_statistics_page_with_the_missing_years(
    signed, clients
):
    client = clients["coordinator_rs"]
    page = client.get(PAGE, {"level": "transmission"}).content.decode()
    # Each its own small form (the transmission form sends one field per cell).
    assert f'action="{GLOTIP_URL}"' in page
    assert f'action="{PAGE}questionnaire/greta_annex.xlsx"' in page
    assert 'data-testid="questionnaire-missing"' in page and "2021." in page
    assert "?level=transmission#questionnaires" in client.get(PAGE).content.decode()


def test_a_broken_mapping_file_is_listed_on_the_page_with_its_reasons(
    signed, clients, settings, tmp_path
):
    broken = mapping(id="mine")
    broken["sheets"][0]["lines"][0]["row_key"] = "ladies"
    (tmp_path / "mine.json").write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "odd.json").write_text(json.dumps({"id": "odd", "version": "1", "title": "t",
                                                   "recipient": "r", "sheets": [{"name": "S",
                                                   "lines": [{"row": 1}], "years": []}]}),
                                       encoding="utf-8")  # fmt: skip
    settings.THB_QUESTIONNAIRE_DIRS = [str(tmp_path)]
    response = clients["coordinator_rs"].get(PAGE, {"level": "transmission"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'data-testid="questionnaires-refused"' in page
    assert "mine.json: Sheet 'Victims' line 1: table U3 has no row 'ladies'" in page
    assert "odd.json:" in page
    assert GLOTIP_URL in page  # the valid mappings are still offered


def test_the_coordinator_downloads_a_questionnaire_audited_with_its_final_editions(
    signed, clients, world
):
    from indicators.statistics.models import Edition, FinalEdition
    from indicators.statistics.questionnaire import read_questionnaire
    from thb_data.audit.models import AuditEntry

    with scopes_disabled():
        edition = FinalEdition.objects.get(territory=world["rs"], year=2024)
    u3 = next(t for t in edition.releases["transmission"]["tables"] if t["code"] == "U3")
    women_key = u3["keys"][u3["row_codes"].index("women")][0]
    client = clients["coordinator_rs"]
    response = client.post(
        GLOTIP_URL,
        {"level": "transmission", f"conf:{women_key}": "F"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="thb-questionnaire-unodc_glotip-RS-2024.xlsx"'
    )
    glotip = questionnaires()[0]["unodc_glotip"]
    back = read_questionnaire(glotip, response.content, 2024)
    assert back[("U3", "women", "count", 2024)] == (1, "F")  # the coordinator's flag
    assert back[("U3", "_T", "count", 2024)][0] == 3
    assert back[("U3", "boys", "count", 2023)][0] == 1
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="export", object_type="statistics.questionnaire")
        assert not Edition.objects.exists()  # exact counts are never kept as a public edition
    assert entry.object_id == "RS-2024-unodc_glotip"
    assert entry.detail["final_editions"] == {"2021": None, "2022": 1, "2023": 1, "2024": 1}
    assert entry.detail["version"] == "2026.1"
    assert entry.detail["flags_changed"] == {women_key: "F"}
    # Made again from the same figures of record: the same cells.
    again = client.post(
        GLOTIP_URL,
        {"level": "transmission", f"conf:{women_key}": "F"},
    )
    assert read_questionnaire(glotip, again.content, 2024) == back


@pytest.mark.parametrize("persona", ["caseworker_rs_police", "analyst", "prosecutor_rs"])
def test_only_coordinators_and_administrators_download_questionnaires(signed, clients, persona):
    assert clients[persona].post(GLOTIP_URL).status_code == 403


def test_another_territory_or_an_unknown_questionnaire_is_not_found(signed, clients):
    assert clients["coordinator_al"].post(GLOTIP_URL).status_code == 404
    client = clients["coordinator_rs"]
    assert client.post(PAGE + "questionnaire/nothing.xlsx").status_code == 404
    assert client.get(GLOTIP_URL).status_code == 405


def test_the_download_costs_the_same_queries_however_many_years_are_signed_off(
    dataset, clients, world, personas
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients["coordinator_rs"]
    sign_off(world, personas, 2024)
    with CaptureQueriesContext(connection) as one:
        assert client.post(GLOTIP_URL).status_code == 200
    sign_off(world, personas, 2022, 2023)
    with CaptureQueriesContext(connection) as three:
        assert client.post(GLOTIP_URL).status_code == 200
    assert len(one) == len(three)
