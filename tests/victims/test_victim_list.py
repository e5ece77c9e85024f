"""The list of victim records: filters generated from the catalogue, search by record number,
pagination, and a fixed number of queries whatever the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.victims.conftest import bulk_records, make_record

pytestmark = pytest.mark.django_db


def listed(response):
    return [row["record"].record_number for row in response.context["rows"]]


def test_the_filters_come_from_the_catalogue(clients):
    form = clients["coordinator_rs"].get(reverse("victims:list")).context["filterset"].form
    for name in (
        "v_sex",
        "v_citizenship",
        "v_exploitation_form",
        "v_victim_status",
        "v_minor_flag",
        "year",
        "status",
        "institution",
        "q",
    ):
        assert name in form.fields, name
    caseworker_form = (
        clients["caseworker_rs_ngo"].get(reverse("victims:list")).context["filterset"].form
    )
    assert "institution" not in caseworker_form.fields


@pytest.fixture
def three(personas):
    cw = personas["caseworker_rs_ngo"]
    return [
        make_record(cw, v_sex="female", v_exploitation_form=["sexual"], status="complete"),
        make_record(
            cw,
            v_sex="male",
            v_exploitation_form=["labour", "begging"],
            v_citizenship="AL",
            v_identification_date="2024-06-01",
        ),
        make_record(
            cw,
            v_sex="male",
            v_exploitation_form=["labour"],
            v_date_of_birth="2010-01-01",
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"v_sex": "male"}, [1, 2]),
        ({"v_sex": ["male", "female"]}, [0, 1, 2]),
        ({"v_exploitation_form": "labour"}, [1, 2]),
        ({"v_exploitation_form": ["begging", "sexual"]}, [0, 1]),
        ({"v_citizenship": "AL"}, [1]),
        ({"year": "2024"}, [1]),
        ({"status": "complete"}, [0]),
        ({"v_minor_flag": "yes"}, [2]),
        ({"v_sex": "male", "v_exploitation_form": "labour", "year": "2025"}, [2]),
        ({"q": "RS-V000002"}, [1]),
        ({"q": "3"}, [2]),
        ({"q": "not a number"}, [0, 1, 2]),  # not a record number: reported and ignored
    ],
)
def test_the_filters_and_the_search_select_the_records(clients, three, query, expected):
    response = clients["caseworker_rs_ngo"].get(reverse("victims:list"), query)
    assert sorted(listed(response)) == sorted(three[i].record_number for i in expected)


def test_the_coordinator_filters_by_institution(clients, personas, world):
    make_record(personas["caseworker_rs_ngo"])
    police = make_record(personas["caseworker_rs_police"])
    response = clients["coordinator_rs"].get(
        reverse("victims:list"), {"institution": world["rs_police"].pk}
    )
    assert listed(response) == [police.record_number]


def test_the_list_is_paginated_by_fifty(clients, personas):
    bulk_records(personas["caseworker_rs_ngo"], 120)
    client = clients["caseworker_rs_ngo"]
    first = client.get(reverse("victims:list"))
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.num_pages == 3
    last = client.get(reverse("victims:list"), {"page": 3, "v_sex": ["male", "female"]})
    assert len(last.context["rows"]) == 20
    assert "v_sex=male" in last.content.decode()  # the pages keep the filters


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["caseworker_rs_ngo", "coordinator_rs"])
def test_the_list_issues_the_same_number_of_queries_for_10_and_200_records(
    clients, personas, persona
):
    client = clients[persona]
    url = reverse("victims:list")
    bulk_records(personas["caseworker_rs_ngo"], 10)
    small = _queries(client, url)
    small_filtered = _queries(client, url, {"v_exploitation_form": "labour", "v_sex": "male"})
    bulk_records(personas["caseworker_rs_ngo"], 190, start=11)
    large = _queries(client, url)
    large_filtered = _queries(client, url, {"v_exploitation_form": "labour", "v_sex": "male"})
    assert small == large
    assert small_filtered == large_filtered
    assert large <= 12


def test_a_list_longer_than_the_counting_cap_says_more_than_the_cap(clients, personas, monkeypatch):
    from thb_data.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 60)
    bulk_records(personas["caseworker_rs_ngo"], 75)
    response = clients["caseworker_rs_ngo"].get(reverse("victims:list"))
    assert "More than 60 records" in response.content.decode()
    # 61 rows counted at most: two pages of fifty are offered.
    assert response.context["page"].paginator.num_pages == 2


def test_a_list_under_the_cap_gives_its_exact_count(clients, personas, monkeypatch):
    from thb_data.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 60)
    bulk_records(personas["caseworker_rs_ngo"], 12)
    response = clients["caseworker_rs_ngo"].get(reverse("victims:list"))
    assert "12 records" in response.content.decode()
