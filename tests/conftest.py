"""Shared fixtures: two territories, institutions of each kind, and a named persona per role.

Every test database holds at least two territories and two institutions per territory, so that a
test of one tenant cannot pass by accident (PITFALLS.md, "tests with one tenant pass").
"""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.scoping import scopes_disabled

PASSWORD = "Correct-Horse-Battery-9"


def pytest_configure(config):
    """Build the compiled catalogues (and Serbian Latin) once, before any worker starts: the
    tests read the pages in the territories' languages (thb_data/translations.py)."""
    if not hasattr(config, "workerinput"):
        from thb_data.translations import build

        build()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing passwords at production strength would make every persona cost a third of a
    second; the hasher is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Serbia and Albania, each with an NGO, the police, a prosecution office and a coordinator."""
    with scopes_disabled():
        rs = Territory.objects.create(code="RS", name="Serbia")
        al = Territory.objects.create(code="AL", name="Albania")

        def institution(territory, name, kind):
            return Institution.objects.create(territory=territory, name=name, kind=kind)

        w = {
            "rs": rs,
            "al": al,
            "rs_ngo": institution(rs, "Shelter NGO Belgrade", "ngo"),
            "rs_police": institution(rs, "Police Belgrade", "police"),
            "rs_prosecution": institution(rs, "Prosecution Belgrade", "prosecution"),
            "rs_office": institution(rs, "Coordinator's office Serbia", "coordinator_office"),
            "al_ngo": institution(al, "Shelter NGO Tirana", "ngo"),
            "al_police": institution(al, "Police Tirana", "police"),
            "al_prosecution": institution(al, "Prosecution Tirana", "prosecution"),
            "al_office": institution(al, "Coordinator's office Albania", "coordinator_office"),
        }
    return w


def make_user(username, role, institution=None, language="en"):
    """A persona; in English unless ``language`` says otherwise (empty: the territory's)."""
    with scopes_disabled():
        user = User(
            username=username,
            role=role,
            institution=institution,
            territory=institution.territory if institution else None,
            language=language,
        )
        user.set_password(PASSWORD)
        user.save()
        if user.needs_second_factor:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def personas(world):
    """Named personas: one per role and territory, as in the demo."""
    return {
        "caseworker_rs_ngo": make_user("cw-rs-ngo", Role.CASEWORKER, world["rs_ngo"]),
        "caseworker_rs_police": make_user("cw-rs-police", Role.CASEWORKER, world["rs_police"]),
        "prosecutor_rs": make_user("pr-rs", Role.PROSECUTOR, world["rs_prosecution"]),
        "coordinator_rs": make_user("co-rs", Role.COORDINATOR, world["rs_office"]),
        "caseworker_al": make_user("cw-al", Role.CASEWORKER, world["al_ngo"]),
        "prosecutor_al": make_user("pr-al", Role.PROSECUTOR, world["al_prosecution"]),
        "coordinator_al": make_user("co-al", Role.COORDINATOR, world["al_office"]),
        "analyst": make_user("analyst-x", Role.ANALYST),
        "admin": make_user("admin-x", Role.ADMIN),
    }


def signed_in_client(user) -> Client:
    """A test client signed in as ``user``, with the second factor confirmed where required."""
    client = Client()
    client.force_login(user)
    if user.needs_second_factor:
        device = TOTPDevice.objects.get(user=user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def clients(personas):
    """A signed-in test client per persona."""
    return {name: signed_in_client(user) for name, user in personas.items()}
