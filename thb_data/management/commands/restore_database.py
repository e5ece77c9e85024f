"""``manage.py restore_database DUMP [--database-url postgres://...]``: restore a dump made by
``backup_database`` into an empty database.

Refused, with nothing restored, when the ``.json`` beside the dump is missing, the dump does not
match its checksum, the dump's key fingerprint is not the configured ``THB_PERSONAL_CODE_KEY``'s,
or the target database is not empty. The restore runs in one transaction (``pg_restore
--single-transaction --exit-on-error``). The target is the configured ``DATABASE_URL`` unless
``--database-url`` names another one (create it first with ``createdb``).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thb_data.backups import BackupError, close_connections, restore_backup


class Command(BaseCommand):
    help = "Restore a backup_database dump into an empty PostgreSQL database, checking its key."
    requires_system_checks = []  # the target database is empty until restored

    def add_arguments(self, parser):
        parser.add_argument("dump", help="The .dump file (its .json must be beside it).")
        parser.add_argument(
            "--database-url", default=None, help="Target database (default: DATABASE_URL)."
        )

    def handle(self, *args, dump, database_url=None, **options):
        close_connections()
        try:
            manifest = restore_backup(Path(dump), database_url=database_url)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {dump} (made {manifest['created']}); the key fingerprint "
                f"{manifest['personal_code_key_fingerprint'][:12]} matches the configured key."
            )
        )
