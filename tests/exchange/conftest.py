"""Helpers for the import/export tests: files built in memory, a valid victim row."""

import csv
import io

import pytest
from openpyxl import Workbook

from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

HEADERS = [
    "uuid",
    "status",
    "pc_first_name",
    "pc_family_name",
    "v_victim_status",
    "v_sex",
    "v_date_of_birth",
    "v_citizenship",
    "v_victim_category",
    "v_trafficking_type",
    "v_exploitation_form",
    "v_main_exploitation_form",
    "v_sexual_exploitation_setting",
    "v_labour_sector",
    "v_identification_date",
    "v_identifying_institution",
    "v_has_children",
    "v_number_of_children",
]


def victim_row(**overrides) -> dict:
    """A complete, valid victim row: a Serbian woman born in 1995, trafficked within Serbia for
    sexual and labour exploitation, identified by an NGO on 1 March 2024."""
    row = {
        "uuid": "",
        "status": "complete",
        "pc_first_name": "An",
        "pc_family_name": "Pe",
        "v_victim_status": "identified",
        "v_sex": "female",
        "v_date_of_birth": "1995-04-12",
        "v_citizenship": "RS",
        "v_victim_category": "national_internal",
        "v_trafficking_type": "internal",
        "v_exploitation_form": "sexual;labour",
        "v_main_exploitation_form": "sexual",
        "v_sexual_exploitation_setting": "bar_nightclub",
        "v_labour_sector": "i_accommodation_food",
        "v_identification_date": "2024-03-01",
        "v_identifying_institution": "ngo",
        "v_has_children": "yes",
        "v_number_of_children": "2",
    }
    row.update(overrides)
    return row


def csv_bytes(rows, headers=None, *, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    headers = headers or list(rows[0].keys())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    text = buffer.getvalue()
    return (("\ufeff" if bom else "") + text).encode(encoding)


def xlsx_bytes(rows, headers=None, *, label_row=None, formulas=None) -> bytes:
    """An XLSX workbook; ``formulas`` maps (row index, header) to a formula string."""
    headers = headers or list(rows[0].keys())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "records"
    sheet.append(headers)
    if label_row:
        sheet.append(label_row)
    for index, row in enumerate(rows):
        cells = [row.get(h, "") for h in headers]
        for (row_index, header), formula in (formulas or {}).items():
            if row_index == index:
                cells[headers.index(header)] = formula
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, url, content: bytes, name: str, **data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content), **data})


def victims_of(institution):
    with scopes_disabled():
        return list(VictimRecord.objects.filter(institution=institution).order_by("number"))


@pytest.fixture
def victims_count():
    def count():
        with scopes_disabled():
            return VictimRecord.with_deleted.count()

    return count
