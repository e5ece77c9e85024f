"""Filters of the audit trail page: user, record, action, dates."""

import django_filters
from django import forms
from django.db.models import Q

from thb_data.accounts.models import User
from thb_data.audit.models import Action, AuditEntry


def _users_in_scope(request):
    if request is None:
        return User.objects.none()
    return User.objects.visible_to(request.user).order_by("username")


class AuditEntryFilterSet(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        queryset=_users_in_scope, label="User", empty_label="Any user"
    )
    record = django_filters.CharFilter(
        method="filter_record",
        label="Record",
        help_text="Record number (RS-V000012) or object id.",
    )
    action = django_filters.ChoiceFilter(choices=Action.choices, empty_label="Any action")
    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ("user", "record", "action", "date_from", "date_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_record(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(object_repr__iexact=value) | Q(object_id=value))
