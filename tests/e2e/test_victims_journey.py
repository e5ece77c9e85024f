"""A caseworker registers a victim in a real browser, finds it in the list and edits it; a
caseworker of another territory cannot open it."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_caseworker_registers_finds_and_edits_a_victim(page, demo_world, browser, live_server):
    sign_in(page, "caseworker-rs-ngo")
    expect(page.get_by_test_id("home-title")).to_contain_text("Caseworker")
    page.goto("/victims/new/")
    form = page.locator("form[data-indicator-form]")

    form.locator("[name=pc_first_name]").fill("Ана")
    form.locator("[name=pc_family_name]").fill("Пе")
    form.locator("[name=v_victim_status]").select_option("identified")
    form.locator("[name=v_sex]").select_option("female")
    form.locator("[name=v_date_of_birth]").fill("1998-05-14")
    form.locator("[name=v_citizenship]").select_option("RS")

    # The labour sector appears only once labour exploitation is chosen.
    sector = page.locator("#div_id_v_labour_sector")
    expect(sector).to_be_hidden()
    form.locator("input[name=v_exploitation_form][value=labour]").check()
    expect(sector).to_be_visible()
    form.locator("input[name=v_labour_sector][value=a_agriculture]").check()
    form.locator("[name=v_main_exploitation_form]").select_option("labour")
    form.locator("[name=v_identification_date]").fill("2025-02-03")
    form.locator("[name=v_identifying_institution]").select_option("labour_inspectorate")
    page.click("#main button[name=status][value=complete]")

    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("record-status")).to_have_text("Complete")
    number = page.get_by_test_id("record-number").inner_text().split()[-1]
    assert re.fullmatch(r"RS-V\d{6}", number)
    expect(page.locator("[data-indicator=v_labour_sector]")).to_contain_text("Agriculture")
    detail_url = page.url

    # In the list.
    page.goto("/victims/")
    page.get_by_role("link", name=number).click()
    expect(page).to_have_url(detail_url)

    # Edited: the victim is now recorded as presumed.
    page.click("#main a:has-text('Edit')")
    page.locator("[name=v_victim_status]").select_option("presumed")
    page.click("#main button[name=status][value=complete]")
    expect(page).to_have_url(detail_url)
    expect(page.locator("[data-indicator=v_victim_status]")).to_have_text(
        "Presumed or potential victim"
    )
    expect(page.get_by_test_id("record-meta")).to_contain_text("2")  # version 2

    # Another territory's caseworker: as if the record did not exist.
    other = browser.new_context(base_url=live_server.url)
    try:
        other_page = other.new_page()
        sign_in(other_page, "caseworker-al")
        expect(other_page.get_by_test_id("home-title")).to_contain_text("Caseworker")
        response = other_page.goto(detail_url)
        assert response.status == 404
        assert number not in other_page.content()
        other_page.goto("/victims/")
        expect(other_page.get_by_test_id("record-count")).to_have_text("0 records")
    finally:
        other.close()
