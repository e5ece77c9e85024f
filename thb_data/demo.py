"""Demo accounts: loaded only on purpose, never in production."""

import base64

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal
from django_otp.plugins.otp_totp.models import TOTPDevice

from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.scoping import scopes_disabled

DEMO_PASSWORD = "Demo!THB-2026"

# username: (role, territory code, institution name or None)
DEMO_ACCOUNTS = {
    "admin": (Role.ADMIN, None, None),
    "coordinator-rs": (
        Role.COORDINATOR,
        "RS",
        "Office of the National Anti-Trafficking Coordinator (Serbia)",
    ),
    "caseworker-rs-ngo": (Role.CASEWORKER, "RS", "ASTRA Anti-Trafficking Action (shelter NGO)"),
    "caseworker-rs-police": (
        Role.CASEWORKER,
        "RS",
        "Ministry of Interior, Service for Combating Trafficking in Human Beings",
    ),
    "prosecutor-rs": (Role.PROSECUTOR, "RS", "Public Prosecutor's Office for Organised Crime"),
    "coordinator-al": (
        Role.COORDINATOR,
        "AL",
        "Office of the National Anti-Trafficking Coordinator (Albania)",
    ),
    "caseworker-al": (Role.CASEWORKER, "AL", "Different and Equal (shelter NGO)"),
    "prosecutor-al": (
        Role.PROSECUTOR,
        "AL",
        "Special Prosecution Office against Corruption and Organised Crime",
    ),
    "analyst": (Role.ANALYST, None, None),
}

# Sent once the base fixtures are loaded, with ``territory_ids``.
base_fixtures_loaded = Signal()

# Loaded in this order; a fixture file that is not there yet is skipped.
DEMO_FIXTURES = ("territories", "institutions", "national_code_lists")


def load_base_fixtures(verbosity=0):
    """Territories, institutions and the sample national code lists (idempotent)."""
    folder = settings.BASE_DIR / "fixtures"
    names = [name for name in DEMO_FIXTURES if (folder / f"{name}.json").exists()]
    with scopes_disabled():
        call_command("loaddata", *names, verbosity=verbosity)
        # The apps above the base add what a loaded territory needs (the default national
        # entries of the catalogue): they listen to this signal.
        base_fixtures_loaded.send(
            sender=load_base_fixtures,
            territory_ids=list(Territory.objects.values_list("pk", flat=True)),
        )


@transaction.atomic
def load_demo_accounts() -> list[User]:
    """Create or reset the demo accounts (idempotent). Refuses to run in production."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts are never created in a production setup.")
    users = []
    with scopes_disabled():
        for username, (role, territory_code, institution_name) in DEMO_ACCOUNTS.items():
            institution = (
                Institution.objects.select_related("territory").get(
                    territory__code=territory_code, name=institution_name
                )
                if institution_name
                else None
            )
            user = User.objects.filter(username=username).first() or User(username=username)
            user.role = role
            user.institution = institution
            user.territory = institution.territory if institution else None
            user.is_active = True
            # The demo accounts start in English; each switches with the language switcher
            # (a real account without a preference works in its territory's language).
            user.language = user.language or "en"
            user.set_password(DEMO_PASSWORD)
            user.save()
            if user.needs_second_factor:
                TOTPDevice.objects.filter(user=user).delete()
                TOTPDevice.objects.create(
                    user=user,
                    name="demo authenticator",
                    confirmed=True,
                    key=base64.b32decode(settings.THB_DEMO_TOTP_SECRET).hex(),
                )
            users.append(user)
    return users
