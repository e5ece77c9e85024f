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
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from indicators.catalogue import TRAFFICKERS
from indicators.record_views import (
    Column,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    RecordRestoreView,
    display_value,
    list_columns,
)
from indicators.records import save_record
from thb_data.accounts.models import Role
from thb_data.records import RecordStatus, YearSignedOff
from thb_data.scoping import scopes_disabled
from thb_data.views import CappedPaginator, get_scoped_or_404, require_roles
from traffickers import actions
from traffickers.filters import reached_stages, stage_filter, with_stage_reached
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


# --- access --------------------------------------------------------------------------------------


def _require_viewer(user) -> None:
    require_roles(user, *VIEW_ROLES)


def _case_or_404(request, uuid, *, for_edit=False) -> CriminalCase:
    if request.user.role not in VIEW_ROLES:
        raise Http404("No such case.")
    return get_scoped_or_404(
        CriminalCase.objects.select_related("territory", "institution"),
        request.user,
        for_edit=for_edit,
        uuid=uuid,
    )


def _optional_reverse(name, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- presenting values ---------------------------------------------------------------------------


def _shown(indicators, record, context) -> list[dict]:
    rows = []
    for ind in indicators:
        if ind.type == "system":
            continue
        text = display_value(ind, record, context)
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
            qualification = display_value(qualification_ind, record, context)
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
                "outcome": display_value(outcome_ind, record, context) if outcome_ind else "",
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


class TraffickerRecordViewMixin:
    model = TraffickerRecord
    form_class = TraffickerRecordForm
    namespace = "traffickers"
    noun = gettext_noop("Record")
    read_roles = VIEW_ROLES
    related = ("territory", "institution", "case")
    shared_code_warning = gettext_noop(
        "This personal code already exists in other records of the territory: the same "
        "person may be a suspect in another case. Your national coordinator sees them together."
    )


class TraffickerRecordListView(TraffickerRecordViewMixin, RecordListView):
    template_name = "traffickers/record_list.html"
    ordering = ("-created_at", "-pk")
    list_title = "Traffickers and criminal proceedings"
    deleted_title = "Deleted trafficker records"

    def get_queryset(self, *, deleted: bool):
        return with_stage_reached(
            super()
            .get_queryset(deleted=deleted)
            .annotate(
                victim_count=Count(
                    "case__victims", filter=Q(case__victims__is_deleted=False), distinct=True
                )
            )
        )

    def extra_filters(self) -> dict:
        return {"stage": stage_filter()}

    def get_columns(self, context):
        stage_titles = {stage.code: stage.title for stage in TRAFFICKERS.stages}
        return [
            Column("case", "Case", lambda r: r.case.reference if r.case_id else ""),
            *list_columns(TRAFFICKERS, context),
            Column("stage", "Stage reached", lambda r: stage_titles.get(r.stage_reached, "—")),
            Column("victims", "Victims in case", lambda r: str(r.victim_count)),
            Column("year", "Year", lambda r: str(r.reporting_year)),
            Column("status", "Status", lambda r: r.get_status_display()),
        ]


record_list = TraffickerRecordListView.as_view()


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


class TraffickerRecordCreateView(TraffickerRecordViewMixin, RecordCreateView):
    """A suspect is registered with the criminal complaint, in an existing case of the user's
    scope or a new one created with the record."""

    template_name = "traffickers/record_form.html"

    def get_extra_forms(self, data=None) -> dict:
        user = self.request.user
        if data is not None:
            return {"case_form": CaseChoiceForm(data, user=user, prefix="case")}
        initial_case = self.request.GET.get("case")
        return {
            "case_form": CaseChoiceForm(
                user=user, prefix="case", initial={"case": initial_case} if initial_case else None
            )
        }

    @transaction.atomic
    def create(self, form, extra_forms, *, status):
        user = self.request.user
        case_form = extra_forms["case_form"]
        case = case_form.cleaned_data["case"] or actions.open_case(
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
        actions.link_victims(user=user, case=case, victims=case_form.victim_records)
        return record


class TraffickerRecordDetailView(TraffickerRecordViewMixin, RecordDetailView):
    template_name = "traffickers/record_detail.html"
    audit_views = False  # as before the generic pages: only changes are audited here

    def get_detail_context(self, record, context) -> dict:
        user = self.request.user
        can_log = (
            TraffickerRecord.can_be_edited_by(user)
            and not record.is_deleted
            and not self.is_locked(record)
        )
        entries = timeline(record, context, can_log=can_log)
        case = (
            CriminalCase.objects.visible_to(user).filter(pk=record.case_id).first()
            if record.case_id
            else None
        )
        other_records = None
        if user.role == Role.COORDINATOR and record.person_key:
            other_records = (
                TraffickerRecord.objects.filter(
                    territory_id=record.territory_id, person_key=record.person_key
                )
                .exclude(pk=record.pk)
                .count()
            )
        return {
            "sections": profile_sections(record, context),
            "timeline": entries,
            "qualifications": qualification_path(entries),
            "duration": display_value(TRAFFICKERS.get("t_proceedings_duration"), record, context),
            "case": case,
            "victims": _victim_rows(user, case_victims(case)) if case else [],
            "other_records": other_records,
        }


class TraffickerRecordEditView(TraffickerRecordViewMixin, RecordEditView):
    """The profile and modus operandi (sections A-C)."""

    template_name = "traffickers/record_form.html"


class TraffickerRecordStageView(TraffickerRecordViewMixin, RecordEditView):
    """One stage of the proceedings; the rules judge the whole record as it will be saved."""

    form_class = TraffickerStageForm
    template_name = "traffickers/stage_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("stage") not in STAGE_CODES:
            raise Http404("No such stage.")
        self.stage = kwargs["stage"]
        self.stage_title = next(s.title for s in TRAFFICKERS.stages if s.code == self.stage)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self, *, record=None, complete=False) -> dict:
        # A stage keeps the record's status: complete records are checked as complete.
        complete = record is not None and record.status == RecordStatus.COMPLETE
        return {**super().get_form_kwargs(record=record, complete=complete), "stage": self.stage}

    def get_context_data(self, **context) -> dict:
        return super().get_context_data(stage=self.stage, stage_title=self.stage_title, **context)

    def saved_message(self, record) -> str:
        return f"{self.stage_title}: outcome logged for {record.record_number}."

    def success_url(self, record) -> str:
        return f"{super().success_url(record)}#stage-{self.stage}"


class TraffickerRecordDeleteView(TraffickerRecordViewMixin, RecordDeleteView):
    pass


class TraffickerRecordRestoreView(TraffickerRecordViewMixin, RecordRestoreView):
    pass


record_create = TraffickerRecordCreateView.as_view()
record_detail = TraffickerRecordDetailView.as_view()
record_edit = TraffickerRecordEditView.as_view()
record_stage = TraffickerRecordStageView.as_view()
record_delete = TraffickerRecordDeleteView.as_view()
record_restore = TraffickerRecordRestoreView.as_view()


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
