"""The three releases: the transmission (exact counts with CONF_STATUS flags), the public
release (protected and audited) and the regional comparison; consistency over time; charts."""

import csv
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators.statistics.audit import Auditor
from indicators.statistics.disclosure import grouping_relations, release_cells
from indicators.statistics.engine import compute_statistics
from indicators.statistics.models import Edition, FinalEdition
from indicators.statistics.releases import (
    earlier_releases,
    groupings_for,
    public_release,
)
from indicators.statistics.signoff import sign_off_year
from indicators.statistics.views import chart_data
from tests.htmltools import parse
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
        {"level": "transmission", f"conf:{key}": "F"},
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


def test_the_transmission_form_is_accepted_whole_as_the_page_sends_it(dataset, clients):
    """The page sends a flag for every cell of every table (thousands for a real territory);
    the download takes them all, the proposals coming from the release, never the request."""
    client = clients["coordinator_rs"]
    page = client.get(URL, {"level": "transmission"})
    form = parse(page.content).find("form", id="transmission-form")
    fields = {"level": "transmission"}
    for select in form.find_all("select"):
        selected = [o.get("value") for o in select.find_all("option") if "selected" in o.attrs]
        fields.setdefault(select.get("name"), []).extend(selected)
    sent = sum(len(v) for k, v in fields.items() if k.startswith("conf:"))
    assert sent > 500  # one per cell shown (a cell shown in several tables is sent each time)
    names = [i.get("name") or "" for i in form.find_all("input")]
    assert not [n for n in names if n.startswith("proposed:")]  # proposals stay server-side
    key = "victims:RS:2024|sex=female|status=identified"
    # The coordinator frees this cell in the first table that shows it, as on the page.
    fields[f"conf:{key}"] = ["F"] + fields[f"conf:{key}"][1:]
    # A page three times as large (a territory with many citizenships): still accepted.
    padding = {f"conf:victims:RS:2024|padding={i}": "F" for i in range(3 * sent)}
    response = client.post(URL + "export.zip", {**fields, **padding})
    assert response.status_code == 200, response.status_code
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    v1_rows = list(csv.DictReader(io.StringIO(archive.read("V1.csv").decode())))
    changed = next(r for r in v1_rows if (r["row"], r["column"]) == ("female", "identified"))
    assert (changed["OBS_VALUE"], changed["CONF_STATUS"]) == ("1", "F")
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="export", object_id="RS-2024")
    # Only the real change is recorded (the other flags are the proposals; padding keys
    # name no cell).
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
    same values and hides the same cells."""
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
            if table.get("kind", "counts") != "counts":  # derived (S1R, T6m, G9dA): no cells
                continue
            for keys, values, flags in zip(
                table["keys"], table["values"], table["flags"], strict=True
            ):
                for key, value, flag in zip(keys, values, flags, strict=True):
                    out[key] = (value, flag)
        return out

    before, after = cells(first), cells(second)
    # Every cell is the same, the trend's rows of 2022 included: a signed-off year's release
    # is its figures of record, whatever changes in other years.
    assert before == after
    own = [key for key in before if key.startswith("victims:RS:2024")]
    assert any(before[key][1] == "" and before[key][0] for key in own)  # some published
    assert any(before[key][1] == "C" for key in own)  # and some hidden
    assert first.suppressed == second.suppressed
    # Recomputed from today's records, the 2022 trend row would have moved (3 more presumed).
    _stats, raw = unprotected(world)
    assert raw["V12"].value("2022", "presumed") == 3
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


def _trend_cells(protection, code="V12"):
    table = protection.tables[code]
    cells = {}
    for key, value, flag in zip(
        table.keys.to_numpy().ravel(),
        table.values.to_numpy(dtype=object).ravel(),
        table.flags.to_numpy().ravel(),
        strict=True,
    ):
        cells[key] = (None if pd.isna(value) else int(value), flag)
    return cells


@pytest.mark.parametrize("threshold", [1, 2])
def test_the_trend_rows_of_a_signed_off_year_reuse_its_figures_of_record(
    dataset, world, personas, settings, threshold
):
    """2024 is signed off (registered victims 2024: alice, cara, dan = 3; presumed 1, cara;
    identified 2). Then dan gets a record identified in 2023, an open year: recomputed, 2024
    would count 2. The 2025 release's trend row for 2024 shows the figures of record (3),
    published or hidden exactly as the 2024 release did; its column totals follow them."""
    settings.THB_SUPPRESSION_THRESHOLD_PUBLIC = threshold
    with scopes_disabled():
        sign_off_year(territory=world["rs"], year=2024, user=personas["coordinator_rs"])
        final = FinalEdition.objects.get(territory=world["rs"], year=2024)
    add_victim(world, personas["caseworker_rs_police"], world["rs_police"], "dan",
               v_identification_date="2023-10-01", v_sex="male", v_citizenship="DE")  # fmt: skip
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2025)
        safe = public_release(stats)
    raw = {view.code: view for view in stats.views()}["V12"]
    assert raw.value("2024", "_T") == 2  # recomputed from today's records
    release = next(t for t in final.releases["public"]["tables"] if t["code"] == "V12")
    stored = {}
    rows = zip(release["keys"], release["values"], release["flags"], strict=True)
    for keys, values, flags in rows:
        for key, value, flag in zip(keys, values, flags, strict=True):
            if key.startswith("victims:RS:2024"):
                stored[key] = (value, flag)
    assert len(stored) == 3  # presumed, identified, total of 2024
    now = {str(k): v for k, v in _trend_cells(safe.protection).items()}
    assert {key: now[key] for key in stored} == stored
    if threshold == 1:  # nothing is small: every cell published, the figures of record
        assert stored["victims:RS:2024"] == (3, "")
        v12 = safe.protection["V12"].values
        # The five-year total follows the reused row: 2022 (gus) 1 + 2023 (bojan, dan) 2
        # + 2024 as of record 3 = 6 (recomputed, it would be 5).
        assert v12.loc["2023", "_T"] == 2 and v12.loc["_T", "_T"] == 6
        assert raw.value("_T", "_T") == 5
    else:  # cara's presumed 1 is small: hidden in 2024's release and again in 2025's
        assert stored["victims:RS:2024|status=presumed"] == (None, "C")
    assert safe.audit.passed


def test_a_rate_per_100000_follows_its_count_live_and_as_stored_at_sign_off(
    dataset, world, personas
):
    """Registered victims 2024 (alice, cara, dan: 3, a small count at the public threshold
    10) per 100,000 of 6,600,000 inhabitants is hidden and flagged; the rate of a published
    zero is 0.0. The same from the figures of record stored at sign-off."""
    from indicators.statistics.disclosure import FLAG_CONFIDENTIAL, rate_cell
    from indicators.statistics.final import FrozenStatistics, current_final_edition
    from indicators.statistics.protection import CellKey
    from indicators.statistics.releases import published_counts

    total = CellKey("victims:RS:2024")
    with scopes_disabled():
        stats = compute_statistics(world["rs"], 2024)
        live = (stats, public_release(stats))
        sign_off_year(territory=world["rs"], year=2024, user=personas["coordinator_rs"])
        frozen_stats = FrozenStatistics(current_final_edition(world["rs"], 2024))
        frozen = (frozen_stats, frozen_stats.public_release())
    for release_stats, safe in (live, frozen):
        hidden, values = published_counts(release_stats, safe)
        rate = rate_cell(total, 6_600_000, hidden=hidden, values=values)
        assert (rate.value, rate.flag) == (None, FLAG_CONFIDENTIAL)
        zeros = [key for key, value in values.items() if value == 0]
        assert zeros  # the fixture has published zeros
        assert rate_cell(zeros[0], 6_600_000, hidden=hidden, values=values).value == 0.0
