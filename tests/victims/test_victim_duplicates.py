"""The coordinator's duplicates page: groups sharing a personal code, near matches, and the
decision that they are one person or several."""

import pytest
from django.urls import reverse

from tests.htmltools import markup_has, markup_matches
from tests.victims.conftest import make_record, personal_code
from thb_data.audit.models import Action, AuditEntry
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(personas):
    """Records of one woman entered by the NGO and the police (same code), a near match (one
    letter apart), an unrelated person, and the same code in Albania."""
    ngo, police = personas["caseworker_rs_ngo"], personas["caseworker_rs_police"]
    return {
        "ngo": make_record(ngo, code=personal_code("An", "Pe")),
        "police": make_record(police, code=personal_code("An", "Pe")),
        "near": make_record(police, code=personal_code("An", "Pa")),
        "other": make_record(ngo, code=personal_code("Zo", "Ku", dob="1980-01-01")),
        "albania": make_record(personas["caseworker_al"], code=personal_code("An", "Pe")),
    }


def page(client):
    response = client.get(reverse("victims:duplicates"))
    assert response.status_code == 200
    return response


def numbers(group):
    return [r.record_number for r in group.records]


def fresh(record):
    with scopes_disabled():
        return VictimRecord.with_deleted.get(pk=record.pk)


def test_it_groups_records_sharing_a_code_and_near_matches(clients, candidates):
    response = page(clients["coordinator_rs"])
    exact, near = response.context["exact_groups"], response.context["near_groups"]
    assert [numbers(g) for g in exact] == [["RS-V000001", "RS-V000002"]]
    # The near match links to both records with the other code.
    assert [numbers(g) for g in near] == [["RS-V000001", "RS-V000002", "RS-V000003"]]
    body = response.content.decode()
    assert not markup_has(body, "RS-V000004")  # nobody shares the other person's code
    assert not markup_has(body, "Shelter NGO Tirana")
    assert not markup_matches(body, r"AL-V\d+")  # no Albanian record number at all
    assert candidates["ngo"].personal_code_hash not in body  # long and random: unambiguous
    assert response.context["to_review"] == 2


def test_the_coordinator_marks_near_matches_as_the_same_person(clients, candidates, personas):
    client = clients["coordinator_rs"]
    chosen = [candidates["police"], candidates["near"]]
    response = client.post(
        reverse("victims:duplicates"),
        {"decision": "same", "records": [str(r.uuid) for r in chosen]},
        follow=True,
    )
    assert "Recorded" in response.content.decode()
    assert fresh(candidates["near"]).person_key == candidates["police"].personal_code_hash
    assert fresh(candidates["near"]).personal_code_hash != candidates["police"].personal_code_hash
    with scopes_disabled():
        entries = AuditEntry.objects.filter(action=Action.MERGE)
        assert entries.count() == 2
        assert {e.object_id for e in entries} == {str(r.uuid) for r in chosen}
        assert all(e.user == personas["coordinator_rs"] for e in entries)
        assert all(candidates["police"].personal_code_hash not in str(e.changes) for e in entries)


def test_the_coordinator_marks_a_shared_code_as_different_people(clients, candidates):
    client = clients["coordinator_rs"]
    chosen = [candidates["ngo"], candidates["police"]]
    client.post(
        reverse("victims:duplicates"),
        {"decision": "different", "records": [str(r.uuid) for r in chosen]},
    )
    code = candidates["ngo"].personal_code_hash
    assert fresh(candidates["ngo"]).person_key == code
    assert fresh(candidates["police"]).person_key == code + "-2"
    exact = page(client).context["exact_groups"]
    assert exact[0].decision is not None and exact[0].decision.decision == "different"
    # The Albanian record with the same code is untouched.
    assert fresh(candidates["albania"]).person_key == code


def test_a_new_record_with_the_code_reopens_the_group(clients, candidates, personas):
    client = clients["coordinator_rs"]
    chosen = [candidates["ngo"], candidates["police"]]
    client.post(
        reverse("victims:duplicates"),
        {"decision": "different", "records": [str(r.uuid) for r in chosen]},
    )
    make_record(personas["caseworker_rs_ngo"], code=personal_code("An", "Pe"))
    exact = page(client).context["exact_groups"]
    assert len(exact[0].records) == 3 and exact[0].decision is None


def test_ids_of_another_territory_are_refused(clients, candidates):
    response = clients["coordinator_rs"].post(
        reverse("victims:duplicates"),
        {
            "decision": "same",
            "records": [str(candidates["ngo"].uuid), str(candidates["albania"].uuid)],
        },
    )
    assert response.status_code == 404
    assert fresh(candidates["albania"]).person_key == candidates["albania"].personal_code_hash
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action=Action.MERGE).exists()


def test_one_record_alone_is_not_a_decision(clients, candidates):
    response = clients["coordinator_rs"].post(
        reverse("victims:duplicates"),
        {"decision": "same", "records": [str(candidates["ngo"].uuid)]},
        follow=True,
    )
    assert "Choose at least two records." in response.content.decode()


def test_records_of_a_signed_off_year_keep_their_person(clients, candidates, world):
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2025, signed_off=True)
    response = clients["coordinator_rs"].post(
        reverse("victims:duplicates"),
        {
            "decision": "different",
            "records": [str(candidates["ngo"].uuid), str(candidates["police"].uuid)],
        },
        follow=True,
    )
    assert "2025 is signed off" in response.content.decode()
    assert fresh(candidates["police"]).person_key == candidates["police"].personal_code_hash
