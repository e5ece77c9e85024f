"""Data protection (spec §6.2): no field of either database holds a name, an address or an
identity number, and free text refuses what looks like identifying details."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.screening import reject_identifying_details
from indicators.types import Context, type_of
from traffickers.models import TraffickerRecord
from victims.models import VictimRecord

FORBIDDEN = re.compile(
    r"(^|_)(first_?name|last_?name|family_?name|surname|full_?name|name|address|street|"
    r"phone|mobile|e_?mail|passport|id_?number|id_?card|identity_?(number|card)|jmbg|"
    r"national_?id|personal_?number|document_?number|photo)(_|$)",
    re.IGNORECASE,
)
FORBIDDEN_WORDS = re.compile(
    r"\b(first name|family name|surname|full name|home address|street|phone number|"
    r"telephone|e-mail|passport number|identity number|ID number|ID card)\b",
    re.IGNORECASE,
)
# Fields of the record base that are not indicators: keys, hashes and bookkeeping.
BASE_FIELDS = {
    "id", "uuid", "territory", "institution", "number", "personal_code_hash", "person_key",
    "near_match_key", "letter_keys", "reporting_year", "status", "version", "created_at",
    "created_by", "updated_at", "updated_by", "is_deleted", "deleted_at", "deleted_by", "case",
    "person_first",  # a flag: the record its person counts by (victims.persons)
    "counted_status", "episode", "not_counted_reason",  # the counting rules (victims.persons)
}  # fmt: skip


@pytest.mark.parametrize(
    ("model", "database"), [(VictimRecord, VICTIMS), (TraffickerRecord, TRAFFICKERS)]
)
def test_no_field_of_a_record_is_named_for_an_identifying_detail(model, database):
    names = [field.name for field in model._meta.concrete_fields]
    assert [name for name in names if FORBIDDEN.search(name)] == []


@pytest.mark.parametrize(
    ("model", "database"), [(VictimRecord, VICTIMS), (TraffickerRecord, TRAFFICKERS)]
)
def test_every_column_of_a_record_is_a_catalogue_indicator_or_a_base_field(model, database):
    """A free-text column added beside the catalogue would escape the screening below."""
    indicator_columns = set()
    for ind in database.indicators:
        indicator_columns |= set(type_of(ind).model_fields(ind))
    unexplained = [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in indicator_columns and field.name not in BASE_FIELDS
    ]
    assert unexplained == []


@pytest.mark.parametrize("database", [VICTIMS, TRAFFICKERS], ids=["victims", "traffickers"])
def test_no_indicator_asks_for_a_name_an_address_or_an_identity_number(database):
    offending = [
        ind.code
        for ind in database.indicators
        if FORBIDDEN.search(ind.code) or FORBIDDEN_WORDS.search(ind.label)
    ]
    assert offending == []


def _text_indicators():
    return [ind for db in (VICTIMS, TRAFFICKERS) for ind in db.indicators if ind.type == "text"]


def test_the_catalogue_has_free_text_indicators_to_screen():
    assert [ind.code for ind in _text_indicators()] == ["v_victim_prosecuted_offence"]


@pytest.mark.parametrize("ind", _text_indicators(), ids=lambda ind: ind.code)
def test_every_free_text_indicator_refuses_identifying_details(ind):
    field = type_of(ind).form_field(ind, Context(national_entries={}))
    assert reject_identifying_details in field.validators
    for value in ("call 064 123 45 67", "marko@example.org", "see www.example.org"):
        with pytest.raises(ValidationError):
            field.clean(value)
    assert field.clean("theft") == "theft"


@pytest.mark.parametrize("model", [VictimRecord, TraffickerRecord])
def test_the_only_free_text_columns_are_screened_indicators(model):
    free_text = {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
        and not field.choices
        and field.name not in BASE_FIELDS
        and type(field).__name__ not in ("CodeField", "PartialDateField")
    }
    assert free_text <= {ind.code for ind in _text_indicators()}
