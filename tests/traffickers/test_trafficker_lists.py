"""The trafficker and case lists: filters generated from the catalogue, the stage reached,
pagination, and a fixed number of queries whatever the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.traffickers.conftest import make_case, make_trafficker
from traffickers.filters import reached_stages, stage_markers

INDICTED = {"t_indictment_date": "2024-05-02"}
ACQUITTED = {**INDICTED, "t_verdict_first_date": "2024-10-01", "t_verdict_first": "acquitted"}
CONVICTED = {
    **INDICTED,
    "t_verdict_first_date": "2024-10-01",
    "t_verdict_first": "convicted",
    "t_sentence_type": ["fine"],
    "t_fine_amount": 1000,
}
FINAL = {
    **CONVICTED,
    "t_final_date": "2025-02-01",
    "t_final_outcome": "convicted",
    "t_final_sentence_type": ["fine"],
}


@pytest.fixture
def records(personas, world, code_lists):
    """Six Serbian records at various stages, and one Albanian."""
    prosecutor = personas["prosecutor_rs"]
    case = make_case(world["rs_prosecution"], "K", user=prosecutor)
    made = {
        "complaint": make_trafficker(prosecutor, case=case),
        "female": make_trafficker(prosecutor, case=case, t_sex="female", t_citizenship="AL"),
        "indicted": make_trafficker(prosecutor, case=case, **INDICTED),
        "acquitted": make_trafficker(prosecutor, case=case, **ACQUITTED),
        "convicted": make_trafficker(prosecutor, case=case, **CONVICTED),
        "final": make_trafficker(prosecutor, case=case, **FINAL),
        "older": make_trafficker(prosecutor, case=case, t_complaint_date="2023-06-01"),
        "al": make_trafficker(personas["prosecutor_al"], t_citizenship="AL"),
    }
    return made


def listed(client, query=""):
    response = client.get(reverse("traffickers:list") + query)
    assert response.status_code == 200
    return sorted(row["record"].record_number for row in response.context["rows"])


def numbers(records, *names):
    return sorted(records[name].record_number for name in names)


def test_the_stage_reached_is_computed_from_the_filled_stages(records):
    assert stage_markers()["complaint"] == ["t_complaint_date"]
    assert stage_markers()["appeal"] == ["t_appeal_filed"]  # the decision date is conditional
    assert stage_markers()["sanctions"] == ["t_confiscation", "t_compensation_ordered"]
    assert reached_stages(records["final"]) == [
        "complaint",
        "indictment",
        "first_instance",
        "final",
    ]


def test_it_filters_by_the_stage_reached(personas, records):
    client = signed_in_client(personas["prosecutor_rs"])
    assert listed(client, "?stage=complaint") == numbers(records, "complaint", "female", "older")
    assert listed(client, "?stage=indictment") == numbers(records, "indicted")
    assert listed(client, "?stage=first_instance") == numbers(records, "acquitted", "convicted")
    assert listed(client, "?stage=final") == numbers(records, "final")
    assert listed(client, "?stage=appeal") == []
    rows = client.get(reverse("traffickers:list") + "?stage=final").context["rows"]
    assert rows[0]["stage"] == "Final judgment"


def test_it_filters_by_the_catalogues_indicators_and_the_year(personas, records):
    client = signed_in_client(personas["prosecutor_rs"])
    assert listed(client, "?t_verdict_first=convicted") == numbers(records, "convicted", "final")
    assert listed(client, "?t_verdict_first=acquitted&t_verdict_first=convicted") == numbers(
        records, "acquitted", "convicted", "final"
    )
    assert listed(client, "?t_final_outcome=convicted") == numbers(records, "final")
    assert listed(client, "?t_sex=female") == numbers(records, "female")
    assert listed(client, "?t_citizenship=AL") == numbers(records, "female")  # not Albania's
    assert listed(client, "?year=2023") == numbers(records, "older")
    assert len(listed(client, "?year=2024")) == 6
    assert listed(client, "?q=RS-T000003") == numbers(records, "indicted")


def test_the_filters_offer_the_catalogues_categories(personas, records):
    response = signed_in_client(personas["prosecutor_rs"]).get(reverse("traffickers:list"))
    form = response.context["filterset"].form
    assert [code for code, _ in form.fields["t_final_outcome"].choices] == [
        "convicted",
        "acquitted",
        "dismissed_discontinued",
        "unknown",
    ]
    assert set(form.fields) >= {"stage", "t_sex", "t_citizenship", "t_verdict_first", "year"}


def test_the_list_is_paginated(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    case = make_case(world["rs_prosecution"], "K", user=prosecutor)
    for _ in range(53):
        make_trafficker(prosecutor, case=case)
    client = signed_in_client(prosecutor)
    first = client.get(reverse("traffickers:list") + "?t_sex=male")
    assert len(first.context["rows"]) == 50
    assert "t_sex=male&amp;page=2" in first.content.decode()
    second = client.get(reverse("traffickers:list") + "?t_sex=male&page=2")
    assert len(second.context["rows"]) == 3


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["traffickers:list", "traffickers:case_list"])
def test_a_list_page_issues_the_same_number_of_queries_for_10_and_200_records(
    url_name, personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    client = signed_in_client(prosecutor)

    def add(count):
        for i in range(count):
            case = make_case(world["rs_prosecution"], f"K{count}-{i}", user=prosecutor)
            make_trafficker(prosecutor, case=case, **(FINAL if i % 2 else INDICTED))

    add(10)
    url = reverse(url_name) + "?t_sex=male" if url_name == "traffickers:list" else reverse(url_name)
    small = _queries(client, url)
    add(190)
    large = _queries(client, url)
    assert small == large
    assert large <= 12
