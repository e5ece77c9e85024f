"""A prosecutor registers a suspect and follows the proceedings, in a real browser."""

import re

from playwright.sync_api import expect

from indicators.models import NationalCodeEntry
from indicators.records import save_record
from tests.e2e.conftest import sign_in
from thb_data.accounts.models import Territory, User
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

ARTICLES = {
    "388": ("Art. 388 Trafficking in human beings", "trafficking_in_human_beings"),
    "184": ("Art. 184 Mediation in prostitution", "mediation_in_prostitution"),
}


def serbian_code_lists():
    """The articles and court the journey uses (the demo's sample lists may already hold them)."""
    with scopes_disabled():
        serbia = Territory.objects.get(code="RS")
        for code, (label, maps_to) in ARTICLES.items():
            NationalCodeEntry.objects.get_or_create(
                territory=serbia,
                list_code="criminal_code_articles",
                code=code,
                defaults={"label": label, "maps_to": maps_to},
            )
        NationalCodeEntry.objects.get_or_create(
            territory=serbia,
            list_code="courts",
            code="vs_beograd",
            defaults={"label": "Higher Court in Belgrade"},
        )
        return {
            code: NationalCodeEntry.objects.get(
                territory=serbia, list_code="criminal_code_articles", code=code
            ).label
            for code in ARTICLES
        }


def victim_record_of_the_ngo() -> VictimRecord:
    with scopes_disabled():
        caseworker = User.objects.get(username="caseworker-rs-ngo")
        record = VictimRecord(territory=caseworker.territory, institution=caseworker.institution)
        save_record(
            record,
            user=caseworker,
            values={
                "v_victim_status": "identified",
                "v_sex": "female",
                "v_date_of_birth": "2001-03-07",
                "v_citizenship": "RS",
                "v_exploitation_form": ["sexual"],
                "v_main_exploitation_form": "sexual",
                "v_identification_date": "2024-01-20",
            },
            status="complete",
        )
        return record


def test_a_prosecutor_follows_a_suspect_from_complaint_to_conviction(page, demo_world):
    labels = serbian_code_lists()
    victim = victim_record_of_the_ngo()

    sign_in(page, "prosecutor-rs")
    page.goto("/traffickers/")
    page.get_by_test_id("new-suspect").click()

    # The case: a new one, with the victim record linked by its number.
    page.fill("input[name='case-new_case_reference']", "KTO 21/24")
    page.fill("input[name='case-victim_numbers']", victim.record_number)
    # The profile, the elements of the personal code and the complaint.
    page.fill("input[name=pc_first_name]", "Ma")
    page.fill("input[name=pc_family_name]", "Jo")
    page.select_option("select[name=t_sex]", "male")
    page.fill("input[name=t_date_of_birth]", "1980-05-01")
    page.select_option("select[name=t_citizenship]", "RS")
    page.check("input[name=t_role][value=recruiter]")
    page.check("input[name=t_exploitation_forms][value=sexual]")
    page.fill("input[name=t_complaint_date]", "2024-02-10")
    page.select_option("select[name=t_complaint_institution]", "police")
    page.select_option("select[name=t_qualification_initial]", ["388"])
    page.locator("#main").get_by_test_id("save-complete").click()

    expect(page.get_by_test_id("record-number")).to_have_text("RS-T000001")
    expect(page.get_by_test_id("case-link")).to_have_text("KTO 21/24")
    expect(page.get_by_test_id("victim-count")).to_have_text("1")
    expect(page.get_by_test_id("stage-complaint")).to_have_attribute("data-reached", "yes")
    record_url = page.url

    # The indictment (the investigation stage is skipped: nothing to log there).
    page.get_by_test_id("log-indictment").click()
    page.fill("input[name=t_indictment_date]", "2024-05-02")
    page.select_option("select[name=t_qualification_indictment]", ["388"])
    page.get_by_test_id("save-stage").click()
    expect(page.get_by_test_id("stage-indictment")).to_have_attribute("data-reached", "yes")

    # The first-instance conviction with a prison sentence, re-qualified as pimping.
    page.get_by_test_id("log-first_instance").click()
    expect(page.locator("input[name=t_prison_months]")).to_be_hidden()  # no conviction yet
    page.select_option("select[name=t_court_first]", "vs_beograd")
    page.fill("input[name=t_verdict_first_date]", "2024-11-15")
    page.select_option("select[name=t_verdict_first]", "convicted")
    page.select_option("select[name=t_qualification_verdict]", ["184"])
    page.check("input[name=t_sentence_type][value=unconditional_imprisonment]")
    page.fill("input[name=t_prison_months]", "54")
    page.get_by_test_id("save-stage").click()

    first_instance = page.get_by_test_id("stage-first_instance")
    expect(first_instance).to_have_attribute("data-reached", "yes")
    expect(first_instance).to_contain_text("2024-11-15")
    expect(first_instance).to_contain_text("Convicted")
    expect(first_instance).to_contain_text("54 months")
    expect(page.get_by_test_id("requalified-first_instance")).to_contain_text(
        f"{labels['388']} → {labels['184']}"
    )
    expect(page.get_by_test_id("log-appeal")).to_be_visible()
    expect(page.get_by_test_id("stage-final")).to_have_attribute("data-reached", "no")

    # Another territory's prosecutor cannot open the record.
    page.locator("nav").get_by_role("button", name="Sign out").click()
    sign_in(page, "prosecutor-al")
    expect(page.get_by_test_id("whoami")).to_contain_text("prosecutor-al")
    response = page.goto(record_url)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("KTO 21/24")
    expect(page).to_have_url(re.compile(r"/traffickers/[0-9a-f-]+/$"))
