"""Record-level export: coordinators only, audited, formula-safe, a fixed number of queries, and
an export imports again without changing anything."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.exchange.conftest import csv_bytes, upload, victim_row, victims_of
from tests.exchange.test_import import import_file, preview_url
from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def seed(clients, count, client="caseworker_rs_ngo", **row):
    rows = [
        victim_row(pc_first_name=f"A{chr(97 + i % 26)}", v_number_of_children=str(i % 9 + 1), **row)
        for i in range(count)
    ]
    response = import_file(clients[client], csv_bytes(rows), "seed.csv")
    assert response.status_code == 200


def test_a_coordinator_exports_the_territorys_records_as_csv(clients, world):
    seed(clients, 2)
    seed(clients, 1, client="caseworker_al", v_citizenship="AL")
    response = clients["coordinator_rs"].get("/victims/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response.content)
    assert [r["record_number"] for r in rows] == ["RS-V000001", "RS-V000002"]
    assert rows[0]["institution"] == "Shelter NGO Belgrade"
    assert rows[0]["v_exploitation_form"] == "sexual;labour"
    assert rows[0]["pc_first_name"] == ""  # the elements are not stored, so never exported
    assert "v_age_at_identification" not in rows[0]  # derived: not an import column


def test_the_xlsx_export_has_the_template_columns(clients, world):
    seed(clients, 1)
    response = clients["coordinator_rs"].get("/victims/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["records"]
    template = load_workbook(
        io.BytesIO(clients["coordinator_rs"].get("/victims/import/template.xlsx").content)
    )["records"]
    # The template's columns, then the derived ones (ignored when the file is imported again).
    template_headers = [c.value for c in template[1]]
    assert [c.value for c in sheet[1]][: len(template_headers)] == template_headers
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("v_number_of_children") + 1).value == 1


@pytest.mark.parametrize("persona", ["caseworker_rs_ngo", "prosecutor_rs", "analyst"])
def test_the_record_level_export_is_forbidden_to_other_roles(persona, clients, world):
    for url in ("/victims/export.csv", "/victims/export.xlsx", "/traffickers/export.csv"):
        assert clients[persona].get(url).status_code == 403
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_an_export_is_audited_with_its_count(clients, world, personas):
    seed(clients, 3)
    clients["coordinator_rs"].get("/victims/export.xlsx")
    with scopes_disabled():
        (entry,) = AuditEntry.objects.filter(action=Action.EXPORT)
    assert entry.user == personas["coordinator_rs"]
    assert entry.territory == world["rs"]
    assert entry.detail == {"database": "victims", "format": "xlsx", "count": 3}


@pytest.mark.parametrize(
    "text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tlead", "\rlead", '=HYPERLINK("x")']
)
def test_every_dangerous_text_cell_is_neutralised(text, clients, world):
    seed(clients, 1, v_victim_prosecuted="yes", v_victim_prosecuted_offence="theft")
    with scopes_disabled():
        (record,) = victims_of(world["rs_ngo"])
        record.v_victim_prosecuted_offence = text  # as if typed through some other path
        record.save()
    client = clients["coordinator_rs"]
    (row,) = read_csv(client.get("/victims/export.csv").content)
    assert row["v_victim_prosecuted_offence"] == "'" + text
    sheet = load_workbook(io.BytesIO(client.get("/victims/export.xlsx").content))["records"]
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("v_victim_prosecuted_offence") + 1)
    # (XML turns a carriage return into a line feed; the apostrophe is what matters.)
    assert cell.data_type == "s" and cell.value == "'" + text.replace("\r", "\n")


def test_the_export_issues_the_same_queries_for_3_and_30_records(clients, world):
    client = clients["coordinator_rs"]
    seed(clients, 3)
    with CaptureQueriesContext(connection) as small:
        client.get("/victims/export.csv")
    seed(clients, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/victims/export.csv")
    assert len(read_csv(response.content)) == 30
    assert len(large.captured_queries) == len(small.captured_queries)


# --- round trip and re-import -----------------------------------------------------------------


def test_export_then_reimport_changes_nothing(clients, world):
    seed(clients, 3)
    seed(clients, 1, client="caseworker_rs_police")
    coordinator = clients["coordinator_rs"]
    with scopes_disabled():
        before = {r.uuid: (r.version, r.indicator_values()) for r in _all()}
        audit_before = AuditEntry.objects.exclude(action=Action.EXPORT).count()
    for url, name in (("/victims/export.csv", "e.csv"), ("/victims/export.xlsx", "e.xlsx")):
        content = coordinator.get(url).content
        location = preview_url(
            upload(
                coordinator, "/victims/import/", content, name, institution=world["rs_office"].pk
            )
        )
        html = coordinator.get(location).content.decode()
        assert 'data-testid="count-unchanged">4 unchanged' in html
        assert 'data-testid="count-create">0 to create' in html
        response = coordinator.post(location + "confirm/")
        assert "0</strong> created, <strong>0</strong> updated" in response.content.decode()
    with scopes_disabled():
        after = {r.uuid: (r.version, r.indicator_values()) for r in _all()}
        # Two IMPORT entries (one per file), no CREATE or UPDATE.
        added = AuditEntry.objects.exclude(action=Action.EXPORT).count() - audit_before
    assert after == before
    assert added == 2


def test_reimporting_a_file_updates_instead_of_duplicating(clients, world):
    seed(clients, 2)
    coordinator = clients["coordinator_rs"]
    rows = read_csv(coordinator.get("/victims/export.csv").content)
    rows[0]["v_number_of_children"] = "7"
    content = csv_bytes(rows)
    for _ in range(2):  # the second time, nothing changes any more
        response = import_file(
            coordinator, content, "edited.csv", institution=world["rs_office"].pk
        )
        assert response.status_code == 200
    first, second = victims_of(world["rs_ngo"])
    assert len(victims_of(world["rs_ngo"])) == 2
    assert first.v_number_of_children == 7 and first.version == 2
    assert second.version == 1
    with scopes_disabled():
        (update,) = AuditEntry.objects.filter(action=Action.UPDATE)
    assert update.object_id == str(first.uuid)
    assert update.changes == {"v_number_of_children": [1, 7]}


def test_a_record_changed_after_the_preview_refuses_the_import(clients, world):
    seed(clients, 1)
    coordinator = clients["coordinator_rs"]
    rows = read_csv(coordinator.get("/victims/export.csv").content)
    rows[0]["v_number_of_children"] = "7"
    location = preview_url(
        upload(
            coordinator,
            "/victims/import/",
            csv_bytes(rows),
            "e.csv",
            institution=world["rs_office"].pk,
        )
    )
    with scopes_disabled():
        (record,) = victims_of(world["rs_ngo"])
        type(record).objects.filter(pk=record.pk).update(version=2, v_number_of_children=4)
    response = coordinator.post(location + "confirm/")
    assert "changed by someone else" in response.content.decode()
    record.refresh_from_db()
    assert record.v_number_of_children == 4 and record.version == 2


def _all():
    from victims.models import VictimRecord

    return VictimRecord.objects.order_by("number")


def test_trafficker_records_round_trip_too(clients, world):
    row = {
        "t_sex": "male",
        "t_citizenship": "RS",
        "t_role": "recruiter",
        "t_exploitation_forms": "labour",
        "t_complaint_date": "2024-02-10",
    }
    url = "/traffickers/import/"
    assert (
        import_file(clients["prosecutor_rs"], csv_bytes([row]), "t.csv", url=url).status_code == 200
    )
    coordinator = clients["coordinator_rs"]
    content = coordinator.get("/traffickers/export.xlsx").content
    location = preview_url(
        upload(coordinator, url, content, "t.xlsx", institution=world["rs_office"].pk)
    )
    assert 'data-testid="count-unchanged">1 unchanged' in coordinator.get(location).content.decode()
    assert clients["prosecutor_rs"].get("/traffickers/import/template.xlsx").status_code == 200
