"""Authentication hardening: throttled sign-in, the second factor, session lifetime, security
headers and the password policy."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from thb_data.accounts.middleware import SIGNED_IN_AT


def sign_in(client, username, password=PASSWORD, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client):
    response = client.get("/")
    return response.status_code == 200


# --- throttling ------------------------------------------------------------------------------


def test_five_failed_sign_ins_lock_the_account_even_from_another_address(settings, personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        sign_in(Client(), "cw-rs-ngo", "wrong-password-1", address="192.0.2.10")
    client = Client()
    response = sign_in(client, "cw-rs-ngo", address="198.51.100.7")
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_locked_account_opens_again_after_the_fifteen_minute_cool_off(settings, personas):
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours
    for _ in range(5):
        sign_in(Client(), "cw-rs-ngo", "wrong-password-1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    client = Client()
    response = sign_in(client, "cw-rs-ngo")
    assert response.status_code == 302
    assert signed_in(client)


def test_four_failures_do_not_lock_and_a_success_resets_the_count(personas):
    for _ in range(4):
        sign_in(Client(), "cw-rs-ngo", "wrong-password-1")
    assert sign_in(Client(), "cw-rs-ngo").status_code == 302
    for _ in range(4):
        sign_in(Client(), "cw-rs-ngo", "wrong-password-1")
    client = Client()
    assert sign_in(client, "cw-rs-ngo").status_code == 302
    assert signed_in(client)


def test_failures_for_one_user_name_do_not_lock_another(personas):
    for _ in range(5):
        sign_in(Client(), "cw-rs-ngo", "wrong-password-1")
    client = Client()
    assert sign_in(client, "cw-rs-police").status_code == 302
    assert signed_in(client)


# --- second factor ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/audit/", "/admin/", "/victims/", "/statistics/"])
@pytest.mark.parametrize("persona", ["coordinator_rs", "admin"])
def test_a_coordinator_or_admin_without_a_confirmed_code_reaches_only_the_sign_in_pages(
    client, personas, persona, path
):
    client.force_login(personas[persona])
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/second-factor/")


def _current_code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


def test_a_totp_code_cannot_be_used_twice(client, personas):
    coordinator = personas["coordinator_rs"]
    code = _current_code(coordinator)
    sign_in(client, "co-rs")
    assert client.post(reverse("second_factor"), {"token": code}).status_code == 302
    assert signed_in(client)
    client.post(reverse("logout"))
    sign_in(client, "co-rs")
    response = client.post(reverse("second_factor"), {"token": code})
    assert b"not valid" in response.content
    assert not signed_in(client)


def test_a_wrong_totp_code_is_refused(client, personas):
    code = int(_current_code(personas["coordinator_rs"]))
    sign_in(client, "co-rs")
    response = client.post(reverse("second_factor"), {"token": f"{(code + 1) % 1000000:06d}"})
    assert b"not valid" in response.content
    assert not signed_in(client)


# --- sessions --------------------------------------------------------------------------------


def test_a_session_lasts_thirty_minutes_from_the_last_request(client, personas):
    sign_in(client, "cw-rs-ngo")
    assert signed_in(client)
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    # Thirty minutes without a request: the stored session has expired.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_each_request_extends_the_session(client, personas):
    sign_in(client, "cw-rs-ngo")
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert signed_in(client)
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client, personas):
    sign_in(client, "cw-rs-ngo")
    assert signed_in(client)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?expired=1"
    assert not signed_in(client)


def test_a_session_younger_than_twelve_hours_stays_open(client, personas):
    sign_in(client, "cw-rs-ngo")
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 11 * 3600
    session.save()
    assert signed_in(client)


# --- headers and passwords -------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_pages_cannot_be_framed_or_sniffed(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_back_office_carries_the_same_headers(clients):
    response = clients["coordinator_rs"].get("/admin/")
    assert response.status_code == 200
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_ten_character_password_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_password("Qx7!rT2#pL")
    assert "at least 12 characters" in str(error.value)


def test_a_numeric_password_is_refused_even_when_long():
    with pytest.raises(ValidationError) as error:
        validate_password("820519374602")
    assert "entirely numeric" in str(error.value)


def test_a_long_uncommon_password_is_accepted():
    validate_password("Quiet-harbour-lamp-47")
