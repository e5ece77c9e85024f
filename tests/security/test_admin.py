"""The back office: a coordinator manages their own territory only, every change is audited."""

import pytest
from django.urls import reverse

from tests.htmltools import hidden_input, markup_has, table_cells
from thb_data.accounts.models import Institution, Role, User
from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def version_on_page(client, url) -> str:
    """The version token carried by an admin change form (its hidden input, parsed)."""
    return hidden_input(client.get(url), "_thb_version")


def entries(**filters):
    with scopes_disabled():
        return list(AuditEntry.objects.filter(**filters).order_by("id"))


@pytest.mark.parametrize(
    "persona", ["caseworker_rs_ngo", "caseworker_rs_police", "prosecutor_rs", "analyst"]
)
def test_it_gives_no_back_office_to_roles_other_than_coordinator_and_admin(
    security_clients, persona
):
    client = security_clients[persona]
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    response = client.get(changelist(User), follow=True)
    assert response.status_code == 403


def test_the_admin_login_page_forwards_to_the_throttled_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_coordinator_without_the_second_factor_reaches_no_admin_page(client, security_world):
    client.force_login(security_world.personas["coordinator_rs"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/second-factor/")


def test_a_coordinator_lists_only_their_territorys_victim_records(security_clients, security_world):
    response = security_clients["coordinator_rs"].get(changelist_for("victim"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "RS-V000001" in body and "RS-V000002" in body
    assert not markup_has(body, "AL-V000001") and not markup_has(body, "AL-V000002")
    assert body.count('class="field-record_number"') == 2


def changelist_for(kind):
    from traffickers.models import CriminalCase, TraffickerRecord
    from victims.models import VictimRecord

    model = {"victim": VictimRecord, "trafficker": TraffickerRecord, "case": CriminalCase}[kind]
    return changelist(model)


def test_a_coordinator_finds_a_record_by_its_number_and_not_another_territorys(
    security_clients,
):
    client = security_clients["coordinator_rs"]
    found = client.get(changelist_for("victim"), {"q": "RS-V000002"}).content.decode()
    shown = {cell for row in table_cells(found, "result_list") for cell in row}
    assert "RS-V000002" in shown and "RS-V000001" not in shown
    other = client.get(changelist_for("victim"), {"q": "AL-V000001"})
    # The search box repeats the term; no result row may show it.
    assert 'class="field-record_number"' not in other.content.decode()


def test_the_institution_filter_offers_only_the_territorys_institutions(security_clients):
    body = security_clients["coordinator_al"].get(changelist_for("victim")).content.decode()
    assert "Shelter NGO Tirana" in body
    assert not markup_has(body, "Shelter NGO Belgrade")
    assert not markup_has(body, "Police Belgrade")


def test_filtering_by_another_territorys_institution_shows_nothing(security_clients, world):
    body = (
        security_clients["coordinator_rs"]
        .get(changelist_for("victim"), {"institution": world["al_ngo"].pk})
        .content.decode()
    )
    assert not markup_has(body, "AL-V000001")
    assert not markup_has(body, "RS-V000001")


def test_record_admin_pages_of_another_territory_answer_404(security_clients, security_world):
    victim_al = security_world.first("victim", "AL")
    client = security_clients["coordinator_rs"]
    base = f"/admin/victims/victimrecord/{victim_al.pk}"
    assert client.get(f"{base}/change/").status_code == 404
    assert client.get(f"{base}/history/").status_code == 404
    # Deleting records is not offered in the admin at all: refused before any lookup.
    assert client.get(f"{base}/delete/").status_code == 403


def test_records_are_read_only_in_the_admin_with_a_link_to_their_page(
    security_clients, security_world
):
    victim = security_world.first("victim", "RS")
    client = security_clients["coordinator_rs"]
    assert client.get(reverse("admin:victims_victimrecord_add")).status_code == 403
    page = client.get(change_url(victim)).content.decode()
    assert victim.record_number in page
    assert f"/victims/{victim.uuid}/" in page
    assert 'name="_save"' not in page


def test_a_coordinator_soft_deletes_and_restores_a_record_from_the_admin_with_audit(
    security_clients, security_world
):
    from victims.models import VictimRecord

    victim = security_world.first("victim", "RS")
    client = security_clients["coordinator_rs"]
    url = changelist_for("victim")
    client.post(url, {"action": "soft_delete_selected", "_selected_action": [victim.pk]})
    with scopes_disabled():
        assert VictimRecord.with_deleted.get(pk=victim.pk).is_deleted
    client.post(url, {"action": "restore_selected", "_selected_action": [victim.pk]})
    with scopes_disabled():
        assert not VictimRecord.with_deleted.get(pk=victim.pk).is_deleted
    actions = [e.action for e in entries(object_id=str(victim.uuid))]
    assert actions[-2:] == [Action.DELETE, Action.RESTORE]
    coordinator = security_world.personas["coordinator_rs"]
    assert [e.user_id for e in entries(object_id=str(victim.uuid))][-2:] == [coordinator.pk] * 2


def test_an_admin_action_cannot_reach_another_territorys_record(security_clients, security_world):
    from victims.models import VictimRecord

    victim_al = security_world.first("victim", "AL")
    security_clients["coordinator_rs"].post(
        changelist_for("victim"),
        {"action": "soft_delete_selected", "_selected_action": [victim_al.pk]},
    )
    with scopes_disabled():
        assert not VictimRecord.with_deleted.get(pk=victim_al.pk).is_deleted


# --- users -----------------------------------------------------------------------------------


def add_user(client, **data):
    payload = {
        "username": "new-user",
        "password1": "Long-enough-pass-42",
        "password2": "Long-enough-pass-42",
        "role": Role.CASEWORKER,
        **data,
    }
    return client.post(reverse("admin:accounts_user_add"), payload)


def test_a_coordinator_creates_a_caseworker_of_their_territory_and_it_is_audited(
    security_clients, security_world, world
):
    response = add_user(security_clients["coordinator_rs"], institution=world["rs_police"].pk)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="new-user")
    assert (user.territory, user.institution, user.role) == (
        world["rs"],
        world["rs_police"],
        Role.CASEWORKER,
    )
    assert not user.is_staff
    [entry] = entries(object_type="accounts.user", object_id=str(user.pk))
    assert entry.action == Action.CREATE
    assert entry.user == security_world.personas["coordinator_rs"]
    assert entry.territory == world["rs"]
    assert entry.changes["role"] == [None, "caseworker"]
    assert entry.changes["institution"] == [None, "Police Belgrade"]
    assert entry.changes["password"] == [None, "(set)"]
    assert "Long-enough-pass-42" not in str(entry.changes)


def test_a_coordinator_cannot_create_a_user_in_another_territory(security_clients, world):
    response = add_user(security_clients["coordinator_rs"], institution=world["al_police"].pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(username="new-user").exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST])
def test_a_coordinator_cannot_give_a_role_above_their_own(security_clients, world, role):
    response = add_user(
        security_clients["coordinator_rs"], institution=world["rs_police"].pk, role=role
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(username="new-user").exists()


def test_the_role_choices_of_a_coordinator_stop_at_coordinator(security_clients):
    page = security_clients["coordinator_rs"].get(reverse("admin:accounts_user_add"))
    body = page.content.decode()
    assert 'value="caseworker"' in body and 'value="coordinator"' in body
    assert 'value="admin"' not in body and 'value="analyst"' not in body


def test_a_ten_character_password_is_refused_in_the_admin(security_clients, world):
    response = add_user(
        security_clients["coordinator_rs"],
        institution=world["rs_police"].pk,
        password1="Abc-def-9x",
        password2="Abc-def-9x",
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="new-user").exists()


def test_a_role_change_is_audited_with_before_and_after(security_clients, security_world, world):
    target = security_world.personas["caseworker_rs_police"]
    client = security_clients["coordinator_rs"]
    response = client.post(
        change_url(target),
        {
            "_thb_version": version_on_page(client, change_url(target)),
            "username": target.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "role": Role.PROSECUTOR,
            "institution": world["rs_prosecution"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.role == Role.PROSECUTOR
    [entry] = entries(object_type="accounts.user", object_id=str(target.pk), action=Action.UPDATE)
    assert entry.changes == {
        "role": ["caseworker", "prosecutor"],
        "institution": ["Police Belgrade", "Prosecution Belgrade"],
    }
    assert entry.user == security_world.personas["coordinator_rs"]


def test_a_coordinator_cannot_open_a_user_of_another_territory(security_clients, security_world):
    other = security_world.personas["caseworker_al"]
    client = security_clients["coordinator_rs"]
    assert client.get(change_url(other)).status_code == 404
    assert client.get(f"/admin/accounts/user/{other.pk}/password/").status_code == 404
    assert client.get(f"/admin/accounts/user/{other.pk}/history/").status_code == 404


def test_a_password_reset_through_the_admin_is_audited_without_the_password(
    security_clients, security_world
):
    target = security_world.personas["caseworker_rs_ngo"]
    response = security_clients["coordinator_rs"].post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "Another-long-pass-77", "password2": "Another-long-pass-77"},
    )
    assert response.status_code == 302
    [entry] = entries(object_type="accounts.user", object_id=str(target.pk))
    assert entry.changes == {"password": ["(hidden)", "(changed)"]}


def test_the_institution_autocomplete_offers_only_the_coordinators_territory(security_clients):
    response = security_clients["coordinator_rs"].get(
        "/admin/autocomplete/",
        {"app_label": "accounts", "model_name": "user", "field_name": "institution", "term": ""},
    )
    names = sorted(row["text"] for row in response.json()["results"])
    assert names == [
        "Coordinator's office Serbia",
        "Police Belgrade",
        "Prosecution Belgrade",
        "Shelter NGO Belgrade",
    ]


def test_the_admin_lists_every_territorys_users_for_a_system_administrator(security_clients):
    body = security_clients["admin"].get(changelist(User)).content.decode()
    assert "cw-rs-ngo" in body and "cw-al" in body


# --- institutions, code lists, territories ------------------------------------------------------


def test_an_institution_created_by_a_coordinator_belongs_to_their_territory_and_is_audited(
    security_clients, security_world, world
):
    response = security_clients["coordinator_al"].post(
        reverse("admin:accounts_institution_add"),
        {"name": "Labour inspectorate Durres", "kind": "labour_inspectorate", "is_active": "on"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        institution = Institution.objects.get(name="Labour inspectorate Durres")
    assert institution.territory == world["al"]
    [entry] = entries(object_type="accounts.institution", object_id=str(institution.pk))
    assert entry.action == Action.CREATE and entry.territory == world["al"]
    assert entry.changes["name"] == [None, "Labour inspectorate Durres"]


def test_a_code_list_change_is_audited_with_before_and_after(security_clients, security_world):
    entry_rs = security_world.first("code_entry", "RS")
    client = security_clients["coordinator_rs"]
    response = client.post(
        change_url(entry_rs),
        {
            "_thb_version": version_on_page(client, change_url(entry_rs)),
            "list_code": entry_rs.list_code,
            "code": entry_rs.code,
            "label": "RS Matrixville (renamed)",
            "maps_to": "",
            "is_active": "on",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [audit] = entries(object_type="indicators.nationalcodeentry", action=Action.UPDATE)
    assert audit.changes == {"label": ["RS Matrixville municipality", "RS Matrixville (renamed)"]}


def test_a_coordinator_cannot_change_another_territorys_code_list(security_clients, security_world):
    entry_al = security_world.first("code_entry", "AL")
    response = security_clients["coordinator_rs"].post(
        change_url(entry_al),
        {"list_code": entry_al.list_code, "code": "x", "label": "hijacked", "sort_order": 0},
    )
    assert response.status_code == 404
    with scopes_disabled():
        entry_al.refresh_from_db()
    assert entry_al.label == "AL Matrixville municipality"


def test_territories_are_managed_by_the_system_administrator_only(security_clients):
    assert security_clients["coordinator_rs"].get("/admin/accounts/territory/").status_code == 403
    body = security_clients["admin"].get("/admin/accounts/territory/").content.decode()
    assert "Serbia" in body and "Albania" in body


def test_a_territory_created_by_the_administrator_is_audited(security_clients):
    response = security_clients["admin"].post(
        "/admin/accounts/territory/add/", {"code": "me", "name": "Montenegro", "note": ""}
    )
    assert response.status_code == 302
    [entry] = entries(object_type="accounts.territory", action=Action.CREATE)
    assert entry.changes["code"] == [None, "ME"]
    assert entry.territory.code == "ME"


# --- the audit trail in the admin ------------------------------------------------------------


def test_the_audit_trail_is_read_only_in_the_admin(security_clients, security_world):
    entry = security_world.first("audit_entry", "RS")
    client = security_clients["admin"]
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"username": "forged"})
    with scopes_disabled():
        assert AuditEntry.objects.get(pk=entry.pk).username == entry.username


def test_a_coordinator_sees_only_their_territorys_audit_entries_in_the_admin(
    security_clients, security_world
):
    body = security_clients["coordinator_rs"].get("/admin/audit/auditentry/").content.decode()
    assert "RS-V000001" in body
    assert not markup_has(body, "AL-V000001")
    entry_al = security_world.first("audit_entry", "AL")
    response = security_clients["coordinator_rs"].get(
        f"/admin/audit/auditentry/{entry_al.pk}/change/"
    )
    assert response.status_code == 404
