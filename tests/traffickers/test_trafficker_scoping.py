"""Every page of the traffickers database, for every persona: prosecutors see their office's
records and cases, coordinators their territory's, the administrator everything read-only;
caseworkers and analysts have no page here (403) and no record (404)."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.htmltools import all_option_values, markup_has, text_has
from tests.traffickers.conftest import make_case, make_trafficker, make_victim, reload
from thb_data.accounts.models import Institution
from thb_data.scoping import scopes_disabled

PERSONAS = (
    "caseworker_rs_ngo",
    "caseworker_rs_police",
    "prosecutor_rs",
    "coordinator_rs",
    "caseworker_al",
    "prosecutor_al",
    "coordinator_al",
    "analyst",
    "admin",
)
# Who may open the lists and forms of the database (others: 403).
LIST_ROLES = {"prosecutor_rs", "coordinator_rs", "prosecutor_al", "coordinator_al", "admin"}
CREATE_ROLES = {"prosecutor_rs", "coordinator_rs", "prosecutor_al", "coordinator_al"}
# Who sees the Serbian prosecution office's record and case; who may change them.
RS_VIEWERS = {"prosecutor_rs", "coordinator_rs", "admin"}
RS_EDITORS = {"prosecutor_rs", "coordinator_rs"}


@pytest.fixture
def data(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_ngo"])
    case = make_case(world["rs_prosecution"], "RS-CASE-SECRET", user=prosecutor, victims=[victim])
    record = make_trafficker(prosecutor, case=case)
    case_al = make_case(world["al_prosecution"], "AL-CASE-SECRET", user=personas["prosecutor_al"])
    record_al = make_trafficker(personas["prosecutor_al"], case=case_al, t_citizenship="AL")
    return {"case": case, "record": record, "victim": victim, "case_al": case_al, "al": record_al}


def expected(persona, allowed, *, denied):
    return 200 if persona in allowed else denied


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_lists_and_forms_answer_each_role(persona, personas, data):
    client = signed_in_client(personas[persona])
    for name in ("traffickers:list", "traffickers:case_list"):
        assert client.get(reverse(name)).status_code == expected(persona, LIST_ROLES, denied=403)
    for name in ("traffickers:create", "traffickers:case_create"):
        assert client.get(reverse(name)).status_code == expected(persona, CREATE_ROLES, denied=403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_record_and_case_pages_answer_each_role(persona, personas, data):
    client = signed_in_client(personas[persona])
    record, case = data["record"], data["case"]
    not_found = 403 if persona == "admin" else 404  # the administrator sees but cannot change
    pages = {
        reverse("traffickers:detail", args=[record.uuid]): expected(
            persona, RS_VIEWERS, denied=404
        ),
        reverse("traffickers:case_detail", args=[case.uuid]): expected(
            persona, RS_VIEWERS, denied=404
        ),
        reverse("traffickers:edit", args=[record.uuid]): expected(
            persona, RS_EDITORS, denied=not_found
        ),
    }
    for stage in ("complaint", "investigation", "indictment", "first_instance", "appeal", "final"):
        pages[reverse("traffickers:stage", args=[record.uuid, stage])] = expected(
            persona, RS_EDITORS, denied=not_found
        )
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        if status != 200:
            assert not markup_has(response, "RS-CASE-SECRET")


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - RS_EDITORS))
def test_outsiders_cannot_change_a_record_or_a_case(persona, personas, data):
    client = signed_in_client(personas[persona])
    record, case = data["record"], data["case"]
    denied = 403 if persona == "admin" else 404
    posts = [
        (reverse("traffickers:stage", args=[record.uuid, "indictment"]),
         {"version": 1, "t_indictment_date": "2024-05-01"}),
        (reverse("traffickers:edit", args=[record.uuid]), {"version": 1, "t_sex": "female"}),
        (reverse("traffickers:delete", args=[record.uuid]), {}),
        (reverse("traffickers:restore", args=[record.uuid]), {}),
        (reverse("traffickers:case_link_victim", args=[case.uuid]), {"record_number": "RS-V1"}),
        (reverse("traffickers:case_unlink_victim", args=[case.uuid]),
         {"record_number": "RS-V1"}),
    ]  # fmt: skip
    for url, payload in posts:
        assert client.post(url, payload).status_code == denied, url
    saved = reload(record)
    assert (saved.version, saved.is_deleted, saved.t_indictment_date) == (1, False, "")
    with scopes_disabled():
        assert case.victims.count() == 1


@pytest.mark.parametrize("persona", ["prosecutor_al", "coordinator_al"])
def test_the_lists_of_another_territory_show_no_trace_of_serbia(persona, personas, data):
    client = signed_in_client(personas[persona])
    for name in ("traffickers:list", "traffickers:case_list"):
        body = client.get(reverse(name))
        assert not markup_has(body, data["record"].record_number)
        assert not markup_has(body, "RS-CASE-SECRET")
        assert text_has(body, "AL-CASE-SECRET") or text_has(body, data["al"].record_number)
    body = client.get(reverse("traffickers:create"))
    assert not markup_has(body, str(data["case"].uuid))
    # The Serbian criminal-code articles are not offered, the Albanian one is: the options of
    # the form's selects (not the whole page, where a random case UUID may hold "388").
    offered = all_option_values(body)
    assert "110a" in offered
    assert not offered & {"388", "389", "184"}


def test_a_prosecutor_sees_only_their_offices_records(personas, world, data):
    with scopes_disabled():
        court = Institution.objects.create(territory=world["rs"], name="Court RS", kind="court")
    court_case = make_case(court, "COURT-CASE", user=personas["coordinator_rs"])
    court_record = make_trafficker(personas["coordinator_rs"], case=court_case)
    prosecutor = signed_in_client(personas["prosecutor_rs"])
    coordinator = signed_in_client(personas["coordinator_rs"])

    url = reverse("traffickers:detail", args=[court_record.uuid])
    assert prosecutor.get(url).status_code == 404
    assert coordinator.get(url).status_code == 200
    body = prosecutor.get(reverse("traffickers:list"))
    assert not markup_has(body, court_record.record_number)
    assert text_has(body, data["record"].record_number)
    body = coordinator.get(reverse("traffickers:list"))
    assert text_has(body, court_record.record_number)
    assert text_has(body, data["record"].record_number)
    body = prosecutor.get(reverse("traffickers:case_list"))
    assert not markup_has(body, "COURT-CASE")


def test_the_case_choice_offers_only_cases_of_the_users_scope(personas, data):
    response = signed_in_client(personas["prosecutor_rs"]).get(reverse("traffickers:create"))
    offered = list(response.context["case_form"].fields["case"].widget.references)
    assert data["case"].reference in offered
    assert data["case_al"].reference not in offered
    assert f'<option value="{data["case"].reference}">' in response.content.decode()
