"""The audit trail: an append-only log of who did what, when and from where."""

from django.conf import settings
from django.db import models

from thb_data.scoping import ScopedManager, ScopedModel, ScopedQuerySet


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    RESTORE = "restore", "Restored"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    IMPORT = "import", "Imported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_OFF = "sign_off", "Signed off a year"
    REOPEN = "reopen", "Reopened a year"
    MERGE = "merge", "Resolved duplicates"


class AuditEntryQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionError("The audit trail cannot be deleted.")


class AuditEntry(ScopedModel):
    """One accountable action. Entries are never changed or deleted.

    ``territory`` is the territory whose data the action concerns (empty for actions outside any
    territory, such as a failed sign-in with an unknown user name); coordinators see their
    territory's entries, administrators all.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    territory = models.ForeignKey(
        "accounts.Territory", on_delete=models.PROTECT, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # Field-level changes: {"field": [before, after]}; for other actions, details (file name,
    # rows, reason...).
    changes = models.JSONField(default=dict, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = ScopedManager.from_queryset(AuditEntryQuerySet)()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["territory", "-at"], name="audit_territory_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail cannot be deleted.")
