"""SDMX-CSV 2.0 files of the transmission and of the public release, one per framework, from
the versioned mapping ``indicators/statistics/sdmx_mapping.json``.

The data set is the fixture of ``conftest.py`` (Serbia, 2024). Registered victims of 2024 by
hand: alice (identified, female, adult, Serbian, sexual), cara (presumed, sex, age and
citizenship unknown), dan (identified, male, adult, German, begging); bojan counts in 2023.
Suspected 2024: tk1 (male), tk3 (sex unknown); prosecuted: tk1 (male), tk2 (female); convicted
at first instance: tk1."""

import io
import zipfile

import pandas as pd
import pytest

from indicators.statistics.declarations import TABLES
from indicators.statistics.engine import compute_statistics
from indicators.statistics.models import Edition
from indicators.statistics.releases import public_release, transmission
from indicators.statistics.sdmx import mapping, sdmx_frame
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

URL = "/statistics/RS/2024/"
SDMX_URL = URL + "export.sdmx.zip"
COLUMNS_BEFORE = ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
COLUMNS_AFTER = ["OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]
DIMENSIONS = ["FREQ", "REF_AREA", "TIME_PERIOD", "INDICATOR", "SEX", "AGE", "SEX_AGE"]
DIMENSIONS += ["CITIZEN", "LEG_STAT", "EXPLOIT", "STAGE", "BREAKDOWN", "UNIT"]
STRUCTURES = {
    "eurostat": "ESTAT:CRIM_THB(1.0)",
    "unodc": "UNODC:GLOTIP(1.0)",
    "greta": "COE_GRETA:GRETA_STAT(1.0)",
}


def read(content: bytes) -> dict[str, pd.DataFrame]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert set(archive.namelist()) == {
        "sdmx-notes.txt",
        "sdmx-eurostat.csv",
        "sdmx-unodc.csv",
        "sdmx-greta.csv",
    }
    files = {}
    for name in STRUCTURES:
        text = archive.read(f"sdmx-{name}.csv").decode()
        files[name] = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    files["notes"] = archive.read("sdmx-notes.txt").decode()
    return files


def inner(frame: pd.DataFrame, indicator: str, *dims: str) -> pd.DataFrame:
    """The observations of one table that are not totals along ``dims``."""
    rows = frame[frame["INDICATOR"] == indicator]
    for dim in dims:
        rows = rows[rows[dim] != "_T"]
    return rows


def total(rows: pd.DataFrame) -> int:
    return int(rows["OBS_VALUE"].astype(int).sum())


def obs(frame, indicator, **dims):
    rows = frame[frame["INDICATOR"] == indicator]
    for dim, code in dims.items():
        rows = rows[rows[dim] == code]
    assert len(rows) == 1, (indicator, dims)
    return rows.iloc[0]


def test_every_declared_eurostat_unodc_greta_table_is_mapped_or_excluded():
    spec = mapping()
    assert spec["VERSION"]
    mapped = {code: name for name, fw in spec["frameworks"].items() for code in fw["tables"]}
    declared = [t for t in TABLES if t.framework in STRUCTURES]
    assert len(declared) >= 30
    for table in declared:
        assert table.code in mapped or table.code in spec["excluded"], table.code
        if table.code in mapped:
            assert mapped[table.code] == table.framework, table.code
    assert "S1" in mapped and "S1R" in spec["excluded"]


def test_ref_area_is_eurostat_s_code_and_kosovo_carries_its_footnote():
    cells = [[(7, "A", "F"), (2, "A", "A")]]
    tables = [("G1", ["female"], ["presumed", "identified"], cells)]
    greece = sdmx_frame("greta", "GR", 2024, tables)
    assert greece["REF_AREA"].tolist() == ["EL", "EL"]
    assert greece["LEG_STAT"].tolist() == ["PRES", "IDENT"]
    assert greece["SEX"].tolist() == ["F", "F"]
    assert greece["OBS_VALUE"].tolist() == [7, 2]
    assert greece["CONF_STATUS"].tolist() == ["F", "A"]
    assert greece["FREQ"].tolist() == ["A", "A"]
    assert greece["TIME_PERIOD"].tolist() == ["2024", "2024"]
    assert sdmx_frame("greta", "GB", 2024, tables)["REF_AREA"].iloc[0] == "UK"
    assert sdmx_frame("greta", "XK", 2024, tables)["REF_AREA"].iloc[0] == "XK"
    # A citizenship by country takes Eurostat's code too.
    tables = [("E2b", ["GR", "unknown"], ["identified"], [[(1, "A", "A")], [(4, "A", "A")]])]
    assert sdmx_frame("eurostat", "RS", 2024, tables)["CITIZEN"].tolist() == ["EL", "_U"]
    from indicators.statistics.sdmx import _notes

    assert "UNSCR 1244/1999" in _notes("XK", 2024, "Transmission")
    assert "UNSCR 1244/1999" not in _notes("RS", 2024, "Transmission")


def test_the_transmission_sdmx_has_every_cell_with_its_exact_value_and_flag(
    dataset, clients, world
):
    client = clients["coordinator_rs"]
    key = "victims:RS:2024|sex=female|status=identified"
    response = client.post(SDMX_URL, {"level": "transmission", f"conf:{key}": "F"})
    assert response.status_code == 200
    assert 'sdmx.zip"' in response["Content-Disposition"]
    files = read(response.content)
    for name, structure in STRUCTURES.items():
        frame = files[name]
        assert list(frame.columns) == COLUMNS_BEFORE + DIMENSIONS + COLUMNS_AFTER
        assert set(frame["STRUCTURE"]) == {"dataflow"}
        assert set(frame["STRUCTURE_ID"]) == {structure}
        assert set(frame["ACTION"]) == {"I"}
        assert set(frame["REF_AREA"]) == {"RS"}
        assert set(frame["TIME_PERIOD"]) == {"2024"}
        assert set(frame["FREQ"]) == {"A"}
        assert set(frame["CONF_STATUS"]) <= {"F", "A", "D"}
        assert (frame["OBS_VALUE"] != "").all()  # every count, exact
        # An observation is identified by its dimensions.
        assert not frame.duplicated(DIMENSIONS).any()
    eurostat, unodc, greta = files["eurostat"], files["unodc"], files["greta"]

    # Table totals by hand (see the module's docstring).
    assert total(inner(eurostat, "THB_E1", "SEX", "AGE")) == 3
    assert obs(eurostat, "THB_E1", SEX="F", AGE="Y_GE18")["OBS_VALUE"] == "1"
    assert obs(eurostat, "THB_E1", SEX="_U", AGE="_U")["OBS_VALUE"] == "1"
    assert obs(eurostat, "THB_E1", SEX="_T", AGE="_T")["OBS_VALUE"] == "3"
    assert total(inner(eurostat, "THB_E2B", "CITIZEN", "LEG_STAT")) == 3
    assert obs(eurostat, "THB_E2B", CITIZEN="DE", LEG_STAT="IDENT")["OBS_VALUE"] == "1"
    # Suspected 2 + prosecuted 2 + convicted 1, by sex.
    assert total(inner(eurostat, "THB_E4", "SEX")) == 5
    assert obs(eurostat, "THB_E4", STAGE="SUSP", SEX="_T")["OBS_VALUE"] == "2"
    assert obs(eurostat, "THB_E4", STAGE="CONV", SEX="M")["OBS_VALUE"] == "1"
    assert total(inner(unodc, "THB_U3", "SEX_AGE")) == 3
    assert obs(unodc, "THB_U3", SEX_AGE="F_Y_GE18")["OBS_VALUE"] == "1"
    assert obs(unodc, "THB_U3", SEX_AGE="M_Y_GE18")["OBS_VALUE"] == "1"
    assert total(inner(greta, "THB_G1", "SEX", "LEG_STAT")) == 3
    assert obs(greta, "THB_G1", SEX="_T", LEG_STAT="IDENT")["OBS_VALUE"] == "2"
    assert obs(greta, "THB_G1", SEX="_T", LEG_STAT="PRES")["OBS_VALUE"] == "1"
    # The coordinator's change of flag is in the file; a small count is otherwise A.
    assert obs(greta, "THB_G1", SEX="F", LEG_STAT="IDENT")["CONF_STATUS"] == "F"
    assert obs(greta, "THB_G1", SEX="M", LEG_STAT="IDENT")["CONF_STATUS"] == "A"

    # Every transmission cell of a mapped table is there, with its value and its flag.
    with scopes_disabled():
        release = transmission(compute_statistics(world["rs"], 2024), {key: "F"})
    spec = mapping()
    checked = 0
    for table in release.tables:
        name = next((n for n, fw in spec["frameworks"].items() if table.code in fw["tables"]), None)
        if name is None:
            assert table.code[0] not in "EUG", table.code
            continue
        rows = files[name][files[name]["INDICATOR"] == f"THB_{table.code.upper()}"]
        assert len(rows) == len(table.row_codes) * len(table.col_codes), table.code
        expected = sorted((str(c.value), c.flag) for row in table.cells for c in row)
        assert sorted(zip(rows["OBS_VALUE"], rows["CONF_STATUS"], strict=True)) == expected
        checked += len(rows)
    assert checked > 400

    with scopes_disabled():
        entry = AuditEntry.objects.get(action="export", object_id="RS-2024")
        assert not Edition.objects.exists()  # exact counts are never kept as an edition
    assert entry.detail["release"] == "transmission"
    assert entry.detail["format"] == "sdmx"
    assert entry.detail["flags_changed"] == {key: "F"}
    assert "mapping version" in files["notes"] and "S1R" in files["notes"]


def test_a_hidden_cell_of_the_public_release_is_never_in_the_public_sdmx(
    dataset, clients, world, settings
):
    settings.THB_SUPPRESSION_THRESHOLD_PUBLIC = 2  # so that some counts are published
    response = clients["coordinator_rs"].post(SDMX_URL, {"level": "public"})
    assert response.status_code == 200
    files = read(response.content)
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2024)
        views = {v.code: v for v in stats.views(public_release(stats).protection)}
        raw = {v.code: v for v in stats.views()}
        edition = Edition.objects.get()
    assert edition.file_format == "sdmx"
    spec = mapping()
    hidden = published = 0
    for name in STRUCTURES:
        frame = files[name]
        assert list(frame.columns) == COLUMNS_BEFORE + DIMENSIONS + COLUMNS_AFTER
        secret = frame[frame["CONF_STATUS"] == "C"]
        assert (secret["OBS_VALUE"] == "").all()
        assert set(secret["OBS_STATUS"]) == {"M"}
        shown = frame[frame["CONF_STATUS"] != "C"]
        assert set(shown["CONF_STATUS"]) <= {"F"}
        assert (shown["OBS_VALUE"] != "").all()
        for code in spec["frameworks"][name]["tables"]:
            view = views[code]
            rows = frame[frame["INDICATOR"] == f"THB_{code.upper()}"]
            assert len(rows) == len(view.row_codes) * len(view.col_codes), code
            n_hidden = sum(c.hidden for row in view.cells for c in row)
            assert (rows["CONF_STATUS"] == "C").sum() == n_hidden, code
            values = sorted(int(v) for v in rows["OBS_VALUE"] if v != "")
            truth = raw[code]
            assert values == sorted(
                truth.cells[i][j].value
                for i, row in enumerate(view.cells)
                for j, cell in enumerate(row)
                if not cell.hidden
            ), code
            hidden += n_hidden
            published += len(values)
    assert hidden and published
    # By hand: G1's presumed total (cara, 1) is a small count: hidden, its value nowhere.
    g1 = obs(files["greta"], "THB_G1", SEX="_T", LEG_STAT="PRES")
    assert (g1["OBS_VALUE"], g1["CONF_STATUS"]) == ("", "C")
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="export")
    assert (entry.detail["release"], entry.detail["format"]) == ("public", "sdmx")


@pytest.mark.parametrize("level", ["transmission", "public"])
@pytest.mark.parametrize("persona", ["caseworker_rs_police", "analyst"])
def test_only_coordinators_and_administrators_download_sdmx(dataset, clients, persona, level):
    assert clients[persona].post(SDMX_URL, {"level": level}).status_code == 403


@pytest.mark.parametrize("level", ["transmission", "public"])
def test_another_territory_s_sdmx_is_not_found(dataset, clients, level):
    assert clients["coordinator_al"].post(SDMX_URL, {"level": level}).status_code == 404


def test_the_sdmx_download_answers_post_only_and_is_offered_on_both_pages(dataset, clients):
    client = clients["coordinator_rs"]
    assert client.get(SDMX_URL, {"level": "transmission"}).status_code == 405
    assert SDMX_URL in client.get(URL, {"level": "transmission"}).content.decode()
    assert SDMX_URL in client.get(URL).content.decode()
