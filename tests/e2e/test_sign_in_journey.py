"""A demo user signs in and sees their home page, in a real browser."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import confirm_second_factor, sign_in


def test_a_caseworker_signs_in_and_sees_the_caseworker_home(page, demo_world):
    sign_in(page, "caseworker-rs-ngo")
    expect(page.get_by_test_id("home-title")).to_contain_text("Caseworker")
    expect(page.get_by_test_id("whoami")).to_contain_text("ASTRA")


def test_a_coordinator_signs_in_with_the_second_factor(page, demo_world):
    sign_in(page, "coordinator-rs")
    expect(page).to_have_url(re.compile("/accounts/second-factor/"))
    confirm_second_factor(page)
    expect(page.get_by_test_id("home-title")).to_contain_text("National coordinator")


def test_a_wrong_password_keeps_the_user_out(page, demo_world):
    sign_in(page, "analyst", "not-the-password")
    expect(page.locator(".alert, .invalid-feedback, .errorlist").first).to_contain_text("not right")
    expect(page).to_have_url(re.compile("/accounts/login/"))
