"""National code lists and institutions imported and exported in the back office
(django-import-export's admin: upload, preview, confirm): scoped to the coordinator's territory,
all or nothing, formula-safe, audited."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import NationalCodeEntry
from thb_data.accounts.models import Institution
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

IMPORT = reverse("admin:indicators_nationalcodeentry_import")
CONFIRM = reverse("admin:indicators_nationalcodeentry_process_import")
EXPORT = reverse("admin:indicators_nationalcodeentry_export")
HEADER = "territory,list_code,code,label,maps_to,is_active,sort_order\n"


def municipalities(n, *, territory="RS", start=0):
    return "".join(
        f"{territory},municipalities,m{i:03d},Municipality {i},,1,{i}\n"
        for i in range(start, start + n)
    )


def entries(code):
    with scopes_disabled():
        return {
            (e.list_code, e.code): e.label
            for e in NationalCodeEntry.objects.filter(territory__code=code)
        }


def upload(client, text, name="lists.csv"):
    """Step 1: the upload and its preview (a dry run)."""
    return client.post(
        IMPORT,
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, text.encode())},
    )


def confirm(client, preview):
    """Step 2: confirm with the hidden fields of the preview's confirm form."""
    form = preview.context["confirm_form"]
    return client.post(CONFIRM, {name: form[name].value() for name in form.fields})


def test_a_coordinator_imports_a_national_code_list_after_a_preview(
    security_clients, security_world
):
    client = security_clients["coordinator_rs"]
    assert client.get(IMPORT).status_code == 200
    before_rs, before_al = entries("RS"), entries("AL")
    text = HEADER + municipalities(300)
    preview = upload(client, text)
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert preview.context["result"].totals["new"] == 300
    assert entries("RS") == before_rs  # the preview changed nothing
    response = confirm(client, preview)
    assert response.status_code == 302
    after = entries("RS")
    assert len(after) == len(before_rs) + 300
    assert after[("municipalities", "m042")] == "Municipality 42"
    assert entries("AL") == before_al
    with scopes_disabled():
        created = AuditEntry.objects.filter(
            action="create", object_type="indicators.nationalcodeentry"
        )
        assert created.count() == 300
        summary = AuditEntry.objects.get(
            action="import", object_type="indicators.nationalcodeentry"
        )
    assert summary.territory.code == "RS" and summary.username == "co-rs"
    assert summary.detail["totals"] == {"new": 300}


def test_a_second_import_updates_by_list_and_code(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    confirm(client, upload(client, HEADER + municipalities(3)))
    preview = upload(client, HEADER + "RS,municipalities,m001,Renamed,,1,1\n")
    assert preview.context["result"].totals["update"] == 1
    confirm(client, preview)
    assert entries("RS")[("municipalities", "m001")] == "Renamed"
    with scopes_disabled():
        update = AuditEntry.objects.filter(action="update").latest("id")
    assert update.changes == {"label": ["Municipality 1", "Renamed"]}


def test_a_bad_file_is_refused_with_nothing_changed(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    before = entries("RS")
    bad = (
        HEADER
        + municipalities(5)
        + "RS,no_such_list,x1,Unknown list,,1,0\n"
        + 'RS,municipalities,m900,=HYPERLINK("http://evil"),,1,0\n'
    )
    preview = upload(client, bad)
    assert preview.context.get("confirm_form") is None
    result = preview.context["result"]
    assert result.has_validation_errors()
    page = preview.content.decode()
    assert "starts like a spreadsheet formula" in page
    assert "no_such_list" in page
    assert entries("RS") == before
    # Even posted to the confirm step directly, nothing is half-imported.
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="import").exists()


def test_another_territorys_list_is_untouched_whatever_the_file_says(
    security_clients, security_world
):
    client = security_clients["coordinator_rs"]
    before_al = entries("AL")
    al_code = next(code for (_list, code) in before_al)
    text = HEADER + f"AL,municipalities,{al_code},Taken over,,1,0\nAL,municipalities,z1,New,,1,0\n"
    confirm(client, upload(client, text))
    assert entries("AL") == before_al
    # The rows went to the coordinator's own territory.
    rs = entries("RS")
    assert rs[("municipalities", al_code)] == "Taken over" and rs[("municipalities", "z1")] == "New"


def test_an_id_column_cannot_aim_at_another_territorys_row(security_clients, security_world):
    with scopes_disabled():
        al_entry = NationalCodeEntry.objects.filter(territory__code="AL").first()
    client = security_clients["coordinator_rs"]
    text = "id," + HEADER + f"{al_entry.pk},RS,municipalities,hijack,Hijacked,,1,0\n"
    confirm(client, upload(client, text))
    with scopes_disabled():
        al_entry.refresh_from_db()
    assert al_entry.label != "Hijacked" and al_entry.territory.code == "AL"


def test_the_export_holds_the_territorys_entries_only_and_neutralises_formulas(
    security_clients, security_world
):
    with scopes_disabled():
        rs = security_world.first("code_entry", "RS")
        NationalCodeEntry.objects.filter(pk=rs.pk).update(label="=1+1 (typed in the admin)")
    client = security_clients["coordinator_rs"]
    form = client.get(EXPORT).context["form"]
    chosen = {name: "on" for name, field in form.fields.items() if hasattr(field, "resource_name")}
    response = client.post(EXPORT, {"format": "1", "resource": "0", **chosen})
    assert response.status_code == 200, response.content[:500]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    territories = {row[0] for row in rows[1:]}
    assert territories == {"RS"}
    labels = [row[3] for row in rows[1:]]
    assert "'=1+1 (typed in the admin)" in labels
    assert not any(str(label).startswith("=") for label in labels)
    # The exported file imports back unchanged (the apostrophe comes off again).
    sheet = Workbook()
    for row in rows:
        sheet.active.append(list(row))
    buffer = io.BytesIO()
    sheet.save(buffer)
    preview = client.post(
        IMPORT,
        {
            "format": "1",
            "resource": "0",
            "import_file": SimpleUploadedFile("back.xlsx", buffer.getvalue()),
        },
    )
    result = preview.context["result"]
    assert not result.has_errors(), [e.error for e in result.base_errors]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert preview.context["confirm_form"] is not None
    totals = preview.context["result"].totals
    assert totals["new"] == 0 and totals["update"] == 0


def test_institutions_import_into_the_coordinators_territory(security_clients, world):
    client = security_clients["coordinator_rs"]
    url = reverse("admin:accounts_institution_import")
    text = "territory,name,kind,is_active\nAL,Labour inspectorate Niš,labour_inspectorate,1\n"
    preview = client.post(
        url,
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("i.csv", text.encode())},
    )
    form = preview.context["confirm_form"]
    client.post(
        reverse("admin:accounts_institution_process_import"),
        {name: form[name].value() for name in form.fields},
    )
    with scopes_disabled():
        created = Institution.objects.get(name="Labour inspectorate Niš")
    assert created.territory.code == "RS"


@pytest.mark.parametrize("persona", ["caseworker_rs_ngo", "analyst"])
def test_other_roles_reach_no_import(security_clients, security_world, persona):
    response = security_clients[persona].get(IMPORT)
    assert response.status_code in (302, 403)
    assert not re.search(r"Municipality|Matrixville", response.content.decode())
