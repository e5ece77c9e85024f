"""Every page of the victims database for every persona: caseworkers see and change their
institution's records, coordinators their territory's, prosecutors and analysts none."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.htmltools import markup_has
from tests.victims.conftest import DRAFT
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db

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

# Which of the three records (Serbian NGO, Serbian police, Albanian NGO) each persona sees.
SEES = {
    "caseworker_rs_ngo": {"rs_ngo"},
    "caseworker_rs_police": {"rs_police"},
    "prosecutor_rs": set(),
    "coordinator_rs": {"rs_ngo", "rs_police"},
    "caseworker_al": {"al_ngo"},
    "prosecutor_al": set(),
    "coordinator_al": {"al_ngo"},
    "analyst": set(),
    "admin": {"rs_ngo", "rs_police", "al_ngo"},
}
CHANGES = {
    "caseworker_rs_ngo",
    "caseworker_rs_police",
    "coordinator_rs",
    "caseworker_al",
    "coordinator_al",
}
PAGE_ROLES_LIST = {p for p in PERSONAS if not p.startswith(("prosecutor", "analyst"))}
PAGE_ROLES_CREATE = CHANGES
PAGE_ROLES_DUPLICATES = {"coordinator_rs", "coordinator_al"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_exactly_the_records_in_scope(clients, rs_records, persona):
    response = clients[persona].get(reverse("victims:list"))
    if persona not in PAGE_ROLES_LIST:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.content.decode()
    for name, record in rs_records.items():
        link = reverse("victims:detail", args=[record.uuid])
        assert (link in body) == (name in SEES[persona]), name


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_create_page_is_for_caseworkers_and_coordinators(clients, persona):
    response = clients[persona].get(reverse("victims:create"))
    assert response.status_code == (200 if persona in PAGE_ROLES_CREATE else 403)
    response = clients[persona].post(reverse("victims:create"), DRAFT)
    assert response.status_code in ((302, 200) if persona in PAGE_ROLES_CREATE else (403,))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["rs_ngo", "rs_police", "al_ngo"])
def test_the_detail_page_answers_404_outside_scope(clients, rs_records, persona, name):
    record = rs_records[name]
    response = clients[persona].get(reverse("victims:detail", args=[record.uuid]))
    if name in SEES[persona]:
        assert response.status_code == 200
        assert record.record_number in response.content.decode()
    else:
        assert response.status_code == 404
        assert not markup_has(response, record.record_number)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["rs_ngo", "al_ngo"])
def test_the_edit_page_only_for_those_who_change_the_record(clients, rs_records, persona, name):
    record = rs_records[name]
    url = reverse("victims:edit", args=[record.uuid])
    response = clients[persona].get(url)
    response_post = clients[persona].post(url, {**DRAFT, "v_sex": "male", "version": 1})
    if name in SEES[persona] and persona in CHANGES:
        assert response.status_code == 200
        assert response_post.status_code == 302
        expected = "male"
    else:
        # Outside scope: 404; in scope without the right to change (the admin): 403.
        code = 403 if name in SEES[persona] else 404
        assert response.status_code == code
        assert response_post.status_code == code
        expected = "female"
    with scopes_disabled():
        assert VictimRecord.objects.get(pk=record.pk).v_sex == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_delete_and_restore_only_for_those_who_change_the_record(clients, rs_records, persona):
    record = rs_records["rs_ngo"]
    response = clients[persona].post(reverse("victims:delete", args=[record.uuid]))
    allowed = persona in CHANGES and "rs_ngo" in SEES[persona]
    with scopes_disabled():
        deleted = VictimRecord.with_deleted.get(pk=record.pk).is_deleted
    if allowed:
        assert response.status_code == 302 and deleted
    else:
        assert response.status_code in (403, 404) and not deleted
        assert response.status_code == (403 if persona == "admin" else 404)
        with scopes_disabled():
            VictimRecord.with_deleted.filter(pk=record.pk).update(is_deleted=True)
    response = clients[persona].post(reverse("victims:restore", args=[record.uuid]))
    with scopes_disabled():
        restored = not VictimRecord.with_deleted.get(pk=record.pk).is_deleted
    assert restored == allowed
    assert response.status_code == (302 if allowed else (403 if persona == "admin" else 404))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_duplicates_page_is_for_coordinators(clients, persona):
    response = clients[persona].get(reverse("victims:duplicates"))
    assert response.status_code == (200 if persona in PAGE_ROLES_DUPLICATES else 403)


def test_signed_out_visitors_are_sent_to_sign_in(rs_records):
    client = Client()
    record = rs_records["rs_ngo"]
    for url in (
        reverse("victims:list"),
        reverse("victims:create"),
        reverse("victims:duplicates"),
        reverse("victims:detail", args=[record.uuid]),
        reverse("victims:edit", args=[record.uuid]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_list_filter_on_another_territorys_institution_is_refused(clients, world, rs_records):
    response = clients["coordinator_rs"].get(
        reverse("victims:list"), {"institution": world["al_ngo"].pk}
    )
    body = response.content.decode()
    assert not markup_has(body, "Shelter NGO Tirana")
    assert not markup_has(body, reverse("victims:detail", args=[rs_records["al_ngo"].uuid]))
    # An invalid filter is reported and ignored: the territory's own records are listed.
    assert "The filter “Institution” was ignored" in body
    assert reverse("victims:detail", args=[rs_records["rs_ngo"].uuid]) in body
