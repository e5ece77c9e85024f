"""Optimistic locking in the back office: no edit of a code list entry, an institution or a user
silently overwrites another one. A save based on a stale version, or posted without its version,
is refused with a clear message and changes nothing (on both databases; the concurrent case on
PostgreSQL with real threads)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from tests.conftest import make_user, signed_in_client
from tests.htmltools import hidden_input
from thb_data.accounts.models import Institution, Role, User
from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def version_on_page(client, url):
    return hidden_input(client.get(url), "_thb_version")


def updates_of(obj):
    with scopes_disabled():
        return AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action=Action.UPDATE
        ).count()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def entry(world):
    from indicators.models import NationalCodeEntry

    with scopes_disabled():
        return NationalCodeEntry.objects.create(
            territory=world["rs"], list_code="municipalities", code="novi_sad", label="Novi Sad"
        )


def entry_form(entry, label, version=None):
    data = {
        "list_code": entry.list_code,
        "code": entry.code,
        "label": label,
        "maps_to": "",
        "is_active": "on",
        "sort_order": 0,
    }
    if version is not None:
        data["_thb_version"] = version
    return data


@pytest.fixture
def two_coordinators(world, personas):
    second = make_user("co-rs-2", Role.COORDINATOR, world["rs_office"])
    return signed_in_client(personas["coordinator_rs"]), signed_in_client(second)


def reload(obj):
    with scopes_disabled():
        return type(obj)._base_manager.get(pk=obj.pk)


def test_the_second_of_two_coordinators_editing_the_same_entry_is_refused(two_coordinators, entry):
    first, second = two_coordinators
    url = change_url(entry)
    version_first = version_on_page(first, url)
    version_second = version_on_page(second, url)
    assert version_first == version_second

    accepted = first.post(url, entry_form(entry, "Novi Sad (city)", version_first))
    assert accepted.status_code == 302 and accepted["Location"] == changelist_url(type(entry))

    refused = second.post(url, entry_form(entry, "Novi Sad municipality", version_second))
    assert refused.status_code == 302 and refused["Location"] == url
    [message] = messages_of(refused)
    assert "Someone else changed this national code list entry" in message
    assert "nothing was changed" in message
    assert reload(entry).label == "Novi Sad (city)"
    assert updates_of(entry) == 1
    # The page now offers the current values with a fresh version: a second try succeeds.
    page = second.get(url)
    assert hidden_input(page, "_thb_version") != version_second
    retried = second.post(
        url, entry_form(entry, "Novi Sad municipality", hidden_input(page, "_thb_version"))
    )
    assert retried["Location"] == changelist_url(type(entry))
    assert reload(entry).label == "Novi Sad municipality"


def test_a_save_posted_without_its_version_is_refused(two_coordinators, entry):
    first, _second = two_coordinators
    response = first.post(change_url(entry), entry_form(entry, "Overwritten"))
    assert response["Location"] == change_url(entry)
    [message] = messages_of(response)
    assert "sent without the version" in message
    assert reload(entry).label == "Novi Sad"
    assert updates_of(entry) == 0


def test_a_change_made_outside_the_back_office_makes_an_open_form_stale(two_coordinators, entry):
    first, _second = two_coordinators
    version = version_on_page(first, change_url(entry))
    with scopes_disabled():
        type(entry)._base_manager.filter(pk=entry.pk).update(is_active=False)
    response = first.post(change_url(entry), entry_form(entry, "Novi Sad", version))
    assert response["Location"] == change_url(entry)
    assert reload(entry).is_active is False


def test_an_invalid_form_keeps_the_version_it_was_based_on(two_coordinators, entry):
    first, second = two_coordinators
    url = change_url(entry)
    version = version_on_page(first, url)
    second.post(url, entry_form(entry, "Changed meanwhile", version_on_page(second, url)))
    invalid = first.post(url, entry_form(entry, "", version))  # a label is required
    assert invalid.status_code == 200
    assert hidden_input(invalid, "_thb_version") == version


def test_institutions_are_locked_too(two_coordinators, world):
    first, second = two_coordinators
    institution = world["rs_police"]
    url = change_url(institution)
    version = version_on_page(first, url)
    assert version == version_on_page(second, url)
    form = {"name": "Police Belgrade (renamed)", "kind": institution.kind, "is_active": "on"}
    assert first.post(url, {**form, "_thb_version": version})["Location"] != url
    refused = second.post(url, {**form, "name": "Police of Belgrade", "_thb_version": version})
    assert refused["Location"] == url
    assert reload(institution).name == "Police Belgrade (renamed)"


def test_users_are_locked_too_but_a_sign_in_does_not_make_the_form_stale(
    two_coordinators, personas, world
):
    first, second = two_coordinators
    target = personas["caseworker_rs_police"]
    url = change_url(target)
    version = version_on_page(first, url)
    # The target signs in meanwhile (last_login changes): not a conflicting edit.
    with scopes_disabled():
        from django.utils import timezone

        User.objects.filter(pk=target.pk).update(last_login=timezone.now())
    form = {
        "username": target.username,
        "first_name": "Ana",
        "last_name": "",
        "email": "",
        "role": Role.CASEWORKER,
        "institution": world["rs_police"].pk,
        "is_active": "on",
    }
    accepted = first.post(url, {**form, "_thb_version": version})
    assert accepted["Location"] == changelist_url(User), accepted.content.decode()[:2000]
    assert reload(target).last_login is not None
    refused = second.post(url, {**form, "first_name": "Jelena", "_thb_version": version})
    assert refused["Location"] == url
    assert reload(target).first_name == "Ana"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
def test_concurrent_saves_on_postgresql_never_lose_an_edit(world, personas, entry):
    """Eight coordinators open the same entry, then all save at once: exactly one save wins, the
    seven others are refused, and the stored label is the winner's."""
    from django.db import connections

    clients = [
        signed_in_client(make_user(f"co-rs-{n}", Role.COORDINATOR, world["rs_office"]))
        for n in range(8)
    ]
    url = change_url(entry)
    versions = [version_on_page(client, url) for client in clients]
    barrier = threading.Barrier(len(clients))
    outcomes = {}

    def save(n):
        try:
            barrier.wait()
            response = clients[n].post(url, entry_form(entry, f"Label {n}", versions[n]))
            outcomes[n] = response["Location"]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [n for n, location in outcomes.items() if location != url]
    assert len(outcomes) == len(clients)
    assert len(winners) == 1
    assert reload(entry).label == f"Label {winners[0]}"
    assert updates_of(entry) == 1
    with scopes_disabled():
        assert Institution.objects.count() == len(world) - 2  # nothing else written
