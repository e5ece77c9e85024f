"""The victim list's filters, generated from the catalogue (``type_of(ind).filter``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from indicators.catalogue import VICTIMS
from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role
from thb_data.records import RecordStatus
from victims.models import VictimRecord

# Indicators the list can be filtered by, in this order.
FILTER_INDICATORS = (
    "v_sex",
    "v_citizenship",
    "v_exploitation_form",
    "v_victim_status",
    "v_minor_flag",
)
FIRST_YEAR = 2000


class VictimRecordFilterSetBase(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Record number",
        method="filter_number",
        widget=forms.TextInput(attrs={"placeholder": "RS-V000012"}),
    )
    status = django_filters.ChoiceFilter(label="Status", choices=RecordStatus.choices)

    class Meta:
        model = VictimRecord
        fields: list[str] = []

    def filter_number(self, queryset, name, value):
        number = VictimRecord.parse_record_number(value)
        if number is None:
            return queryset.none()
        return queryset.filter(number=number)


def victim_record_filterset(user, context: Context):
    """The FilterSet class for ``user``: catalogue filters, year, status, and the institution
    (choices read through the scope) for coordinators."""
    attributes = {}
    for code in FILTER_INDICATORS:
        ind = VICTIMS.get(code)
        filter_ = type_of(ind).filter(ind, context)
        if filter_ is not None:
            attributes[code] = filter_
    if user.role == Role.COORDINATOR:
        attributes["institution"] = django_filters.ModelChoiceFilter(
            label="Institution",
            queryset=Institution.objects.visible_to(user).filter(territory_id=user.territory_id),
        )
    this_year = timezone.localdate().year
    attributes["reporting_year"] = django_filters.TypedChoiceFilter(
        label="Reporting year",
        coerce=int,
        choices=[(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)],
    )
    return type("VictimRecordFilterSet", (VictimRecordFilterSetBase,), attributes)
