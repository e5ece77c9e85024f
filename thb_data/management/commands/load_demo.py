from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thb_data.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_base_fixtures, load_demo_accounts


class Command(BaseCommand):
    help = "Load territories, institutions, sample code lists and the demo accounts (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are never created in a production setup.")
        load_base_fixtures(verbosity=0)
        load_demo_accounts()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for username, (role, territory, _) in DEMO_ACCOUNTS.items():
            where = f" · {territory}" if territory else ""
            self.stdout.write(f"  {username:22} {role.label}{where}")
        self.stdout.write(
            "Coordinators and admin confirm sign-in with a TOTP code: add the secret "
            f"{settings.THB_DEMO_TOTP_SECRET} to any authenticator app."
        )
