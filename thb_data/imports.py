"""Uploads waiting between an import's preview and its confirmation.

The file is kept in the database (never on an application server's disk: several servers share
one database, and a file left in /tmp would hold sensitive data) and only for as long as needed:
deleted on confirm or cancel, and expired after an hour.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from thb_data.scoping import ScopedModel, scopes_disabled

PENDING_IMPORT_LIFETIME = dt.timedelta(hours=1)


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
    content = models.BinaryField()
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

    @classmethod
    def delete_expired(cls) -> int:
        """Delete every upload older than the lifetime, whoever uploaded it."""
        with scopes_disabled():
            deleted, _ = cls.objects.filter(
                created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME
            ).delete()
        return deleted
