"""The duplicates page at size: groups to review apart from decided ones, filters by reporting
year and institution, a page of groups at a time."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.victims.conftest import make_record, personal_code

pytestmark = pytest.mark.django_db
URL = reverse("victims:duplicates")


_births = iter(range(1, 10_000))


def pair(personas, first, family, *, year=2025, police_year=None):
    """One person registered by the NGO (in ``year``) and the police (in ``police_year``), each
    person born on a day of their own (so that no two persons are near matches)."""
    n = next(_births)
    code = personal_code(first, family, dob=f"{1960 + n // 28}-01-{1 + n % 28:02d}")
    ngo = make_record(
        personas["caseworker_rs_ngo"], code=code, v_identification_date=f"{year}-03-10"
    )
    police = make_record(
        personas["caseworker_rs_police"],
        code=code,
        v_identification_date=f"{police_year or year}-04-10",
    )
    return ngo, police


def shown(body: str, section: str) -> set[str]:
    match = re.search(rf'data-testid="{section}-groups">(.*?)</section>', body, re.S)
    return set(re.findall(r"RS-V\d{6}", match.group(1))) if match else set()


def test_pending_and_decided_groups_are_apart(clients, personas):
    a = pair(personas, "An", "Pe")
    b = pair(personas, "Bo", "Ko")
    client = clients["coordinator_rs"]
    client.post(URL, {"decision": "same", "records": [str(r.uuid) for r in a]})
    body = client.get(URL).content.decode()
    assert shown(body, "pending") == {r.record_number for r in b}
    assert shown(body, "decided") == {r.record_number for r in a}
    only_pending = client.get(URL + "?show=pending").content.decode()
    assert "decided-groups" not in only_pending and shown(only_pending, "pending")


def test_it_filters_by_year_and_institution(clients, personas, world):
    in_2024 = pair(personas, "An", "Pe", year=2024)
    across = pair(personas, "Bo", "Ko", year=2023, police_year=2025)
    client = clients["coordinator_rs"]
    body = client.get(URL + "?year=2024").content.decode()
    assert shown(body, "pending") == {r.record_number for r in in_2024}
    body = client.get(URL + "?year=2025").content.decode()
    assert shown(body, "pending") == {r.record_number for r in across}
    # A group of the NGO alone: the police record of "across" counts, its NGO record does not.
    solo = make_record(
        personas["caseworker_rs_ngo"],
        code=personal_code("Zo", "Ku", dob="1980-01-01"),
        v_identification_date="2022-01-01",
    )
    make_record(
        personas["caseworker_rs_ngo"],
        code=personal_code("Zo", "Ku", dob="1980-01-01"),
        v_identification_date="2022-02-01",
    )
    police = world["rs_police"].pk
    body = client.get(f"{URL}?institution={police}").content.decode()
    assert solo.record_number not in body
    assert {r.record_number for r in in_2024} <= shown(body, "pending")


def test_an_institution_of_another_territory_filters_nothing_in(clients, personas, world):
    pair(personas, "An", "Pe")
    body = clients["coordinator_rs"].get(f"{URL}?institution={world['al_ngo'].pk}")
    text = body.content.decode()
    assert "Shelter NGO Tirana" not in text and "AL-V" not in text


def test_it_pages_the_groups_in_a_fixed_number_of_queries(clients, personas):
    client = clients["coordinator_rs"]
    names = [(f"A{chr(97 + i)}", f"P{chr(97 + j)}") for i in range(5) for j in range(5)]
    for first, family in names[:2]:
        pair(personas, first, family)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for first, family in names[2:]:
        pair(personas, first, family)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL).content.decode()
    assert len(small) == len(large)
    assert "To review (25)" in body
    first_page = shown(body, "pending")
    second_page = shown(client.get(URL + "?pending_page=2").content.decode(), "pending")
    assert len(first_page) == 2 * 20 and len(second_page) == 2 * 5
    assert not first_page & second_page
