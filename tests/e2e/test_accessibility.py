"""axe-core on every page each demo role reaches from its menu: zero WCAG 2.1 A/AA violations.

axe is injected with ``page.evaluate`` (axe-playwright-python), which Chromium runs outside the
page's Content Security Policy: the application's CSP stays on (no ``bypass_csp``), so a page
that needed a weaker policy would still break here.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.e2e.conftest import confirm_second_factor, sign_in

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ROLES = ("caseworker-rs-ngo", "prosecutor-rs", "coordinator-rs", "analyst", "admin")


@pytest.fixture
def demo_records(demo_world):
    call_command("generate_demo_data", victims=30, traffickers=15, territories=["RS"], verbosity=0)


def pages_of(page) -> list[str]:
    """The home page, every menu entry, the first record and case each list shows, and the
    form of a new record: what the role reaches."""
    page.goto("/")
    urls = ["/"]
    urls += page.locator("#main-menu a.nav-link").evaluate_all(
        "links => links.map(a => a.pathname)"
    )
    found = []
    for url in list(urls):
        if url.rstrip("/") in ("/victims", "/traffickers", "/traffickers/cases"):
            page.goto(url)
            first = page.locator("#main table tbody a").first
            if first.count():
                found.append(first.evaluate("a => a.pathname"))
    for url in found:
        page.goto(url)
        # A record's own forms: edit, and the first stage of the proceedings.
        for link in page.locator("#main a[href$='/edit/'], #main a[href*='/stage/']").all()[:2]:
            found.append(link.evaluate("a => a.pathname"))
    seen, ordered = set(), []
    for url in [*urls, *found, "/no-such-page/"]:
        if url not in seen:
            seen.add(url)
            ordered.append(url)
    return ordered


@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_each_role_has_no_wcag_violation(page, demo_records, username):
    sign_in(page, username)
    if "second-factor" in page.url:
        confirm_second_factor(page)
    axe = Axe()
    failures = {}
    urls = pages_of(page)
    assert len(urls) > 3, urls
    for url in urls:
        page.goto(url)
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures[url] = results.generate_report()
    assert not failures, "\n\n".join(f"{url}\n{report}" for url, report in failures.items())


def test_the_skip_link_leads_to_the_content(page, demo_world):
    sign_in(page, "caseworker-rs-ngo")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    assert skip.evaluate("a => a === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_check_finds_a_violation_when_there_is_one(page, demo_world):
    """The harness itself: a picture without a text alternative is reported."""
    sign_in(page, "caseworker-rs-ngo")
    assert Axe().run(page, options=WCAG_21_AA).violations_count == 0
    page.evaluate("document.querySelector('#main').append(document.createElement('img'))")
    results = Axe().run(page, options=WCAG_21_AA)
    assert "image-alt" in results.generate_report()
