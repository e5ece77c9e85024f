"""The victim form in a real browser, with the application's CSP on: Enter in a text field saves
nothing, a refused save moves focus to the error summary whose links lead to the fields, the
action bar stays in view, and the session banner offers to stay signed in."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord


def test_enter_in_a_text_field_does_not_submit(page, demo_world):
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    field = page.locator("input[name=pc_first_name]")
    field.fill("Ma")
    field.press("Enter")
    page.wait_for_timeout(500)
    assert [url for url in posts if "/victims/" in url] == []
    assert page.url.endswith("/victims/new/")
    with scopes_disabled():
        assert VictimRecord.objects.count() == 0
    # The save buttons are in view at the top of the long form.
    expect(page.get_by_test_id("save-draft")).to_be_in_viewport()


def test_a_refused_save_moves_focus_to_the_summary(page, demo_world):
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    page.select_option("select[name=v_sex]", "female")
    page.get_by_test_id("save-complete").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Victim status").click()
    expect(page.locator("#id_v_victim_status")).to_be_focused()
    with scopes_disabled():
        assert VictimRecord.objects.count() == 0


def test_the_session_banner_keeps_the_session(page, demo_world, settings):
    settings.SESSION_COOKIE_AGE = 6  # the banner shows after 3 s (half the idle time)
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    banner = page.get_by_test_id("session-banner")
    expect(banner).to_be_visible(timeout=8000)
    with page.expect_response(lambda r: "/session/keep-alive/" in r.url) as answer:
        page.get_by_test_id("stay-signed-in").click()
    assert answer.value.status == 200
    expect(banner).to_be_hidden()
