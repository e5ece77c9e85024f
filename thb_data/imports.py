"""Uploads waiting between an import's preview and its confirmation.

Never the file itself: the rows it was read into, with the first letters of the names replaced
by the keyed hashes of the personal code, encrypted with a key that only the uploader's browser
holds (a cookie for that upload's pages). The database and its backups hold nothing readable of
the file. Kept in the database (never on an application server's disk: several servers share one
database, and a file left in /tmp would hold sensitive data) and only for as long as needed.

An upload is confirmed once: the confirmation claims it (``state`` from pending to imported, in
the import's own transaction) and a second confirmation, arriving at the same time or later,
finds it imported. Claimed, cancelled and expired uploads lose their content at once; on
PostgreSQL the table is vacuumed after each, so that the old row versions do not linger.
"""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import DatabaseError, connections, models, router
from django.utils import timezone

from thb_data.scoping import ScopedModel, scopes_disabled

PENDING_IMPORT_LIFETIME = dt.timedelta(hours=1)
logger = logging.getLogger(__name__)


class UploadState(models.TextChoices):
    PENDING = "pending", "waiting for confirmation"
    IMPORTED = "imported", "imported"


class PendingImport(ScopedModel):
    """An uploaded file that passed validation and waits for its uploader to confirm it."""

    scope_institution_field = "institution"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    database = models.CharField(max_length=20)
    territory = models.ForeignKey("accounts.Territory", on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=UploadState.choices, default="pending")
    # The rows, sealed (indicators.exchange.storage): empty once the upload is imported.
    sealed = models.BinaryField(default=b"")
    # Version of every record the preview showed as updated: confirming refuses when a record
    # changed in between.
    versions = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "thb_data"

    def __str__(self):
        return f"{self.file_name} ({self.database})"

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - PENDING_IMPORT_LIFETIME

    @property
    def imported(self) -> bool:
        return self.state == UploadState.IMPORTED

    def claim(self) -> bool:
        """Mark the upload imported, if it still waits (one statement: of two confirmations,
        one gets True). Call it in the import's transaction: a rolled-back import leaves the
        upload waiting."""
        with scopes_disabled():
            claimed = PendingImport.objects.filter(pk=self.pk, state=UploadState.PENDING).update(
                state=UploadState.IMPORTED, sealed=b""
            )
        return claimed == 1

    def discard(self) -> bool:
        """Delete the upload if it still waits (an imported one stays, to say so, until it
        expires); vacuumed on PostgreSQL."""
        with scopes_disabled():
            deleted, _ = PendingImport.objects.filter(
                pk=self.pk, state=UploadState.PENDING
            ).delete()
        PendingImport.vacuum()
        return deleted == 1

    @classmethod
    def delete_expired(cls) -> int:
        """Delete every upload older than the lifetime, whoever uploaded it."""
        with scopes_disabled():
            deleted, _ = cls.objects.filter(
                created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME
            ).delete()
        if deleted:
            cls.vacuum()
        return deleted

    @classmethod
    def vacuum(cls) -> None:
        """On PostgreSQL, VACUUM the table so that deleted or overwritten uploads leave no row
        versions behind (a VACUUM cannot run in a transaction: inside one, nothing is done and
        the next call, or autovacuum, does it)."""
        connection = connections[router.db_for_write(cls)]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {connection.ops.quote_name(cls._meta.db_table)}")
        except DatabaseError:  # a missing privilege must not fail an import
            logger.warning("VACUUM of %s failed", cls._meta.db_table, exc_info=True)
