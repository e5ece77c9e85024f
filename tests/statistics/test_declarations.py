"""Tables are declarations: every table the specification requires is declared, once, with its
rule, and the data dictionary lists the tables that use an indicator."""

from pathlib import Path

import pytest

import indicators.statistics
from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.statistics.declarations import DECLARATIONS, TABLES, UNIT_NOTES
from indicators.statistics.tables import GROUPS

REQUIRED = Path(indicators.statistics.__file__).parent / "required_tables.txt"


def required_codes() -> list[str]:
    lines = REQUIRED.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("code", required_codes())
def test_every_table_the_spec_requires_is_declared(code):
    assert code in DECLARATIONS, f"{code} is required by the specification but not declared"


def test_each_table_is_declared_once_with_its_unit_framework_and_indicators():
    codes = [t.code for t in TABLES]
    assert len(codes) == len(set(codes))
    known = {ind.code for ind in (*VICTIMS.indicators, *TRAFFICKERS.indicators)}
    for table in TABLES:
        assert table.unit in UNIT_NOTES, table.code
        assert table.framework in GROUPS, table.code
        assert table.indicators and set(table.indicators) <= known, table.code
        assert table.population


def test_the_data_dictionary_page_lists_the_tables_using_an_indicator(clients):
    html = clients["coordinator_rs"].get("/indicators/v_minor_flag/").content.decode()
    assert "Statistical tables using this indicator" in html
    for code in ("V1b", "V1e", "G2"):
        assert f"<strong>{code}</strong>" in html
    assert "<strong>E1</strong>" not in html  # Eurostat counts children at identification


DEVELOPER_WORDING = (
    r"\b[vt]_[a-z]+",  # field codes of the catalogue
    r"\b[a-z]+_[a-z_]+\(\)",  # function names
    r"\bunodc_|\bcitizenship_group\b|\bEU_MEMBER_STATES\b",
)


def _without_markup(html: str) -> str:
    import re

    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)  # attributes hold codes for scripts and tests
    return html


def _assert_plain(text: str, where: str):
    import re

    for pattern in DEVELOPER_WORDING:
        found = re.search(pattern, text)
        assert found is None, (
            f"{where}: {found and text[max(0, found.start() - 60) : found.end() + 20]}"
        )


def test_no_developer_wording_in_the_page_or_the_downloads(dataset, clients):
    import io
    import zipfile

    from openpyxl import load_workbook

    client = clients["coordinator_rs"]
    for query in ("", "?show=unprotected"):
        html = client.get(f"/statistics/RS/2024/{query}").content.decode()
        _assert_plain(_without_markup(html), f"page{query}")
    workbook = load_workbook(io.BytesIO(client.post("/statistics/RS/2024/export.xlsx").content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            _assert_plain(" ".join(str(v) for v in row if v is not None), sheet.title)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/statistics/RS/2024/export.zip").content))
    for name in archive.namelist():
        text = archive.read(name).decode()
        # The long CSV files name rows and columns by category codes, not field codes.
        _assert_plain(text, name)
