"""The audit trail in the application: coordinators see their territory's, administrators all."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from thb_data.accounts.models import Role
from thb_data.audit.filters import AuditEntryFilterSet
from thb_data.audit.models import AuditEntry
from thb_data.audit.presenters import annotate_entries
from thb_data.views import require_roles

PAGE_SIZE = 50


@login_required
def audit_entry_list(request):
    """The trail, newest first, filterable by user, record, action and date; fixed queries."""
    require_roles(request.user, Role.COORDINATOR, Role.ADMIN)
    entries = AuditEntry.objects.visible_to(request.user).order_by("-at", "-id")
    filterset = AuditEntryFilterSet(request.GET or None, queryset=entries, request=request)
    queryset = filterset.qs if filterset.is_bound else entries
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    annotate_entries(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )
