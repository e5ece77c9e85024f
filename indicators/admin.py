"""National code lists in the back office: each coordinator maintains their territory's entries,
one by one or by importing and exporting a spreadsheet (thb_data.backoffice_io).

An entry no longer used is made inactive rather than deleted (older records keep their meaning);
only a system administrator may delete one.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from indicators.models import NationalCodeEntry
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


@admin.register(NationalCodeEntry)
class NationalCodeEntryAdmin(BackOfficeImportExportMixin, ScopedModelAdmin):
    resource_classes = (NationalCodeEntryResource,)
    list_display = ("label", "code", "list_code", "maps_to", "territory", "is_active", "sort_order")
    admin_only_fields = ("territory",)
    list_filter = ("list_code", "is_active", TerritoryFilter)
    list_select_related = ("territory",)
    search_fields = ("code", "label")
    fields = ("territory", "list_code", "code", "label", "maps_to", "is_active", "sort_order")

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator maintains their own territory's lists.")
            obj.territory_id = request.user.territory_id
        super().save_model(request, obj, form, change)
