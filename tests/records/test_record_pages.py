"""The record pages behave the same in both databases (indicators.record_views): the same list
parameters, invalid filters reported and ignored, stale saves and saves without a version refused
with the three-way comparison, signed-off years answered with a read-only page (403), export
links for coordinators. Every test runs against the victims' and the traffickers' pages."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from indicators.records import save_record
from tests.conftest import signed_in_client
from tests.traffickers.conftest import make_case, make_trafficker, profile_data, reload
from tests.victims.conftest import make_record
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Database:
    namespace: str
    persona: str  # who enters the records
    sex: str  # the sex indicator: changed by the stale-save tests

    def make(self, personas, world):
        """A record of 2024 (its reporting year), sex male, no personal code."""
        user = personas[self.persona]
        if self.namespace == "victims":
            return make_record(user, v_sex="male", v_identification_date="2024-05-01")
        reference = f"K {uuid.uuid4().hex[:8]}"
        return make_trafficker(user, case=make_case(world["rs_prosecution"], reference, user=user))

    def edit_data(self, record, **changes) -> dict:
        """A full POST of the record's edit form (the version not included)."""
        if self.namespace == "victims":
            data = {
                "v_sex": "male",
                "v_citizenship": "RS",
                "v_identification_date": "2024-05-01",
                "status": "draft",
            }
        else:
            data = profile_data(None, status="draft")
        data.update(changes)
        return data


DATABASES = [
    pytest.param(Database("victims", "caseworker_rs_ngo", "v_sex"), id="victims"),
    pytest.param(Database("traffickers", "prosecutor_rs", "t_sex"), id="traffickers"),
]


@pytest.fixture(params=DATABASES)
def database(request, code_lists):
    return request.param


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def listed(response) -> list[str]:
    return [row["record"].record_number for row in response.context["rows"]]


def stored(record):
    return reload(record)


# --- lists -------------------------------------------------------------------------------------


def test_it_takes_the_same_parameter_names_in_both_lists(database, personas, world):
    database.make(personas, world)
    form = signed_in_client(personas["coordinator_rs"]).get(reverse(f"{database.namespace}:list"))
    fields = set(form.context["filterset"].form.fields)
    assert {"q", "year", "status", "institution"} <= fields
    form = signed_in_client(personas[database.persona]).get(reverse(f"{database.namespace}:list"))
    assert {"q", "year", "status"} <= set(form.context["filterset"].form.fields)
    assert "institution" not in form.context["filterset"].form.fields


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("year=abc", "Reporting year"),
        ("year=1850", "Reporting year"),
        ("status=finished", "Status"),
        ("q=not-a-number", "Record number"),
    ],
)
def test_it_reports_and_ignores_an_invalid_filter(database, personas, world, query, ignored):
    record = database.make(personas, world)
    client = signed_in_client(personas[database.persona])
    response = client.get(f"{reverse(f'{database.namespace}:list')}?{query}")
    assert response.status_code == 200
    assert listed(response) == [record.record_number]  # the filter ignored, not an empty list
    [message] = messages_of(response)
    assert message.startswith(f"The filter “{ignored}” was ignored")


def test_the_valid_filters_apply_beside_an_invalid_one(database, personas, world):
    database.make(personas, world)  # 2024
    client = signed_in_client(personas[database.persona])
    response = client.get(f"{reverse(f'{database.namespace}:list')}?year=2023&status=finished")
    assert listed(response) == []  # no record of 2023
    assert len(messages_of(response)) == 1


@pytest.mark.parametrize(("old", "new"), [("reporting_year", "year"), ("number", "q")])
def test_the_old_parameter_names_redirect_to_the_new(database, personas, old, new):
    client = signed_in_client(personas[database.persona])
    url = reverse(f"{database.namespace}:list")
    response = client.get(f"{url}?{old}=2024&status=draft")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{new}=2024&status=draft"


def test_the_lists_offer_the_export_to_coordinators_only(database, personas, world):
    url = reverse(f"{database.namespace}:list")
    exports = {
        reverse(f"{database.namespace}:export_xlsx"),
        reverse(f"{database.namespace}:export_csv"),
    }
    page = signed_in_client(personas["coordinator_rs"]).get(url)
    links = {href.split("?")[0] for href in _hrefs(page.content.decode())}
    assert exports <= links
    page = signed_in_client(personas[database.persona]).get(url)
    assert not exports & {href.split("?")[0] for href in _hrefs(page.content.decode())}


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


# --- saves ---------------------------------------------------------------------------------------


def test_a_stale_save_is_refused_with_the_three_way_comparison(database, personas, world):
    record = database.make(personas, world)
    client = signed_in_client(personas[database.persona])
    url = reverse(f"{database.namespace}:edit", args=[record.uuid])
    opened = client.get(url).context["form"].initial  # version 1, sex male
    assert opened["version"] == 1

    # Meanwhile the coordinator changes the sex to female.
    with scopes_disabled():
        current = stored(record)
        save_record(
            current,
            user=personas["coordinator_rs"],
            values={**current.indicator_values(), database.sex: "female"},
            status=current.status,
            expected_version=1,
        )

    response = client.post(
        url,
        database.edit_data(record, version=1, based_on=opened["based_on"]),
    )
    assert response.status_code == 409
    assert any("Someone else saved this record" in m for m in messages_of(response))
    changes = {c["field"]: c for c in response.context["changes"]}
    assert set(changes) == {database.sex}
    assert (changes[database.sex]["before"], changes[database.sex]["current"]) == (
        "Male",
        "Female",
    )
    assert changes[database.sex]["yours"] == "Male"
    saved = stored(record)
    assert (saved.version, getattr(saved, database.sex)) == (2, "female")
    # The form is redrawn at the current version, holding the other's change.
    form = response.context["form"]
    assert form.initial["version"] == 2
    assert form.initial[database.sex] == "female"


def test_a_save_without_a_version_is_refused_and_changes_nothing(database, personas, world):
    record = database.make(personas, world)
    client = signed_in_client(personas[database.persona])
    url = reverse(f"{database.namespace}:edit", args=[record.uuid])
    response = client.post(url, database.edit_data(record, **{database.sex: "female"}))
    assert response.status_code == 409
    assert any("did not say which version" in m for m in messages_of(response))
    saved = stored(record)
    assert (saved.version, getattr(saved, database.sex)) == (1, "male")
    assert response.context["form"].initial["version"] == 1


def test_a_save_with_the_current_version_succeeds(database, personas, world):
    record = database.make(personas, world)
    client = signed_in_client(personas[database.persona])
    url = reverse(f"{database.namespace}:edit", args=[record.uuid])
    opened = client.get(url).context["form"].initial
    response = client.post(
        url,
        database.edit_data(
            record,
            version=opened["version"],
            based_on=opened["based_on"],
            **{database.sex: "female"},
        ),
    )
    assert response.status_code == 302
    saved = stored(record)
    assert (saved.version, getattr(saved, database.sex)) == (2, "female")


# --- signed-off years ----------------------------------------------------------------------------


def test_a_signed_off_year_answers_every_form_with_a_read_only_page(database, personas, world):
    record = database.make(personas, world)
    deleted = database.make(personas, world)
    client = signed_in_client(personas[database.persona])
    client.post(reverse(f"{database.namespace}:delete", args=[deleted.uuid]))
    assert stored(deleted).is_deleted
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)

    edit = reverse(f"{database.namespace}:edit", args=[record.uuid])
    for response in (
        client.get(edit),
        client.post(edit, database.edit_data(record, version=1, **{database.sex: "female"})),
        client.post(reverse(f"{database.namespace}:delete", args=[record.uuid])),
        client.post(reverse(f"{database.namespace}:restore", args=[deleted.uuid])),
    ):
        assert response.status_code == 403
        assert "The reporting year 2024 is signed off" in response.content.decode()
        assert 'data-testid="year-locked"' in response.content.decode()
    saved = stored(record)
    assert (saved.version, getattr(saved, database.sex), saved.is_deleted) == (1, "male", False)
    assert stored(deleted).is_deleted


def test_a_record_of_another_territory_answers_404(database, personas, world):
    record = database.make(personas, world)
    other = "caseworker_al" if database.namespace == "victims" else "prosecutor_al"
    client = signed_in_client(personas[other])
    for name in ("detail", "edit"):
        assert (
            client.get(reverse(f"{database.namespace}:{name}", args=[record.uuid])).status_code
            == 404
        )
