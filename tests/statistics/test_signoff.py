"""Signing off a year locks its records; reopening needs a reason; both are audited."""

import pytest

from indicators.records import save_record
from tests.conftest import signed_in_client
from thb_data.audit.models import AuditEntry
from thb_data.records import ReportingYear, YearSignedOff
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

URL = "/statistics/RS/2024/"
# The confirmation, with every check before the sign-off acknowledged (tests/quality tests them).
SIGN_OFF = {
    "confirm": "yes",
    "acknowledge": ["drafts", "undated", "duplicates", "warnings", "revisions"],
}


def rs_record(person):
    with scopes_disabled():
        return VictimRecord.objects.get(territory__code="RS", person_key=person)


def signed_off(year=2024):
    with scopes_disabled():
        return ReportingYear.objects.filter(territory__code="RS", year=year, signed_off=True)


def test_a_coordinator_signs_off_a_year_and_its_tables_become_final(dataset, clients):
    client = clients["coordinator_rs"]
    assert "Provisional" in client.get(URL).content.decode()
    response = client.post(URL + "sign-off/", SIGN_OFF)
    assert response.status_code == 302
    row = signed_off().get()
    assert row.signed_off_by.username == "co-rs" and row.signed_off_at
    page = client.get(URL).content.decode()
    assert "Final figures: the reporting year 2024 was signed off" in page
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="sign_off")
    assert entry.territory.code == "RS" and entry.detail["year"] == 2024


def test_signing_off_needs_the_confirmation(dataset, clients):
    clients["coordinator_rs"].post(URL + "sign-off/", {})
    assert not signed_off().exists()


def test_a_signed_off_year_refuses_saves_the_edit_page_and_the_edit_post(
    dataset, clients, personas
):
    clients["coordinator_rs"].post(URL + "sign-off/", SIGN_OFF)
    record = rs_record("dan")
    with scopes_disabled(), pytest.raises(YearSignedOff):
        save_record(record, user=personas["caseworker_rs_police"], values={"v_sex": "female"},
                    status="complete")  # fmt: skip
    client = clients["caseworker_rs_police"]
    edit = f"/victims/{record.uuid}/edit/"
    response = client.get(edit)
    assert response.status_code == 403  # no form to fill: a page saying the year is signed off
    assert "The reporting year 2024 is signed off" in response.content.decode()
    response = client.post(edit, {"v_sex": "female", "version": record.version})
    assert response.status_code == 403
    assert rs_record("dan").v_sex == "male"
    # The other years stay open.
    with scopes_disabled():
        assert not ReportingYear.is_locked(record.territory_id, 2023)


def test_reopening_needs_a_reason_and_is_audited(dataset, clients):
    client = clients["coordinator_rs"]
    client.post(URL + "sign-off/", SIGN_OFF)
    response = client.post(URL + "reopen/", {"reason": "  "}, follow=True)
    assert "Say why the year is reopened" in response.content.decode()
    assert signed_off().exists()
    client.post(URL + "reopen/", {"reason": "Late police records for December"})
    assert not signed_off().exists()
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="reopen")
    assert entry.detail["reason"] == "Late police records for December"
    assert entry.username == "co-rs"
    assert "Provisional" in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["caseworker_rs_ngo", "prosecutor_rs", "analyst"])
def test_only_coordinators_and_administrators_sign_off(dataset, personas, persona):
    response = signed_in_client(personas[persona]).post(URL + "sign-off/", SIGN_OFF)
    assert response.status_code == 403
    assert not signed_off().exists()


def test_a_coordinator_of_another_territory_cannot_sign_off(dataset, clients):
    response = clients["coordinator_al"].post(URL + "sign-off/", SIGN_OFF)
    assert response.status_code == 404
    assert not signed_off().exists()
