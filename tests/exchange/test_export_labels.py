"""The record-level export from the list a coordinator is looking at: the list's year, institution
and status filters travel with its export links, and a file with labels instead of codes is one
click away (for reading; the coded file is the one that imports again)."""

import io
import re
from html import unescape

from openpyxl import load_workbook

from tests.exchange.test_export import read_csv, seed


def export_links(response) -> dict[str, str]:
    """The export links of a list page, by their data-testid."""
    body = response.content.decode()
    links = {}
    for tag in re.findall(r"<a\b[^>]*data-testid=\"export-[^\"]+\"[^>]*>", body):
        testid = re.search(r'data-testid="([^"]+)"', tag).group(1)
        links[testid] = unescape(re.search(r'href="([^"]+)"', tag).group(1))
    return links


def test_the_lists_export_links_carry_its_year_and_status(clients, world):
    seed(clients, 2)  # identified on 1 March 2024
    seed(clients, 1, v_identification_date="2023-05-01")
    response = clients["coordinator_rs"].get("/victims/", {"year": "2024", "status": "complete"})
    links = export_links(response)
    assert set(links) == {"export-xlsx", "export-csv", "export-xlsx-labels"}
    assert "year=2024" in links["export-csv"] and "status=complete" in links["export-csv"]

    rows = read_csv(clients["coordinator_rs"].get(links["export-csv"]).content)
    # Two of the three records are of 2024: the file holds what the list showed.
    assert [r["record_number"] for r in rows] == ["RS-V000001", "RS-V000002"]


def test_an_unfiltered_list_exports_every_record(clients, world):
    seed(clients, 1)
    seed(clients, 1, v_identification_date="2023-05-01")
    links = export_links(clients["coordinator_rs"].get("/victims/"))
    rows = read_csv(clients["coordinator_rs"].get(links["export-csv"]).content)
    assert len(rows) == 2


def test_the_export_with_labels_writes_what_people_read(clients, world):
    seed(clients, 1)
    coded = read_csv(clients["coordinator_rs"].get("/victims/export.csv").content)[0]
    labelled = read_csv(clients["coordinator_rs"].get("/victims/export.csv?labels=1").content)[0]
    assert coded["v_sex"] == "female" and coded["status"] == "complete"
    assert labelled["v_sex"] == "Female"
    assert labelled["status"] == "Complete"
    assert labelled["v_citizenship"] == "Serbia"
    # Numbers and the record's identity are the same in both files.
    assert labelled["record_number"] == coded["record_number"] == "RS-V000001"
    assert labelled["v_number_of_children"] == coded["v_number_of_children"]

    sheet = load_workbook(
        io.BytesIO(clients["coordinator_rs"].get("/victims/export.xlsx?labels=1").content)
    )["records"]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("v_sex") + 1).value == "Female"


def test_a_wrong_labels_value_is_refused_with_a_message(clients, world):
    response = clients["coordinator_rs"].get("/victims/export.csv?labels=maybe")
    assert response.status_code == 400
    assert "labels must be 1" in response.content.decode()
