"""The list filters of a record database, the same for both: the record number (``q``), the
reporting year (``year``), the status (``status``), the institution (``institution``, for
coordinators) and the catalogue's list filters (one per indicator, named by its code).

An invalid value is never a reason to show an empty list: the page reports it and ignores that
filter (``RecordListView``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role
from thb_data.records import RecordStatus

FIRST_YEAR = 2000
# Query parameter names of earlier versions of the lists, and the names they became.
LEGACY_PARAMETERS = {"number": "q", "reporting_year": "year"}


class RecordNumberField(forms.CharField):
    """A record number (``RS-V000012``, ``V12`` or ``12``), refused when it cannot be one."""

    def __init__(self, *, parse, example: str = "", **kwargs):
        self.parse = parse
        self.example = example
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and self.parse(value) is None:
            raise ValidationError(
                "“%(value)s” is not a record number (for example %(example)s).",
                params={"value": value, "example": self.example},
            )
        return value


class RecordNumberFilter(django_filters.CharFilter):
    field_class = RecordNumberField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(number=self.extra["parse"](value))


def record_filterset(model, *, user, context: Context, extra: dict | None = None):
    """The FilterSet class of ``model``'s list for ``user``.

    ``extra``: filters specific to one database (the traffickers' stage reached), placed after
    the record number.
    """
    example = f"{user.territory.code if user.territory_id else 'RS'}-{model.number_prefix}000012"
    attributes = {
        "q": RecordNumberFilter(
            label="Record number",
            parse=model.parse_record_number,
            example=example,
            widget=forms.TextInput(attrs={"placeholder": example}),
        ),
        **(extra or {}),
    }
    for ind in model.database.list_filters():  # the catalogue's list_filter, in its order
        filter_ = type_of(ind).filter(ind, context)
        if filter_ is not None:
            attributes[ind.code] = filter_
    this_year = timezone.localdate().year
    attributes["year"] = django_filters.TypedChoiceFilter(
        field_name="reporting_year",
        label="Reporting year",
        coerce=int,
        choices=[(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)],
    )
    attributes["status"] = django_filters.ChoiceFilter(label="Status", choices=RecordStatus.choices)
    if user.role == Role.COORDINATOR:
        attributes["institution"] = django_filters.ModelChoiceFilter(
            label="Institution",
            queryset=Institution.objects.visible_to(user).filter(territory_id=user.territory_id),
        )
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(
        f"{model.__name__}FilterSet", (django_filters.FilterSet,), {"Meta": meta, **attributes}
    )
