"""Accept a new personal-code key: what re-keying can honestly do.

A personal code is stored only as ``HMAC(code, key)``; its elements (initials, date of birth...)
were discarded when it was hashed, so nothing can recompute the stored hashes under a new key.
Changing ``THB_PERSONAL_CODE_KEY`` therefore splits the persons in two: records entered before
the change keep their hashes (they still match each other), records entered after it get hashes
under the new key, and a person recorded on both sides of the change is not recognised as the
same person (duplicates, re-trafficking and the person counts of the statistics see two persons).

This command, run with the new key configured:

- without ``--confirm``: shows the stored and the configured key fingerprints and how many
  records carry a hash under the earlier key; changes nothing;
- with ``--confirm``: records the configured key's fingerprint as the database's (the earlier
  fingerprint is kept in its history), so the application starts again, and writes an audit
  entry saying when the key changed and how many records will not match across the change.

Use it only when the old key is truly lost or compromised; if the old key exists, configure it
instead. It runs without the start-up key check (which it is there to settle).
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.keys import PERSONAL_CODE, KeyFingerprint, key_fingerprint, short
from thb_data.records import RecordBase
from thb_data.scoping import scopes_disabled


def records_with_a_hash() -> dict[str, int]:
    """Records holding a personal code, per kind of record (every concrete record model)."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, RecordBase) and not model._meta.abstract
    ]
    with scopes_disabled():
        return {
            str(model._meta.verbose_name_plural): model.with_deleted.exclude(
                personal_code_hash=""
            ).count()
            for model in models
        }


class Command(BaseCommand):
    help = (
        "Accept the configured THB_PERSONAL_CODE_KEY as this database's key (after the old key "
        "was lost or compromised). Earlier hashes cannot be recomputed: persons recorded before "
        "and after the change will not match. Needs --confirm."
    )
    requires_system_checks = []  # the key check is what this command settles

    def add_arguments(self, parser):
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Really record the new key (otherwise only show what would change).",
        )
        parser.add_argument("--reason", default="", help="Why the key changed (audit trail).")

    def handle(self, *args, confirm=False, reason="", **options):
        current = key_fingerprint()
        row = KeyFingerprint.objects.filter(purpose=PERSONAL_CODE).first()
        if row is not None and row.fingerprint == current:
            self.stdout.write(f"The configured key is already this database's ({short(current)}).")
            return
        counts = records_with_a_hash()
        total = sum(counts.values())
        stored = row.fingerprint if row else "(none)"
        self.stdout.write(
            f"Stored key fingerprint: {short(stored)}; configured key: {short(current)}.\n"
            f"Records with a personal code made with the earlier key: "
            + ", ".join(f"{n} {name}" for name, n in counts.items())
            + ".\nTheir codes cannot be recomputed (the elements were never kept): persons "
            "recorded before the change will not match persons recorded after it."
        )
        if not confirm:
            raise CommandError("Nothing changed. Run again with --confirm to accept the new key.")
        with transaction.atomic():
            if row is None:
                row = KeyFingerprint(purpose=PERSONAL_CODE)
            else:
                row.previous_fingerprints = [
                    *row.previous_fingerprints,
                    {"fingerprint": row.fingerprint, "until": timezone.now().isoformat()},
                ]
            row.fingerprint = current
            row.changed_at = timezone.now()
            row.save()
            record_event(
                Action.UPDATE,
                object_type="thb_data.keyfingerprint",
                object_id=PERSONAL_CODE,
                object_repr="personal-code key",
                changes={"key fingerprint": [short(stored), short(current)]},
                detail={
                    "rekeyed": True,
                    "records_with_earlier_key": total,
                    "reason": reason[:500],
                    "note": "persons recorded before this change do not match those after it",
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The key {short(current)} is now this database's. {total} earlier record(s) "
                "keep their codes under the earlier key."
            )
        )
