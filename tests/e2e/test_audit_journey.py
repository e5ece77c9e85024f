"""A coordinator signs in with the second factor and reads what a caseworker changed in a victim
record, on the record's page and in the territory's audit trail."""

import re

from playwright.sync_api import expect

from indicators.records import save_record
from tests.e2e.conftest import confirm_second_factor, sign_in
from thb_data.accounts.models import User
from thb_data.scoping import scope_for
from victims.models import VictimRecord


def _record_changed_by_the_ngo_caseworker():
    caseworker = User.objects.get(username="caseworker-rs-ngo")
    with scope_for(caseworker):
        record = VictimRecord(territory=caseworker.territory, institution=caseworker.institution)
        record = save_record(
            record, user=caseworker, values={"v_sex": "female"}, status="draft"
        ).record
        save_record(
            record,
            user=caseworker,
            values={"v_sex": "male"},
            status="draft",
            expected_version=record.version,
        )
    return record


def test_a_coordinator_sees_a_caseworkers_change_in_the_records_history(page, demo_world):
    record = _record_changed_by_the_ngo_caseworker()

    sign_in(page, "coordinator-rs")
    expect(page).to_have_url(re.compile("/accounts/second-factor/"))
    confirm_second_factor(page)
    expect(page.get_by_test_id("home-title")).to_contain_text("National coordinator")

    page.goto(f"/victims/{record.uuid}/")
    history = page.get_by_test_id("record-history")
    expect(history).to_be_visible()
    update = history.locator("tr", has_text="Updated")
    expect(update).to_contain_text("caseworker-rs-ngo")
    # By label, never by code (issue 18).
    expect(update).to_contain_text(re.compile(r"Sex:\s*Female\s*→\s*Male"))
    expect(update).not_to_contain_text("v_sex")
    expect(history.locator("tr", has_text="Created")).to_contain_text("caseworker-rs-ngo")

    # The territory's trail shows the same change, and the coordinator's own view of the record.
    page.goto(f"/audit/?record={record.record_number}")
    trail = page.get_by_test_id("audit-entries")
    expect(trail.locator("tr", has_text="Updated")).to_contain_text("caseworker-rs-ngo")
    expect(trail.locator("tr", has_text="Viewed")).to_contain_text("coordinator-rs")
