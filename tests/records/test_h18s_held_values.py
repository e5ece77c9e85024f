"""A save that arrives after the session ended loses nothing: what was typed waits, encrypted and
for its owner alone, until they sign in again; then the form shows it, unsaved, and says so.

The browser is a test client that checks CSRF tokens like Django does for a real browser; the
session "expires" by being deleted on the server, as the idle timeout does.
"""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.victims.conftest import CORE
from thb_data.accounts.held import COOKIE, OWNER_FIELD
from thb_data.accounts.middleware import SIGNED_IN_AT
from thb_data.accounts.models import HeldFormValues
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db

RESTORED = "Your session ended before your changes were saved; they have been restored"
# What the caseworker typed, with a value found nowhere else on the page.
TYPED = {**CORE, "v_identification_date": "2025-03-17", "status": "complete"}


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def sign_in(client, username):
    client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302, "the sign-in failed"


def confirm_both_factors(client, user):
    """Signed in with the password and the TOTP code (as tests.conftest.signed_in_client)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


def open_form(client, url) -> dict:
    """Open a record form: the hidden fields a browser sends back with what is typed."""
    response = client.get(url)
    assert response.status_code == 200
    return {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        OWNER_FIELD: response.context["held_owner"],
    }


def session_ends(client):
    """The idle timeout: the browser's session is gone on the server (its cookie stays)."""
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()


def victim_count() -> int:
    with scopes_disabled():
        return VictimRecord.objects.count()


def typed_on_the_page(response) -> bool:
    return 'value="2025-03-17"' in response.content.decode()


@pytest.fixture
def expired_save(personas):
    """A caseworker fills the new victim form; the session ends; they press Save."""
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    response = client.post(url, {**TYPED, **hidden})
    return client, url, response


def test_a_save_after_the_session_ended_keeps_the_values_and_asks_to_sign_in(expired_save):
    client, url, response = expired_save
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "held=1" in response.url and "next=%2Fvictims%2Fnew%2F" in response.url
    # Nothing saved; the values are held once, encrypted: not one of them readable in the row.
    assert victim_count() == 0
    row = HeldFormValues.objects.get()
    assert row.user.username == "cw-rs-ngo"
    assert b"2025-03-17" not in bytes(row.sealed) and b"identified" not in bytes(row.sealed)
    # The browser holds the key and the row's id only, in a cookie scripts cannot read, sent
    # to this form alone, never from another site.
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == url
    assert 0 < int(cookie["max-age"]) <= 10 * 60
    assert "2025-03-17" not in cookie.value
    # The sign-in page says what happened.
    page = client.get(response.url).content.decode()
    assert "Your session ended before your changes were saved" in page
    assert "nothing was saved" in page


def test_the_same_person_signing_in_again_gets_the_values_back_unsaved(expired_save):
    client, url, response = expired_save
    sign_in(client, "cw-rs-ngo")
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert RESTORED in form_page.content.decode()
    assert typed_on_the_page(form_page)
    form = form_page.context["form"]
    assert form.data["v_identification_date"] == "2025-03-17"
    assert form.data.getlist("v_exploitation_form") == ["sexual"]
    assert "csrfmiddlewaretoken" not in form.data
    # Shown, never saved; taken once: the row and the cookie are gone.
    assert victim_count() == 0
    assert HeldFormValues.objects.count() == 0
    assert form_page.cookies[COOKIE]["max-age"] == 0
    again = client.get(url)
    assert not typed_on_the_page(again) and RESTORED not in again.content.decode()

    # A new save with the new session's token saves them.
    saved = client.post(url, {**TYPED, **open_form(client, url)})
    assert saved.status_code == 302
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert str(record.v_identification_date) == "2025-03-17"


def test_another_person_signing_in_on_that_browser_never_sees_them(expired_save):
    client, url, _ = expired_save
    sign_in(client, "cw-rs-police")  # same territory, same form, another person
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert not typed_on_the_page(form_page)
    assert RESTORED not in form_page.content.decode()
    assert not form_page.context["form"].is_bound
    # Gone for good: the owner signing in afterwards gets nothing either.
    assert HeldFormValues.objects.count() == 0
    session_ends(client)
    sign_in(client, "cw-rs-ngo")
    assert not typed_on_the_page(client.get(url))


def test_held_values_expire_after_a_few_minutes(expired_save):
    client, url, _ = expired_save
    HeldFormValues.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    sign_in(client, "cw-rs-ngo")
    form_page = client.get(url)
    assert not typed_on_the_page(form_page) and RESTORED not in form_page.content.decode()


def test_expired_held_values_are_purged(expired_save, personas):
    HeldFormValues.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    # The next hold purges what expired (so does manage.py purge_expired).
    client = browser()
    sign_in(client, "cw-rs-police")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    client.post(url, {**TYPED, **hidden})
    assert [row.user.username for row in HeldFormValues.objects.all()] == ["cw-rs-police"]


def test_the_values_come_back_only_on_the_form_they_were_typed_in(expired_save):
    client, url, _ = expired_save
    sign_in(client, "cw-rs-ngo")
    other_form = client.get(reverse("traffickers:create"))
    assert RESTORED not in other_form.content.decode()
    assert HeldFormValues.objects.count() == 1  # still waiting for its own form
    assert typed_on_the_page(client.get(url))


def test_a_save_without_the_forms_owner_token_keeps_nothing(personas):
    """A save from another site (or a forged form) cannot leave values for someone to find."""
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    for owner in ("", "forged", signing.dumps({"u": 1, "p": url}, salt="another salt")):
        response = client.post(url, {**TYPED, **hidden, OWNER_FIELD: owner})
        assert response.status_code == 302 and "held=1" not in response.url
    # An owner token of another form does not count for this one.
    edit_token = signing.dumps({"u": 1, "p": "/victims/x/edit/"}, salt="thb.held-values.owner")
    client.post(url, {**TYPED, **hidden, OWNER_FIELD: edit_token})
    assert HeldFormValues.objects.count() == 0 and victim_count() == 0


def test_a_cross_site_save_without_the_csrf_token_keeps_nothing(personas):
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    open_form(client, url)
    session_ends(client)
    response = client.post(url, TYPED)
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    assert HeldFormValues.objects.count() == 0


def test_a_save_whose_token_was_renewed_by_signing_in_elsewhere_keeps_the_values(personas):
    """The person signed in again in another tab (which renews the CSRF token) and then saves
    the first tab's form: refused by the CSRF check, the values come back in the form."""
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    sign_in(client, "cw-rs-ngo")  # the other tab
    response = client.post(url, {**TYPED, **hidden})
    assert response.status_code == 302 and response.url == url
    assert victim_count() == 0
    form_page = client.get(url)
    assert RESTORED in form_page.content.decode() and typed_on_the_page(form_page)
    assert victim_count() == 0


def test_a_form_of_someone_else_saved_after_another_sign_in_is_refused(personas):
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    sign_in(client, "cw-rs-police")  # another person, in another tab
    response = client.post(url, {**TYPED, **hidden})
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    assert HeldFormValues.objects.count() == 0 and victim_count() == 0


def test_an_edit_keeps_its_version_over_the_sign_in(personas, clients):
    clients["caseworker_rs_ngo"].post(reverse("victims:create"), {**CORE, "status": "draft"})
    with scopes_disabled():
        record = VictimRecord.objects.get()
    url = reverse("victims:edit", args=[record.uuid])
    client = browser()
    sign_in(client, "cw-rs-ngo")
    hidden = open_form(client, url)
    based_on = client.get(url).context["form"].initial["based_on"]
    session_ends(client)
    edit = {**CORE, "v_identification_date": "2025-03-17", "version": 1, "based_on": based_on}
    response = client.post(url, {**edit, "status": "draft", **hidden})
    assert "held=1" in response.url
    sign_in(client, "cw-rs-ngo")
    form_page = client.get(url)
    assert RESTORED in form_page.content.decode() and typed_on_the_page(form_page)
    assert form_page.context["form"].data["version"] == "1"
    record.refresh_from_db()
    assert record.version == 1 and str(record.v_identification_date) == "2025-03-10"
    # Someone else saves meanwhile: the restored values' save is refused as stale, as ever.
    clients["coordinator_rs"].post(
        url,
        {**CORE, "v_victim_status": "presumed", "version": 1, "based_on": based_on},
    )
    stale = client.post(url, {**edit, "status": "draft", **open_form(client, url)})
    assert stale.status_code == 409


def test_a_trafficker_form_keeps_its_values_too(personas, code_lists):
    client = browser()
    sign_in(client, "pr-rs")
    url = reverse("traffickers:create")
    hidden = open_form(client, url)
    session_ends(client)
    typed = {"case-new_case_reference": "KT-17/2025", "t_sex": "male", "status": "draft"}
    response = client.post(url, {**typed, **hidden})
    assert "held=1" in response.url
    with scopes_disabled():
        assert TraffickerRecord.objects.count() == 0
    sign_in(client, "pr-rs")
    form_page = client.get(url)
    assert RESTORED in form_page.content.decode()
    assert "KT-17/2025" in form_page.content.decode()


def test_a_save_at_the_absolute_session_limit_keeps_the_values(personas, settings):
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.post(url, {**TYPED, **hidden})
    assert "held=1" in response.url
    assert victim_count() == 0
    sign_in(client, "cw-rs-ngo")
    assert typed_on_the_page(client.get(url))


def test_an_autosave_after_the_session_ended_keeps_nothing(personas):
    client = browser()
    sign_in(client, "cw-rs-ngo")
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    response = client.post(url, {**TYPED, **hidden}, HTTP_X_THB_AUTOSAVE="1")
    assert response.status_code == 401
    assert response.json()["signed_in"] is False
    assert HeldFormValues.objects.count() == 0


def test_a_coordinator_gets_the_values_back_after_the_second_factor(personas):
    client = browser()
    coordinator = personas["coordinator_rs"]
    confirm_both_factors(client, coordinator)
    url = reverse("victims:create")
    hidden = open_form(client, url)
    session_ends(client)
    response = client.post(url, {**TYPED, **hidden})
    assert "held=1" in response.url
    # Signed in with the password only: the form waits behind the second factor.
    client.force_login(coordinator)
    assert client.get(url).url.startswith(reverse("second_factor"))
    assert HeldFormValues.objects.count() == 1
    confirm_both_factors(client, coordinator)
    form_page = client.get(url)
    assert RESTORED in form_page.content.decode() and typed_on_the_page(form_page)


def test_purge_expired_deletes_expired_held_values(expired_save):
    HeldFormValues.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    output = StringIO()
    call_command("purge_expired", stdout=output)
    assert "1 expired held form value(s)" in output.getvalue()
    assert HeldFormValues.objects.count() == 0
