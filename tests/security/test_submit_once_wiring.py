"""Every form of the application and of the back office is sent once: the pages load the
project's static submit-once script (thb/once.js), with no inline script (strict CSP). The
behaviour itself is shown in a browser by tests/e2e/test_submit_once.py."""

import re

import pytest
from django.contrib.staticfiles import finders

SCRIPTS = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def scripts(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    return [(attrs, body) for attrs, body in SCRIPTS.findall(html)]


@pytest.mark.parametrize(
    "persona, url",
    [
        ("caseworker_rs_ngo", "/victims/import/"),
        ("caseworker_rs_ngo", "/victims/new/"),
        ("prosecutor_rs", "/traffickers/import/"),
        ("coordinator_rs", "/admin/"),
        ("coordinator_rs", "/admin/indicators/nationalcodeentry/add/"),
    ],
)
def test_pages_with_forms_load_the_submit_once_script_and_no_inline_script(persona, url, clients):
    response = clients[persona].get(url)
    assert response.status_code == 200
    found = scripts(response)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in found]
    assert any(src.endswith("/thb/once.js") for src in sources), sources
    assert all(body.strip() == "" for _, body in found)  # nothing inline
    assert "<form" in response.content.decode()


def test_the_submit_once_script_is_served_and_disables_after_collecting_the_values():
    path = finders.find("thb/once.js")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        source = file.read()
    assert 'addEventListener("submit"' in source
    # Disabled in a timeout (after the browser collected the clicked button's value), and
    # released for downloads and pages restored from the back-forward cache.
    assert "setTimeout" in source and "data-download" in source and "pageshow" in source


def test_the_statistics_downloads_are_marked_as_downloads():
    """Their forms leave the page where it is: once.js gives their buttons back."""
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "templates/statistics/year.html"
    text = template.read_text(encoding="utf-8")
    for name in ("export_xlsx", "export_zip"):
        form = re.search(rf"<form[^>]*statistics:{name}[^>]*>", text).group(0)
        assert "data-download" in form
