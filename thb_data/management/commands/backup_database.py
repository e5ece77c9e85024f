"""``manage.py backup_database [--output PATH]``: a PostgreSQL dump (custom format) with the
personal-code key's fingerprint and the dump's checksum beside it (``<dump>.json``).

PATH is a file name or a folder (default: ``backups/`` in the project, a dated name). Keep the
dump, its ``.json`` and, separately and safely, ``THB_PERSONAL_CODE_KEY``: the dump is useless
for matching persons without that key. Restore with ``manage.py restore_database``.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thb_data.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Dump the PostgreSQL database (pg_dump custom format) with the key fingerprint beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="A file name, or a folder for a dated file name (default: backups/).",
        )

    def handle(self, *args, output, **options):
        target = Path(output)
        if not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
        try:
            dump, manifest = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {dump} ({manifest['bytes']:,} bytes), key fingerprint "
                f"{manifest['personal_code_key_fingerprint'][:12]} in {dump.name}.json."
            )
        )
