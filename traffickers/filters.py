"""The stage of the proceedings each trafficker record has reached (computed in the database, so
the list filters and shows it in one query), and its list filter. The other filters are the
generic ones (indicators.record_filters)."""

from __future__ import annotations

import django_filters
from django.db.models import Case, CharField, Q, Value, When

from indicators.catalogue import TRAFFICKERS
from indicators.schema import Database

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


def stage_filter() -> django_filters.ChoiceFilter:
    """The filter on the stage reached (the queryset carries ``with_stage_reached``)."""
    return django_filters.ChoiceFilter(
        field_name="stage_reached", choices=STAGE_CHOICES, label="Stage reached"
    )
