"""The annual statistics in a real browser: the Serbian coordinator signs off a year, sees its
tables and charts and downloads the workbook; the analyst sees protected tables only; an NGO
caseworker cannot reach the page."""

import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import confirm_second_factor, sign_in

YEAR = 2024


@pytest.fixture
def demo_records(demo_world):
    call_command(
        "generate_demo_data", victims=80, traffickers=30, territories=["RS", "AL"],
        years=[YEAR - 1, YEAR], verbosity=0,
    )  # fmt: skip


def watch_console(page):
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_coordinator_signs_off_a_year_sees_its_charts_and_downloads_the_workbook(
    page, demo_records, tmp_path
):
    problems = watch_console(page)
    sign_in(page, "coordinator-rs")
    confirm_second_factor(page)
    page.goto("/statistics/")
    page.select_option("#id_territory", "RS")
    page.select_option("#id_year", str(YEAR))
    page.click("#main button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/statistics/RS/{YEAR}/$"))
    expect(page.get_by_test_id("release-status")).to_have_text("Provisional")

    page.click("[data-testid=sign-off-checks-link]")
    for box in page.locator("input[name=acknowledge]").all():
        box.check()  # the checks before the sign-off (tests/e2e/test_quality_journey.py)
    page.check("#id_confirm")
    page.click(f"#main button:has-text('Sign off {YEAR}')")
    expect(page.get_by_test_id("release-status")).to_have_text("Final")
    expect(page.locator(".alert-success")).to_contain_text("signed off")

    for chart in ("sex", "forms", "trend", "funnel"):
        expect(page.locator(f"canvas[data-chart={chart}]")).to_have_attribute("data-drawn", "true")
    # The transmission: exact counts with a CONF_STATUS choice per cell.
    page.click("[data-testid=release-transmission]")
    expect(page.get_by_test_id("protection-status")).to_contain_text("Exact counts")
    expect(page.locator('#table-V1 select[name^="conf:"]').first).to_be_visible()
    # The recipients' questionnaires, filled for the last four years from the signed-off ones.
    offers = page.get_by_test_id("questionnaires")
    expect(offers).to_contain_text("UNODC")
    with page.expect_download() as info:
        offers.locator("button:has-text('GLOTIP')").click()
    download = info.value
    assert download.suggested_filename == f"thb-questionnaire-unodc_glotip-RS-{YEAR}.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    about = load_workbook(target)["About this file"]
    assert f"{YEAR}: final edition 1" in "\n".join(str(c.value) for c in about["A"])
    page.click("[data-testid=release-public]")
    total = page.locator('#table-V1 td[data-cell="_T|_T"]').inner_text()

    with page.expect_download() as info:
        page.click("#main button:has-text('Download XLSX')")
    download = info.value
    assert re.fullmatch(rf"thb-statistics-RS-{YEAR}-final-ed1\.xlsx", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(target)
    assert "FINAL" in workbook["Notes"]["A1"].value
    # The workbook holds the page's grand total of V1 (a number, or the flag of a hidden cell).
    totals = [row for row in workbook["V1"].iter_rows(values_only=True) if row[0] == "Total"]
    assert str(totals[0][3]) == total.strip()
    page.reload()
    expect(page.get_by_test_id("editions")).to_contain_text("Edition 1 (final")
    assert not [p for p in problems if "Content Security Policy" in p or "Error" in p], problems


def test_the_analyst_sees_only_protected_tables(page, demo_records):
    from thb_data.accounts.models import Territory

    sign_in(page, "analyst")
    # Provisional figures reach the analyst only where the territory shares them.
    assert page.goto(f"/statistics/RS/{YEAR}/").status == 404
    Territory.objects.filter(code__in=["RS", "AL"]).update(share_provisional_statistics=True)
    page.goto(f"/statistics/RS/{YEAR}/")
    expect(page.get_by_test_id("protection-status")).to_contain_text("protected")
    expect(page.get_by_test_id("show-unprotected")).to_have_count(0)
    expect(page.locator("#main")).not_to_contain_text("Download XLSX")
    response = page.goto(f"/statistics/RS/{YEAR}/?show=unprotected")
    assert response.status == 403
    page.goto(f"/statistics/compare/{YEAR}/", timeout=60000)
    expect(page.get_by_test_id("headline")).to_contain_text("Serbia")
    expect(page.get_by_test_id("headline")).to_contain_text("Albania")


def test_an_ngo_caseworker_cannot_reach_the_statistics(page, demo_records):
    sign_in(page, "caseworker-rs-ngo")
    expect(page.get_by_test_id("home-title")).to_contain_text("Caseworker")
    expect(page.locator("nav")).not_to_contain_text("Statistics")
    response = page.goto(f"/statistics/RS/{YEAR}/")
    assert response.status == 403
    assert page.goto("/statistics/").status == 403
