"""Opening cases, linking and unlinking victim records: atomic actions that respect the
reporting-year sign-off lock and write their audit entry in the same transaction."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.traffickers.conftest import make_case, make_trafficker, make_victim
from thb_data.audit.models import Action, AuditEntry
from thb_data.records import ReportingYear, YearSignedOff
from thb_data.scoping import scopes_disabled
from traffickers import actions
from traffickers.models import CriminalCase


def case_entries(case):
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                object_type="traffickers.criminalcase", object_id=str(case.uuid)
            )
            .order_by("id")
            .values_list("action", "detail")
        )


def linked_numbers(case):
    with scopes_disabled():
        rows = CriminalCase.victims.through.objects.filter(criminalcase=case).select_related(
            "victimrecord"
        )
        return sorted(row.victimrecord.record_number for row in rows)


def sign_off(world, year):
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=year, signed_off=True)


@pytest.fixture
def setting(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_police"])  # identified in 2024
    case = make_case(world["rs_prosecution"], "K-1", user=prosecutor)
    return prosecutor, victim, case


def test_a_link_is_written_with_its_audit_entry(setting):
    prosecutor, victim, case = setting
    with scopes_disabled():
        assert actions.link_victims(user=prosecutor, case=case, victims=[victim]) == [
            victim.record_number
        ]
    assert linked_numbers(case) == [victim.record_number]
    assert case_entries(case) == [(Action.UPDATE, {"linked": [victim.record_number]})]


def test_a_link_in_a_signed_off_year_is_refused_and_nothing_is_written(setting, world):
    prosecutor, victim, case = setting
    sign_off(world, 2024)
    with scopes_disabled(), pytest.raises(YearSignedOff):
        actions.link_victims(user=prosecutor, case=case, victims=[victim])
    assert linked_numbers(case) == []
    assert case_entries(case) == []


def test_a_link_is_refused_when_a_defendant_of_the_case_counts_in_a_signed_off_year(
    setting, world, personas
):
    prosecutor, victim, case = setting
    make_trafficker(prosecutor, case=case, t_complaint_date="2023-04-02")
    sign_off(world, 2023)  # the victim's year, 2024, is open; the defendant's is not
    with scopes_disabled(), pytest.raises(YearSignedOff, match="2023"):
        actions.link_victims(user=prosecutor, case=case, victims=[victim])
    assert linked_numbers(case) == []


def test_the_link_page_refuses_a_signed_off_year_with_a_message(setting, world):
    prosecutor, victim, case = setting
    sign_off(world, 2024)
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:case_link_victim", args=[case.uuid]),
        {"record_number": victim.record_number},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "not linked" in message and "2024 is signed off" in message
    assert linked_numbers(case) == []
    assert case_entries(case) == []


def test_unlinking_is_audited_and_refused_in_a_signed_off_year(setting, world):
    prosecutor, victim, case = setting
    with scopes_disabled():
        case.victims.add(victim)
    client = signed_in_client(prosecutor)
    url = reverse("traffickers:case_unlink_victim", args=[case.uuid])
    sign_off(world, 2024)
    client.post(url, {"record_number": victim.record_number})
    assert linked_numbers(case) == [victim.record_number]
    assert case_entries(case) == []
    with scopes_disabled():
        ReportingYear.objects.filter(year=2024).update(signed_off=False)
    client.post(url, {"record_number": victim.record_number})
    assert linked_numbers(case) == []
    assert case_entries(case) == [(Action.UPDATE, {"unlinked": [victim.record_number]})]


def test_opening_a_case_with_victims_writes_the_case_links_and_entries_together(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_police"])
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:case_create"),
        {"reference": "NEW-7", "victim_numbers": victim.record_number},
    )
    assert response.status_code == 302
    with scopes_disabled():
        case = CriminalCase.objects.get(reference="NEW-7")
    assert linked_numbers(case) == [victim.record_number]
    assert [action for action, _detail in case_entries(case)] == [Action.CREATE, Action.UPDATE]


def test_opening_a_case_linking_a_signed_off_year_is_refused_and_writes_nothing(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_police"])
    sign_off(world, 2024)
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:case_create"),
        {"reference": "NEW-8", "victim_numbers": victim.record_number},
    )
    assert response.status_code == 200
    assert "2024 is signed off" in " ".join(response.context["form"].errors["victim_numbers"])
    with scopes_disabled():
        assert not CriminalCase.objects.filter(reference="NEW-8").exists()
        assert not AuditEntry.objects.filter(object_type="traffickers.criminalcase").exists()


def test_a_failure_while_writing_leaves_neither_link_nor_audit_entry(setting, monkeypatch):
    prosecutor, victim, case = setting

    def broken(*args, **kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(actions, "record_event", broken)
    with scopes_disabled(), pytest.raises(RuntimeError):
        actions.link_victims(user=prosecutor, case=case, victims=[victim])
    assert linked_numbers(case) == []
    assert case_entries(case) == []
