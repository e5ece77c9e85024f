"""Caseworkers enter victim records through the form generated from the catalogue."""

import re

import pytest
from django.urls import reverse

from indicators.catalogue import VICTIMS
from tests.htmltools import markup_has, option_labels
from tests.victims.conftest import CORE, DRAFT, complete_record_data, make_record
from thb_data.audit.models import Action, AuditEntry
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db


def is_checked(body, name, value):
    """True when the checkbox ``name`` = ``value`` is rendered checked."""
    for tag in re.findall(r"<input[^>]*>", body):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no checkbox {name}={value}")


def all_records():
    with scopes_disabled():
        return list(VictimRecord.with_deleted.all())


def only_record():
    records = all_records()
    assert len(records) == 1
    return records[0]


def test_the_form_lays_out_every_section_with_the_two_save_buttons(clients, national_lists):
    response = clients["caseworker_rs_ngo"].get(reverse("victims:create"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-indicator-form" in body
    for section in VICTIMS.sections:
        assert f'id="section-{section.code}"' in body
    assert 'name="status" value="draft"' in body
    assert 'name="status" value="complete"' in body
    assert 'name="version"' in body
    assert 'name="pc_first_name"' in body and 'name="pc_family_name"' in body
    # Conditional fields carry their condition for the browser.
    assert 'data-depends-on="v_exploitation_form"' in body
    # Serbian national lists are offered, the Albanian entry is not.
    offered = option_labels(body)
    assert "Beograd" in offered and "Tirana" not in offered
    assert not markup_has(body, "Tirana")
    # No field for the derived child flag or the personal code itself.
    assert 'name="v_minor_flag"' not in body and 'name="v_personal_code"' not in body


def test_a_complete_record_with_every_section_is_saved_through_the_form(
    clients, personas, national_lists
):
    response = clients["caseworker_rs_ngo"].post(reverse("victims:create"), complete_record_data())
    record = only_record()
    assert response.status_code == 302
    assert response["Location"] == reverse("victims:detail", args=[record.uuid])
    assert record.status == "complete"
    assert record.territory == personas["caseworker_rs_ngo"].territory
    assert record.institution == personas["caseworker_rs_ngo"].institution
    assert record.created_by == personas["caseworker_rs_ngo"]
    assert record.number == 1 and record.version == 1
    assert record.reporting_year == 2024  # year of identification
    assert record.v_date_of_birth == "2001-06" and record.v_date_of_birth_estimated is True
    assert record.v_transit_countries == ["RO", "HU"]
    assert record.v_exploitation_form == ["sexual", "labour"]
    assert record.v_labour_sector == ["i_accommodation_food"]
    assert record.v_sexual_exploitation_setting == ["bar_nightclub", "private_apartment"]
    assert record.v_assistance_provider_ngo == ["astra"]
    assert record.v_residence_permit == "granted"
    assert record.v_return_to == "MD"
    assert str(record.v_compensation_amount) == "1500.50"
    assert record.v_times_trafficked == 1
    # Catalogue 2.0 fields, as typed.
    assert record.v_formal_identification_date == "2024-02-20"
    assert record.v_status_decision_body == "centre_for_victim_protection"
    assert record.v_intercepted == "no"
    assert record.v_recruitment_method == ["false_job_offer"]
    assert record.v_recruitment_channel == ["online_job_site", "social_network"]
    assert record.v_ict_use == ["recruitment", "advertising"]
    assert record.v_ict_platforms == ["facebook", "telegram"]
    assert record.v_identification_referral_source == "ngo"
    assert record.v_identification_referral_outcome == "identified"
    assert record.v_residence_permit_ground == "personal_situation"
    assert record.v_legal_aid == "yes"
    assert record.v_non_punishment == ["irregular_entry_stay", "false_documents"]
    assert record.v_non_punishment_stage == "misdemeanour"
    assert record.v_non_punishment_outcome == "charges_dropped"
    assert record.v_compensation_source == ["perpetrator"]
    assert record.v_compensation_paid_amount is None  # awarded, not paid: does not apply
    assert record.v_unaccompanied_child == "not_applicable"
    # Derived: born mid-June 2001, recruited mid-February 2023 -> 21; child flag no.
    assert record.v_age_at_recruitment == 21
    assert record.v_minor_flag == "no"
    # Exploitation 2023-03-05 to 2024-01-20: 321 days.
    assert record.v_exploitation_duration == 321
    assert len(record.personal_code_hash) == 64
    with scopes_disabled():
        assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(record.uuid)).exists()


def test_a_draft_is_saved_without_the_core_indicators_and_completed_later(clients):
    client = clients["caseworker_rs_ngo"]
    client.post(reverse("victims:create"), DRAFT)
    record = only_record()
    assert record.status == "draft"
    assert record.personal_code_hash == ""

    # Completing without the core indicators is refused, field by field.
    edit = reverse("victims:edit", args=[record.uuid])
    response = client.post(edit, {**DRAFT, "status": "complete", "version": 1})
    form = response.context["form"]
    for code in ("v_victim_status", "v_date_of_birth", "v_exploitation_form"):
        assert "Required to mark the record complete." in form.errors[code]
    assert "personal code is required" in form.errors["pc_first_name"][0]
    assert only_record().status == "draft"

    response = client.post(edit, {**CORE, "status": "complete", "version": 1})
    assert response.status_code == 302
    record = only_record()
    assert record.status == "complete" and record.version == 2
    assert record.v_identification_date == "2025-03-10"


def test_labour_exploitation_requires_the_sector_to_complete(clients):
    data = {**CORE, "v_exploitation_form": ["labour"], "v_main_exploitation_form": "labour"}
    data.pop("v_sexual_exploitation_setting")
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**data, "status": "complete"}
    )
    assert response.context["form"].errors["v_labour_sector"] == [
        "Required to mark the record complete."
    ]
    assert all_records() == []


def test_a_rejected_form_keeps_everything_typed(clients, national_lists):
    data = complete_record_data()
    data["v_exploitation_end"] = "2022-01-01"  # before the start: refused
    response = clients["caseworker_rs_ngo"].post(reverse("victims:create"), data)
    assert response.status_code == 200
    assert all_records() == []
    form = response.context["form"]
    assert "v_exploitation_end" in form.errors
    body = response.content.decode()
    # The transit countries typed as "RO, HU": both chosen, in that order.
    romania = body.index('<option value="RO" selected>Romania</option>')
    assert romania < body.index('<option value="HU" selected>Hungary</option>')
    assert 'value="2022-01-01"' in body
    assert 'value="Ma"' in body and 'value="Ro"' in body
    assert is_checked(body, "v_labour_sector", "i_accommodation_food")
    assert is_checked(body, "v_exploitation_form", "labour")
    assert "The record was not saved" in body


def test_fields_that_do_not_apply_are_ignored_on_the_server(clients):
    data = {**CORE, "v_labour_sector": ["f_construction"], "v_return_date": "2025-01-01"}
    clients["caseworker_rs_ngo"].post(reverse("victims:create"), {**data, "status": "complete"})
    record = only_record()
    assert record.v_labour_sector == []  # sexual exploitation only: no labour sector
    assert record.v_return_date == ""  # not returned


def test_the_child_flag_is_derived_never_typed(clients):
    data = {**CORE, "v_date_of_birth": "2010-01-01", "v_minor_flag": "no"}
    clients["caseworker_rs_ngo"].post(reverse("victims:create"), {**data, "status": "complete"})
    assert only_record().v_minor_flag == "yes"


def test_an_estimated_date_out_of_order_warns_and_saves(clients):
    data = {**CORE, "v_date_of_birth": "1990", "v_date_of_birth_estimated": "on"}
    data["v_recruitment_date"] = "1989"
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**data, "status": "draft"}, follow=True
    )
    assert only_record().v_recruitment_date == "1989"
    warnings = [m.message for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("Date of recruitment must be after" in w for w in warnings), warnings


def test_a_coordinator_registers_for_an_institution_of_the_territory(clients, world):
    url = reverse("victims:create")
    body = clients["coordinator_rs"].get(url).content.decode()
    offered = option_labels(body)
    assert "Police Belgrade" in offered and "Police Tirana" not in offered
    assert not markup_has(body, "Police Tirana")
    response = clients["coordinator_rs"].post(url, {**DRAFT, "institution": world["rs_police"].pk})
    assert response.status_code == 302
    assert only_record().institution == world["rs_police"]


def test_a_coordinator_cannot_register_for_another_territorys_institution(clients, world):
    response = clients["coordinator_rs"].post(
        reverse("victims:create"), {**DRAFT, "institution": world["al_police"].pk}
    )
    assert "institution" in response.context["form"].errors
    assert all_records() == []


def test_a_caseworker_cannot_choose_an_institution(clients, world):
    clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**DRAFT, "institution": world["rs_police"].pk}
    )
    assert only_record().institution == world["rs_ngo"]


def test_the_edit_form_starts_from_the_stored_values(clients, personas):
    record = make_record(personas["caseworker_rs_ngo"], v_transit_countries=["HU"])
    response = clients["caseworker_rs_ngo"].get(reverse("victims:edit", args=[record.uuid]))
    form = response.context["form"]
    assert form.initial["v_sex"] == "female"
    assert form.initial["version"] == 1
    assert 'value="HU"' in response.content.decode()


def test_a_signed_off_year_refuses_the_edit_page(clients, personas, world):
    record = make_record(personas["caseworker_rs_ngo"], v_identification_date="2024-05-01")
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    client = clients["caseworker_rs_ngo"]
    url = reverse("victims:edit", args=[record.uuid])

    response = client.get(url)
    assert response.status_code == 403
    assert "2024 is signed off" in response.content.decode()

    response = client.post(url, {**DRAFT, "v_sex": "male", "version": 1})
    assert response.status_code == 403
    assert "2024 is signed off" in response.content.decode()
    with scopes_disabled():
        assert VictimRecord.objects.get(pk=record.pk).v_sex == "female"


def test_a_new_record_in_a_signed_off_year_is_refused(clients, world):
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**DRAFT, "v_identification_date": "2024-05-01"}
    )
    assert response.status_code == 200
    assert "2024 is signed off" in response.content.decode()
    assert all_records() == []


def test_the_detail_page_shows_sections_and_writes_a_view_entry(clients, personas, national_lists):
    clients["caseworker_rs_ngo"].post(reverse("victims:create"), complete_record_data())
    record = only_record()
    response = clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[record.uuid]))
    body = response.content.decode()
    assert record.record_number == "RS-V000001"
    assert "RS-V000001" in body and "Complete" in body
    assert "Shelter NGO Belgrade" in body
    assert "Moldova" in body  # citizenship label, not the code alone
    assert "Bar, nightclub" in body or "nightclub" in body.lower()
    assert "I. Accommodation and food service activities" in body
    assert "2001-06 (estimated)" in body
    assert 'data-indicator="v_minor_flag">No<' in body
    assert record.personal_code_hash not in body  # long and random: unambiguous
    assert 'data-testid="record-history"' in body
    with scopes_disabled():
        views = AuditEntry.objects.filter(action=Action.VIEW, object_id=str(record.uuid))
        assert views.count() == 1
        assert views.get().user == personas["caseworker_rs_ngo"]
    clients["coordinator_rs"].get(reverse("victims:detail", args=[record.uuid]))
    with scopes_disabled():
        assert (
            AuditEntry.objects.filter(action=Action.VIEW, object_id=str(record.uuid)).count() == 2
        )


def test_delete_and_restore_are_soft_and_audited(clients, personas):
    record = make_record(personas["caseworker_rs_ngo"])
    client = clients["caseworker_rs_ngo"]
    client.post(reverse("victims:delete", args=[record.uuid]))
    with scopes_disabled():
        assert not VictimRecord.objects.filter(pk=record.pk).exists()
        assert VictimRecord.with_deleted.get(pk=record.pk).is_deleted
    listed = client.get(reverse("victims:list")).content.decode()
    assert reverse("victims:detail", args=[record.uuid]) not in listed
    clients["coordinator_rs"].post(reverse("victims:restore", args=[record.uuid]))
    with scopes_disabled():
        assert VictimRecord.objects.filter(pk=record.pk).exists()
        actions = set(
            AuditEntry.objects.filter(object_id=str(record.uuid)).values_list("action", flat=True)
        )
    assert {Action.DELETE, Action.RESTORE} <= actions


def test_delete_is_post_only(clients, personas):
    record = make_record(personas["caseworker_rs_ngo"])
    response = clients["caseworker_rs_ngo"].get(reverse("victims:delete", args=[record.uuid]))
    assert response.status_code == 405
