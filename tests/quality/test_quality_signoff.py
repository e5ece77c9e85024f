"""The checks before a sign-off: each category with its count and link, resolved or
acknowledged, and what was acknowledged kept in the audit trail (data set: see conftest)."""

from __future__ import annotations

import re

from indicators.records import save_record
from tests.quality.conftest import YEAR
from thb_data.audit.models import AuditEntry
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled

URL = f"/statistics/RS/{YEAR}/sign-off/"
OPEN = {"drafts": 3, "undated": 1, "duplicates": 1, "warnings": 3}


def counts(page: str) -> dict[str, int]:
    rows = re.findall(
        r'<tr data-check="(\w+)">.*?data-testid="check-count">.*?>(\d+)</span>', page, re.S
    )
    return {code: int(n) for code, n in rows}


def signed_off(year=YEAR) -> bool:
    with scopes_disabled():
        return ReportingYear.objects.filter(
            territory__code="RS", year=year, signed_off=True
        ).exists()


def test_the_sign_off_page_lists_each_check_with_its_count(quality_data, clients):
    page = clients["coordinator_rs"].get(URL).content.decode()
    found = counts(page)
    # Drafts B, C and T2; D has no reference date; A and C wait as duplicates; D's estimated
    # dates are out of order and A and C disagree on the sex: three warnings.
    assert {k: v for k, v in found.items() if k in OPEN} == OPEN
    assert all(v == 0 for k, v in found.items() if k not in OPEN)


def test_each_count_links_to_its_records(quality_data, clients):
    client = clients["coordinator_rs"]
    page = client.get(URL).content.decode()
    drafts_row = re.search(r'<tr data-check="drafts">(.*?)</tr>', page, re.S).group(1)
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="([^"]+)"', drafts_row)]
    shown = set()
    for link in links:
        body = client.get(link).content.decode()
        shown |= {n for n, r in quality_data.items() if r.record_number in body}
    assert shown == {"B", "C", "T2"}


def test_a_sign_off_without_the_acknowledgements_is_refused(quality_data, clients):
    response = clients["coordinator_rs"].post(URL, {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "Resolve or acknowledge each check before signing off" in page
    assert "drafts (3)" in page and "duplicate groups pending (1)" in page
    assert not signed_off()
    response = clients["coordinator_rs"].post(
        URL, {"confirm": "yes", "acknowledge": ["drafts", "undated", "warnings"]}, follow=True
    )
    page = response.content.decode()
    assert "duplicate groups pending (1)" in page and "drafts (3)" not in page
    assert not signed_off()


def test_resolved_checks_need_no_acknowledgement_and_the_audit_keeps_the_rest(
    quality_data, clients, personas
):
    with scopes_disabled():
        for name, user in (("B", "caseworker_rs_police"), ("C", "caseworker_rs_ngo"),
                           ("T2", "prosecutor_rs")):  # fmt: skip
            record = quality_data[name]
            save_record(
                record, user=personas[user], values=record.indicator_values(), status="complete"
            )
    client = clients["coordinator_rs"]
    assert counts(client.get(URL).content.decode())["drafts"] == 0
    response = client.post(
        URL, {"confirm": "yes", "acknowledge": ["undated", "duplicates", "warnings"]}
    )
    assert response.status_code == 302
    assert signed_off()
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="sign_off")
    assert entry.detail["acknowledged"] == {"undated": 1, "duplicates": 1, "warnings": 3}
    assert entry.detail["year"] == YEAR and entry.username == "co-rs"


def test_a_clean_year_signs_off_with_the_confirmation_alone(quality_data, clients):
    url = "/statistics/RS/2021/sign-off/"
    client = clients["coordinator_rs"]
    assert not any(counts(client.get(url).content.decode()).values())
    assert client.post(url, {}).status_code == 200  # the confirmation is still required
    assert not signed_off(2021)
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert signed_off(2021)
    with scopes_disabled():
        assert AuditEntry.objects.get(action="sign_off").detail["acknowledged"] == {}


def test_the_checks_are_the_territorys_own(quality_data, clients):
    assert clients["coordinator_al"].get(URL).status_code == 404
    assert clients["caseworker_rs_ngo"].get(URL).status_code == 403
    al = clients["coordinator_al"].get(f"/statistics/AL/{YEAR}/sign-off/").content.decode()
    assert counts(al)["drafts"] == 1  # the Albanian draft only
