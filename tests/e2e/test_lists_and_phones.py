"""Issue 18 in a real browser: a draft found in the list with its default filters, the phone
navigation collapsed, no page scrolling sideways on a phone, a stage logged out of order refused."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import confirm_second_factor, sign_in
from tests.e2e.test_accessibility import pages_of

PHONE = {"width": 390, "height": 844}


def test_a_draft_saved_a_minute_ago_is_in_the_list_with_the_default_filters(page, demo_world):
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    page.locator("form[data-indicator-form] [name=v_date_of_birth]").fill("2001-02-03")
    page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    number = page.get_by_test_id("record-number").inner_text().split()[-1]
    # The draft's page says what it still needs to be complete.
    expect(page.get_by_test_id("missing-core")).to_contain_text("Sex")

    page.goto("/victims/")
    expect(page.get_by_test_id("no-filters")).to_be_visible()
    expect(page.locator("select[name=year]")).to_have_value("")  # "Any year"
    # Filtering without touching the year (the form sends year="") still finds it.
    page.locator("input[name=q]").fill(number)
    page.locator("[data-testid=record-filters] button[type=submit]").click()
    expect(page.get_by_test_id("victim-list").get_by_role("link", name=number)).to_be_visible()
    chips = page.get_by_test_id("active-filters")
    expect(chips).to_contain_text(f"Record number: {number}")
    expect(chips).not_to_contain_text("Reporting year")
    # A chip removes its filter.
    chips.get_by_role("link", name=re.compile("Remove the filter Record number")).click()
    expect(page.get_by_test_id("no-filters")).to_be_visible()
    # And the home page lists the draft with what it misses.
    page.goto("/")
    expect(page.get_by_test_id("home-drafts")).to_contain_text(number)


def test_on_a_phone_the_menu_is_collapsed_and_opens_with_its_button(
    browser, live_server, demo_world
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    sign_in(page, "caseworker-rs-ngo")
    menu = page.get_by_test_id("main-menu")
    expect(menu).to_be_hidden()
    nav_height = page.locator("nav.navbar").evaluate("n => n.getBoundingClientRect().height")
    assert nav_height < 100, nav_height
    page.get_by_test_id("menu-toggle").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Victims", exact=True)).to_be_visible()
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, demo_world):
    from django.core.management import call_command

    call_command("generate_demo_data", victims=20, traffickers=10, territories=["RS"], verbosity=0)
    wide = {}
    for username in ("caseworker-rs-ngo", "prosecutor-rs", "coordinator-rs"):
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        page = context.new_page()
        sign_in(page, username)
        if "second-factor" in page.url:
            confirm_second_factor(page)
        for url in pages_of(page):
            if url.startswith("/admin/"):
                continue  # Django's own back office has its own responsive layout
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[f"{username} {url}"] = width
        context.close()
    assert not wide, wide


def test_an_appeal_before_the_first_instance_decision_is_refused(page, demo_world):
    from tests.traffickers.conftest import make_trafficker
    from thb_data.accounts.models import User

    prosecutor = User.objects.get(username="prosecutor-rs")
    record = make_trafficker(prosecutor, status="draft")
    sign_in(page, "prosecutor-rs")
    page.goto(f"/traffickers/{record.uuid}/stage/appeal/")
    page.select_option("select[name=t_appeal_filed]", "defence")
    page.get_by_test_id("save-stage").click()
    expect(page.locator("#main")).to_contain_text("An appeal needs the first-instance decision")
    page.goto(f"/traffickers/{record.uuid}/")
    expect(page.get_by_test_id("stage-appeal")).to_have_attribute("data-reached", "no")
