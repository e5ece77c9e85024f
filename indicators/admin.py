"""National code lists in the back office: each coordinator maintains their territory's entries,
one by one or by importing and exporting a spreadsheet (thb_data.backoffice_io).

An entry no longer used is made inactive rather than deleted (older records keep their meaning);
only a system administrator may delete one.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from indicators.catalogue import CODE_LISTS, NATIONAL_LISTS
from indicators.models import NationalCodeEntry, NationalPractice
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
