"""The victims database: one registration, by one institution, of one person's trafficking
experience, with every victim indicator of the catalogue as a column."""

from django.db import models

from indicators.catalogue import VICTIMS
from indicators.machinery import abstract_indicator_model, indicator_indexes
from thb_data.records import RecordBase

VictimIndicators = abstract_indicator_model(VICTIMS, app_label="victims", name="VictimIndicators")


class VictimRecord(RecordBase, VictimIndicators):
    database = VICTIMS
    number_prefix = "V"
    edit_roles = ("caseworker", "coordinator")
    reporting_date_indicator = "v_identification_date"

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
            *indicator_indexes(VICTIMS),
        ]
