"""National code lists and population figures in the back office: each coordinator maintains
their territory's entries, one by one or by importing and exporting a spreadsheet
(thb_data.backoffice_io).

An entry no longer used is made inactive rather than deleted (older records keep their meaning);
only a system administrator may delete one.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from import_export import widgets

from indicators.catalogue import CODE_LISTS, NATIONAL_LISTS
from indicators.models import NationalCodeEntry, NationalPractice, PopulationEstimate
from thb_data.admin import ScopedModelAdmin, TerritoryFilter, is_system_admin
from thb_data.backoffice_io import BackOfficeImportExportMixin, TerritoryResource


class NationalCodeEntryResource(TerritoryResource):
    """A territory's national code lists as a spreadsheet: one row per entry, found by list and
    code (a municipality list of hundreds of entries is maintained this way)."""

    class Meta(TerritoryResource.Meta):
        model = NationalCodeEntry
        fields = ("territory", "list_code", "code", "label", "maps_to", "is_active", "sort_order")
        import_id_fields = ("territory", "list_code", "code")
        export_order = fields
        name = "National code list entries"


def regional_category_choices() -> list:
    """The regional categories a national entry may count under, grouped by the national list
    that maps to them, by label; the model's ``clean`` checks the entry's own list."""
    groups = []
    for national in NATIONAL_LISTS.values():
        if national.maps_to:
            categories = CODE_LISTS[national.maps_to].categories
            groups.append(
                (
                    f"{national.label} → {CODE_LISTS[national.maps_to].label}",
                    [(c.code, c.label) for c in categories],
                )
            )
    return [("", "— none (not compared across the region) —"), *groups]


def regional_category_label(entry) -> str:
    national = NATIONAL_LISTS.get(entry.list_code)
    if not entry.maps_to or national is None or not national.maps_to:
        return entry.maps_to
    labels = {c.code: c.label for c in CODE_LISTS[national.maps_to].categories}
    return labels.get(entry.maps_to, entry.maps_to)


class NationalCodeEntryForm(forms.ModelForm):
    maps_to = forms.ChoiceField(
        label="Regional category",
        required=False,
        choices=regional_category_choices,
        help_text=NationalCodeEntry._meta.get_field("maps_to").help_text,
    )

    class Meta:
        model = NationalCodeEntry
        fields = ("territory", "list_code", "code", "label", "maps_to", "is_active", "sort_order")


@admin.register(NationalCodeEntry)
class NationalCodeEntryAdmin(BackOfficeImportExportMixin, ScopedModelAdmin):
    resource_classes = (NationalCodeEntryResource,)
    form = NationalCodeEntryForm
    list_display = (
        "label",
        "code",
        "list_code",
        "regional_category",
        "territory",
        "is_active",
        "sort_order",
    )
    admin_only_fields = ("territory",)
    list_filter = ("list_code", "is_active", TerritoryFilter)
    list_select_related = ("territory",)
    search_fields = ("code", "label")
    fields = ("territory", "list_code", "code", "label", "maps_to", "is_active", "sort_order")

    @admin.display(description="regional category", ordering="maps_to")
    def regional_category(self, obj):
        return regional_category_label(obj)

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator maintains their own territory's lists.")
            obj.territory_id = request.user.territory_id
        super().save_model(request, obj, form, change)


@admin.register(NationalPractice)
class NationalPracticeAdmin(ScopedModelAdmin):
    """National practice settings: one row per territory, kept by its coordinator."""

    list_display = ("territory", "xk_grouping")
    admin_only_fields = ("territory",)
    list_select_related = ("territory",)
    fields = ("territory", "xk_grouping")

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        if is_system_admin(request):
            return True
        return not NationalPractice._base_manager.filter(
            territory_id=request.user.territory_id
        ).exists()

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator keeps their own territory's settings.")
            obj.territory_id = request.user.territory_id
        super().save_model(request, obj, form, change)


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number, or a clear message (the library's own error is a decimal exception)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip().replace(" ", "").replace("\u00a0", "") if value else ""
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a whole number.") from None
        if number != number.to_integral_value():
            raise ValueError(f"“{value}” is not a whole number.")
        return int(number)


class PopulationEstimateResource(TerritoryResource):
    """The territory's population figures as a spreadsheet (the national statistical office's
    CSV in these columns): one row per year, sex and age group, found by them. The territory
    is the coordinator's own whatever the file says; a bad row (an unknown sex or age group, a
    population that is not a positive whole number, a formula) refuses the whole file."""

    class Meta(TerritoryResource.Meta):
        model = PopulationEstimate
        fields = ("territory", "year", "sex", "age_group", "value", "source", "release_date")
        import_id_fields = ("territory", "year", "sex", "age_group")
        export_order = fields
        name = "Population figures"
        widgets = {"release_date": {"format": "%Y-%m-%d"}}

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.name in ("year", "value"):
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(BackOfficeImportExportMixin, ScopedModelAdmin):
    """Population figures, the denominators of the SDG 16.2.2 rates: each coordinator keeps
    their own territory's."""

    resource_classes = (PopulationEstimateResource,)
    list_display = ("year", "sex", "age_group", "value", "source", "release_date", "territory")
    admin_only_fields = ("territory",)
    list_filter = ("year", "sex", "age_group", TerritoryFilter)
    list_select_related = ("territory",)
    search_fields = ("source",)
    fields = ("territory", "year", "sex", "age_group", "value", "source", "release_date")

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator keeps their own territory's figures.")
            obj.territory_id = request.user.territory_id
        super().save_model(request, obj, form, change)
