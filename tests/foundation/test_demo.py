"""The demo fixtures: territories, institutions and the demo accounts, loaded idempotently."""

import pytest
from django.core.management import call_command
from django.test import Client

from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts
from thb_data.scoping import scopes_disabled

HANDBOOK_TERRITORIES = {"AL", "BA", "BG", "HR", "MK", "MD", "ME", "RO", "RS", "XK"}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_ten_territories_of_the_handbook_are_loaded(demo):
    assert set(Territory.objects.values_list("code", flat=True)) == HANDBOOK_TERRITORIES


def test_every_territory_has_several_institutions_of_different_kinds(demo):
    with scopes_disabled():
        for territory in Territory.objects.all():
            institutions = Institution.objects.filter(territory=territory)
            kinds = set(institutions.values_list("kind", flat=True))
            assert len(kinds) >= 4, territory.code


def test_loading_twice_creates_nothing_more(demo):
    with scopes_disabled():
        before = (User.objects.count(), Institution.objects.count(), Territory.objects.count())
        call_command("load_demo", verbosity=0)
        after = (User.objects.count(), Institution.objects.count(), Territory.objects.count())
    assert before == after == (len(DEMO_ACCOUNTS), before[1], 10)


def test_the_demo_accounts_have_their_roles_and_institutions(demo):
    with scopes_disabled():
        ngo = User.objects.get(username="caseworker-rs-ngo")
        assert (ngo.role, ngo.territory.code) == (Role.CASEWORKER, "RS")
        assert ngo.institution.kind == "ngo"
        police = User.objects.get(username="caseworker-rs-police")
        assert police.institution.kind == "police"
        assert User.objects.get(username="coordinator-al").role == Role.COORDINATOR
        assert User.objects.get(username="analyst").role == Role.ANALYST
        assert User.objects.get(username="admin").is_superuser


def test_each_demo_account_signs_in_with_the_demo_password(demo):
    for username in DEMO_ACCOUNTS:
        client = Client()
        credentials = {"username": username, "password": DEMO_PASSWORD}
        response = client.post("/accounts/login/", credentials)
        assert response.status_code == 302, username
        assert "_auth_user_id" in client.session, username


def test_demo_accounts_are_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="never created in a production setup"):
        load_demo_accounts()
    assert not User.objects.filter(username="admin").exists()
