"""The coordinator's quality workbench in a real browser: coordinator-rs opens the quality page
from the home page, follows a figure to its records, completes a draft, sees the sign-off
blockers shrink, acknowledges the rest and signs off."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from indicators.records import save_record
from tests.e2e.conftest import confirm_second_factor, sign_in
from tests.victims.conftest import personal_code
from thb_data.accounts.models import User
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

YEAR = 2024


@pytest.fixture
def draft(demo_world):
    """The demo records of 2024, and one draft of the NGO with every core indicator given."""
    call_command(
        "generate_demo_data", victims=60, traffickers=20, territories=["RS", "AL"],
        years=[YEAR], verbosity=0,
    )  # fmt: skip
    with scopes_disabled():
        user = User.objects.get(username="caseworker-rs-ngo")
        record = VictimRecord(territory=user.territory, institution=user.institution)
        save_record(
            record,
            user=user,
            status="draft",
            personal_code=personal_code("Qu", "Zx", dob="1999-09-09"),
            values={
                "v_victim_status": "identified",
                "v_sex": "female",
                "v_date_of_birth": "1999-09-09",
                "v_citizenship": "RS",
                "v_exploitation_form": ["begging"],
                "v_main_exploitation_form": "begging",
                "v_identification_date": f"{YEAR}-06-01",
                "v_identifying_institution": "ngo",
            },
        )
    return record


def blockers(page) -> dict[str, int]:
    counts = {}
    for row in page.locator("[data-testid=sign-off-checks] tr[data-check]").all():
        counts[row.get_attribute("data-check")] = int(
            row.get_by_test_id("check-count").inner_text()
        )
    return counts


def test_the_coordinator_checks_quality_completes_a_draft_and_signs_off(page, draft):
    sign_in(page, "coordinator-rs")
    confirm_second_factor(page)
    page.get_by_test_id("home-quality").click()
    expect(page.get_by_test_id("quality-title")).to_contain_text("Serbia")
    page.click(f"nav[aria-label=Years] a:has-text('{YEAR}')")
    expect(page.get_by_test_id("quality-title")).to_contain_text(f"reporting year {YEAR}")

    # The sign-off checks before any change.
    page.get_by_test_id("sign-off-link").click()
    before = blockers(page)
    assert before["drafts"] >= 1

    # A figure of the quality page: the NGO's drafts, followed to its records.
    page.go_back()
    drafts_table = page.get_by_test_id("drafts-victims")
    column = [th.inner_text() for th in drafts_table.locator("thead th").all()].index(
        draft.institution.name
    )
    figure = drafts_table.locator("tr:has-text('All drafts') td").nth(column - 1).locator("a")
    shown = int(figure.inner_text())
    assert shown >= 1
    figure.click()
    expect(page.get_by_test_id("drill-down-title")).to_contain_text("Drafts")
    expect(page.get_by_test_id("drill-down").locator("tbody tr")).to_have_count(shown)

    # Complete the draft.
    page.get_by_role("link", name=draft.record_number).click()
    expect(page).to_have_url(re.compile(rf"/victims/{draft.uuid}/$"))
    page.click("#main a:has-text('Edit')")
    page.click("#main button[name=status][value=complete]")
    expect(page.get_by_test_id("record-status")).to_have_text("Complete")

    # The blockers shrink by one draft; the rest are acknowledged one by one.
    page.goto(f"/statistics/RS/{YEAR}/sign-off/")
    after = blockers(page)
    assert after["drafts"] == before["drafts"] - 1
    assert {k: v for k, v in after.items() if k != "drafts"} == {
        k: v for k, v in before.items() if k != "drafts"
    }
    page.check("#id_confirm")
    page.click("[data-testid=sign-off-submit]")
    if any(after.values()):
        expect(page.locator(".alert-danger, .alert-error")).to_contain_text(
            "Resolve or acknowledge each check"
        )
        for box in page.locator("input[name=acknowledge]").all():
            box.check()
        page.check("#id_confirm")
        page.click("[data-testid=sign-off-submit]")
    expect(page.get_by_test_id("release-status")).to_have_text("Final")
    expect(page.locator(".alert-success")).to_contain_text("signed off")
