"""A victim record's page says which criminal cases it is linked to, within the reader's scope."""

from django.urls import reverse

from tests.htmltools import markup_has
from tests.victims.conftest import make_record
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase


def linked_record(personas, world):
    record = make_record(personas["caseworker_rs_ngo"], v_victim_status="identified")
    with scopes_disabled():
        case = CriminalCase.objects.create(
            territory=world["rs"],
            institution=world["rs_prosecution"],
            reference="KTO-77/2025",
            created_by=personas["prosecutor_rs"],
        )
        case.victims.add(record)
    return record, case


def test_the_coordinator_sees_the_linked_case_and_can_open_it(clients, personas, world):
    record, case = linked_record(personas, world)
    page = clients["coordinator_rs"].get(reverse("victims:detail", args=[record.uuid]))
    body = page.content.decode()
    assert "Linked to 1 criminal case." in body
    assert reverse("traffickers:case_detail", args=[case.uuid]) in body
    assert "KTO-77/2025" in body


def test_the_caseworker_learns_the_record_is_linked_but_not_the_internal_reference(
    clients, personas, world
):
    record, _case = linked_record(personas, world)
    page = clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[record.uuid]))
    body = page.content.decode()
    assert "Linked to 1 criminal case." in body
    assert not markup_has(body, "KTO-77/2025")


def test_an_unlinked_record_says_so(clients, personas):
    record = make_record(personas["caseworker_rs_ngo"])
    page = clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[record.uuid]))
    assert "Not linked to a criminal case." in page.content.decode()
