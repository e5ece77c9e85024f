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


class FinalEdition(ScopedModel):
    """The figures of record of a signed-off territory-year.

    Signing off stores the year's tables as they are at that moment: the counts (for the
    coordinator's eyes and for measuring revisions) and, for each release level, the protected
    tables with the keys of their hidden cells. Until the year is reopened, the statistics page
    and every download of the year serve exactly these cells, whatever changes later. Reopening
    (with a reason) closes the edition; signing off again stores the next one.
    """

    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(help_text="Final edition number within the year.")
    signed_off_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField(default=list, help_text="The tables before protection.")
    releases = models.JSONField(
        default=dict, help_text="Per release level: threshold, protected tables, hidden keys."
    )
    notes = models.JSONField(default=list)
    medians = models.JSONField(default=dict)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)

    class Meta:
        app_label = "indicators"
        ordering = ["territory", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "number"], name="final_edition_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.territory_id}/{self.year} final edition {self.number}"

    @property
    def label(self) -> str:
        state = f"reopened {self.reopened_at:%Y-%m-%d}" if self.reopened_at else "current"
        return f"Final edition {self.number} (signed off {self.signed_off_at:%Y-%m-%d}, {state})"


class PendingRevision(ScopedModel):
    """A change accepted in an open year that would change cells of a signed-off year: shown to
    the coordinator until the year is reopened (and the revision made) or the change undone."""

    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=200)
    cells = models.JSONField(default=list, help_text="Cells that would change: before, after.")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "indicators"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.territory_id}/{self.year}: {self.action}"
