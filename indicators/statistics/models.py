"""Editions of the annual statistics: every export is kept, so revisions can be compared."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from thb_data.scoping import ScopedModel


class Edition(ScopedModel):
    """One exported release of a territory-year's protected tables.

    Holds what was published (the protected values and flags of every table, as JSON), the
    threshold applied and the keys of every hidden cell, so that later editions hide them too.
    The unprotected counts are never stored.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(help_text="Edition number within the territory-year.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    final = models.BooleanField(help_text="Exported from a signed-off year.")
    threshold = models.PositiveSmallIntegerField()
    file_format = models.CharField(max_length=10)
    tables = models.JSONField(default=list)
    suppressed = models.JSONField(default=list)
    notes = models.JSONField(default=list)

    class Meta:
        app_label = "indicators"
        ordering = ["territory", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "number"], name="edition_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.territory_id}/{self.year} edition {self.number}"

    @property
    def label(self) -> str:
        status = "final" if self.final else "provisional"
        return (
            f"Edition {self.number} ({status}, threshold {self.threshold}, "
            f"{self.created_at:%Y-%m-%d %H:%M})"
        )
