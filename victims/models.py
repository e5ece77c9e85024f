"""The victims database: one registration, by one institution, of one person's trafficking
experience, with every victim indicator of the catalogue as a column."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from indicators.catalogue import VICTIMS
from indicators.counting import NOT_COUNTED
from indicators.machinery import abstract_indicator_model, indicator_indexes
from thb_data.records import RecordBase
from thb_data.scoping import ScopedModel

VictimIndicators = abstract_indicator_model(VICTIMS, app_label="victims", name="VictimIndicators")


class VictimRecord(RecordBase, VictimIndicators):
    database = VICTIMS
    number_prefix = "V"
    edit_roles = ("caseworker", "coordinator")
    reporting_date_indicator = "v_identification_date"

    # The counting rules (victims.persons keeps these up to date): the record a person counts
    # by in its reporting year, the person's status in that year and the number of the
    # trafficking episode; on every other record, why it does not count.
    person_first = models.BooleanField(default=False, editable=False)
    counted_status = models.CharField(
        max_length=20,
        blank=True,
        default="",
        editable=False,
        choices=[("presumed", "Presumed"), ("identified", "Formally identified")],
    )
    episode = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    not_counted_reason = models.CharField(
        max_length=20,
        blank=True,
        default="",
        editable=False,
        choices=[*NOT_COUNTED.items(), ("deleted", "Deleted")],
    )

    @classmethod
    def persons_changed(cls, territory_id, *, person_keys=()):
        from victims.persons import refresh_first_records

        refresh_first_records(territory_id, person_keys=person_keys)

    @classmethod
    def prepare_new_records(cls, territory_id, records) -> set[str]:
        """Before a bulk insert (the import): see victims.persons.mark_first_new_records."""
        from victims.persons import mark_first_new_records

        return mark_first_new_records(territory_id, records)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="victim_unique_number")
        ]
        indexes = [
            models.Index(fields=["territory", "reporting_year"], name="victim_territory_year"),
            models.Index(fields=["institution", "reporting_year"], name="victim_inst_year"),
            models.Index(fields=["territory", "person_key"], name="victim_territory_person"),
            models.Index(fields=["territory", "near_match_key"], name="victim_territory_near"),
            # The statistics: a year's first records, and the five-year trend and the year's
            # persons (for the case links) read from the index alone on PostgreSQL.
            models.Index(
                fields=["territory", "reporting_year"],
                include=[
                    "id",
                    "counted_status",
                    "v_sex",
                    "v_citizenship",
                    "v_main_exploitation_form",
                ],
                condition=models.Q(person_first=True, is_deleted=False),
                name="victim_person_first",
            ),
            # The statistics: the person of each record linked to a criminal case (index only).
            models.Index(
                fields=["id"],
                include=["person_key"],
                condition=models.Q(is_deleted=False),
                name="victim_person_by_id",
            ),
            # The list pages: newest first, deleted records left out.
            models.Index(
                fields=["territory", "-reporting_year", "-number"],
                condition=models.Q(is_deleted=False),
                name="victim_list_territory",
            ),
            models.Index(
                fields=["institution", "-reporting_year", "-number"],
                condition=models.Q(is_deleted=False),
                name="victim_list_institution",
            ),
            *indicator_indexes(VICTIMS),
        ]


class DuplicateDecision(ScopedModel):
    """A coordinator's decision on a group of victim records found by duplicate screening: the
    same person (one person key) or different people (one key each).

    ``record_uuids`` is the sorted group as decided; a group whose members change (a new record
    shares the code) is shown for review again.
    """

    SAME = "same"
    DIFFERENT = "different"
    DECISIONS = ((SAME, "Same person"), (DIFFERENT, "Different people"))

    territory = models.ForeignKey("accounts.Territory", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=DECISIONS)
    record_uuids = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.get_decision_display()} ({len(self.record_uuids)} records)"
