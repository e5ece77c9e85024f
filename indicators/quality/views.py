"""The quality pages: the report of a territory-year and the records behind each figure.

Who sees what: national coordinators their territory (both databases), system administrators
every territory, caseworkers the victim records of their own institution, prosecutors the
trafficker records of theirs (the request's scope narrows every query). Another territory, an
institution outside the scope or a database the role does not hold answer 404; analysts 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from indicators.i18n import text as catalogue_text
from indicators.quality.checks import (
    DRAFT_AGES,
    WARNING_LABELS,
    applies_q,
    checked_indicators,
    draft_q,
    empty_q,
    incomplete_q,
    unknown_q,
    warning_q,
)
from indicators.quality.report import (
    kind_report,
    kinds_for,
    pending_duplicate_groups,
    year_records,
)
from thb_data.accounts.models import Institution, Role, Territory
from thb_data.views import CappedPaginator, require_roles

QUALITY_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.CASEWORKER, Role.PROSECUTOR)
MANAGING_ROLES = (Role.COORDINATOR, Role.ADMIN)
FIRST_YEAR, LAST_YEAR = 1990, 2100
PAGE_SIZE = 50


def _territory(user, code: str):
    require_roles(user, *QUALITY_ROLES)
    territories = Territory.objects.filter(is_active=True)
    if user.role != Role.ADMIN:
        territories = territories.filter(pk=user.territory_id)
    territory = territories.filter(code=code.upper()).first()
    if territory is None:
        raise Http404("No such territory.")
    return territory


def _check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such year.")
    return year


def records_url(territory, year: int, kind: str, check: str, **params) -> str:
    """The drill-down list of the records behind a figure."""
    url = reverse("quality:records", kwargs={"territory": territory.code, "year": year})
    query = {"kind": kind, "check": check, **{k: v for k, v in params.items() if v is not None}}
    return f"{url}?{urlencode(query)}"


@login_required
def index(request):
    """The quality page of the user's territory, for the current year."""
    user = request.user
    require_roles(user, *QUALITY_ROLES)
    territory = user.territory or Territory.objects.filter(is_active=True).first()
    if territory is None:
        raise Http404("No territory.")
    return redirect("quality:year", territory=territory.code, year=timezone.localdate().year)


def _with_links(report, territory, year):
    """Attach to each figure of ``report`` the URL of its records."""
    code = report.kind.code
    for row in report.indicators:
        ind = row.indicator.code
        for column, cell in zip(report.institutions, row.cells, strict=True):
            cell.url = records_url(
                territory, year, code, "incomplete", indicator=ind, institution=column.pk
            )
        row.total.url = records_url(territory, year, code, "incomplete", indicator=ind)
    for row in report.warnings + report.drafts:
        check, age = (row.code, None) if row in report.warnings else ("draft", row.code)
        row.links = [
            (n, records_url(territory, year, code, check, institution=column.pk, age=age))
            for n, column in zip(row.cells, report.institutions, strict=True)
        ]
        row.url = records_url(territory, year, code, check, age=age)
    report.drafts_links = [
        (n, records_url(territory, year, code, "draft", institution=column.pk))
        for n, column in zip(report.drafts_total, report.institutions, strict=True)
    ]
    report.columns = [
        (column, records_url(territory, year, code, "all", institution=column.pk))
        for column in report.institutions
    ]
    report.all_url = records_url(territory, year, code, "all")
    for row in report.trend:
        for y, cell in zip(report.years, row.cells, strict=True):
            cell.url = records_url(territory, y, code, "incomplete", indicator=row.indicator.code)
    report.year_links = [
        (n, records_url(territory, y, code, "all"))
        for y, n in zip(report.years, report.year_records, strict=True)
    ]
    report.trend_years = [
        (y, reverse("quality:year", kwargs={"territory": territory.code, "year": y}))
        for y in report.years
    ]
    return report


def _exports(report, territory, year, user):
    """Links to the record-level exports of the year, by status and by institution
    (coordinators and administrators; the parameters are those of the record lists and the
    export view: year, status, institution)."""
    if user.role not in MANAGING_ROLES:
        return []
    code = report.kind.code
    links = []
    for file_format in ("xlsx", "csv"):
        url = reverse(f"{code}:export_{file_format}")
        for status, label in ((None, "all records"), ("draft", "drafts"), ("complete", "complete")):
            query = {"year": year, **({"status": status} if status else {})}
            links.append(
                {"format": file_format.upper(), "label": label, "url": f"{url}?{urlencode(query)}"}
            )
    url = reverse(f"{code}:export_xlsx")
    for column in report.institutions:
        query = {"year": year, "institution": column.pk}
        links.append({"format": "XLSX", "label": column.name, "url": f"{url}?{urlencode(query)}"})
    query = {"year": year, "labels": 1}
    links.append({"format": "XLSX", "label": "with labels", "url": f"{url}?{urlencode(query)}"})
    return links


@login_required
@require_GET
def year_page(request, territory, year):
    user = request.user
    territory = _territory(user, territory)
    year = _check_year(year)
    reports = []
    for kind in kinds_for(user):
        report = _with_links(kind_report(kind, territory, year), territory, year)
        report.exports = _exports(report, territory, year, user)
        reports.append(report)
    managing = user.role in MANAGING_ROLES
    duplicates = pending_duplicate_groups(territory, year) if managing else None
    this_year = timezone.localdate().year
    return render(
        request,
        "quality/year.html",
        {
            "territory": territory,
            "year": year,
            "reports": reports,
            "managing": managing,
            "duplicates": duplicates,
            "duplicates_url": (
                f"{reverse('victims:duplicates')}?{urlencode({'year': year, 'show': 'pending'})}"
            ),
            "years": list(range(this_year, this_year - 6, -1)),
            "scope_note": (None if managing else f"Records of {user.institution.name} only."),
        },
    )


def _drill_down_q(request, kind, check: str):
    """The filter of a drill-down and its description; 404 for anything not offered."""
    if check == "all":
        return None, _("All records")
    if check in ("incomplete", "missing", "unknown"):
        indicators = {i.code: i for i in checked_indicators(kind.database)}
        ind = indicators.get(request.GET.get("indicator", ""))
        if ind is None:
            raise Http404("No such indicator.")
        if check == "incomplete":
            return incomplete_q(kind.database, ind), _("%(indicator)s: empty or unknown") % {
                "indicator": catalogue_text(ind.label)
            }
        part = empty_q(ind) if check == "missing" else unknown_q(ind)
        if part is None:
            raise Http404("No such check.")
        return applies_q(kind.database, ind.code) & part, f"{ind.label}: {check}"
    if check == "draft":
        age = request.GET.get("age") or None
        ages = {code: label for code, label, *_ in DRAFT_AGES}
        if age is not None and age not in ages:
            raise Http404("No such age.")
        return draft_q(age), "Drafts" + (f", last saved {ages[age]} ago" if age else "")
    if check in WARNING_LABELS:
        return warning_q(kind, check), WARNING_LABELS[check]
    raise Http404("No such check.")


@login_required
@require_GET
def records(request, territory, year):
    """The records behind one figure of the quality page, within the user's scope."""
    user = request.user
    territory = _territory(user, territory)
    year = _check_year(year)
    kinds = kinds_for(user)
    kind = {k.code: k for k in kinds}.get(request.GET.get("kind") or kinds[0].code)
    if kind is None:
        raise Http404("No such database.")
    q, description = _drill_down_q(request, kind, request.GET.get("check") or "all")
    queryset = year_records(kind, territory, year)
    institution = None
    if request.GET.get("institution"):
        value = request.GET["institution"]
        institution = (
            Institution.objects.filter(territory=territory, pk=value).first()
            if value.isdigit()
            else None
        )
        if institution is None or (
            user.role not in MANAGING_ROLES and institution.pk != user.institution_id
        ):
            raise Http404("No such institution.")
        queryset = queryset.filter(institution=institution)
    if q is not None:
        queryset = queryset.filter(q)
    queryset = queryset.select_related("territory", "institution").order_by("number")
    paginator = CappedPaginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quality/records.html",
        {
            "territory": territory,
            "year": year,
            "kind": kind,
            "description": description,
            "institution": institution,
            "page": page,
            "paginator": paginator,
            "query": query.urlencode(),
            "rows": [
                {"record": r, "reference": getattr(r, kind.model.reporting_date_indicator)}
                for r in page.object_list
            ],
        },
    )
