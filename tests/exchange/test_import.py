"""Importing victim and trafficker records from XLSX and CSV files: good files, bad files,
the preview, scope, the audit trail."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.exchange.conftest import (
    HEADERS,
    csv_bytes,
    upload,
    victim_row,
    victims_of,
    xlsx_bytes,
)
from tests.htmltools import markup_has
from thb_data.audit.models import Action, AuditEntry
from thb_data.imports import PendingImport
from thb_data.personal_code import build_code, hash_code
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord

URL = "/victims/import/"


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response["Location"]


def import_file(client, content, name, url=URL, **data):
    """Upload, then confirm the preview; returns the confirmation response."""
    location = preview_url(upload(client, url, content, name, **data))
    return client.post(location + "confirm/")


def error_cells(response) -> set[tuple[str, str]]:
    """(row, column) of every problem listed on the page."""
    html = response.content.decode()
    return set(re.findall(r'<tr data-row="([^"]*)" data-column="([^"]*)">', html))


def audit_imports():
    with scopes_disabled():
        return list(AuditEntry.objects.filter(action=Action.IMPORT).order_by("id"))


# --- good files ----------------------------------------------------------------------------


def test_it_imports_a_good_csv_file_with_the_right_values(clients, world, victims_count):
    rows = [victim_row(), victim_row(pc_first_name="Ma", v_date_of_birth="1990", status="draft")]
    response = import_file(clients["caseworker_rs_ngo"], csv_bytes(rows), "victims.csv")

    assert response.status_code == 200
    assert "2</strong> created" in response.content.decode()
    first, second = victims_of(world["rs_ngo"])
    assert (first.territory, first.institution) == (world["rs"], world["rs_ngo"])
    assert first.record_number == "RS-V000001" and second.record_number == "RS-V000002"
    assert first.v_exploitation_form == ["sexual", "labour"]
    assert first.v_sex == "female" and first.v_citizenship == "RS"
    assert first.v_number_of_children == 2
    assert first.status == "complete" and second.status == "draft"
    assert second.v_date_of_birth == "1990"
    # Derived: born 12 April 1995, identified 1 March 2024 -> 28 years old, not a minor.
    assert first.v_age_at_identification == 28 and first.v_minor_flag == "no"
    assert first.reporting_year == 2024
    # The personal code is hashed from its elements; the letters are stored nowhere.
    expected = hash_code(
        build_code(
            first_name="An",
            family_name="Pe",
            date_of_birth="1995-04-12",
            sex="female",
            citizenship="RS",
        )
    )
    assert first.personal_code_hash == expected == first.person_key
    assert "An" not in str(first.indicator_values())
    assert victims_count() == 2


def test_it_imports_a_good_xlsx_file_with_labels_dates_and_the_label_row(clients, world):
    """Exact labels instead of codes, a real date cell, a whole number typed as a number, and
    the template's second header row (labels) are all accepted."""
    import datetime as dt

    headers = HEADERS
    rows = [
        victim_row(
            v_sex="Female",
            v_citizenship="Serbia",
            v_identification_date=dt.datetime(2024, 3, 1),
            v_number_of_children=3,
            v_exploitation_form="Sexual exploitation; labour",
        )
    ]
    from indicators.catalogue import VICTIMS
    from indicators.exchange.columns import column_map

    labels = [column_map(VICTIMS)[h].label for h in headers]
    content = xlsx_bytes(rows, headers, label_row=labels)
    response = import_file(clients["caseworker_rs_ngo"], content, "victims.xlsx")

    assert response.status_code == 200, response.content.decode()[-3000:]
    (record,) = victims_of(world["rs_ngo"])
    assert record.v_sex == "female"
    assert record.v_citizenship == "RS"
    assert record.v_identification_date == "2024-03-01"
    assert record.v_number_of_children == 3
    assert record.v_exploitation_form[1] == "labour"


def test_a_semicolon_separated_csv_with_a_bom_is_read(clients, world):
    content = csv_bytes([victim_row()], delimiter=";", bom=True)
    response = import_file(clients["caseworker_rs_ngo"], content, "excel-export.csv")
    assert response.status_code == 200
    (record,) = victims_of(world["rs_ngo"])
    assert record.v_exploitation_form == ["sexual", "labour"]


def test_a_coordinator_imports_into_an_institution_of_the_territory(clients, world):
    response = import_file(
        clients["coordinator_rs"],
        csv_bytes([victim_row()]),
        "police.csv",
        institution=world["rs_police"].pk,
    )
    assert response.status_code == 200
    assert len(victims_of(world["rs_police"])) == 1


def test_a_coordinator_cannot_choose_an_institution_of_another_territory(clients, world):
    response = upload(
        clients["coordinator_rs"],
        URL,
        csv_bytes([victim_row()]),
        "x.csv",
        institution=world["al_ngo"].pk,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert victims_of(world["al_ngo"]) == []


def test_a_prosecutor_imports_trafficker_records(clients, world):
    row = {
        "t_sex": "male",
        "t_citizenship": "RS",
        "t_date_of_birth": "1980",
        "t_role": "recruiter;transporter",
        "t_exploitation_forms": "sexual",
        "t_complaint_date": "2024-02-10",
        "pc_first_name": "Ma",
        "pc_family_name": "Jo",
    }
    response = import_file(
        clients["prosecutor_rs"], csv_bytes([row]), "t.csv", url="/traffickers/import/"
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    with scopes_disabled():
        (record,) = TraffickerRecord.objects.all()
    assert record.record_number == "RS-T000001"
    assert record.institution == world["rs_prosecution"]
    assert record.t_role == ["recruiter", "transporter"]
    assert record.personal_code_hash == hash_code(
        build_code(
            first_name="Ma",
            family_name="Jo",
            date_of_birth="1980",
            sex="male",
            citizenship="RS",
            prefix="T",
        )
    )


# --- the preview ----------------------------------------------------------------------------


def test_the_preview_lists_every_error_by_row_and_column_and_saves_nothing(
    clients, world, victims_count
):
    rows = [
        victim_row(),
        victim_row(pc_first_name="Bo", v_sex="femme"),  # unknown code
        victim_row(pc_first_name="Ce", v_date_of_birth="12/04/1995"),  # wrong date format
        victim_row(pc_first_name="Da", v_number_of_children="two"),  # not a number
        # A value for an indicator whose condition does not hold (no children).
        victim_row(pc_first_name="Ed", v_has_children="no", v_number_of_children="1"),
        # A cross-field rule: the main form must be one of the forms.
        victim_row(pc_first_name="Fi", v_main_exploitation_form="begging"),
    ]
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes(rows), "bad.csv")

    assert response.status_code == 200
    assert error_cells(response) == {
        ("3", "v_sex"),
        ("4", "v_date_of_birth"),
        ("5", "v_number_of_children"),
        ("6", "v_number_of_children"),
        ("7", "v_main_exploitation_form"),
    }
    html = response.content.decode()
    assert "Unknown code “femme”" in html
    assert "is not a date" in html
    assert "does not apply" in html
    assert "5 problems in 6 rows" in html
    assert victims_count() == 0
    with scopes_disabled():
        assert PendingImport.objects.count() == 0


def test_the_preview_says_what_would_be_created_and_updated(clients, world):
    client = clients["caseworker_rs_ngo"]
    import_file(client, csv_bytes([victim_row()]), "first.csv")
    (record,) = victims_of(world["rs_ngo"])
    rows = [
        victim_row(uuid=str(record.uuid), pc_first_name="", pc_family_name="", v_sex="female"),
        victim_row(pc_first_name="Zo"),
    ]
    rows[0]["v_number_of_children"] = "3"
    response = client.get(preview_url(upload(client, URL, csv_bytes(rows), "second.csv")))
    html = response.content.decode()
    assert 'data-testid="count-create">1 to create' in html
    assert 'data-testid="count-update">1 to update' in html
    # The columns that change, by label (the catalogue's), not by code.
    assert "<td>Number of children</td>" in html
    assert "v_number_of_children" not in html.split('data-testid="preview-rows"')[1]
    assert "RS-V000001" in html


def test_cancelling_deletes_the_pending_upload(clients, world, victims_count):
    client = clients["caseworker_rs_ngo"]
    location = preview_url(upload(client, URL, csv_bytes([victim_row()]), "v.csv"))
    response = client.post(location + "cancel/")
    assert response.status_code == 302
    with scopes_disabled():
        assert PendingImport.objects.count() == 0
    assert client.post(location + "confirm/").status_code == 404
    assert victims_count() == 0


def test_another_user_cannot_confirm_someone_elses_upload(clients, world, victims_count):
    location = preview_url(
        upload(clients["caseworker_rs_ngo"], URL, csv_bytes([victim_row()]), "v.csv")
    )
    assert clients["coordinator_rs"].get(location).status_code == 404
    assert clients["coordinator_rs"].post(location + "confirm/").status_code == 404
    assert victims_count() == 0


def test_pending_uploads_expire_after_an_hour(clients, world):
    import datetime as dt

    from django.utils import timezone

    client = clients["caseworker_rs_ngo"]
    location = preview_url(upload(client, URL, csv_bytes([victim_row()]), "v.csv"))
    with scopes_disabled():
        PendingImport.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert client.post(location + "confirm/").status_code == 404
    client.get(URL)
    with scopes_disabled():
        assert PendingImport.objects.count() == 0


def test_a_timer_deletes_expired_uploads_without_anyone_opening_an_import_page(clients, world):
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone

    client = clients["caseworker_rs_ngo"]
    old = preview_url(upload(client, URL, csv_bytes([victim_row()]), "old.csv"))
    fresh = preview_url(upload(client, URL, csv_bytes([victim_row()]), "fresh.csv"))
    with scopes_disabled():
        PendingImport.objects.filter(file_name="old.csv").update(
            created_at=timezone.now() - dt.timedelta(minutes=61)
        )
    from django.contrib.sessions.models import Session

    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    live_sessions = Session.objects.filter(expire_date__gt=timezone.now()).count()
    output = io.StringIO()
    call_command("purge_expired", stdout=output)

    assert "Deleted 1 expired upload(s) and 1 expired session(s)" in output.getvalue()
    assert Session.objects.count() == live_sessions  # the signed-in caseworker stays signed in
    with scopes_disabled():
        assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["fresh.csv"]
    assert client.get(old).status_code == 404
    assert client.get(fresh).status_code == 200


# --- bad files ------------------------------------------------------------------------------


BAD_FILES = {
    "wrong encoding": (
        "latin1.csv",
        csv_bytes([victim_row(v_victim_prosecuted_offence="")], encoding="utf-8").replace(
            b"Pe", "Pé".encode("latin-1")
        ),
        "not in UTF-8",
    ),
    "missing header": (
        "noheader.csv",
        b"identified,female,1995-04-12,RS\n",
        "first row is not the header",
    ),
    "wrong header": (
        "labels.csv",
        b"Sex,Date of birth\nfemale,1995\n",
        "the code is v_sex",
    ),
    "empty file": ("empty.csv", b"", "The file is empty"),
    "header only": ("header.csv", b"v_sex,v_date_of_birth\n", "no rows of data"),
    "not a spreadsheet": ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a spreadsheet"),
    "a zip that is not a workbook": (
        "archive.xlsx",
        b"PK\x03\x04" + b"\x00" * 200,
        "not a readable XLSX workbook",
    ),
    "old excel": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(case, clients, world, victims_count):
    name, content, message = BAD_FILES[case]
    response = upload(clients["caseworker_rs_ngo"], URL, content, name)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="file-error"' in html
    assert message in html
    assert victims_count() == 0
    (entry,) = audit_imports()
    assert entry.detail["result"] == "refused" and entry.detail["file"] == name


def test_an_unknown_column_is_named(clients, world):
    content = csv_bytes([victim_row(v_shoe_size="42")])
    response = upload(clients["caseworker_rs_ngo"], URL, content, "x.csv")
    assert "Unknown column in the header: “v_shoe_size”" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(clients, world, settings, victims_count):
    settings.THB_IMPORT_MAX_BYTES = 2000
    content = csv_bytes([victim_row(pc_first_name=f"A{chr(97 + i % 26)}") for i in range(30)])
    assert len(content) > 2000
    response = upload(clients["caseworker_rs_ngo"], URL, content, "big.csv")
    assert "larger than" in response.content.decode()
    assert victims_count() == 0


def test_a_file_over_the_row_limit_is_refused(clients, world, settings, victims_count):
    settings.THB_IMPORT_MAX_ROWS = 3
    rows = [victim_row(pc_first_name=f"A{chr(97 + i)}") for i in range(4)]
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes(rows), "many.csv")
    assert "more than 3 rows" in response.content.decode()
    assert victims_count() == 0


@pytest.mark.parametrize("formula", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("x")'])
def test_a_formula_in_a_csv_cell_is_refused(formula, clients, world, victims_count):
    content = csv_bytes([victim_row(v_victim_prosecuted_offence=formula)])
    response = upload(clients["caseworker_rs_ngo"], URL, content, "f.csv")
    assert error_cells(response) == {("2", "v_victim_prosecuted_offence")}
    assert "formula" in response.content.decode()
    assert victims_count() == 0


def test_a_formula_cell_in_an_xlsx_file_is_refused(clients, world, victims_count):
    content = xlsx_bytes(
        [victim_row(), victim_row(pc_first_name="Bo")],
        HEADERS,
        formulas={(1, "v_number_of_children"): "=1+1"},
    )
    response = upload(clients["caseworker_rs_ngo"], URL, content, "f.xlsx")
    assert error_cells(response) == {("3", "v_number_of_children")}
    assert victims_count() == 0


def test_identical_rows_are_refused_as_duplicates(clients, world, victims_count):
    response = upload(
        clients["caseworker_rs_ngo"], URL, csv_bytes([victim_row(), victim_row()]), "d.csv"
    )
    assert error_cells(response) == {("3", "")}
    assert "repeats row 2" in response.content.decode()
    assert victims_count() == 0


def test_the_same_uuid_twice_is_refused(clients, world):
    client = clients["caseworker_rs_ngo"]
    import_file(client, csv_bytes([victim_row()]), "first.csv")
    (record,) = victims_of(world["rs_ngo"])
    rows = [
        victim_row(uuid=str(record.uuid), v_number_of_children="3"),
        victim_row(uuid=str(record.uuid), v_number_of_children="4"),
    ]
    response = upload(client, URL, csv_bytes(rows), "twice.csv")
    assert error_cells(response) == {("3", "uuid")}
    record.refresh_from_db()
    assert record.v_number_of_children == 2 and record.version == 1


def test_a_signed_off_year_refuses_new_records(clients, world, victims_count):
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes([victim_row()]), "v.csv")
    assert "2024 is signed off" in response.content.decode()
    assert victims_count() == 0


def test_a_complete_record_needs_its_core_indicators_and_code(clients, world):
    rows = [victim_row(v_sex="", pc_first_name="", pc_family_name="")]
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes(rows), "v.csv")
    assert error_cells(response) == {("2", "v_sex"), ("2", "pc_first_name")}


# --- scope ----------------------------------------------------------------------------------


def _record_of(client, world, institution_key="rs_ngo", **row):
    import_file(client, csv_bytes([victim_row(**row)]), "seed.csv")
    return victims_of(world[institution_key])[-1]


def test_a_uuid_of_another_territory_is_refused_and_that_record_untouched(clients, world):
    albanian = _record_of(
        clients["caseworker_al"],
        world,
        "al_ngo",
        v_citizenship="AL",
        v_identification_date="2024-05-01",
    )
    row = victim_row(uuid=str(albanian.uuid), v_number_of_children="5")
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes([row]), "steal.csv")
    assert error_cells(response) == {("2", "uuid")}
    html = response.content.decode()
    assert "another territory or institution" in html
    assert not markup_has(html, albanian.record_number)
    albanian.refresh_from_db()
    assert albanian.v_number_of_children == 2 and albanian.version == 1


def test_a_uuid_of_another_institution_is_refused_to_a_caseworker(clients, world):
    police = _record_of(clients["caseworker_rs_police"], world, "rs_police")
    row = victim_row(uuid=str(police.uuid), v_number_of_children="5")
    response = upload(clients["caseworker_rs_ngo"], URL, csv_bytes([row]), "x.csv")
    assert error_cells(response) == {("2", "uuid")}
    police.refresh_from_db()
    assert police.v_number_of_children == 2


def test_a_caseworker_cannot_import_into_another_institution(clients, world):
    client = clients["caseworker_rs_ngo"]
    # An institution posted with the form is ignored: the caseworker's own is used.
    import_file(client, csv_bytes([victim_row()]), "v.csv", institution=world["rs_police"].pk)
    assert victims_of(world["rs_police"]) == []
    assert len(victims_of(world["rs_ngo"])) == 1
    # A row naming another institution, or another territory, is refused.
    rows = [
        victim_row(pc_first_name="Bo", institution="Police Belgrade"),
        victim_row(pc_first_name="Ce", territory="AL"),
    ]
    response = upload(client, URL, csv_bytes(rows, [*HEADERS, "institution", "territory"]), "x.csv")
    assert error_cells(response) == {("2", "institution"), ("3", "territory")}


@pytest.mark.parametrize("persona", ["analyst", "prosecutor_rs", "admin"])
def test_roles_that_do_not_enter_victims_cannot_import_them(persona, clients, world):
    client = clients[persona]
    assert client.get(URL).status_code == 403
    assert upload(client, URL, csv_bytes([victim_row()]), "v.csv").status_code == 403


def test_caseworkers_cannot_import_trafficker_records(clients, world):
    assert clients["caseworker_rs_ngo"].get("/traffickers/import/").status_code == 403


def test_the_import_page_needs_a_signed_in_user(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- audit -----------------------------------------------------------------------------------


def test_an_import_is_audited_for_the_file_and_each_record(clients, world, personas):
    import_file(
        clients["caseworker_rs_ngo"],
        csv_bytes([victim_row(), victim_row(pc_first_name="Bo")]),
        "two.csv",
    )
    (entry,) = audit_imports()
    assert entry.user == personas["caseworker_rs_ngo"]
    assert entry.territory == world["rs"]
    assert entry.detail["file"] == "two.csv"
    assert entry.detail["rows"] == 2
    assert entry.detail["result"] == "imported"
    assert entry.detail["created"] == 2
    with scopes_disabled():
        created = AuditEntry.objects.filter(action=Action.CREATE).values_list(
            "object_repr", flat=True
        )
        assert sorted(created) == ["RS-V000001", "RS-V000002"]


# --- the template -----------------------------------------------------------------------------


def test_the_template_has_codes_labels_code_lists_and_dropdowns(clients, world):
    response = clients["caseworker_rs_ngo"].get("/victims/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["records"]
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == [
        "uuid",
        "record_number",
        "territory",
        "institution",
        "status",
        "pc_first_name",
        "pc_family_name",
    ]
    sex = headers.index("v_sex") + 1
    assert sheet.cell(row=2, column=sex).value == "Sex ●"
    assert "Sex of the person" in sheet.cell(row=1, column=sex).comment.text
    assert "v_age_at_identification" not in headers  # derived: never typed in
    assert [r[0] for r in workbook["sex"].iter_rows(min_row=2, values_only=True)] == [
        "male",
        "female",
        "unknown",
    ]
    letter = sheet.cell(row=1, column=sex).column_letter
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert f"{letter}3:{letter}10002" in validations
    assert validations[f"{letter}3:{letter}10002"].type == "list"
    # Multiple choice: no dropdown (codes separated by ;).
    forms = sheet.cell(row=1, column=headers.index("v_exploitation_form") + 1).column_letter
    assert f"{forms}3:{forms}10002" not in validations
    assert clients["analyst"].get("/victims/import/template.xlsx").status_code == 403


def test_the_filled_in_template_imports(clients, world):
    client = clients["caseworker_rs_ngo"]
    workbook = load_workbook(io.BytesIO(client.get("/victims/import/template.xlsx").content))
    sheet = workbook["records"]
    headers = [c.value for c in sheet[1]]
    for name, value in victim_row().items():
        sheet.cell(row=3, column=headers.index(name) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = import_file(client, buffer.getvalue(), "template.xlsx")
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert len(victims_of(world["rs_ngo"])) == 1


def test_the_import_export_resource_cannot_reach_another_territorys_record(
    clients, world, personas
):
    """django-import-export's own instance loader goes through the scoped queryset."""
    import tablib

    from indicators.exchange.config import EXCHANGES
    from indicators.exchange.resources import record_resource
    from thb_data.scoping import scope_for

    albanian = _record_of(
        clients["caseworker_al"],
        world,
        "al_ngo",
        v_citizenship="AL",
        v_identification_date="2024-05-01",
    )
    user = personas["caseworker_rs_ngo"]
    resource = record_resource(EXCHANGES["victims"], user=user, institution=world["rs_ngo"])
    dataset = tablib.Dataset(headers=["uuid", "v_sex", "v_number_of_children"])
    dataset.append([str(albanian.uuid), "male", "9"])
    with scope_for(user):
        result = resource.import_data(dataset)
    assert result.has_errors()
    albanian.refresh_from_db()
    assert (albanian.v_sex, albanian.v_number_of_children, albanian.version) == ("female", 2, 1)
    assert victims_of(world["rs_ngo"]) == []
