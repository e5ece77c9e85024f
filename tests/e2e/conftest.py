"""End-to-end harness: Playwright (Python) driving Debian's Chromium against the live server.

Playwright's own browser download does not work on these machines; ``make test`` installs
Debian's ``chromium`` package when it is missing and the tests launch ``/usr/bin/chromium``.
"""

import os
import shutil

import pytest
from django.core.management import call_command

from thb_data.demo import DEMO_PASSWORD

# Playwright's synchronous API runs an event loop in this thread; the test's own database calls
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("THB_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_world(transactional_db):
    """The demo territories, institutions and accounts, in the live server's database."""
    call_command("load_demo", verbosity=0)


def sign_in(page, username, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # Wait for the page the sign-in leads to: a keyboard test that starts at once would
    # otherwise press its keys on the sign-in page as it unloads.
    with page.expect_navigation():
        page.click("#main button[type=submit]")


def confirm_second_factor(page, secret="JBSWY3DPEHPK3PXP"):
    """Type the current TOTP code of the demo secret, as a person with an authenticator would."""
    import base64

    from django_otp.oath import totp

    code = totp(base64.b32decode(secret))
    page.fill("input[name=token]", f"{code:06d}")
    with page.expect_navigation():
        page.click("#main button[type=submit]")
