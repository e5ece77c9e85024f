"""Delete what must not outlive its purpose: uploads waiting for confirmation past their hour
(their sealed rows; vacuumed on PostgreSQL), expired sessions, and the values of record forms
held for a sign-in past their few minutes (thb_data/accounts/held.py).

Run it from a timer (cron or systemd) every 15 minutes; imports also delete expired uploads
whenever an import page is opened.
"""

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from thb_data.accounts.models import HeldFormValues
from thb_data.imports import PendingImport


class Command(BaseCommand):
    help = "Delete expired pending uploads and expired sessions."

    def handle(self, *args, **options):
        uploads = PendingImport.delete_expired()
        sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        held, _ = HeldFormValues.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(
            f"Deleted {uploads} expired upload(s) and {sessions} expired session(s)"
            f" and {held} expired held form value(s)."
        )
