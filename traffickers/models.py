"""The traffickers and criminal-justice database: one person in one criminal case, followed
through the stages of the proceedings, with every trafficker indicator as a column."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from indicators.catalogue import TRAFFICKERS
from indicators.machinery import abstract_indicator_model, indicator_indexes
from thb_data.records import RecordBase
from thb_data.scoping import ScopedModel

TraffickerIndicators = abstract_indicator_model(
    TRAFFICKERS, app_label="traffickers", name="TraffickerIndicators"
)


class CriminalCase(ScopedModel):
    """A criminal case: groups the trafficker records of its defendants and links the victim
    records of its victims. The reference is internal and never published."""

    scope_institution_field = "institution"
    edit_roles = ("prosecutor", "coordinator")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The prosecution office in charge of the case.",
    )
    reference = models.CharField(
        max_length=60, help_text="Internal case number (police, prosecution or court)."
    )
    victims = models.ManyToManyField("victims.VictimRecord", blank=True, related_name="cases")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "reference"], name="case_unique_reference")
        ]

    def __str__(self):
        return self.reference


class TraffickerRecord(RecordBase, TraffickerIndicators):
    database = TRAFFICKERS
    number_prefix = "T"
    edit_roles = ("prosecutor", "coordinator")
    reporting_date_indicator = "t_complaint_date"

    case = models.ForeignKey(
        CriminalCase, on_delete=models.PROTECT, null=True, blank=True, related_name="defendants"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="trafficker_unique_number")
        ]
        indexes = [
            models.Index(fields=["territory", "reporting_year"], name="trafficker_territory_year"),
            models.Index(fields=["institution", "reporting_year"], name="trafficker_inst_year"),
            models.Index(fields=["territory", "person_key"], name="trafficker_territory_person"),
            # The list pages: newest first, deleted records left out.
            models.Index(
                fields=["territory", "-created_at"],
                condition=models.Q(is_deleted=False),
                name="trafficker_list_territory",
            ),
            models.Index(
                fields=["institution", "-created_at"],
                condition=models.Q(is_deleted=False),
                name="trafficker_list_institution",
            ),
            # The statistics: the persons accused in a criminal case, from the index alone.
            models.Index(
                fields=["case"],
                include=["person_key"],
                condition=models.Q(is_deleted=False),
                name="trafficker_case_person",
            ),
            # The statistics: the criminal cases of a year's suspects, from the index alone.
            models.Index(
                fields=["territory", "t_complaint_date"],
                include=["case_id"],
                condition=models.Q(is_deleted=False),
                name="trafficker_complaint",
            ),
            *indicator_indexes(TRAFFICKERS),
        ]
