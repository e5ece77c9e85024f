"""The audit trail: each audited action writes the right entry; coordinators read their territory's
trail in the application, filter it, and nobody can change or delete it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.records import save_record
from tests.conftest import PASSWORD
from tests.htmltools import markup_has
from thb_data.audit.log import record_events
from thb_data.audit.models import Action, AuditEntry
from thb_data.records import restore_record, soft_delete_record
from thb_data.scoping import scope_for, scopes_disabled

AUDIT = "/audit/"


def entries(**filters):
    with scopes_disabled():
        return list(AuditEntry.objects.filter(**filters).order_by("id"))


# --- each audited action ---------------------------------------------------------------------


def test_creating_a_record_writes_a_create_entry_by_its_author(security_world):
    victim = security_world.first("victim", "RS")
    [entry] = entries(object_id=str(victim.uuid))
    assert entry.action == Action.CREATE
    assert entry.username == "cw-rs-ngo"
    assert entry.object_repr == "RS-V000001"
    assert entry.territory.code == "RS"


def test_updating_a_record_writes_the_changed_fields_before_and_after(security_world):
    victim = security_world.first("victim", "RS")
    author = security_world.personas["caseworker_rs_ngo"]
    with scope_for(author):
        save_record(victim, user=author, values={"v_sex": "male"}, status="draft")
    entry = entries(object_id=str(victim.uuid))[-1]
    assert entry.action == Action.UPDATE
    assert entry.changes == {"v_sex": ["female", "male"]}
    assert entry.user == author


def test_soft_delete_and_restore_are_audited(security_world):
    victim = security_world.first("victim", "RS")
    coordinator = security_world.personas["coordinator_rs"]
    with scope_for(coordinator):
        soft_delete_record(victim, user=coordinator, reason="entered twice")
        restore_record(victim, user=coordinator)
    delete, restore = entries(object_id=str(victim.uuid))[-2:]
    assert (delete.action, delete.detail) == (Action.DELETE, {"reason": "entered twice"})
    assert restore.action == Action.RESTORE
    assert delete.user == restore.user == coordinator


def test_sign_in_failed_sign_in_and_sign_out_are_audited_with_the_address(client, security_world):
    client.post(reverse("login"), {"username": "cw-al", "password": "wrong-password-1"})
    client.post(
        reverse("login"), {"username": "cw-al", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    sign_in_actions = [Action.SIGN_IN_FAILED, Action.SIGN_IN, Action.SIGN_OUT]
    failed, signed_in, signed_out = entries(username="cw-al", action__in=sign_in_actions)
    assert failed.action == Action.SIGN_IN_FAILED and failed.territory.code == "AL"
    assert signed_in.action == Action.SIGN_IN and signed_in.ip_address == "10.1.2.3"
    assert signed_out.action == Action.SIGN_OUT


def test_the_trail_cannot_be_changed_or_deleted_even_in_code(security_world):
    entry = security_world.first("audit_entry", "RS")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with scopes_disabled(), pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with scopes_disabled(), pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["caseworker_rs_ngo", "caseworker_rs_police", "prosecutor_rs", "analyst"]
)
def test_only_coordinators_and_administrators_open_the_trail(security_clients, persona):
    assert security_clients[persona].get(AUDIT).status_code == 403


def test_a_coordinator_sees_their_territorys_trail_and_nothing_of_another(
    security_clients, security_world
):
    body = security_clients["coordinator_rs"].get(AUDIT).content.decode()
    assert "RS-V000001" in body and "RS-T000001" in body
    for secret in ("AL-V000001", "AL-V000002", "AL-T000001", "cw-al", "pr-al"):
        assert not markup_has(body, secret)


def test_an_administrator_sees_every_territorys_trail(security_clients):
    body = security_clients["admin"].get(AUDIT).content.decode()
    assert "RS-V000001" in body and "AL-V000001" in body


def test_the_trail_filters_by_record_number(security_clients):
    body = security_clients["coordinator_rs"].get(AUDIT, {"record": "rs-v000002"}).content.decode()
    assert "RS-V000002" in body
    assert not markup_has(body, "RS-V000001") and not markup_has(body, "RS-T000001")


def test_the_trail_filters_by_object_id(security_clients, security_world):
    victim = security_world.first("victim", "RS")
    body = security_clients["coordinator_rs"].get(AUDIT, {"record": str(victim.uuid)})
    assert "RS-V000001" in body.content.decode()
    assert not markup_has(body, "RS-V000002")


def test_the_trail_filters_by_user_and_action(security_clients, security_world):
    police = security_world.personas["caseworker_rs_police"]
    body = (
        security_clients["coordinator_rs"]
        .get(AUDIT, {"user": police.pk, "action": Action.CREATE})
        .content.decode()
    )
    assert "RS-V000002" in body
    assert not markup_has(body, "RS-V000001")


def test_a_coordinator_cannot_filter_by_a_user_of_another_territory(
    security_clients, security_world
):
    other = security_world.personas["caseworker_al"]
    response = security_clients["coordinator_rs"].get(AUDIT, {"user": other.pk})
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert not markup_has(body, "AL-V000001")


def test_the_trail_filters_by_date(security_clients, security_world):
    victim = security_world.first("victim", "RS")
    old = AuditEntry(
        action=Action.EXPORT,
        territory=victim.territory,
        username="co-rs",
        object_repr="statistics 2020",
    )
    record_events([old])
    # The trail is append-only: backdate the fixture through SQL, as a year-old entry.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET at = %s WHERE object_repr = %s",
            [timezone.now() - datetime.timedelta(days=400), "statistics 2020"],
        )
    today = timezone.localdate().isoformat()
    client = security_clients["coordinator_rs"]
    recent = client.get(AUDIT, {"date_from": today}).content.decode()
    assert "statistics 2020" not in recent and "RS-V000001" in recent
    last_year = (timezone.localdate() - datetime.timedelta(days=300)).isoformat()
    older = client.get(AUDIT, {"date_to": last_year}).content.decode()
    assert "statistics 2020" in older and "RS-V000001" not in older


def _fill_trail(territory, count):
    record_events(
        AuditEntry(
            action=Action.VIEW,
            territory=territory,
            username="co-rs",
            object_type="victims.victimrecord",
            object_repr=f"RS-V9{n:05d}",
        )
        for n in range(count)
    )


def test_the_trail_is_paginated_by_fifty(security_clients, world):
    _fill_trail(world["rs"], 120)
    client = security_clients["coordinator_rs"]
    first = client.get(AUDIT).content.decode()
    # 120 views + the fixture's own entries of Serbia: newest first, 50 a page.
    assert first.count("RS-V9") == 50
    assert "RS-V900119" in first
    third = client.get(AUDIT, {"page": 3}).content.decode()
    assert "Page 3 of 3" in third


def test_the_trail_page_issues_the_same_number_of_queries_whatever_its_size(
    security_clients, world
):
    client = security_clients["coordinator_rs"]
    _fill_trail(world["rs"], 5)
    client.get(AUDIT)
    with CaptureQueriesContext(connection) as small:
        assert client.get(AUDIT, {"action": "view"}).status_code == 200
    _fill_trail(world["rs"], 200)
    with CaptureQueriesContext(connection) as large:
        assert client.get(AUDIT, {"action": "view"}).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
