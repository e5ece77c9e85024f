"""Signing in and out, the second factor, the home page of each role."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_has_the_standard_fields(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_pages_require_signing_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_caseworker_signs_in_and_sees_the_caseworker_home(client, personas):
    response = sign_in(client, "cw-rs-ngo")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert b"Caseworker" in home.content
    assert b"Shelter NGO Belgrade" in home.content


def test_a_wrong_password_is_refused_with_a_message(client, personas):
    response = sign_in(client, "cw-rs-ngo", "wrong-password-123")
    assert response.status_code == 200
    assert b"not right" in response.content
    assert client.get("/").status_code == 302


def test_a_coordinator_must_confirm_a_totp_code_before_reaching_any_page(client, personas):
    sign_in(client, "co-rs")
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("second_factor"))
    device = TOTPDevice.objects.get(user=personas["coordinator_rs"])
    good_token = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("second_factor"), {"token": good_token, "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_totp_code_is_refused(client, personas):
    sign_in(client, "co-rs")
    response = client.post(reverse("second_factor"), {"token": "000000", "next": "/"})
    assert b"not valid" in response.content
    assert client.get("/").status_code == 302


def test_a_coordinator_without_an_authenticator_is_shown_how_to_enrol(client, personas):
    TOTPDevice.objects.filter(user=personas["coordinator_al"]).delete()
    sign_in(client, "co-al")
    response = client.get(reverse("second_factor"))
    assert b"authenticator app" in response.content
    assert b'data-testid="totp-secret"' in response.content
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("caseworker_rs_ngo", b"Caseworker"),
        ("prosecutor_rs", b"Prosecutor"),
        ("coordinator_rs", b"National coordinator"),
        ("analyst", b"Regional analyst"),
        ("admin", b"System administrator"),
    ],
)
def test_each_role_has_its_own_home_page(clients, persona, heading):
    response = clients[persona].get("/")
    assert response.status_code == 200
    assert heading in response.content


def test_sign_in_failed_sign_in_and_sign_out_are_audited(client, personas):
    sign_in(client, "cw-rs-ngo", "nope-not-this-one")
    sign_in(client, "cw-rs-ngo")
    client.post(reverse("logout"))
    with scopes_disabled():
        actions = list(
            AuditEntry.objects.filter(username="cw-rs-ngo")
            .order_by("id")
            .values_list("action", flat=True)
        )
        entry = AuditEntry.objects.filter(action=Action.SIGN_IN).get()
    assert actions == [Action.SIGN_IN_FAILED, Action.SIGN_IN, Action.SIGN_OUT]
    assert entry.ip_address == "127.0.0.1"
    assert entry.territory.code == "RS"


def audit_of(username):
    with scopes_disabled():
        return list(AuditEntry.objects.filter(username=username).order_by("id"))


def test_signed_in_is_written_only_once_both_factors_passed(client, personas):
    sign_in(client, "co-rs")
    assert [entry.action for entry in audit_of("co-rs")] == []  # only the password so far
    device = TOTPDevice.objects.get(user=personas["coordinator_rs"])
    client.post(reverse("second_factor"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    [entry] = audit_of("co-rs")
    assert entry.action == Action.SIGN_IN
    assert entry.detail == {"second_factor": "confirmed"}
    assert entry.ip_address == "127.0.0.1" and entry.territory.code == "RS"


def test_a_wrong_second_factor_code_leaves_a_failed_sign_in_entry(client, personas):
    sign_in(client, "co-rs")
    device = TOTPDevice.objects.get(user=personas["coordinator_rs"])
    good = totp(device.bin_key)
    wrong = f"{(good + 1) % 1_000_000:06d}"
    client.post(reverse("second_factor"), {"token": wrong, "next": "/"})
    client.post(reverse("second_factor"), {"token": "12ab", "next": "/"})  # malformed
    entries = audit_of("co-rs")
    assert [entry.action for entry in entries] == [Action.SIGN_IN_FAILED, Action.SIGN_IN_FAILED]
    assert all(entry.detail["step"] == "second factor" for entry in entries)
    assert all(wrong not in str(entry.detail) for entry in entries)  # the code is never kept
    assert entries[0].user == personas["coordinator_rs"]
    assert client.get("/").status_code == 302  # still not signed in
