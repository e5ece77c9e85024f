"""National code lists: the sample lists of Serbia and Albania, and a territory never seeing
another territory's entries (form choices, the data dictionary, the scoped manager)."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from indicators.catalogue import CODE_LISTS, DATABASES, NATIONAL_LISTS, VICTIMS
from indicators.forms import build_indicator_fields
from indicators.models import NationalCodeEntry
from indicators.types import Context
from tests.conftest import make_user, signed_in_client
from tests.htmltools import markup_has
from thb_data.accounts.models import Institution, Role, Territory
from thb_data.scoping import scope_for, scopes_disabled

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "national_code_lists.json"
NATIONAL_INDICATORS = [
    ind
    for database in DATABASES.values()
    for ind in database.indicators
    if ind.type in ("national", "national_multi")
]


def fixture_rows():
    return [row["fields"] for row in json.loads(FIXTURE.read_text(encoding="utf-8"))]


# --- the sample lists --------------------------------------------------------------------------


def test_the_sample_covers_every_national_list_for_serbia_and_albania():
    rows = fixture_rows()
    for territory in (9, 1):  # Serbia, Albania (fixtures/territories.json)
        lists = {row["list_code"] for row in rows if row["territory"] == territory}
        assert lists == set(NATIONAL_LISTS), territory
    assert {row["territory"] for row in rows} == {1, 9}


def test_the_sample_codes_are_stable_and_unique_per_list():
    rows = fixture_rows()
    keys = [(row["territory"], row["list_code"], row["code"]) for row in rows]
    assert len(keys) == len(set(keys))
    for row in rows:
        assert re.match(r"^[a-z0-9][a-z0-9_/]*$", row["code"]), row["code"]
        assert len(row["code"]) <= 40 and len(row["label"]) <= 200


def test_criminal_code_articles_map_onto_real_regional_categories():
    regional = set(CODE_LISTS["legal_qualification"].codes())
    articles = {
        (row["territory"], row["code"]): row["maps_to"]
        for row in fixture_rows()
        if row["list_code"] == "criminal_code_articles"
    }
    assert set(articles.values()) <= regional
    assert articles[(9, "388")] == "trafficking_in_human_beings"
    assert articles[(9, "389")] == "trafficking_in_children"
    assert articles[(9, "390")] == "slavery"
    assert articles[(9, "350")] == "smuggling_of_migrants"
    assert articles[(9, "184")] == "mediation_in_prostitution"
    assert articles[(9, "346")] == "organised_crime"
    assert articles[(1, "110/a")] == "trafficking_in_human_beings"
    assert articles[(1, "128/b")] == "trafficking_in_children"
    assert articles[(1, "114")] == "mediation_in_prostitution"
    assert articles[(1, "298")] == "smuggling_of_migrants"
    assert articles[(1, "333/a")] == "organised_crime"
    # Only the article list maps onto a regional list.
    others = [r for r in fixture_rows() if r["list_code"] != "criminal_code_articles"]
    assert all(row["maps_to"] == "" for row in others)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def counts():
    with scopes_disabled():
        return {
            code: NationalCodeEntry.objects.filter(territory__code=code).count()
            for code in ("RS", "AL", "HR")
        }


def test_load_demo_loads_the_sample_lists_once(demo):
    rows = fixture_rows()
    expected = {
        "RS": sum(1 for row in rows if row["territory"] == 9),
        "AL": sum(1 for row in rows if row["territory"] == 1),
        "HR": 0,
    }
    assert counts() == expected
    call_command("load_demo", verbosity=0)
    assert counts() == expected


def test_the_loaded_entries_pass_the_models_validation(demo):
    with scopes_disabled():
        entries = list(NationalCodeEntry.objects.select_related("territory"))
        for entry in entries:
            entry.full_clean()
        beograd = NationalCodeEntry.objects.get(territory__code="RS", code="beograd")
        assert beograd.list_code == "municipalities"
        municipalities = NationalCodeEntry.objects.filter(list_code="municipalities")
        assert 8 <= municipalities.filter(territory__code="AL").count() <= 15
        assert 8 <= municipalities.filter(territory__code="RS").count() <= 15


def test_a_coordinator_can_add_an_entry_after_the_sample_is_loaded(demo):
    """Loading rows with fixed keys leaves the key sequence ready for new rows (PostgreSQL)."""
    with scopes_disabled():
        serbia = Territory.objects.get(code="RS")
        entry = NationalCodeEntry.objects.create(
            territory=serbia, list_code="municipalities", code="vranje", label="Vranje"
        )
    assert entry.pk > max(row["pk"] for row in json.loads(FIXTURE.read_text(encoding="utf-8")))


# --- one territory never sees another's entries ------------------------------------------------


@pytest.fixture
def demo_people(demo):
    """A caseworker and a coordinator in Serbia, a prosecutor in Albania, an analyst, an admin."""
    with scopes_disabled():
        rs_ngo = Institution.objects.filter(territory__code="RS", kind="ngo").first()
        rs_office = Institution.objects.filter(
            territory__code="RS", kind="coordinator_office"
        ).first()
        al_prosecution = Institution.objects.filter(
            territory__code="AL", kind="prosecution"
        ).first()
    return {
        "caseworker_rs": make_user("t-cw-rs", Role.CASEWORKER, rs_ngo),
        "coordinator_rs": make_user("t-co-rs", Role.COORDINATOR, rs_office),
        "prosecutor_al": make_user("t-pr-al", Role.PROSECUTOR, al_prosecution),
        "analyst": make_user("t-analyst", Role.ANALYST),
        "admin": make_user("t-admin", Role.ADMIN),
    }


def entries_of(territory_code):
    with scopes_disabled():
        return set(
            NationalCodeEntry.objects.filter(territory__code=territory_code).values_list(
                "list_code", "code"
            )
        )


def test_form_choices_hold_only_the_users_territory_entries(demo_people):
    serbian, albanian = entries_of("RS"), entries_of("AL")
    for person, own, other in (
        ("caseworker_rs", serbian, albanian),
        ("prosecutor_al", albanian, serbian),
    ):
        user = demo_people[person]
        with scope_for(user):
            for database in DATABASES.values():
                form_fields = build_indicator_fields(database, Context(territory=user.territory))
                for ind in NATIONAL_INDICATORS:
                    if ind.code not in form_fields:
                        continue
                    offered = {
                        (ind.code_list, code)
                        for code, _ in form_fields[ind.code].choices
                        if code and code not in ind.missing
                    }
                    assert offered, ind.code
                    assert offered <= own, ind.code
                    assert not offered & (other - own), ind.code


def test_asking_for_another_territorys_list_inside_a_scope_gives_nothing(demo_people):
    with scopes_disabled():
        albania = Territory.objects.get(code="AL")
    with scope_for(demo_people["caseworker_rs"]):
        assert Context(territory=albania).national_choices("municipalities") == []
    with scope_for(demo_people["analyst"]):
        assert Context(territory=albania).national_choices("municipalities") == []


def test_the_scoped_manager_shows_a_user_their_territorys_entries_only(demo_people):
    serbian, albanian = entries_of("RS"), entries_of("AL")

    def seen_by(person):
        with scope_for(demo_people[person]):
            return set(NationalCodeEntry.objects.values_list("list_code", "code"))

    assert seen_by("caseworker_rs") == serbian
    assert seen_by("coordinator_rs") == serbian
    assert seen_by("prosecutor_al") == albanian
    assert seen_by("analyst") == set()
    assert seen_by("admin") == serbian | albanian
    with scopes_disabled():
        visible = NationalCodeEntry.objects.visible_to(demo_people["prosecutor_al"])
        assert set(visible.values_list("list_code", "code")) == albanian


def shown_entries(page):
    """(code, label) of the national entries listed on a dictionary page."""
    table = page.split('data-testid="national-entries"', 1)
    if len(table) == 1:
        return set()
    body = table[1].split("</table>", 1)[0]
    return {
        (code, unescape(label))
        for code, label in re.findall(
            r"<td><code>([^<]*)</code></td>\s*<td>([^<]*?)(?: <span|</td>)", body
        )
    }


def test_the_dictionary_pages_show_only_the_users_territory_entries(demo_people):
    with scopes_disabled():
        entries = {
            (territory, list_code): set(
                NationalCodeEntry.objects.filter(
                    territory__code=territory, list_code=list_code
                ).values_list("code", "label")
            )
            for territory in ("RS", "AL")
            for list_code in NATIONAL_LISTS
        }
    clients = {
        "RS": signed_in_client(demo_people["caseworker_rs"]),
        "AL": signed_in_client(demo_people["prosecutor_al"]),
    }
    for ind in NATIONAL_INDICATORS:
        url = reverse("indicators:detail", args=[ind.code])
        for territory, client in clients.items():
            shown = shown_entries(client.get(url).content.decode())
            assert shown == entries[(territory, ind.code_list)], (territory, ind.code)
    for person in ("analyst", "admin"):  # no territory of their own: no entries
        client = signed_in_client(demo_people[person])
        for ind in NATIONAL_INDICATORS:
            page = client.get(reverse("indicators:detail", args=[ind.code])).content.decode()
            assert shown_entries(page) == set(), (person, ind.code)
            assert not markup_has(page, "Novi Sad") and not markup_has(page, "Durrës")


def test_a_form_for_serbia_refuses_an_albanian_code(demo_people):
    user = demo_people["caseworker_rs"]
    with scope_for(user):
        field = build_indicator_fields(VICTIMS, Context(territory=user.territory))[
            "v_residence_municipality"
        ]
        assert field.clean("novi_sad") == "novi_sad"
        with pytest.raises(Exception, match="valid choice"):
            field.clean("durres")
