"""Uploads are bounded by what they unpack to: a small XLSX whose sheet unpacks to hundreds of
megabytes (a decompression bomb), a sheet wider than any template, more cells than an import may
hold: each refused early with a clear message, the process memory bounded whatever the file."""

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.exchange.conftest import csv_bytes, upload, victim_row, xlsx_bytes
from thb_data.audit.models import Action, AuditEntry
from thb_data.imports import PendingImport
from thb_data.scoping import scopes_disabled

ROOT = Path(__file__).resolve().parents[2]
URL = "/victims/import/"
MB = 1024 * 1024


def bomb_xlsx(
    sheet_mb: int, *, row: bytes = b"<row><c t='inlineStr'><is><t>ab</t></is></c></row>"
) -> bytes:
    """A valid workbook (made by openpyxl) whose first sheet is replaced by a highly
    compressible one of about ``sheet_mb`` MB: a header row, then ``row`` over and over."""
    template = zipfile.ZipFile(io.BytesIO(xlsx_bytes([victim_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in template.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(member, template.read(member))
                continue
            with archive.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>'
                    b"<c t='inlineStr'><is><t>v_sex</t></is></c></row>"
                )
                chunk = row * (MB // len(row))
                for _ in range(sheet_mb):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


MEASURE = textwrap.dedent(
    """
    import json, os, resource, sys
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thb_data.settings")
    import django
    django.setup()
    from indicators.exchange.parse import ImportFileError, read_table
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        read_table(data, "bomb.xlsx")
        message = None
    except ImportFileError as error:
        message = error.message
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"growth_kb": after - before, "message": message}))
    """
)


def measure(content: bytes, tmp_path, **env) -> dict:
    """Read ``content`` in a fresh Python process: the peak memory growth while reading and
    the message it was refused with."""
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        env={**os.environ, "THB_ENV": "test", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_small_xlsx_that_unpacks_to_300_mb_is_refused_with_memory_bounded(tmp_path):
    content = bomb_xlsx(300)
    assert len(content) < 2 * MB  # small enough to pass the upload limit of 10 MB
    declared = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert declared > 300 * MB
    outcome = measure(content, tmp_path)
    assert outcome["message"] is not None and "unpacks to" in outcome["message"]
    assert "more than the 100 MB" in outcome["message"]
    assert outcome["growth_kb"] < 200 * 1024, outcome


def test_a_bomb_under_the_unpacked_limit_stops_at_the_cell_limit_with_memory_bounded(tmp_path):
    """40 MB of rows of 20 cells: reading stops at the row limit, or at the cell limit, long
    before the end of the sheet."""
    row = b"<row>" + b"<c t='inlineStr'><is><t>ab</t></is></c><c><v>1</v></c>" * 10 + b"</row>"
    content = bomb_xlsx(40, row=row)
    outcome = measure(content, tmp_path, THB_IMPORT_MAX_CELLS="500000", THB_IMPORT_MAX_ROWS="10")
    assert outcome["message"].startswith("The file has more than 10 rows")
    outcome = measure(content, tmp_path, THB_IMPORT_MAX_CELLS="500000")
    # 20 cells a row: the header and 24,999 rows hold 499,981 cells, the next row passes.
    assert outcome["message"] == (
        "The file holds more than 500,000 cells (reading stopped at row 25001): split it into "
        "smaller files."
    )
    assert outcome["growth_kb"] < 200 * 1024, outcome


def test_a_sheet_wider_than_any_template_is_refused_at_its_first_row(tmp_path):
    """One cell in the last column of the sheet (XFD, column 16,384) on every row: refused at
    the first such row, without widening a single row to 16,384 cells."""
    row = b"<row><c t='inlineStr'><is><t>ab</t></is></c><c r='XFD2'><v>1</v></c></row>"
    outcome = measure(bomb_xlsx(50, row=row), tmp_path)
    assert outcome["message"].startswith("Row 2 has a value in column 16384")
    assert "at most 250 columns" in outcome["message"]
    assert outcome["growth_kb"] < 200 * 1024, outcome


def test_the_bomb_uploaded_gets_a_clear_message_and_nothing_is_kept(clients, world, victims_count):
    response = upload(clients["caseworker_rs_ngo"], URL, bomb_xlsx(300), "bomb.xlsx")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "unpacks to" in errors[0] and "split it" in errors[0]
    assert victims_count() == 0
    with scopes_disabled():
        assert PendingImport.objects.count() == 0
        entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert entry.detail["result"] == "refused" and "unpacks to" in entry.detail["reason"]


def test_a_csv_wider_than_the_column_limit_is_refused(clients, world, settings):
    settings.THB_IMPORT_MAX_COLUMNS = 30
    row = victim_row()
    headers = [*row, *(f"x{i}" for i in range(40))]
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes([row], headers), "wide.csv")
    errors = response.context["form"].errors["file"]
    assert errors == [
        "Row 1 has a value in column 58: a file may have at most 30 columns (the template has "
        "far fewer). Delete the columns that are not in the template."
    ]


def test_a_csv_with_more_cells_than_the_limit_is_refused(clients, world, settings):
    settings.THB_IMPORT_MAX_CELLS = 100
    rows = [victim_row(v_number_of_children=str(i % 3 + 1)) for i in range(10)]
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes(rows), "many.csv")
    errors = response.context["form"].errors["file"]
    # 18 cells a row: the header and 4 rows hold 90, the fifth row passes 100.
    assert errors == [
        "The file holds more than 100 cells (reading stopped at row 6): split it into smaller "
        "files."
    ]


def test_files_within_the_limits_still_import(clients, world, settings, victims_count):
    settings.THB_IMPORT_MAX_CELLS = 18 * 3
    settings.THB_IMPORT_MAX_COLUMNS = 18
    rows = [victim_row(v_number_of_children=str(i + 1)) for i in range(2)]
    for content, name in ((csv_bytes(rows), "ok.csv"), (xlsx_bytes(rows), "ok.xlsx")):
        response = upload(clients["caseworker_rs_ngo"], URL, content, name)
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert clients["caseworker_rs_ngo"].post(response["Location"] + "confirm/").status_code
    assert victims_count() == 4


@pytest.mark.parametrize("members", [600])
def test_a_workbook_of_hundreds_of_parts_is_refused(clients, world, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(members):
            archive.writestr(f"part{i}.xml", "<x/>")
    response = upload(clients["caseworker_rs_ngo"], URL, buffer.getvalue(), "parts.xlsx")
    assert response.context["form"].errors["file"] == [
        f"The workbook holds {members} parts: not an import file. Upload the XLSX template or a "
        "CSV file."
    ]
