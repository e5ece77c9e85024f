"""Editions of the annual statistics: every export is kept, so revisions can be compared."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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


class PopulationEstimate(ScopedModel):
    """One population figure of a territory: the denominators of the rates per 100,000.

    The coordinator keeps them from the national statistical office (or UN WPP), one figure per
    year, sex and age group, with its source and release date: in the back office, one by one
    or by importing the office's CSV. The age groups are the two the international rates need
    (0–17, 18 and over), the total, and five-year bands where the office publishes them.
    """

    SEX_CHOICES = (("total", "Both sexes"), ("female", "Female"), ("male", "Male"))
    AGE_TOTAL, AGE_CHILD, AGE_ADULT = "total", "0_17", "18_plus"
    AGE_CHOICES = (
        (AGE_TOTAL, "All ages"),
        (AGE_CHILD, "0–17 (children)"),
        (AGE_ADULT, "18 and over (adults)"),
        *((f"{low}_{low + 4}", f"{low}–{low + 4}") for low in range(0, 85, 5)),
        ("85_plus", "85 and over"),
    )

    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year the figure describes (mid-year or 1 January estimate, as the source "
        "says).",
    )
    sex = models.CharField(max_length=10, choices=SEX_CHOICES)
    age_group = models.CharField("age group", max_length=10, choices=AGE_CHOICES)
    value = models.PositiveIntegerField(
        "population",
        validators=[MinValueValidator(1)],
        help_text="Persons (a positive whole number).",
    )
    source = models.CharField(
        max_length=200, help_text="Who published the figure (e.g. the national statistical office)."
    )
    release_date = models.DateField(
        null=True, blank=True, help_text="When the source published the figure."
    )

    class Meta:
        app_label = "indicators"
        ordering = ["territory", "-year", "sex", "age_group"]
        verbose_name = "population figure"
        verbose_name_plural = "population figures"
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "sex", "age_group"],
                name="population_unique_group",
            )
        ]

    def __str__(self):
        return f"{self.territory_id}/{self.year} {self.sex} {self.age_group}: {self.value}"
