"""The coordinator's duplicates page: groups of victim records that may be one person, the ones
waiting for a decision apart from the decided ones, filtered by reporting year and institution,
a page at a time; and the decision (same person or different people)."""

from __future__ import annotations

import uuid as uuid_lib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from thb_data.accounts.models import Institution, Role
from thb_data.records import YearSignedOff
from thb_data.views import require_roles
from victims.duplicates import (
    DuplicateError,
    duplicate_groups,
    filter_groups,
    load_records,
    resolve_duplicates,
    split_groups,
)
from victims.models import DuplicateDecision, VictimRecord

PAGE_SIZE = 20
YEARS_OFFERED = 15


class DuplicateFilterForm(forms.Form):
    """Filters of the duplicates page: a reporting year, an institution of the territory."""

    year = forms.TypedChoiceField(
        label="Reporting year", coerce=int, required=False, empty_value=None
    )
    institution = forms.ModelChoiceField(label="Institution", queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "All years")] + [
            (y, str(y)) for y in range(this_year, this_year - YEARS_OFFERED, -1)
        ]
        self.fields["institution"].queryset = Institution.objects.visible_to(user).filter(
            territory_id=user.territory_id
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


def _decide(request, records):
    try:
        wanted = {uuid_lib.UUID(value) for value in request.POST.getlist("records")}
    except ValueError:
        raise Http404("No such record.") from None
    chosen = list(records.filter(uuid__in=wanted).select_related("territory"))
    if len(chosen) != len(wanted):
        raise Http404("No such record.")
    decision = request.POST.get("decision", "")
    try:
        resolve_duplicates(user=request.user, records=chosen, decision=decision)
    except (DuplicateError, YearSignedOff) as error:
        messages.error(request, str(error))
    else:
        label = dict(DuplicateDecision.DECISIONS)[decision].lower()
        numbers = ", ".join(sorted(r.record_number for r in chosen))
        messages.success(request, f"Recorded: {numbers} are {label}.")
    return redirect(request.get_full_path())  # back to the same filters and pages


@login_required
def duplicates(request):
    user = request.user
    require_roles(user, Role.COORDINATOR)
    records = VictimRecord.objects.visible_to(user).filter(territory_id=user.territory_id)
    if request.method == "POST":
        return _decide(request, records)

    exact, near = duplicate_groups(records, user.territory_id)
    filters = DuplicateFilterForm(request.GET or None, user=user)
    year = institution = None
    if filters.is_valid():
        year = filters.cleaned_data["year"]
        institution = filters.cleaned_data["institution"]
    groups = filter_groups(
        exact + near, year=year, institution_id=institution.pk if institution else None
    )
    pending, decided = split_groups(groups)
    pending_page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("pending_page"))
    decided_page = Paginator(decided, PAGE_SIZE).get_page(request.GET.get("decided_page"))
    load_records(records, [*pending_page.object_list, *decided_page.object_list])
    show = request.GET.get("show", "")
    query = request.GET.copy()
    for name in ("pending_page", "decided_page"):
        query.pop(name, None)
    return render(
        request,
        "victims/duplicates.html",
        {
            "exact_groups": exact,
            "near_groups": near,
            "to_review": len(pending),
            "decided_count": len(decided),
            "filters": filters,
            "show": show if show in ("pending", "decided") else "",
            "query": query.urlencode(),
            "pending_page": Paginator(pending, PAGE_SIZE).get_page(request.GET.get("pending_page")),
            "decided_page": Paginator(decided, PAGE_SIZE).get_page(request.GET.get("decided_page")),
        },
    )
