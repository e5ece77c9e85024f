"""Trafficker records and criminal cases in the back office: read-only lists with search and
filters, soft delete and restore of records. Changes go through the application's forms."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from thb_data.admin import (
    InstitutionInScopeFilter,
    ReadOnlyRecordAdmin,
    ScopedModelAdmin,
    TerritoryFilter,
    app_url,
)
from traffickers.models import CriminalCase, TraffickerRecord


@admin.register(TraffickerRecord)
class TraffickerRecordAdmin(ReadOnlyRecordAdmin):
    pass


@admin.register(CriminalCase)
class CriminalCaseAdmin(ScopedModelAdmin):
    list_display = ("reference", "territory", "institution", "defendant_count", "created_at")
    admin_only_fields = ("territory",)
    list_filter = (TerritoryFilter, InstitutionInScopeFilter)
    list_select_related = ("territory", "institution")
    search_fields = ("reference",)
    readonly_fields = (
        "reference",
        "application_page",
        "territory",
        "institution",
        "defendant_count",
        "created_at",
        "created_by",
    )
    fields = readonly_fields

    # Read-only in the back office: nobody adds, changes or deletes here.
    manage_roles = ()
    delete_roles = ()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_defendants=Count("defendants"))

    @admin.display(description="defendants", ordering="_defendants")
    def defendant_count(self, obj):
        return obj._defendants

    @admin.display(description="page")
    def application_page(self, obj):
        url = app_url(obj)
        return format_html('<a href="{}">open</a>', url) if url else "—"
