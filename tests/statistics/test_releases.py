"""The three releases: the transmission (exact counts with CONF_STATUS flags), the public
release (protected and audited) and the regional comparison; consistency over time; charts."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from indicators.statistics.audit import Auditor
from indicators.statistics.disclosure import grouping_relations, release_cells
from indicators.statistics.engine import compute_statistics
from indicators.statistics.models import Edition
from indicators.statistics.releases import (
    earlier_releases,
    groupings_for,
    public_release,
)
from indicators.statistics.signoff import sign_off_year
from indicators.statistics.views import chart_data
from tests.statistics.conftest import add_victim
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

URL = "/statistics/RS/2024/"


def unprotected(world, year=2024):
    with scopes_disabled():
        stats = compute_statistics(world["rs"], year)
    # The count tables (the rates of S1R are derived from S1 and not transmitted).
    return stats, {view.code: view for view in stats.views() if view.kind == "counts"}


# --- transmission ----------------------------------------------------------------------------


def test_the_transmission_download_has_the_exact_counts_of_every_cell_with_flags(
    dataset, clients, world
):
    client = clients["coordinator_rs"]
    page = client.get(URL, {"level": "transmission"})
    assert page.status_code == 200
    assert "Exact counts" in page.content.decode()
    _stats, raw = unprotected(world)
    tables = {table.code: table for table in page.context["release"].tables}
    assert set(tables) == set(raw)
    # The coordinator frees one proposed flag (alice's cell: female, identified, count 1).
    key = "victims:RS:2024|sex=female|status=identified"
    v1 = tables["V1"]
    cell = v1.cells[v1.row_codes.index("female")][v1.col_codes.index("identified")]
    assert (cell.value, cell.proposed, cell.key) == (1, "A", key)
    response = client.post(
        URL + "export.zip",
        {"level": "transmission", f"conf:{key}": "F", f"proposed:{key}": "A"},
    )
    assert response.status_code == 200
    assert "transmission" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    checked = 0
    flags = set()
    for code, view in raw.items():
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{code}.csv").decode())))
        by_cell = {(r["row"], r["column"]): r for r in rows}
        assert len(by_cell) == len(view.row_codes) * len(view.col_codes)
        for i, row in enumerate(view.row_codes):
            for j, col in enumerate(view.col_codes):
                line = by_cell[(row, col)]
                assert int(line["OBS_VALUE"]) == view.cells[i][j].value, (code, row, col)
                assert line["CONF_STATUS"] in ("F", "A", "D")
                flags.add(line["CONF_STATUS"])
                checked += 1
                value = view.cells[i][j].value
                if 1 <= value < 5 and not (code == "V1" and (row, col) == ("female", "identified")):
                    # Small counts are proposed A, wherever they appear (the key of the
                    # coordinator's change also shows in other tables: F there too).
                    assert line["CONF_STATUS"] in ("A", "F"), (code, row, col)
    assert checked > 500 and {"F", "A"} <= flags  # nothing of 5 or more needs a D here
    v1_rows = list(csv.DictReader(io.StringIO(archive.read("V1.csv").decode())))
    changed = next(r for r in v1_rows if (r["row"], r["column"]) == ("female", "identified"))
    assert (changed["OBS_VALUE"], changed["CONF_STATUS"]) == ("1", "F")
    assert "CONF_STATUS" in archive.read("notes.txt").decode()
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="export", object_id="RS-2024")
        assert not Edition.objects.exists()  # exact counts are never kept as an edition
    assert entry.detail["release"] == "transmission"
    assert entry.detail["flags_changed"] == {key: "F"}


def test_the_transmission_workbook_has_values_and_flags(dataset, clients, world):
    response = clients["coordinator_rs"].post(URL + "export.xlsx", {"level": "transmission"})
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["V1"].iter_rows(values_only=True))
    _stats, raw = unprotected(world)
    view = raw["V1"]
    values = rows[4 : 4 + len(view.row_codes)]
    for i, cells in enumerate(view.cells):
        assert list(values[i][1 : 1 + len(cells)]) == [cell.value for cell in cells]
    start = 4 + len(view.row_codes) + 1
    assert rows[start][0] == "CONF_STATUS"
    female = view.row_codes.index("female")
    identified = view.col_codes.index("identified")
    assert rows[start + 2 + female][1 + identified] == "A"


@pytest.mark.parametrize("persona", ["analyst", "caseworker_rs_police", "prosecutor_rs"])
def test_only_coordinators_and_administrators_reach_the_transmission(dataset, clients, persona):
    client = clients[persona]
    assert client.get(URL, {"level": "transmission"}).status_code == 403
    response = client.post(URL + "export.zip", {"level": "transmission"})
    assert response.status_code == 403


def test_another_territory_s_transmission_is_not_found(dataset, clients):
    client = clients["coordinator_al"]
    assert client.get(URL, {"level": "transmission"}).status_code == 404
    assert client.post(URL + "export.zip", {"level": "transmission"}).status_code == 404


# --- public release --------------------------------------------------------------------------


def primary_ranges(stats, safe, threshold, known=None):
    """The attacker's LP over every table, the catalogue's crosswalks and earlier releases:
    the feasible range of each small count."""
    values, relations = release_cells([stat.table for stat in stats.tables])
    relations += grouping_relations(values, groupings_for(stats.territory.code))
    primary = {key for key, value in values.items() if 1 <= value < threshold}
    auditor = Auditor(values, relations, width=threshold, known=known)
    ranges = auditor.ranges(safe.hidden)
    return {key: ranges[key] for key in primary}


def test_the_public_release_of_the_fixture_passes_the_attacker_s_programme(
    dataset, world, settings
):
    settings.THB_SUPPRESSION_THRESHOLD_PUBLIC = 2  # so that some counts are published
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2024)
        safe = public_release(stats)
    ranges = primary_ranges(stats, safe, 2)
    assert ranges  # the fixture has counts of 1
    for key, (lower, upper) in ranges.items():
        assert upper - lower >= 2, key
    # Every published cell is the true count; registered victims 2024 by hand: alice
    # (identified, female), cara (presumed, unknown sex), dan (identified, male); bojan counts
    # in 2023. The presumed total (1) is small, so one of identified (2) and total (3) hides.
    raw = {view.code: view for view in stats.views()}
    for view in stats.views(safe.protection):
        for i, row in enumerate(view.cells):
            for j, cell in enumerate(row):
                if not cell.hidden:
                    assert cell.value == raw[view.code].cells[i][j].value
    v1 = raw["V1"]
    assert [v1.value("_T", c) for c in ("presumed", "identified", "_T")] == [1, 2, 3]
    assert safe.protection["V1"].flags.loc["_T"].tolist().count("C") >= 2


def test_consistent_over_time_a_final_year_keeps_its_published_cells(
    dataset, clients, world, personas, settings
):
    """2024 is signed off and released; then records of other years change (2022, inside the
    five-year trend, and 2025); the second release of 2024 publishes the same cells with the
    same values and hides the same cells, 2022's trend row apart."""
    settings.THB_SUPPRESSION_THRESHOLD_PUBLIC = 2
    with scopes_disabled():
        sign_off_year(territory=world["rs"], year=2024, user=personas["coordinator_rs"])
    client = clients["coordinator_rs"]
    assert client.post(URL + "export.zip", {"level": "public"}).status_code == 200
    for n in range(3):
        for year in (2022, 2025):
            add_victim(world, personas["caseworker_rs_ngo"], world["rs_ngo"], f"late{year}{n}",
                       v_identification_date=f"{year}-03-01", v_victim_status="presumed",
                       v_sex="male", v_citizenship="MD")  # fmt: skip
    assert client.post(URL + "export.zip", {"level": "public"}).status_code == 200
    with scopes_disabled():
        first, second = Edition.objects.filter(year=2024).order_by("number")
    assert first.final and second.final

    def cells(edition):
        out = {}
        for table in edition.tables:
            if table.get("kind") == "rates":  # derived from S1: no cells of its own
                continue
            for keys, values, flags in zip(
                table["keys"], table["values"], table["flags"], strict=True
            ):
                for key, value, flag in zip(keys, values, flags, strict=True):
                    out[key] = (value, flag)
        return out

    before, after = cells(first), cells(second)
    assert before.keys() == after.keys()
    moved = {key for key in before if before[key] != after[key]}
    assert all(key.startswith("victims:RS:2022") or "2020-2024" in key for key in moved), moved
    # The year's own cells did not move, and some of them are published.
    own = [key for key in before if key.startswith("victims:RS:2024")]
    assert own and all(before[key] == after[key] for key in own)
    assert any(before[key][1] == "" and before[key][0] for key in own)
    assert set(first.suppressed) <= set(second.suppressed)
    # The later edition knows what the earlier one published.
    with scopes_disabled():
        earlier = earlier_releases(world["rs"], 2024, 2)
    assert earlier.published


def test_a_chart_draws_a_hidden_cell_as_hidden(dataset, world):
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2024)
        safe = public_release(stats)
    charts = {chart["id"]: chart for chart in chart_data(stats.views(safe.protection))}
    sex = charts["sex"]
    assert sex["hidden_label"] == "hidden (small number)"
    for dataset_ in sex["datasets"]:
        for value, hidden in zip(dataset_["data"], dataset_["hidden"], strict=True):
            assert (value is None) == hidden
    # alice (female, identified) is a hidden small count: flagged hidden, not zero.
    identified = next(d for d in sex["datasets"] if d["label"] == "Identified")
    female = sex["labels"].index("Female")
    assert identified["hidden"][female] is True and identified["data"][female] is None


def test_a_release_that_fails_the_audit_is_never_published(dataset, clients, monkeypatch):
    from indicators.statistics import views
    from indicators.statistics.disclosure import ProtectionFailed

    def refuse(stats, **kwargs):
        raise ProtectionFailed("no further complementary cell protects it")

    monkeypatch.setattr(views, "public_release", refuse)
    client = clients["coordinator_rs"]
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["groups"] == []
    assert "cannot be protected" in page.content.decode()
    response = client.post(URL + "export.xlsx", {"level": "public"}, follow=True)
    assert "nothing was published" in response.content.decode()
    with scopes_disabled():
        assert not Edition.objects.exists()
