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
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role
from thb_data.records import RecordStatus

FIRST_YEAR = 2000
ANY_YEAR = "Any year"
# A choice filter with more options than this gets a search box (thb/app.js, data-searchable).
SEARCHABLE_FROM = 12
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


def _make_searchable(filter_) -> None:
    """Long choice lists (countries, national lists) are searched by typing, and a multiple
    choice is made by ticking, not by Ctrl-click: a list of check boxes with a search box."""
    choices = filter_.extra.get("choices")
    if not isinstance(filter_, django_filters.MultipleChoiceFilter) or choices is None:
        return
    if len(choices) >= SEARCHABLE_FROM:
        filter_.extra["widget"] = forms.CheckboxSelectMultiple(attrs={"data-searchable": "true"})
    else:
        filter_.extra["widget"] = forms.CheckboxSelectMultiple()


WIDGET_CLASSES = {
    forms.Select: "form-select form-select-sm",
    forms.TextInput: "form-control form-control-sm",
}


def filter_fields(form) -> list[dict]:
    """The list's filter form, ready for ``records/_filters.html``: check-box lists as their
    options (value, label, checked, id) rendered by one loop, other fields as their widgets.

    Rendering hundreds of check boxes through a template per option (crispy forms, Django's
    widget templates) costs more than the rest of the list page; one loop costs little.
    """
    fields = []
    for bound in form:
        widget = bound.field.widget
        item = {"field": bound, "name": bound.html_name, "label": bound.label}
        item["errors"] = bound.errors
        item["help_text"] = bound.help_text
        if isinstance(widget, forms.CheckboxSelectMultiple):
            chosen = {str(v) for v in (bound.value() or [])}
            item["options"] = [
                {
                    "value": value,
                    "label": label,
                    "checked": str(value) in chosen,
                    "id": f"{bound.auto_id}_{index}",
                }
                for index, (value, label) in enumerate(bound.field.choices)
            ]
            item["searchable"] = bool(widget.attrs.get("data-searchable"))
            item["options_html"] = _options_html(item)
        else:
            for kind, css in WIDGET_CLASSES.items():
                if isinstance(widget, kind):
                    widget.attrs.setdefault("class", css)
        fields.append(item)
    return fields


def _options_html(item: dict) -> str:
    """The check boxes of ``item`` as HTML, built here rather than by a template loop (a list of
    countries is 254 check boxes, several lists on a page): the markup ``records/_filters.html``
    gave, every value and label escaped."""
    searchable = ' data-searchable="true"' if item["searchable"] else ""
    name = conditional_escape(item["name"])
    return mark_safe(  # noqa: S308 (every value and label escaped)
        "".join(
            f'<div class="form-check"><input type="checkbox" class="form-check-input" '
            f'name="{name}" value="{conditional_escape(option["value"])}" '
            f'id="{conditional_escape(option["id"])}"{" checked" if option["checked"] else ""}'
            f'{searchable}><label class="form-check-label" '
            f'for="{conditional_escape(option["id"])}">{conditional_escape(option["label"])}'
            "</label></div>"
            for option in item["options"]
        )
    )


def active_filters(filterset) -> list[dict]:
    """The filters in force, as people read them, each with the query that removes it.

    ``filterset`` must be bound and valid. Each item: ``label`` (the filter's), ``value`` (the
    chosen values' labels) and ``remove`` (the query string without this filter).
    """
    form = filterset.form
    items = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        if isinstance(field, forms.ModelChoiceField):
            shown = [str(v) for v in values]  # the institution's name
        else:
            choices = {str(k): v for k, v in getattr(field, "choices", ()) or ()}
            shown = [str(choices.get(str(v), v)) for v in values]
        query = filterset.data.copy()
        query.pop(name, None)
        for other in list(query):
            if not any(query.getlist(other)):
                query.pop(other)  # empty fields of the form: no filter
        items.append(
            {"name": name, "label": field.label, "value": ", ".join(shown), "remove": query}
        )
    return items


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
            _make_searchable(filter_)
            attributes[ind.code] = filter_
    this_year = timezone.localdate().year
    # Every year unless the person picks one: a default year would hide the other years' records
    # (a draft saved for this year, a search by record number) without saying so.
    attributes["year"] = django_filters.TypedChoiceFilter(
        field_name="reporting_year",
        label="Reporting year",
        coerce=int,
        empty_value=None,
        choices=[
            ("", ANY_YEAR),
            *((year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)),
        ],
    )
    attributes["status"] = django_filters.ChoiceFilter(
        label="Status", choices=RecordStatus.choices, empty_label="Any status"
    )
    if user.role == Role.COORDINATOR:
        attributes["institution"] = django_filters.ModelChoiceFilter(
            label="Institution",
            queryset=Institution.objects.visible_to(user).filter(territory_id=user.territory_id),
            empty_label="Any institution",
        )
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(
        f"{model.__name__}FilterSet", (django_filters.FilterSet,), {"Meta": meta, **attributes}
    )
