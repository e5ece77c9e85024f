"""The searchable pickers of the victim form in a real browser, with the application's CSP on:
countries picked by typing their name and pressing Enter (no modifier keys), transit countries
kept in the order picked, and no Content Security Policy violation on the way."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord


def _watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def _pick(page, field: str, typed: str):
    """Type in the picker of ``field`` and press Enter, as a person would."""
    page.keyboard.press("Escape")  # the previous picker's list closes, as a person leaves it
    page.locator(f"#div_id_{field} .ts-control").click()
    box = page.locator(f"#div_id_{field} .ts-control input")
    expect(box).to_be_focused()
    box.press_sequentially(typed)
    expect(box).to_have_value(typed)
    expect(page.locator(f"#id_{field}-ts-dropdown .option.active")).to_contain_text(typed)
    box.press("Enter")


def test_countries_are_picked_by_name_in_order_without_modifier_keys(page, demo_world):
    problems = _watch_console(page)
    sign_in(page, "caseworker-rs-ngo")
    response = page.goto("/victims/new/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    form = page.locator("form[data-indicator-form]")
    form.locator("[name=v_victim_status]").select_option("identified")
    form.locator("[name=v_sex]").select_option("female")

    # One country from 253: typed, Enter.
    _pick(page, "v_citizenship", "Serbia")
    _pick(page, "v_second_citizenship", "Croatia")
    expect(page.locator("#div_id_v_second_citizenship .ts-control .item")).to_have_text("Croatia")

    # Several countries: each typed and added with Enter, removable, no Ctrl-click.
    _pick(page, "v_destination_country", "Austria")
    _pick(page, "v_destination_country", "Germany")
    destinations = page.locator("#div_id_v_destination_country .ts-control .item")
    expect(destinations).to_have_count(2)
    # A route: kept in the order picked (not alphabetical).
    for name in ("North Macedonia", "Serbia", "Hungary"):
        _pick(page, "v_transit_countries", name)
    route = page.locator("#div_id_v_transit_countries .ts-control .item")
    expect(route).to_have_count(3)
    # Pressing Enter in a picker saved nothing.
    assert page.url.endswith("/victims/new/")

    page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/victims/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-indicator=v_second_citizenship]")).to_have_text("Croatia")
    expect(page.locator("[data-indicator=v_transit_countries]")).to_have_text(
        "North Macedonia, Serbia, Hungary"
    )
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert record.v_citizenship == "RS"
    assert record.v_second_citizenship == "HR"
    assert sorted(record.v_destination_country) == ["AT", "DE"]
    assert record.v_transit_countries == ["MK", "RS", "HU"]

    # Editing shows the route in its order; a country removed and one added at the end.
    page.click("#main a:has-text('Edit')")
    route = page.locator("#div_id_v_transit_countries .ts-control .item")
    expect(route).to_have_count(3)
    assert [text.replace("×", "").strip() for text in route.all_inner_texts()] == [
        "North Macedonia",
        "Serbia",
        "Hungary",
    ]
    route.nth(1).locator(".remove").click()
    _pick(page, "v_transit_countries", "Slovenia")
    page.get_by_test_id("save-draft").click()
    expect(page.locator("[data-indicator=v_transit_countries]")).to_have_text(
        "North Macedonia, Hungary, Slovenia"
    )
    with scopes_disabled():
        assert VictimRecord.objects.get().v_transit_countries == ["MK", "HU", "SI"]

    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
    assert problems == []
