"""The statistics pages and downloads: who reaches what, the numbers of the page and of the
workbook, editions, and a query count that does not grow with the records."""

import csv
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.statistics.models import Edition
from indicators.statistics.signoff import sign_off_year
from indicators.statistics.writers import safe_text
from tests.htmltools import markup_has
from tests.statistics.conftest import add_trafficker, add_victim
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

URL = "/statistics/RS/2024/"


def page_tables(response):
    return {view.code: view for group in response.context["groups"] for view in group["tables"]}


def cell_html(response, code, row, col):
    html = response.content.decode()
    block = html.split(f'id="table-{code}"')[1].split("</section>")[0]
    return re.search(rf'data-cell="{re.escape(row)}\|{re.escape(col)}">(.*?)</td>', block)[1]


DOWNLOADS = [URL + "export.xlsx", URL + "export.zip"]


@pytest.mark.parametrize("persona", ["caseworker_rs_ngo", "caseworker_rs_police", "prosecutor_rs"])
@pytest.mark.parametrize("url", ["/statistics/", URL, *DOWNLOADS, "/statistics/compare/2024/"])
def test_caseworkers_and_prosecutors_are_refused(dataset, clients, persona, url):
    method = clients[persona].post if url in DOWNLOADS else clients[persona].get
    assert method(url).status_code == 403


@pytest.mark.parametrize("url", [URL, *DOWNLOADS, URL + "editions/compare/"])
def test_a_coordinator_of_another_territory_finds_nothing(dataset, clients, url):
    client = clients["coordinator_al"]
    response = (client.post if url in DOWNLOADS else client.get)(url)
    assert response.status_code == 404
    assert not markup_has(response, "Serbia")


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_is_never_made_by_a_get(dataset, clients, url):
    # Each download is a new edition: a link preview or a prefetch must not create one.
    response = clients["coordinator_rs"].get(url)
    assert response.status_code == 405
    with scopes_disabled():
        assert not Edition.objects.exists()


def test_a_coordinator_chooses_among_their_own_territory_only(dataset, clients):
    page = clients["coordinator_rs"].get("/statistics/").content.decode()
    assert 'value="RS"' in page and 'value="AL"' not in page
    response = clients["coordinator_rs"].get("/statistics/", {"territory": "RS", "year": "2024"})
    assert response.url == URL


def test_the_coordinator_sees_protected_tables_and_on_request_the_unprotected_counts(
    dataset, clients
):
    client = clients["coordinator_rs"]
    protected = client.get(URL)
    assert "Public release, protected (threshold 10)" in protected.content.decode()
    # One flag for every hidden cell: its published meaning gives no bound but zero.
    assert ">C</span>" in cell_html(protected, "V1", "female", "identified")
    assert "Disclosure audit: audit passed" in protected.content.decode()
    raw = client.get(URL + "?show=unprotected")
    assert "for your eyes only" in raw.content.decode()
    assert cell_html(raw, "V1", "female", "identified") == "1"
    assert cell_html(raw, "V1", "_T", "_T") == "3"
    # Charts: data in a JSON script element, drawn by the static statistics.js.
    assert 'id="statistics-charts" type="application/json"' in raw.content.decode()
    assert {c["id"] for c in raw.context["charts"]} >= {"sex", "trend", "funnel"}
    trend = next(c for c in raw.context["charts"] if c["id"] == "trend")
    assert trend["labels"] == ["2020", "2021", "2022", "2023", "2024"]
    assert trend["datasets"][2]["data"] == [0, 0, 1, 1, 3]
    assert "<script>" not in raw.content.decode()


def test_an_analyst_sees_every_territory_but_only_protected_tables(
    dataset, clients, world, personas
):
    client = clients["analyst"]
    assert 'value="AL"' in client.get("/statistics/").content.decode()
    # 2024 is provisional everywhere and no territory shares provisional figures (default).
    assert client.get(URL).status_code == 404
    compared = client.get("/statistics/compare/2024/", {"table": "V1"})
    assert compared.status_code == 200
    assert compared.context["side_by_side"] == []
    assert {t.code for t in compared.context["not_shared"]} == {"AL", "RS"}
    # Serbia shares its provisional figures; Albania signs off 2024.
    with scopes_disabled():
        world["rs"].share_provisional_statistics = True
        world["rs"].save()
        sign_off_year(territory=world["al"], year=2024, user=personas["coordinator_al"])
    response = client.get(URL)
    assert response.status_code == 200
    assert all(view.protected for view in page_tables(response).values())
    assert ">C</span>" in cell_html(response, "V1", "female", "identified")
    assert not markup_has(response, "Unprotected counts")
    assert not markup_has(response, "Download XLSX")
    assert client.get(URL + "?show=unprotected").status_code == 403
    assert client.get(URL + "?level=transmission").status_code == 403
    assert client.post(URL + "export.xlsx").status_code == 403
    compared = client.get("/statistics/compare/2024/", {"table": "V1"})
    side = compared.context["side_by_side"]
    assert [item["territory"].code for item in side] == ["AL", "RS"]
    assert all(item["view"].protected for item in side)
    assert side[1]["view"].flag("female", "identified") == "C"


def test_the_workbook_holds_the_numbers_of_the_page_and_is_kept_as_an_edition(dataset, clients):
    client = clients["coordinator_rs"]
    page = page_tables(client.get(URL + "?level=public"))
    response = client.post(URL + "export.xlsx", {"level": "public"})
    assert response.status_code == 200
    assert "provisional" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Notes"
    notes = "\n".join(
        str(row[0]) for row in workbook["Notes"].iter_rows(values_only=True) if row[0]
    )
    assert "PROVISIONAL" in notes and "edition 1" in notes and "threshold 10" in notes
    assert "first identification" in notes and "not the prevalence" in notes
    for code, view in page.items():
        rows = list(workbook[code].iter_rows(values_only=True))
        assert rows[3][1:] == tuple(view.col_labels)
        for i, cells in enumerate(view.cells):
            expected = [cell.flag if cell.hidden else cell.value for cell in cells]
            assert list(rows[4 + i][1 : 1 + len(cells)]) == expected, (code, i)
    with scopes_disabled():
        edition = Edition.objects.get()
        assert AuditEntry.objects.filter(action="export", object_id=str(edition.uuid)).exists()
    assert (edition.year, edition.number, edition.final, edition.threshold) == (2024, 1, False, 10)
    assert "victims:RS:2024|sex=female|status=identified" in edition.suppressed
    v1 = next(t for t in edition.tables if t["code"] == "V1")
    female, identified = v1["rows"].index("female"), v1["cols"].index("identified")
    assert v1["flags"][female][identified] == "C"
    # Each kept table names the key of every cell, for the audit of later releases.
    assert v1["keys"][female][identified] == "victims:RS:2024|sex=female|status=identified"


def test_the_csv_zip_has_one_file_per_table_and_the_notes(dataset, clients):
    response = clients["coordinator_rs"].post(URL + "export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "notes.txt" in archive.namelist() and "V1.csv" in archive.namelist()
    rows = list(csv.DictReader(io.StringIO(archive.read("V12.csv").decode())))
    total_2022 = next(r for r in rows if r["row"] == "2022" and r["column"] == "_T")
    assert (total_2022["value"], total_2022["flag"]) == ("", "C")
    assert "may hold any count, zero included" in archive.read("notes.txt").decode()


def test_two_editions_are_compared_table_by_table(dataset, clients, world, personas):
    client = clients["coordinator_rs"]
    client.post(URL + "export.xlsx")
    for n in range(12):
        add_victim(world, personas["caseworker_rs_police"], world["rs_police"], f"new{n}",
                   v_identification_date="2024-10-01", v_victim_status="presumed",
                   v_sex="female", v_date_of_birth="2010-01-01", v_citizenship="RS")  # fmt: skip
    client.post(URL + "export.xlsx")
    response = client.get(URL + "editions/compare/")
    assert response.status_code == 200
    assert [e.number for e in (response.context["older"], response.context["newer"])] == [1, 2]
    changed = {table.code: table for table in response.context["changed"]}
    children = [
        (c.before, c.after)
        for c in changed["V1b"].changes
        if c.row == "Children (under 18)" and c.col == "Presumed"
    ]
    assert children == [(0, 12)]
    # Every count hidden in the first edition stays hidden in the second.
    with scopes_disabled():
        first, second = Edition.objects.order_by("number")
    assert set(first.suppressed) <= set(second.suppressed)
    assert "T1" not in changed


def test_the_page_issues_the_same_number_of_queries_whatever_the_number_of_records(
    dataset, clients, world, personas
):
    client = clients["coordinator_rs"]
    client.get(URL)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for n in range(15):
        add_victim(world, personas["caseworker_rs_ngo"], world["rs_ngo"], f"more{n}",
                   v_identification_date="2024-06-01", v_victim_status="presumed",
                   v_sex="male", v_citizenship="MD", v_exploitation_form=["labour", "begging"],
                   v_main_exploitation_form="labour")  # fmt: skip
        add_trafficker(personas["prosecutor_rs"], world["rs_prosecution"], f"tk-more{n}",
                       dataset["case"], t_complaint_date="2024-05-05", t_sex="male",
                       t_role=["recruiter"])  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)
    # The whole page: a few reads for all the tables, not one query per table (105 tables).
    assert len(small) < 30


def test_text_cells_cannot_become_formulas():
    assert safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text("+1") == "'+1" and safe_text("@x") == "'@x" and safe_text("-2") == "'-2"
    assert safe_text("Female") == "Female"
