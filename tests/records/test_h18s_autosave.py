"""Autosave of a draft being edited (autosave.js posts the form to its own address with the
header X-THB-Autosave): saved as a draft, checked against the version the form holds, never a
complete record, never more often than once a minute (the server refuses too)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.victims.conftest import CORE
from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db


def autosave(client, url, data):
    return client.post(url, data, HTTP_X_THB_AUTOSAVE="1")


def stored():
    with scopes_disabled():
        return VictimRecord.objects.get()


def a_minute_passes():
    """The record was last saved more than a minute ago."""
    with scopes_disabled():
        VictimRecord.objects.update(updated_at=timezone.now() - timedelta(seconds=61))


@pytest.fixture
def draft(clients):
    client = clients["caseworker_rs_ngo"]
    client.post(reverse("victims:create"), {**CORE, "status": "draft"})
    record = stored()
    a_minute_passes()
    url = reverse("victims:edit", args=[record.uuid])
    initial = client.get(url).context["form"].initial
    return client, url, {**CORE, "version": 1, "based_on": initial["based_on"]}


def test_the_edit_form_of_a_draft_offers_autosave_and_a_live_region(draft, clients):
    client, url, _ = draft
    body = client.get(url).content.decode()
    assert 'data-autosave-seconds="60"' in body
    assert 'aria-live="polite"' in body and "data-autosave-status" in body
    assert '<script src="/static/thb/autosave.js"></script>' in body
    # Not on a new record's form (nothing to save as its draft yet).
    assert "data-autosave-seconds" not in client.get(reverse("victims:create")).content.decode()


def test_an_autosave_saves_the_draft_and_gives_the_new_version(draft):
    client, url, data = draft
    response = autosave(client, url, {**data, "v_identification_date": "2025-03-17"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True and answer["version"] == 2
    assert answer["message"] == f"Draft saved at {answer['saved_at']}"
    assert len(answer["saved_at"]) == 5 and answer["saved_at"][2] == ":"
    record = stored()
    assert record.version == 2 and record.status == "draft"
    assert str(record.v_identification_date) == "2025-03-17"
    # Audited like any change.
    with scopes_disabled():
        assert AuditEntry.objects.filter(action=Action.UPDATE).count() == 1

    # The next save (by hand) carries the new version and based_on: accepted.
    a_minute_passes()
    saved = client.post(
        url,
        {**data, "version": answer["version"], "based_on": answer["based_on"], "status": "draft"},
    )
    assert saved.status_code == 302
    assert stored().version == 3


def test_an_autosave_ignores_the_complete_button_and_stays_a_draft(draft):
    client, url, data = draft
    response = autosave(client, url, {**data, "status": "complete"})
    assert response.json()["saved"] is True
    assert stored().status == "draft"


def test_an_autosave_of_a_stale_version_saves_nothing(draft, clients):
    client, url, data = draft
    coordinator = clients["coordinator_rs"]
    coordinator.post(url, {**data, "v_victim_status": "presumed", "status": "draft"})
    assert stored().version == 2
    a_minute_passes()
    response = autosave(client, url, {**data, "v_identification_date": "2025-03-17"})
    assert response.status_code == 409
    assert response.json()["reason"] == "stale"
    assert "someone else saved this record" in response.json()["message"]
    record = stored()
    assert record.version == 2 and record.v_victim_status == "presumed"
    assert str(record.v_identification_date) == "2025-03-10"
    # Without a version either.
    response = autosave(client, url, {**CORE, "v_identification_date": "2025-03-17"})
    assert response.status_code == 409 and stored().version == 2


def test_a_complete_record_is_never_autosaved_nor_turned_into_a_draft(clients):
    client = clients["caseworker_rs_ngo"]
    client.post(reverse("victims:create"), {**CORE, "status": "complete"})
    record = stored()
    assert record.status == "complete"
    a_minute_passes()
    url = reverse("victims:edit", args=[record.uuid])
    page = client.get(url)
    assert "data-autosave-seconds" not in page.content.decode()
    based_on = page.context["form"].initial["based_on"]
    response = autosave(
        client,
        url,
        {**CORE, "v_identification_date": "2025-03-17", "version": 1, "based_on": based_on},
    )
    assert response.status_code == 409
    assert response.json()["reason"] == "complete"
    record = stored()
    assert record.status == "complete" and record.version == 1
    assert str(record.v_identification_date) == "2025-03-10"


def test_autosave_is_refused_more_often_than_once_a_minute(draft):
    client, url, data = draft
    first = autosave(client, url, {**data, "v_identification_date": "2025-03-17"})
    assert first.json()["saved"] is True
    answer = first.json()
    second = autosave(
        client,
        url,
        {
            **data,
            "v_identification_date": "2025-03-18",
            "version": answer["version"],
            "based_on": answer["based_on"],
        },
    )
    assert second.status_code == 429
    assert second.json()["reason"] == "too_soon"
    assert 1 <= int(second["Retry-After"]) <= 60
    record = stored()
    assert record.version == 2 and str(record.v_identification_date) == "2025-03-17"


def test_an_invalid_draft_is_not_autosaved(draft):
    client, url, data = draft
    response = autosave(client, url, {**data, "v_identification_date": "not a date"})
    assert response.status_code == 422
    assert response.json()["saved"] is False
    assert stored().version == 1


def test_autosave_stays_in_the_users_scope(draft, clients):
    _, url, data = draft
    response = autosave(clients["caseworker_al"], url, data)
    assert response.status_code == 404
    assert stored().version == 1
