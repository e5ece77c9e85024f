"""Pages of the annual statistics: choose a territory-year, its tables and charts, sign-off,
downloads (each kept as an edition), comparison of editions and of territories.

Who sees what:

* national coordinator: their own territory (another territory answers 404), protected tables
  and, for their own eyes, the unprotected counts; signs off, reopens, exports;
* system administrator: every territory, like a coordinator;
* regional analyst: the protected tables of every territory, side by side; never a record and
  never an unprotected count (the engine runs without scope for them, and only its protected
  output reaches the page);
* caseworkers and prosecutors: 403.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from indicators.quality.signoff import SignOffForm, signoff_checks
from indicators.registry import record_model
from indicators.statistics.disclosure import ProtectionFailed
from indicators.statistics.editions import (
    HTCDS_FORMAT,
    compare_editions,
    create_edition,
    create_htcds_edition,
)
from indicators.statistics.engine import TREND_YEARS, compute_statistics
from indicators.statistics.final import (
    FrozenStatistics,
    compare_final_editions,
    current_final_edition,
    revisions_pending,
)
from indicators.statistics.htcds import (
    COLUMN_NOTES,
    CTDC_K,
    QUASI_LABELS,
    digest,
    file_notes,
    htcds_frame,
    k_anonymity_preview,
    persons_csv,
    write_htcds_zip,
)
from indicators.statistics.models import Edition, FinalEdition
from indicators.statistics.questionnaire import fill, questionnaires
from indicators.statistics.releases import (
    CONF_CODES,
    HIDDEN_LABEL,
    PUBLIC,
    RELEASES,
    TRANSMISSION,
    public_release,
    regional_allowed,
    transmission,
)
from indicators.statistics.sdmx import write_public_sdmx, write_transmission_sdmx
from indicators.statistics.signoff import ReasonRequired, reopen_year, sign_off_year
from indicators.statistics.tables import GROUPS
from indicators.statistics.writers import (
    FLAG_LEGEND,
    TRANSMISSION_LEGEND,
    write_csv_zip,
    write_transmission_xlsx,
    write_transmission_zip,
    write_xlsx,
)
from thb_data.accounts.models import Role, Territory
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from thb_data.views import require_roles

STATISTICS_ROLES = (Role.COORDINATOR, Role.ANALYST, Role.ADMIN)
MANAGING_ROLES = (Role.COORDINATOR, Role.ADMIN)
FIRST_YEAR, LAST_YEAR = 1990, 2100
LEVELS = RELEASES
SDMX = "sdmx"


def thresholds() -> dict[str, int]:
    return {
        TRANSMISSION: settings.THB_SUPPRESSION_THRESHOLD_OFFICIAL,
        PUBLIC: settings.THB_SUPPRESSION_THRESHOLD_PUBLIC,
    }


def _territories_for(user):
    if user.role == Role.COORDINATOR:
        return Territory.objects.filter(pk=user.territory_id, is_active=True)
    return Territory.objects.filter(is_active=True)


def _territory(user, code: str, roles=STATISTICS_ROLES):
    """The territory ``code`` if ``user`` may see its statistics: 403 for other roles, 404 for
    a territory outside the user's scope (or none)."""
    require_roles(user, *roles)
    territory = _territories_for(user).filter(code=code.upper()).first()
    if territory is None:
        raise Http404("No such territory.")
    return territory


def _check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such year.")
    return year


def _engine_scope(user):
    """Analysts have no record scope: the engine runs unrestricted for them, and only its
    protected output is shown. Everyone else computes within the request's scope."""
    return scopes_disabled() if user.role == Role.ANALYST else contextlib.nullcontext()


def _level(request) -> str:
    level = request.GET.get("level") or request.POST.get("level") or PUBLIC
    return level if level in LEVELS else PUBLIC


def _release(user, territory, year: int):
    """The statistics of a territory-year and their public protection (``None`` when no
    pattern passes the audit: then nothing is published); for a signed-off year, its figures
    of record exactly as stored at sign-off."""
    final = current_final_edition(territory, year)
    if final is not None:
        stats = FrozenStatistics(final)
        return stats, stats.public_release()
    with _engine_scope(user):
        stats = compute_statistics(territory, year)
        try:
            safe = public_release(stats)
        except ProtectionFailed:
            safe = None
    return stats, safe


def _shared(user, territory, stats) -> bool:
    """Analysts see a territory-year only as the territory shares it (signed-off years, or
    provisional ones when the territory chose to)."""
    return user.role != Role.ANALYST or regional_allowed(territory, stats.final)


def _may_see_unprotected(user) -> bool:
    return user.role in MANAGING_ROLES


# --- charts --------------------------------------------------------------------------------


def _series(view, cols, rows=None, label_cols=None):
    rows = rows or [r for r in view.row_codes if r != "_T"]
    datasets = []
    for col in cols:
        j = view.col_codes.index(col)
        cells = [view.cells[view.row_codes.index(r)][j] for r in rows]
        datasets.append(
            {
                "label": (label_cols or {}).get(col) or view.col_labels[j],
                "data": [None if cell.hidden else cell.value for cell in cells],
                "hidden": [cell.hidden for cell in cells],
            }
        )
    labels = [view.row_labels[view.row_codes.index(r)] for r in rows]
    return {"labels": labels, "datasets": datasets, "hidden_label": HIDDEN_LABEL}


def chart_data(views) -> list[dict]:
    """Data of the page's charts: main breakdowns, the five-year trend and the
    criminal-justice funnel. A hidden cell is ``null`` in ``data`` and ``true`` in ``hidden``
    (drawn as "hidden (small number)", never as an empty bar or a zero)."""
    by_code = {view.code: view for view in views}
    charts = []

    def add(chart_id, code, title, kind, **series):
        view = by_code.get(code)
        if view is None:
            return
        charts.append({"id": chart_id, "title": title, "type": kind, **_series(view, **series)})

    status = {"cols": ["presumed", "identified"]}
    add("sex", "V1", "Victims by sex", "bar", **status)
    add("age", "V1b", "Victims: children and adults", "bar", **status)
    add("citizenship", "V2b", "Victims: nationals and foreigners", "bar", **status)
    if "V3b" in by_code:
        view = by_code["V3b"]
        total = view.col_codes.index("_T")
        rows = [
            r
            for i, r in enumerate(view.row_codes)
            if r != "_T" and (view.cells[i][total].value or view.cells[i][total].hidden)
        ]
        add("forms", "V3b", "Victims by main form of exploitation", "bar", rows=rows, **status)
    add("trend", "V12", "Registered victims, five-year trend", "line",
        cols=["presumed", "identified", "_T"], label_cols={"_T": "Registered"})  # fmt: skip
    add("funnel", "T1", "Criminal-justice funnel (persons)", "funnel", cols=["_T"],
        label_cols={"_T": "Persons"})  # fmt: skip
    return charts


# --- pages ---------------------------------------------------------------------------------


@login_required
def index(request):
    """Choose a territory and a year within the user's scope."""
    require_roles(request.user, *STATISTICS_ROLES)
    territories = list(_territories_for(request.user))
    if request.GET.get("territory") and request.GET.get("year"):
        code, year = request.GET["territory"], request.GET["year"]
        if year.isdigit() and any(t.code == code for t in territories):
            return redirect("statistics:year", territory=code, year=int(year))
        messages.error(request, "Choose a territory and a year from the lists.")
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 12, -1))
    with scopes_disabled():
        signed = {
            (row.territory_id, row.year): row
            for row in ReportingYear.objects.filter(
                territory__in=territories, signed_off=True
            ).select_related("signed_off_by")
        }
    rows = [
        {
            "territory": t,
            "years": [{"year": y, "signed": signed.get((t.pk, y))} for y in years[:6]],
        }
        for t in territories
    ]
    return render(
        request,
        "statistics/index.html",
        {
            "territories": territories,
            "years": years,
            "rows": rows,
            "default_year": this_year - 1,
            "can_compare": request.user.role in (Role.ANALYST, Role.ADMIN),
        },
    )


@login_required
def year_page(request, territory, year):
    """Every table of a territory-year, with charts; sign-off and downloads for managers."""
    territory = _territory(request.user, territory)
    year = _check_year(year)
    level = _level(request)
    unprotected = request.GET.get("show") == "unprotected"
    managing = request.user.role in MANAGING_ROLES
    if (unprotected or level == TRANSMISSION) and not _may_see_unprotected(request.user):
        raise PermissionDenied("Only the national coordinator sees exact counts.")
    if level == TRANSMISSION and not unprotected:
        return _transmission_page(request, territory, year)
    stats, safe = _release(request.user, territory, year)
    if not _shared(request.user, territory, stats):
        raise Http404("This territory shares signed-off years only.")
    protection = None if safe is None else safe.protection
    if unprotected:
        views = stats.views(None)
    elif protection is not None:
        views = stats.views(protection)
    else:
        views = []
    groups = []
    for group, title in GROUPS.items():
        members = [v for v in views if v.group == group]
        if members:
            groups.append({"code": group, "title": title, "tables": members})
    editions, final_editions, pending = [], [], []
    if managing:
        editions = list(
            Edition.objects.filter(territory=territory, year=year).select_related("created_by")
        )
        final_editions = list(FinalEdition.objects.filter(territory=territory, year=year))
        if stats.final:
            pending = revisions_pending(territory, year)
    return render(
        request,
        "statistics/year.html",
        {
            "territory": territory,
            "year": year,
            "stats": stats,
            "groups": groups,
            "notes": stats.notes_for(None if unprotected else protection),
            "flag_legend": FLAG_LEGEND,
            "unprotected": unprotected,
            "refused": safe is None and not unprotected,
            "audit": None if safe is None else safe.audit,
            "level": level,
            "levels": [(code, label, thresholds()[code]) for code, label in LEVELS.items()],
            "threshold": thresholds()[PUBLIC],
            "charts": chart_data(views),
            "managing": managing,
            "editions": editions,
            "final_editions": final_editions,
            "pending": pending,
            "conflicts": stats.conflicts if managing else [],
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
        },
    )


def _overrides(request) -> dict[str, list[str]]:
    """The coordinator's CONF_STATUS choices: ``conf:<cell key>`` fields, every value posted
    (a cell shows in several tables); the release keeps the one that differs from its own
    proposal (``releases.resolve_overrides``): the proposal is never taken from the request."""
    return {
        name[len("conf:") :]: request.POST.getlist(name)
        for name in request.POST
        if name.startswith("conf:")
    }


def _transmission_of(user, territory, year: int, overrides=None):
    """The transmission of a territory-year: for a signed-off year, the one stored with its
    figures of record (exact counts and proposed flags as at sign-off), never recomputed."""
    final = current_final_edition(territory, year)
    if final is not None:
        stats = FrozenStatistics(final)
        release = stats.transmission(overrides)
        if release is None:  # an edition stored before transmissions were kept
            raise Http404(
                f"The transmission of {year} was not stored when the year was signed off: "
                "reopen the year and sign it off again to transmit it."
            )
        return stats, release
    with _engine_scope(user):
        stats = compute_statistics(territory, year)
    return stats, transmission(stats, overrides)


def _questionnaire_offers(territory, year: int) -> tuple[list[dict], dict[str, str]]:
    """The questionnaires a coordinator can download for ``year``, each with the reference
    years it shows and those that have no figures of record (one query), and the mapping
    files refused, with their reasons."""
    found, refused = questionnaires()
    span = max((q.years for q in found.values()), default=1)
    with scopes_disabled():
        signed = set(
            ReportingYear.objects.filter(
                territory=territory, signed_off=True, year__range=(year - span + 1, year)
            ).values_list("year", flat=True)
        )
    offers = []
    for questionnaire in sorted(found.values(), key=lambda q: q.title):
        years = list(range(year - questionnaire.years + 1, year + 1))
        offers.append(
            {
                "questionnaire": questionnaire,
                "first": years[0],
                "missing": [y for y in years if y not in signed],
                "url": reverse(
                    "statistics:export_questionnaire",
                    kwargs={
                        "territory": territory.code,
                        "year": year,
                        "questionnaire": questionnaire.id,
                    },
                ),
            }
        )
    return offers, refused


def _transmission_page(request, territory, year):
    stats, release = _transmission_of(request.user, territory, year)
    offers, refused = _questionnaire_offers(territory, year)
    groups = []
    for group, title in GROUPS.items():
        members = [t for t in release.tables if t.stat.group == group]
        if members:
            groups.append({"code": group, "title": title, "tables": members})
    return render(
        request,
        "statistics/transmission.html",
        {
            "territory": territory,
            "year": year,
            "stats": stats,
            "release": release,
            "groups": groups,
            "conf_codes": CONF_CODES,
            "legend": TRANSMISSION_LEGEND,
            "notes": stats.notes_for(None)[:-1],
            "threshold": thresholds()[TRANSMISSION],
            "level": TRANSMISSION,
            "levels": [(code, label, thresholds()[code]) for code, label in LEVELS.items()],
            "managing": True,
            "questionnaires": offers,
            "refused_questionnaires": refused,
        },
    )


def _year_url(territory, year, **query):
    url = reverse("statistics:year", kwargs={"territory": territory.code, "year": year})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, territory, year):
    """The checks before a sign-off (GET), and the sign-off once each open check is resolved
    or acknowledged (POST; the acknowledgements go into the audit entry)."""
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    signed = ReportingYear.is_locked(territory.pk, year)
    checks = [] if signed else signoff_checks(territory, year)
    form = SignOffForm(request.POST or None, checks=checks)
    if request.method == "POST" and not signed:
        if form.is_valid():
            sign_off_year(
                territory=territory, year=year, user=request.user, acknowledged=form.acknowledged
            )
            messages.success(
                request,
                f"{territory.name} {year} is signed off: its records are read-only and its "
                "tables final.",
            )
            return redirect(_year_url(territory, year))
        for error in form.non_field_errors() + form.errors.get("confirm", []):
            messages.error(request, error)
    return render(
        request,
        "statistics/sign_off.html",
        {"territory": territory, "year": year, "signed": signed, "checks": checks, "form": form},
    )


@login_required
@require_POST
def reopen(request, territory, year):
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    try:
        reopen_year(
            territory=territory, year=year, user=request.user, reason=request.POST.get("reason")
        )
    except ReasonRequired as error:
        messages.error(request, str(error))
        return redirect(_year_url(territory, year))
    messages.success(request, f"{territory.name} {year} is reopened; its tables are provisional.")
    return redirect(_year_url(territory, year))


def _export(request, territory, year, file_format):
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    if _level(request) == TRANSMISSION:
        return _export_transmission(request, territory, year, file_format)
    stats, safe = _release(request.user, territory, year)
    if safe is None:
        messages.error(
            request,
            "The tables cannot be protected as they are (the audit found small counts that "
            "no further suppression protects): nothing was published.",
        )
        return redirect(_year_url(territory, year))
    protection = safe.protection
    views = stats.views(protection)
    notes = stats.notes_for(protection)
    edition = create_edition(stats, protection, views, user=request.user, file_format=file_format)
    if file_format == "xlsx":
        content = write_xlsx(stats, views, notes, edition)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == SDMX:
        content = write_public_sdmx(stats, views)
        content_type = "application/zip"
    else:
        content = write_csv_zip(stats, views, notes, edition)
        content_type = "application/zip"
    name = f"thb-statistics-{territory.code}-{year}-{stats.status_label}-ed{edition.number}"
    record_event(
        Action.EXPORT,
        user=request.user,
        territory=territory,
        obj=edition,
        object_repr=f"{territory.name} {year} edition {edition.number}",
        detail={
            "kind": "statistics",
            "release": PUBLIC,
            "format": file_format,
            "year": year,
            "threshold": protection.threshold,
            "final": stats.final,
            "audit": safe.audit.summary(),
        },
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{_extension(file_format)}"'
    return response


def _export_transmission(request, territory, year, file_format):
    """Exact counts with CONF_STATUS flags (the coordinator's choices applied): audited, never
    kept as a public edition."""
    stats, release = _transmission_of(request.user, territory, year, _overrides(request))
    notes = stats.notes_for(None)[:-1]
    if file_format == "xlsx":
        content = write_transmission_xlsx(release, notes)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == SDMX:
        content = write_transmission_sdmx(release)
        content_type = "application/zip"
    else:
        content = write_transmission_zip(release, notes)
        content_type = "application/zip"
    changed = {
        key: flag
        for key, flag in release.overrides.items()
        if flag != release.proposed.get(key, "F")
    }
    record_event(
        Action.EXPORT,
        user=request.user,
        territory=territory,
        object_type="statistics.transmission",
        object_id=f"{territory.code}-{year}",
        object_repr=f"{territory.name} {year} transmission",
        detail={
            "kind": "statistics",
            "release": TRANSMISSION,
            "format": file_format,
            "year": year,
            "final": stats.final,
            "threshold": release.threshold,
            "flags_changed": changed,
        },
    )
    name = f"thb-transmission-{territory.code}-{year}-{stats.status_label}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{_extension(file_format)}"'
    return response


# A download is a new edition (kept, numbered, audited): a POST, never a GET that a link
# preview, a prefetch or a crawler could trigger.
@login_required
@require_POST
def export_xlsx(request, territory, year):
    return _export(request, territory, year, "xlsx")


@login_required
@require_POST
def export_zip(request, territory, year):
    return _export(request, territory, year, "zip")


@login_required
@require_POST
def export_sdmx(request, territory, year):
    """SDMX-CSV 2.0, one file per framework (``sdmx.py``), of the release asked for."""
    return _export(request, territory, year, SDMX)


@login_required
@require_POST
def export_questionnaire(request, territory, year, questionnaire):
    """A recipient's questionnaire (``questionnaire.py``) filled for the last reference years
    up to ``year`` from the figures of record of the signed-off years: exact counts with the
    confidentiality flags stored at sign-off (changed where the POST carries ``conf:`` fields
    as the transmission form does). Its own small form on the transmission page: the
    transmission form, one field per cell, can exceed Django's limit on fields per request.
    Coordinators and administrators only; audited, with the final edition of every year it
    holds and the mapping's version, so the same file can be made again."""
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    found, _refused = questionnaires()
    chosen = found.get(questionnaire)
    if chosen is None:
        raise Http404("No such questionnaire.")
    content, figures = fill(chosen, territory, year, _overrides(request))
    editions = {str(f.year): (f.edition.number if f.available else None) for f in figures}
    changed = {key: flag for f in figures for key, flag in f.changed.items()}
    record_event(
        Action.EXPORT,
        user=request.user,
        territory=territory,
        object_type="statistics.questionnaire",
        object_id=f"{territory.code}-{year}-{chosen.id}",
        object_repr=f"{territory.name} {year}: {chosen.title}"[:200],
        detail={
            "kind": "statistics",
            "release": TRANSMISSION,
            "format": "questionnaire",
            "questionnaire": chosen.id,
            "version": chosen.version,
            "year": year,
            "final_editions": editions,
            "flags_changed": changed,
        },
    )
    name = f"thb-questionnaire-{chosen.id}-{territory.code}-{year}"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- HTCDS v2.0 / CTDC contribution --------------------------------------------------------


@login_required
def htcds_page(request, territory, year):
    """The HTCDS / CTDC contribution of a territory-year: what the file holds, how many
    persons a k = 11 anonymisation would keep, and the download (coordinators and
    administrators; another territory answers 404)."""
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    frame = htcds_frame(territory, year)
    preview = k_anonymity_preview(frame)
    editions = list(
        Edition.objects.filter(
            territory=territory, year=year, file_format=HTCDS_FORMAT
        ).select_related("created_by")
    )
    return render(
        request,
        "statistics/htcds.html",
        {
            "territory": territory,
            "year": year,
            "final": ReportingYear.is_locked(territory.pk, year),
            "preview": preview,
            "quasi_identifiers": [_(QUASI_LABELS[c]) for c in preview.quasi_identifiers],
            "without": [(_(label), kept) for label, kept in preview.without],
            "columns": [(name, _(text)) for name, text in COLUMN_NOTES.items()],
            "editions": editions,
        },
    )


@login_required
@require_POST
def export_htcds(request, territory, year):
    """The pseudonymised person-level file (a zip: the persons' CSV and its notes): audited,
    kept as an edition (its notes and digest, never its rows)."""
    territory = _territory(request.user, territory, MANAGING_ROLES)
    year = _check_year(year)
    final = ReportingYear.is_locked(territory.pk, year)
    frame = htcds_frame(territory, year)
    preview = k_anonymity_preview(frame)
    sha = digest(persons_csv(frame))
    # The edition and its audit entry are kept together, or neither.
    with transaction.atomic():
        edition = create_htcds_edition(
            territory, year, user=request.user, final=final, k=CTDC_K, notes=[]
        )
        edition.notes = file_notes(
            territory, year, preview, final=final, edition=edition, digest=sha
        )
        edition.save(update_fields=["notes"])
        content = write_htcds_zip(frame, edition.notes)
        record_event(
            Action.EXPORT,
            user=request.user,
            territory=territory,
            obj=edition,
            object_repr=f"{territory.name} {year} HTCDS contribution edition {edition.number}",
            detail={
                "kind": "htcds",
                "format": "csv",
                "year": year,
                "final": final,
                "persons": len(frame),
                "sha256": sha,
                "k_anonymity": preview.summary(),
            },
        )
    status = "final" if final else "provisional"
    name = f"thb-htcds-{territory.code}-{year}-{status}-ed{edition.number}.zip"
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _extension(file_format: str) -> str:
    return "sdmx.zip" if file_format == SDMX else file_format


@login_required
def edition_compare(request, territory, year):
    """Two editions of a territory-year, table by table: the cells that changed. With
    ``final=1``, two final editions (figures of record of successive sign-offs): the size of
    the revision, unprotected counts for coordinators, protected cells for everyone else."""
    territory = _territory(request.user, territory)
    year = _check_year(year)
    final = request.GET.get("final") == "1"
    with _engine_scope(request.user):
        if final:
            editions = list(FinalEdition.objects.filter(territory=territory, year=year))
            for edition in editions:
                edition.key = str(edition.number)
        else:
            # The HTCDS contribution's editions have no tables to compare.
            editions = list(
                Edition.objects.filter(territory=territory, year=year)
                .exclude(file_format=HTCDS_FORMAT)
                .select_related("created_by")
            )
            for edition in editions:
                edition.key = str(edition.uuid)
    by_key = {e.key: e for e in editions}
    older = by_key.get(request.GET.get("a", ""))
    newer = by_key.get(request.GET.get("b", ""))
    if older is None and newer is None and len(editions) >= 2:
        newer, older = editions[0], editions[1]
    comparison = None
    unprotected = final and _may_see_unprotected(request.user)
    if older is not None and newer is not None:
        if older.number > newer.number:
            older, newer = newer, older
        if final:
            comparison = compare_final_editions(older, newer, unprotected=unprotected)
        else:
            comparison = compare_editions(older, newer)
    return render(
        request,
        "statistics/edition_compare.html",
        {
            "territory": territory,
            "year": year,
            "editions": editions,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "changed": [c for c in comparison or [] if c.status != "same"],
            "final": final,
            "unprotected": unprotected,
        },
    )


def _territories_with_records(year: int) -> set[int]:
    """Territories with a record that can count in ``year`` (two queries): the others have
    nothing to compare and are listed without tables."""
    VictimRecord, TraffickerRecord = record_model("victims"), record_model("traffickers")
    with scopes_disabled():
        victims = VictimRecord.objects.filter(
            reporting_year__range=(year - TREND_YEARS + 1, year)
        ).values_list("territory_id", flat=True)
        traffickers = TraffickerRecord.objects.filter(reporting_year__lte=year).values_list(
            "territory_id", flat=True
        )
        return set(victims.distinct()) | set(traffickers.distinct())


@login_required
def compare_territories(request, year):
    """The protected tables of every territory side by side (analysts and administrators)."""
    require_roles(request.user, Role.ANALYST, Role.ADMIN)
    year = _check_year(year)
    territories = list(Territory.objects.filter(is_active=True))
    with_records = _territories_with_records(year)
    releases = []
    not_shared = []
    with scopes_disabled():
        signed_off = set(
            ReportingYear.objects.filter(year=year, signed_off=True).values_list(
                "territory_id", flat=True
            )
        )
    for territory in territories:
        if territory.pk not in with_records:
            continue
        if request.user.role == Role.ANALYST and not regional_allowed(
            territory, territory.pk in signed_off
        ):
            # Nothing to show the analyst: the tables are not computed at all.
            not_shared.append(territory)
            continue
        stats, safe = _release(request.user, territory, year)
        if safe is None or not regional_allowed(territory, stats.final):
            not_shared.append(territory)
            continue
        releases.append((territory, stats, stats.views(safe.protection)))
    without = [t for t in territories if t.pk not in with_records]
    codes = [(v.code, v.title) for v in releases[0][2]] if releases else []
    chosen = request.GET.get("table") or "V1"
    if chosen not in dict(codes):
        chosen = "V1"
    headline = []
    for territory, stats, views in releases:
        by_code = {v.code: v for v in views}
        cells = []
        for code, row in (("V1", "_T"), ("T1", "suspected"), ("T1", "prosecuted"),
                          ("T1", "convicted_first"), ("T1", "convicted_final")):  # fmt: skip
            view = by_code[code]
            cell = view.cells[view.row_codes.index(row)][view.col_codes.index("_T")]
            cells.append(cell)
        headline.append({"territory": territory, "stats": stats, "cells": cells})
    side_by_side = [
        {"territory": t, "stats": s, "view": next(v for v in views if v.code == chosen)}
        for t, s, views in releases
    ]
    return render(
        request,
        "statistics/compare.html",
        {
            "year": year,
            "threshold": thresholds()[PUBLIC],
            "not_shared": not_shared,
            "headline": headline,
            "codes": codes,
            "chosen": chosen,
            "side_by_side": side_by_side,
            "without": without,
            "flag_legend": FLAG_LEGEND,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 12, -1)),
        },
    )
