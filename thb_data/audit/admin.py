"""The audit trail in the back office: read only, for everyone (nobody adds, changes or deletes
an entry), scoped like every other admin class."""

import json

from django.contrib import admin
from django.utils.html import format_html

from thb_data.admin import ScopedModelAdmin, TerritoryFilter
from thb_data.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedModelAdmin):
    audited = False
    list_display = (
        "at",
        "username",
        "action",
        "object_type",
        "object_repr",
        "ip_address",
        "territory",
    )
    admin_only_fields = ("territory",)
    list_filter = ("action", TerritoryFilter, "at")
    list_select_related = ("territory",)
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = None
    show_full_result_count = False
    readonly_fields = (
        "at",
        "username",
        "ip_address",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "territory",
        "changes_display",
        "detail_display",
    )
    fields = readonly_fields

    # Read-only in the back office: nobody adds, changes or deletes here.
    manage_roles = ()
    delete_roles = ()

    def get_actions(self, request):
        return {}

    @admin.display(description="changes")
    def changes_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.changes, indent=2, ensure_ascii=False))

    @admin.display(description="detail")
    def detail_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.detail, indent=2, ensure_ascii=False))
