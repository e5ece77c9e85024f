"""Formula injection: no generated spreadsheet (import template, record exports, statistics,
data dictionary) holds a cell that a spreadsheet program would run, whatever a coordinator typed
into a national code list."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from indicators.models import NationalCodeEntry
from thb_data.scoping import scopes_disabled
from thb_data.spreadsheets import neutralise, unneutralise

PAYLOAD = '=HYPERLINK("http://x","y")'
ROOT = Path(__file__).resolve().parents[2]
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "＝", "＋", "－", "＠")


def assert_no_formula(content: bytes) -> list:
    """Every cell of every sheet is a value, none a formula or text a spreadsheet would run;
    returns the text cells."""
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.lstrip(" ").startswith(STARTS), (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                    texts.append(cell.value)
    return texts


@pytest.fixture
def hostile_entries(world):
    """National code-list entries of Serbia whose labels (and one code) are formulas."""
    with scopes_disabled():
        for code, label in [
            ("x1", PAYLOAD),
            ("x2", "+1+cmd|' /C calc'!A0"),
            ("x3", "-2+3"),
            ("x4", "@SUM(1,1)"),
            ("x5", "\t=1+1"),
            ("x6", "＝1+1"),
            ("=1+2", "A formula as the code"),
        ]:
            NationalCodeEntry.objects.create(
                territory=world["rs"], list_code="municipalities", code=code, label=label
            )


def test_the_import_template_neutralises_a_formula_in_a_national_code_list_label(
    clients, hostile_entries
):
    response = clients["caseworker_rs_ngo"].get("/victims/import/template.xlsx")
    assert response.status_code == 200
    texts = assert_no_formula(response.content)
    # The entries are there, as text: the coordinator's label is shown, not run.
    assert "'" + PAYLOAD in texts
    assert "'=1+2" in texts
    workbook = load_workbook(io.BytesIO(response.content))
    labels = {row[0]: row[1] for row in workbook["municipalities"].iter_rows(values_only=True)}
    assert labels["x1"] == "'" + PAYLOAD
    assert labels["x5"] == "'\t=1+1"
    assert labels["x6"] == "'＝1+1"


def test_the_trafficker_template_and_the_dictionary_have_no_formula(clients, hostile_entries):
    response = clients["prosecutor_rs"].get("/traffickers/import/template.xlsx")
    assert response.status_code == 200
    assert_no_formula(response.content)
    response = clients["coordinator_rs"].get("/indicators/export.xlsx")
    assert response.status_code == 200
    assert_no_formula(response.content)


def test_a_formula_typed_into_a_record_is_exported_as_text(clients, world, hostile_entries):
    """A record whose municipality is the entry with the formula code (imported as an export
    writes it, with the apostrophe): both exports show the code as text."""
    from tests.exchange.conftest import csv_bytes, upload, victim_row

    client = clients["coordinator_rs"]
    row = victim_row(v_residence_municipality="'=1+2")  # as an export writes it
    response = upload(
        client, "/victims/import/", csv_bytes([row]), "a.csv", institution=world["rs_ngo"].pk
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert client.post(response["Location"] + "confirm/").status_code == 200

    xlsx = client.get("/victims/export.xlsx")
    texts = assert_no_formula(xlsx.content)
    assert "'=1+2" in texts
    text = client.get("/victims/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("v_residence_municipality")
    assert rows[1][column] == "'=1+2"
    for cells in rows:
        for cell in cells:
            assert not cell.lstrip(" ").startswith(STARTS), cell


@pytest.mark.parametrize(
    "text",
    ["=1", "+1", "-1", "@x", "\tx", "\rx", "\nx", "\x00x", "  =1", "＝1", "＋1", "－1", "＠x"],
)
def test_the_helper_neutralises_every_trigger_and_the_import_undoes_it(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text
    assert neutralise(neutralise(text)) == neutralise(text)


@pytest.mark.parametrize("value", ["Female", "O'Brien", "'quoted", "", 12, -3, 1.5, None])
def test_the_helper_leaves_ordinary_values_alone(value):
    assert neutralise(value) == value


WRITER = re.compile(
    r"csv\.(writer|DictWriter)\(|\.save\((buffer|io\.)|openpyxl\.writer|\.to_csv\(|\.to_excel\("
)


def test_every_spreadsheet_writer_goes_through_the_neutralising_helper():
    """No module writes CSV or saves a workbook itself: new writers use thb_data.spreadsheets
    (csv_writer, save_workbook), so no file escapes the neutralisation."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "node_modules/")) or "/migrations/" in relative:
            continue
        if relative == "thb_data/spreadsheets.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITER.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
