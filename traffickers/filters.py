"""List filters of the traffickers database, generated from the catalogue, and the stage of the
proceedings each record has reached (computed in the database, so lists filter and show it in
one query)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, CharField, Q, Value, When

from indicators.catalogue import TRAFFICKERS
from indicators.schema import Database
from indicators.types import type_of
from thb_data.records import RecordStatus
from traffickers.models import TraffickerRecord

# Indicators offered as list filters (their filter comes from the type table).
FILTERED_INDICATORS = ("t_sex", "t_citizenship", "t_verdict_first", "t_final_outcome")
STAGE_CHOICES = [(stage.code, stage.title) for stage in TRAFFICKERS.stages]


def stage_markers(database: Database = TRAFFICKERS) -> dict[str, list[str]]:
    """Per stage, the indicators whose value shows that the stage was reached: its dates, or for
    a stage without an unconditional date, its unconditional single choices and yes/no answers."""
    markers = {}
    for stage in database.stages:
        own = [i for i in database.indicators if i.stage == stage.code and i.condition is None]
        dates = [i.code for i in own if i.type == "date"]
        markers[stage.code] = dates or [i.code for i in own if i.type in ("single", "yesno")]
    return markers


def reached_stages(values, database: Database = TRAFFICKERS) -> list[str]:
    """Codes of the stages ``values`` (a record or a mapping) shows as reached."""
    get = values.get if isinstance(values, dict) else lambda code: getattr(values, code, "")
    return [
        stage
        for stage, codes in stage_markers(database).items()
        if any(get(code) not in (None, "") for code in codes)
    ]


def stage_reached_expression(database: Database = TRAFFICKERS) -> Case:
    """The furthest stage reached, as a database expression ("" when none)."""
    whens = []
    for stage in reversed(database.stages):
        reached = Q()
        for code in stage_markers(database)[stage.code]:
            reached |= ~Q(**{code: ""})
        whens.append(When(reached, then=Value(stage.code)))
    return Case(*whens, default=Value(""), output_field=CharField())


def with_stage_reached(queryset):
    return queryset.annotate(stage_reached=stage_reached_expression())


class TraffickerRecordFilterSet(django_filters.FilterSet):
    """Filters of the trafficker list: the stage reached, the catalogue's indicators named in
    FILTERED_INDICATORS, the reporting year, the status and the record number.

    The queryset must carry the ``stage_reached`` annotation (``with_stage_reached``).
    """

    number = django_filters.CharFilter(method="filter_number", label="Record number")
    stage = django_filters.ChoiceFilter(
        field_name="stage_reached", choices=STAGE_CHOICES, label="Stage reached"
    )
    year = django_filters.NumberFilter(
        field_name="reporting_year",
        label="Reporting year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices, label="Status")

    class Meta:
        model = TraffickerRecord
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, context, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for code in FILTERED_INDICATORS:
            ind = TRAFFICKERS.get(code)
            filter_ = type_of(ind).filter(ind, context)
            filter_.model, filter_.parent = TraffickerRecord, self
            self.filters[code] = filter_

    def filter_number(self, queryset, name, value):
        number = TraffickerRecord.parse_record_number(value)
        if number is None:
            return queryset.none()
        return queryset.filter(number=number)
