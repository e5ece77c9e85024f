"""Never lose work, in a real browser with the application's CSP on: the session that expires
while a caseworker types loses nothing (the values come back after signing in again, unsaved,
and the person is told), and a draft being edited is saved in the background."""

import re

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from thb_data.accounts.models import HeldFormValues
from thb_data.demo import DEMO_PASSWORD
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord


def victims_identified_on(day: str) -> int:
    with scopes_disabled():
        return VictimRecord.objects.filter(v_identification_date=day).count()


def csp_errors(page) -> list:
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_the_session_that_expires_during_typing_loses_nothing(page, demo_world):
    errors = csp_errors(page)
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    form = page.locator("form[data-record-form]")
    form.locator("[name=pc_first_name]").fill("Ма")
    form.locator("[name=pc_family_name]").fill("Ро")
    form.locator("[name=v_sex]").select_option("female")
    form.locator("[name=v_date_of_birth]").fill("1999-07-21")
    form.locator("[name=v_identification_date]").fill("2025-03-17")

    # Half-way through, the session ends on the server (the idle timeout).
    Session.objects.all().delete()
    page.get_by_test_id("save-draft").click()

    # The sign-in page says what happened; nothing was saved; the values wait on the server.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fvictims%2Fnew%2F&held=1$"))
    expect(page.get_by_test_id("held-notice")).to_contain_text(
        "Your session ended before your changes were saved"
    )
    assert victims_identified_on("2025-03-17") == 0
    assert HeldFormValues.objects.count() == 1
    # Nothing of it in the browser's storage, nor in a cookie a script could read.
    stored = page.evaluate(
        "() => JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage),"
        " document.cookie])"
    )
    assert "2025-03-17" not in stored and "thb_held" not in stored

    page.fill("input[name=username]", "caseworker-rs-ngo")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("#main button[type=submit]")

    # Back on the form, with everything typed, and the message.
    expect(page).to_have_url(re.compile(r"/victims/new/$"))
    expect(page.locator("#main")).to_contain_text(
        "Your session ended before your changes were saved; they have been restored"
    )
    expect(form.locator("[name=pc_first_name]")).to_have_value("Ма")
    expect(form.locator("[name=pc_family_name]")).to_have_value("Ро")
    expect(form.locator("[name=v_sex]")).to_have_value("female")
    expect(form.locator("[name=v_date_of_birth]")).to_have_value("1999-07-21")
    expect(form.locator("[name=v_identification_date]")).to_have_value("2025-03-17")
    assert victims_identified_on("2025-03-17") == 0
    assert HeldFormValues.objects.count() == 0

    # Saving now saves them.
    page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    assert victims_identified_on("2025-03-17") == 1
    assert errors == []


def test_a_draft_being_edited_is_saved_in_the_background(page, demo_world, settings):
    settings.THB_AUTOSAVE_SECONDS = 2
    errors = csp_errors(page)
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    form = page.locator("form[data-record-form]")
    form.locator("[name=v_sex]").select_option("female")
    page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    page.goto(page.url + "edit/")
    page.wait_for_timeout(2100)  # the draft was saved more than the interval ago

    form.locator("[name=v_identification_date]").fill("2025-03-18")
    status = page.get_by_test_id("autosave-status")
    expect(status).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"), timeout=10000)
    with scopes_disabled():
        record = VictimRecord.objects.get(v_identification_date="2025-03-18")
    assert record.status == "draft" and record.version == 2
    expect(form.locator("input[name=version]")).to_have_value("2")

    # The save by hand that follows carries the version the autosave made: no stale refusal.
    form.locator("[name=v_date_of_birth]").fill("1999-07-21")
    page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    with scopes_disabled():
        record.refresh_from_db()
    assert str(record.v_date_of_birth) == "1999-07-21" and record.status == "draft"
    assert errors == []
