"""Pages of the traffickers and criminal-justice database: suspects and their proceedings, stage
by stage, and the criminal cases that link them to victim records.

Every record and case is read through the scoped querysets (``get_scoped_or_404``); ids in a
POST are resolved through the user's scope. Caseworkers and analysts have no page here: 403 for
the lists and forms, 404 for a record or case (as if it did not exist).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from indicators.catalogue import TRAFFICKERS
from indicators.rules import RuleContext
from indicators.types import Context, type_of
from thb_data.accounts.models import Role
from thb_data.records import (
    RecordStatus,
    ReportingYear,
    StaleVersion,
    YearSignedOff,
    restore_record,
    save_record,
    soft_delete_record,
)
from thb_data.scoping import scopes_disabled
from thb_data.views import CappedPaginator, get_scoped_or_404, require_roles
from traffickers import actions
from traffickers.filters import (
    TraffickerRecordFilterSet,
    reached_stages,
    with_stage_reached,
)
from traffickers.forms import (
    PROFILE_SECTIONS,
    STAGE_CODES,
    CaseChoiceForm,
    CriminalCaseForm,
    LinkVictimForm,
    TraffickerRecordForm,
    TraffickerStageForm,
    stage_indicators,
)
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

VIEW_ROLES = (Role.PROSECUTOR, Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 50
# The national list that holds the legal qualification of each stage.
QUALIFICATION_LIST = "criminal_code_articles"
STALE_MESSAGE = (
    "Someone else saved this record after you opened it. Nothing was saved: the form now shows "
    "the current version; enter your changes again."
)


# --- access --------------------------------------------------------------------------------------


def _require_viewer(user) -> None:
    require_roles(user, *VIEW_ROLES)


def _record_or_404(request, uuid, *, for_edit=False, with_deleted=False) -> TraffickerRecord:
    if request.user.role not in VIEW_ROLES:
        raise Http404("No such record.")
    manager = TraffickerRecord.with_deleted if with_deleted else TraffickerRecord.objects
    return get_scoped_or_404(
        manager.select_related("territory", "institution", "case"),
        request.user,
        for_edit=for_edit,
        uuid=uuid,
    )


def _case_or_404(request, uuid, *, for_edit=False) -> CriminalCase:
    if request.user.role not in VIEW_ROLES:
        raise Http404("No such case.")
    return get_scoped_or_404(
        CriminalCase.objects.select_related("territory", "institution"),
        request.user,
        for_edit=for_edit,
        uuid=uuid,
    )


def _is_locked(record) -> bool:
    return ReportingYear.is_locked(record.territory_id, record.reporting_year)


def _locked_response(request, record):
    """Records of a signed-off year are read-only: their forms are refused (GET and POST)."""
    return render(
        request,
        "traffickers/locked.html",
        {"record": record, "message": str(YearSignedOff(record.reporting_year))},
        status=403,
    )


def _form_kwargs(territory, *, complete=False, existing=None):
    return {
        "context": Context.for_territory(territory),
        "rule_context": RuleContext(territory_code=territory.code),
        "complete": complete,
        "existing": existing,
    }


def _status_from(request, default=RecordStatus.DRAFT) -> str:
    action = request.POST.get("action")
    return action if action in RecordStatus.values else default


def _optional_reverse(name, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- presenting values ---------------------------------------------------------------------------


def _display(ind, record, context) -> str:
    value = getattr(record, ind.code, None)
    indicator_type = type_of(ind)
    if indicator_type.is_empty(value):
        return ""
    text = indicator_type.display(ind, value, context)
    if ind.type in ("integer", "amount") and ind.unit:
        text = f"{text} {ind.unit}"
    if ind.estimated_flag and getattr(record, f"{ind.code}_estimated", False):
        text = f"{text} (estimated)"
    return text


def _shown(indicators, record, context) -> list[dict]:
    rows = []
    for ind in indicators:
        if ind.type == "system":
            continue
        text = _display(ind, record, context)
        if text:
            rows.append({"code": ind.code, "label": ind.label, "value": text})
    return rows


def profile_sections(record, context) -> list[dict]:
    sections = []
    for section in TRAFFICKERS.sections:
        if section.code not in PROFILE_SECTIONS:
            continue
        rows = _shown(TRAFFICKERS.in_section(section.code), record, context)
        sections.append({"code": section.code, "title": section.title, "rows": rows})
    return sections


def timeline(record, context, *, can_log: bool) -> list[dict]:
    """The stages of the proceedings, in order: reached ones with their date, outcome and every
    value logged; the legal qualification kept per stage, with the re-qualifications."""
    reached = set(reached_stages(record))
    furthest = max((STAGE_CODES.index(s) for s in reached), default=-1)
    previous_qualification = None
    entries = []
    for position, stage in enumerate(TRAFFICKERS.stages):
        indicators = stage_indicators(stage.code)
        date = next(
            (
                getattr(record, i.code)
                for i in indicators
                if i.type == "date" and getattr(record, i.code)
            ),
            "",
        )
        outcome_ind = next((i for i in indicators if i.type == "single"), None)
        qualification_ind = next((i for i in indicators if i.code_list == QUALIFICATION_LIST), None)
        qualification, requalified_from = "", ""
        if qualification_ind is not None:
            codes = list(getattr(record, qualification_ind.code) or [])
            qualification = _display(qualification_ind, record, context)
            real = [c for c in codes if c != "unknown"]
            if real:
                if previous_qualification and set(real) != set(previous_qualification[0]):
                    requalified_from = previous_qualification[1]
                previous_qualification = (real, qualification)
        entries.append(
            {
                "code": stage.code,
                "title": stage.title,
                "description": stage.description,
                "reached": stage.code in reached,
                "date": date,
                "outcome": _display(outcome_ind, record, context) if outcome_ind else "",
                "outcome_label": outcome_ind.label if outcome_ind else "",
                "qualification": qualification,
                "requalified_from": requalified_from,
                "rows": _shown(indicators, record, context),
                "is_next": position == furthest + 1,
                "can_log": can_log,
                "url": reverse("traffickers:stage", args=[record.uuid, stage.code]),
            }
        )
    return entries


def qualification_path(entries) -> list[str]:
    """The qualifications in stage order, each change kept: ["THB art. 388", "art. 184"]."""
    path = []
    for entry in entries:
        if entry["qualification"] and (not path or path[-1] != entry["qualification"]):
            path.append(entry["qualification"])
    return path


def case_victims(case) -> list:
    """The victim records linked to ``case`` (not deleted), read with scopes disabled but only
    inside the case's territory: prosecutors see the numbers, not the records."""
    with scopes_disabled():
        return list(
            VictimRecord.objects.filter(cases=case, territory_id=case.territory_id)
            .select_related("territory")
            .order_by("number")
        )


def _victim_rows(user, victims) -> list[dict]:
    """Record numbers of ``victims``, with a link only for those the user may open."""
    ids = [v.pk for v in victims]
    visible = (
        set(VictimRecord.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    rows = []
    for victim in victims:
        url = _optional_reverse("victims:detail", victim.uuid) if victim.pk in visible else None
        rows.append({"record": victim, "number": victim.record_number, "url": url})
    return rows


# --- lists ---------------------------------------------------------------------------------------


def _page(request, queryset):
    paginator = CappedPaginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
def record_list(request):
    user = request.user
    _require_viewer(user)
    show_deleted = request.GET.get("deleted") == "1" and TraffickerRecord.can_be_edited_by(user)
    manager = TraffickerRecord.with_deleted.deleted() if show_deleted else TraffickerRecord.objects
    queryset = with_stage_reached(
        manager.visible_to(user)
        .select_related("territory", "case")
        .annotate(
            victim_count=Count(
                "case__victims", filter=Q(case__victims__is_deleted=False), distinct=True
            )
        )
        .order_by("-created_at", "-pk")
    )
    context = Context(national_entries={})  # the filters offered use no national list
    filterset = TraffickerRecordFilterSet(request.GET or None, queryset=queryset, context=context)
    records = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page, query = _page(request, records)
    stage_titles = {stage.code: stage.title for stage in TRAFFICKERS.stages}
    sex, citizenship, verdict, final = (
        TRAFFICKERS.get(code)
        for code in ("t_sex", "t_citizenship", "t_verdict_first", "t_final_outcome")
    )
    rows = [
        {
            "record": record,
            "stage": stage_titles.get(record.stage_reached, "—"),
            "sex": _display(sex, record, context),
            "citizenship": record.t_citizenship,
            "verdict": _display(verdict, record, context),
            "final": _display(final, record, context),
        }
        for record in page.object_list
    ]
    return render(
        request,
        "traffickers/record_list.html",
        {
            "filterset": filterset,
            "page": page,
            "rows": rows,
            "query": query,
            "show_deleted": show_deleted,
            "can_create": TraffickerRecord.can_be_edited_by(user) and user.territory_id,
        },
    )


@login_required
def case_list(request):
    user = request.user
    _require_viewer(user)
    queryset = (
        CriminalCase.objects.visible_to(user)
        .select_related("territory", "institution")
        .annotate(
            defendant_count=Count(
                "defendants", filter=Q(defendants__is_deleted=False), distinct=True
            ),
            victim_count=Count("victims", filter=Q(victims__is_deleted=False), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    reference = request.GET.get("reference", "").strip()
    if reference:
        queryset = queryset.filter(reference__icontains=reference)
    page, query = _page(request, queryset)
    return render(
        request,
        "traffickers/case_list.html",
        {
            "page": page,
            "query": query,
            "reference": reference,
            "can_create": CriminalCase.can_be_edited_by(user) and user.territory_id,
        },
    )


# --- a trafficker record -------------------------------------------------------------------------


def _require_creator(user) -> None:
    _require_viewer(user)
    if not TraffickerRecord.can_be_edited_by(user) or not user.territory_id:
        raise PermissionDenied("Your role cannot register suspects.")


def _link_victims(case, victims, *, user) -> list[str]:
    """Link ``victims`` to ``case`` (``traffickers.actions.link_victims``)."""
    return actions.link_victims(user=user, case=case, victims=victims)


def _create_case(*, user, reference, institution) -> CriminalCase:
    """Open a case without victims (``traffickers.actions.open_case``)."""
    return actions.open_case(user=user, reference=reference, institution=institution)


def _warn_shared_code(request, record) -> None:
    """Tell the person entering a code already present in the territory, without saying where."""
    if not record.personal_code_hash:
        return
    with scopes_disabled():
        others = (
            TraffickerRecord.objects.filter(
                territory_id=record.territory_id, personal_code_hash=record.personal_code_hash
            )
            .exclude(pk=record.pk)
            .exists()
        )
    if others:
        messages.warning(
            request,
            "This personal code already exists in other records of the territory: the same "
            "person may be a suspect in another case. Your national coordinator sees them "
            "together.",
        )


@login_required
def record_create(request):
    user = request.user
    _require_creator(user)
    territory = user.territory
    status = _status_from(request)
    kwargs = _form_kwargs(territory, complete=status == RecordStatus.COMPLETE)
    if request.method == "POST":
        case_form = CaseChoiceForm(request.POST, user=user, prefix="case")
        form = TraffickerRecordForm(request.POST, **kwargs)
        if case_form.is_valid() and form.is_valid():
            try:
                with transaction.atomic():
                    case = case_form.cleaned_data["case"] or _create_case(
                        user=user,
                        reference=case_form.cleaned_data["new_case_reference"],
                        institution=case_form.case_institution(),
                    )
                    record = TraffickerRecord(
                        territory_id=case.territory_id, institution=case.institution, case=case
                    )
                    save_record(
                        record,
                        user=user,
                        values=form.indicator_values(),
                        status=status,
                        personal_code=form.personal_code,
                    )
                    _link_victims(case, case_form.victim_records, user=user)
            except YearSignedOff as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Record {record.record_number} saved.")
                _warn_shared_code(request, record)
                return redirect("traffickers:detail", record.uuid)
    else:
        initial_case = request.GET.get("case")
        case_form = CaseChoiceForm(
            user=user, prefix="case", initial={"case": initial_case} if initial_case else None
        )
        form = TraffickerRecordForm(**kwargs)
    return render(
        request,
        "traffickers/record_form.html",
        {"form": form, "case_form": case_form, "creating": True},
    )


@login_required
def record_detail(request, uuid):
    user = request.user
    record = _record_or_404(request, uuid, with_deleted=True)
    context = Context.for_territory(record.territory)
    can_edit = TraffickerRecord.can_be_edited_by(user) and not record.is_deleted
    locked = _is_locked(record)
    entries = timeline(record, context, can_log=can_edit and not locked)
    case = (
        CriminalCase.objects.visible_to(user).filter(pk=record.case_id).first()
        if record.case_id
        else None
    )
    victims = _victim_rows(user, case_victims(case)) if case else []
    other_records = None
    if user.role == Role.COORDINATOR and record.person_key:
        other_records = (
            TraffickerRecord.objects.filter(
                territory_id=record.territory_id, person_key=record.person_key
            )
            .exclude(pk=record.pk)
            .count()
        )
    return render(
        request,
        "traffickers/record_detail.html",
        {
            "record": record,
            "sections": profile_sections(record, context),
            "timeline": entries,
            "qualifications": qualification_path(entries),
            "duration": _display(TRAFFICKERS.get("t_proceedings_duration"), record, context),
            "case": case,
            "victims": victims,
            "other_records": other_records,
            "can_edit": can_edit,
            "locked": locked,
        },
    )


def _merged_values(record, form) -> dict:
    """The record's values updated by the form's: what the record will hold once saved."""
    return {**record.indicator_values(), **form.indicator_values()}


def _save_existing(request, record, form, *, status):
    try:
        return save_record(
            record,
            user=request.user,
            values=_merged_values(record, form),
            status=status,
            expected_version=form.cleaned_data.get("version"),
            personal_code=form.personal_code,
        )
    except StaleVersion:
        form.add_error(None, STALE_MESSAGE)
    except YearSignedOff as error:
        form.add_error(None, str(error))
    return None


def _current_initial(record) -> dict:
    return {**record.indicator_values(), "version": record.version}


def _fresh_form(form_class, record, **kwargs):
    """The form redrawn from the record as stored now (after a stale save), keeping its errors."""
    record.refresh_from_db()
    return form_class(initial=_current_initial(record), **kwargs)


@login_required
def record_edit(request, uuid):
    record = _record_or_404(request, uuid, for_edit=True)
    if _is_locked(record):
        return _locked_response(request, record)
    status = _status_from(request, default=record.status)
    kwargs = _form_kwargs(
        record.territory, complete=status == RecordStatus.COMPLETE, existing=record
    )
    if request.method == "POST":
        form = TraffickerRecordForm(request.POST, **kwargs)
        if form.is_valid() and _save_existing(request, record, form, status=status):
            messages.success(request, f"Record {record.record_number} saved.")
            _warn_shared_code(request, record)
            return redirect("traffickers:detail", record.uuid)
        stale = STALE_MESSAGE in form.non_field_errors()
        response_status = 409 if stale else 200
    else:
        form = TraffickerRecordForm(initial=_current_initial(record), **kwargs)
        response_status = 200
    return render(
        request,
        "traffickers/record_form.html",
        {"form": form, "record": record, "creating": False},
        status=response_status,
    )


@login_required
def record_stage(request, uuid, stage):
    if stage not in STAGE_CODES:
        raise Http404("No such stage.")
    record = _record_or_404(request, uuid, for_edit=True)
    if _is_locked(record):
        return _locked_response(request, record)
    title = next(s.title for s in TRAFFICKERS.stages if s.code == stage)
    kwargs = _form_kwargs(
        record.territory, complete=record.status == RecordStatus.COMPLETE, existing=record
    )
    response_status = 200
    if request.method == "POST":
        form = TraffickerStageForm(request.POST, stage=stage, **kwargs)
        if form.is_valid() and _save_existing(request, record, form, status=record.status):
            messages.success(request, f"{title}: outcome logged for {record.record_number}.")
            return redirect(f"{reverse('traffickers:detail', args=[record.uuid])}#stage-{stage}")
        if STALE_MESSAGE in form.non_field_errors():
            response_status = 409
    else:
        form = TraffickerStageForm(initial=_current_initial(record), stage=stage, **kwargs)
    return render(
        request,
        "traffickers/stage_form.html",
        {"form": form, "record": record, "stage": stage, "stage_title": title},
        status=response_status,
    )


@login_required
@require_POST
def record_delete(request, uuid):
    record = _record_or_404(request, uuid, for_edit=True)
    try:
        soft_delete_record(record, user=request.user, reason=request.POST.get("reason", "")[:200])
    except YearSignedOff as error:
        messages.error(request, str(error))
        return redirect("traffickers:detail", record.uuid)
    messages.success(request, f"Record {record.record_number} deleted. It can be restored.")
    return redirect("traffickers:list")


@login_required
@require_POST
def record_restore(request, uuid):
    record = _record_or_404(request, uuid, for_edit=True, with_deleted=True)
    if not record.is_deleted:
        return redirect("traffickers:detail", record.uuid)
    try:
        restore_record(record, user=request.user)
    except YearSignedOff as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Record {record.record_number} restored.")
    return redirect("traffickers:detail", record.uuid)


# --- criminal cases ------------------------------------------------------------------------------


@login_required
def case_create(request):
    user = request.user
    _require_viewer(user)
    if not CriminalCase.can_be_edited_by(user) or not user.territory_id:
        raise PermissionDenied("Your role cannot open cases.")
    if request.method == "POST":
        form = CriminalCaseForm(request.POST, user=user)
        if form.is_valid():
            try:
                case = actions.open_case(
                    user=user,
                    reference=form.cleaned_data["reference"],
                    institution=form.case_institution(),
                    victims=form.victim_records,
                )
            except YearSignedOff as error:
                form.add_error("victim_numbers", str(error))
            else:
                messages.success(request, f"Case {case.reference} opened.")
                return redirect("traffickers:case_detail", case.uuid)
    else:
        form = CriminalCaseForm(user=user)
    return render(request, "traffickers/case_form.html", {"form": form})


@login_required
def case_detail(request, uuid):
    user = request.user
    case = _case_or_404(request, uuid)
    defendants = list(
        with_stage_reached(
            TraffickerRecord.objects.visible_to(user).filter(case=case).select_related("territory")
        ).order_by("number")
    )
    victims = case_victims(case)
    victim_ids = [v.pk for v in victims]
    traffickers_per_victim = (
        dict(
            TraffickerRecord.objects.visible_to(user)
            .filter(case__victims__in=victim_ids)
            .values_list("case__victims")
            .annotate(n=Count("pk", distinct=True))
        )
        if victim_ids
        else {}
    )
    victim_rows = _victim_rows(user, victims)
    for row in victim_rows:
        row["traffickers"] = traffickers_per_victim.get(row["record"].pk, 0)
    stage_titles = {stage.code: stage.title for stage in TRAFFICKERS.stages}
    can_edit = CriminalCase.can_be_edited_by(user)
    return render(
        request,
        "traffickers/case_detail.html",
        {
            "case": case,
            "defendants": [
                {"record": d, "stage": stage_titles.get(d.stage_reached, "—")} for d in defendants
            ],
            "victims": victim_rows,
            "victims_per_trafficker": len(victims),
            "can_edit": can_edit,
            "link_form": LinkVictimForm(user=user) if can_edit else None,
        },
    )


@login_required
@require_POST
def case_link_victim(request, uuid):
    user = request.user
    case = _case_or_404(request, uuid, for_edit=True)
    form = LinkVictimForm(request.POST, user=user)
    if form.is_valid():
        if case.territory_id != form.victim_record.territory_id:
            raise Http404("No such record.")
        try:
            linked = actions.link_victims(user=user, case=case, victims=[form.victim_record])
        except YearSignedOff as error:
            messages.error(request, f"The victim record was not linked: {error}")
        else:
            if linked:
                messages.success(request, f"Victim record {linked[0]} linked to the case.")
            else:
                messages.info(request, "That victim record is already linked to the case.")
    else:
        messages.error(request, " ".join(form.errors.get("record_number", ["Invalid number."])))
    return redirect("traffickers:case_detail", case.uuid)


@login_required
@require_POST
def case_unlink_victim(request, uuid):
    user = request.user
    case = _case_or_404(request, uuid, for_edit=True)
    number = VictimRecord.parse_record_number(request.POST.get("record_number", ""))
    victim = next((v for v in case_victims(case) if v.number == number), None)
    if victim is None:
        raise Http404("No such record.")
    try:
        actions.unlink_victim(user=user, case=case, victim=victim)
    except YearSignedOff as error:
        messages.error(request, f"The victim record was not unlinked: {error}")
        return redirect("traffickers:case_detail", case.uuid)
    messages.success(request, f"Victim record {victim.record_number} unlinked from the case.")
    return redirect("traffickers:case_detail", case.uuid)
