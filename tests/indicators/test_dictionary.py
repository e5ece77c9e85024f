"""The data dictionary: pages for every role, the CSV and XLSX downloads, and the command."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from indicators.catalogue import CODE_LISTS, TRAFFICKERS, VICTIMS
from indicators.dictionary import catalogue_csv, neutralise
from indicators.models import NationalCodeEntry
from tests.conftest import signed_in_client
from tests.htmltools import markup_has, text_has
from thb_data.scoping import scopes_disabled

ROLES = (
    "caseworker_rs_ngo",
    "caseworker_rs_police",
    "prosecutor_rs",
    "coordinator_rs",
    "caseworker_al",
    "prosecutor_al",
    "coordinator_al",
    "analyst",
    "admin",
)
PAGES = (
    reverse("indicators:index"),
    reverse("indicators:detail", args=["v_labour_sector"]),
    reverse("indicators:export_csv"),
    reverse("indicators:export_xlsx"),
)


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_dictionary_and_its_downloads_for_every_signed_in_role(clients, role):
    for url in PAGES:
        assert clients[role].get(url).status_code == 200, url


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_indicator(clients):
    response = clients["caseworker_rs_ngo"].get(
        reverse("indicators:detail", args=["v_no_such_thing"])
    )
    assert response.status_code == 404


def test_it_lists_both_databases_by_section_in_order(clients):
    html = clients["analyst"].get(reverse("indicators:index")).content.decode()
    victims_at = html.index('id="db-victims"')
    traffickers_at = html.index('id="db-traffickers"')
    assert victims_at < traffickers_at
    # Sections A..J of the victims database appear in order, before the traffickers' ones.
    positions = [html.index(f'id="victims-{s.code}"') for s in VICTIMS.sections]
    assert positions == sorted(positions)
    assert positions[-1] < traffickers_at
    positions = [html.index(f'id="traffickers-{s.code}"') for s in TRAFFICKERS.sections]
    assert positions == sorted(positions)
    # Every indicator of both databases is listed once, with a link to its page.
    for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators):
        assert html.count(f'data-code="{ind.code}"') == 1, ind.code
    assert 'href="/indicators/v_labour_sector/"' in html


def test_it_shows_code_label_type_core_and_confidence_in_the_list(clients):
    html = clients["coordinator_rs"].get(reverse("indicators:index")).content.decode()
    row = html[html.index('data-code="v_victim_status"') :]
    row = row[: row.index("</tr>")]
    assert "Victim status" in row
    assert "Single choice" in row
    assert "● core" in row
    assert "R-M" in row


def test_the_indicator_page_explains_the_indicator(clients):
    response = clients["caseworker_rs_ngo"].get(
        reverse("indicators:detail", args=["v_labour_sector"])
    )
    page = response.content.decode()
    ind = VICTIMS.get("v_labour_sector")
    assert ind.definition in page
    assert "applies when v_exploitation_form includes labour" in page
    assert "Reconstructed, " in page  # the confidence tag's meaning
    assert ind.handbook_part in page
    for category in CODE_LISTS[ind.code_list].categories:
        assert f"<code>{category.code}</code>" in page
        assert category.label.replace("'", "&#x27;") in page
    # Each allowed missing value is marked as such.
    assert page.count('data-testid="missing-value"') == len(ind.missing)


def test_the_indicator_page_gives_unit_and_range(clients):
    page = (
        clients["analyst"]
        .get(reverse("indicators:detail", args=["v_times_trafficked"]))
        .content.decode()
    )
    assert "1–100 times" in page
    assert "applies when v_previously_trafficked is yes" in page


def test_a_national_indicator_page_lists_the_users_own_territory_entries(clients, world):
    with scopes_disabled():
        NationalCodeEntry.objects.create(
            territory=world["rs"], list_code="municipalities", code="beograd", label="Beograd"
        )
        NationalCodeEntry.objects.create(
            territory=world["al"], list_code="municipalities", code="tirana", label="Tirana"
        )
    url = reverse("indicators:detail", args=["v_residence_municipality"])
    serbian = clients["caseworker_rs_ngo"].get(url).content.decode()
    assert text_has(serbian, "Beograd") and not markup_has(serbian, "Tirana")
    albanian = clients["prosecutor_al"].get(url).content.decode()
    assert text_has(albanian, "Tirana") and not markup_has(albanian, "Beograd")
    for role in ("analyst", "admin"):  # no territory: no national entries at all
        page = clients[role].get(url).content.decode()
        assert not markup_has(page, "Beograd") and not markup_has(page, "Tirana")
        assert 'data-testid="national-no-territory"' in page


def test_criminal_code_articles_show_their_regional_category(clients, world):
    with scopes_disabled():
        NationalCodeEntry.objects.create(
            territory=world["rs"],
            list_code="criminal_code_articles",
            code="388",
            label="Art. 388 Trafficking in human beings",
            maps_to="trafficking_in_human_beings",
        )
    page = (
        clients["prosecutor_rs"]
        .get(reverse("indicators:detail", args=["t_qualification_initial"]))
        .content.decode()
    )
    assert "Art. 388 Trafficking in human beings" in page
    assert "<td>Trafficking in human beings</td>" in page


def test_the_indicator_page_reads_a_fixed_number_of_queries(personas, world):
    client = signed_in_client(personas["caseworker_rs_ngo"])
    url = reverse("indicators:detail", args=["v_residence_municipality"])

    def add_entries(count, start):
        with scopes_disabled():
            NationalCodeEntry.objects.bulk_create(
                NationalCodeEntry(
                    territory=world["rs"],
                    list_code="municipalities",
                    code=f"m{i}",
                    label=f"Municipality {i}",
                )
                for i in range(start, start + count)
            )

    add_entries(2, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_entries(40, 2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(re.findall(r"Municipality \d+", response.content.decode())) == 42
    assert len(large) == len(small)


def test_the_csv_has_one_row_per_indicator_with_its_columns(clients):
    response = clients["analyst"].get(reverse("indicators:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response.content.decode())
    assert len(rows) == len(VICTIMS.indicators) + len(TRAFFICKERS.indicators)
    assert [r["code"] for r in rows] == [
        i.code for i in (*VICTIMS.indicators, *TRAFFICKERS.indicators)
    ]
    by_code = {r["code"]: r for r in rows}
    labour = by_code["v_labour_sector"]
    assert labour["database"] == "victims"
    assert labour["section"] == "E. Exploitation"
    assert labour["type"] == "multi"
    assert labour["code_list"] == VICTIMS.get("v_labour_sector").code_list
    assert labour["condition"] == "applies when v_exploitation_form includes labour"
    assert labour["confidence"] == VICTIMS.get("v_labour_sector").confidence
    assert labour["handbook_part"] == "Part 3, section E"
    sex = by_code["v_sex"]
    assert sex["core_optional"] == "core"
    assert sex["categories"].split("; ")[:2] == ["male=Male", "female=Female"]
    assert by_code["v_times_trafficked"]["unit"] == "1–100 times"
    assert by_code["t_prison_months"]["database"] == "traffickers"


def test_the_csv_lists_allowed_missing_values_with_the_categories(clients):
    rows = csv_rows(clients["analyst"].get(reverse("indicators:export_csv")).content.decode())
    by_code = {r["code"]: r for r in rows}
    for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators):
        cell = by_code[ind.code]["categories"]
        for code in ind.missing:
            assert f"{code}=" in cell, (ind.code, code)


def test_the_management_command_prints_the_csv_download(clients):
    out = io.StringIO()
    call_command("export_catalogue", stdout=out)
    download = clients["caseworker_al"].get(reverse("indicators:export_csv")).content.decode()
    assert out.getvalue() == download == catalogue_csv()


def test_the_xlsx_has_a_sheet_per_database_and_the_code_lists(clients):
    response = clients["coordinator_al"].get(reverse("indicators:export_xlsx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["Victims", "Traffickers", "Code lists"]
    victims = workbook["Victims"]
    header = [cell.value for cell in victims[1]]
    assert header[:10] == [
        "code",
        "database",
        "section",
        "label",
        "type",
        "code list",
        "categories",
        "core/optional",
        "condition",
        "confidence",
    ]
    assert all(cell.font.bold for cell in victims[1])
    assert victims.max_row == 1 + len(VICTIMS.indicators)
    assert workbook["Traffickers"].max_row == 1 + len(TRAFFICKERS.indicators)
    codes = [row[0] for row in victims.iter_rows(min_row=2, values_only=True)]
    assert codes == [i.code for i in VICTIMS.indicators]
    code_lists = workbook["Code lists"]
    pairs = {(r[0], r[3]) for r in code_lists.iter_rows(min_row=2, values_only=True)}
    assert ("exploitation_form", "labour") in pairs
    assert ("missing_values", "declined_to_answer") in pairs
    lists = {r[0] for r in code_lists.iter_rows(min_row=2, values_only=True)}
    assert {"municipalities", "criminal_code_articles"} <= lists


def test_the_downloads_read_no_records_whatever_their_number(clients):
    client = clients["analyst"]
    client.get(reverse("indicators:export_csv"))  # session warm-up
    with CaptureQueriesContext(connection) as csv_queries:
        client.get(reverse("indicators:export_csv"))
    with CaptureQueriesContext(connection) as xlsx_queries:
        client.get(reverse("indicators:export_xlsx"))
    tables = " ".join(q["sql"] for q in [*csv_queries, *xlsx_queries])
    assert "victims_" not in tables and "traffickers_" not in tables
    assert len(csv_queries) == len(xlsx_queries)


@pytest.mark.parametrize("dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_it_neutralises_cells_a_spreadsheet_would_run(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


def test_it_leaves_ordinary_cells_alone():
    assert neutralise("Trafficking in human beings") == "Trafficking in human beings"
    assert neutralise(None) == ""
    assert neutralise(12) == "12"


def test_the_xlsx_writes_a_formula_looking_label_as_text(monkeypatch):
    from indicators import dictionary

    original = dictionary.row

    def row_with_formula(database, ind):
        result = original(database, ind)
        if ind.code == "v_sex":
            result["label"] = '=HYPERLINK("http://evil.example","x")'
        return result

    monkeypatch.setattr(dictionary, "row", row_with_formula)
    workbook = load_workbook(io.BytesIO(dictionary.catalogue_xlsx()))
    sheet = workbook["Victims"]
    cells = {row[0].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert cells["v_sex"].data_type == "s"
    assert cells["v_sex"].value == '\'=HYPERLINK("http://evil.example","x")'
    rows = csv_rows(dictionary.catalogue_csv())
    assert next(r for r in rows if r["code"] == "v_sex")["label"].startswith("'=")


def test_every_indicator_has_a_page(clients):
    client = clients["caseworker_al"]
    for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators):
        response = client.get(reverse("indicators:detail", args=[ind.code]))
        assert response.status_code == 200, ind.code
        assert ind.code in response.content.decode()


def test_the_csv_header_names_the_columns():
    header = catalogue_csv().splitlines()[0].split(",")
    assert header == [
        "code",
        "database",
        "section",
        "label",
        "type",
        "code_list",
        "categories",
        "core_optional",
        "condition",
        "confidence",
        "definition",
        "handbook_part",
        "unit",
        "level",
        "stage",
        "note",
    ]
