"""Pages of the victims database: list, create, detail, edit, delete/restore, duplicates.

Every record is read through the scoped querysets (``visible_to`` / ``editable_by``): outside the
user's scope a record answers 404. Roles without victim records (prosecutors, analysts) get 403
on the pages and 404 for a record.
"""

from __future__ import annotations

import uuid as uuid_lib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from indicators.catalogue import VICTIMS
from indicators.rules import RuleContext, applies
from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
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
from victims.duplicates import DuplicateError, duplicate_groups, resolve_duplicates
from victims.filters import FILTER_INDICATORS, victim_record_filterset
from victims.forms import VictimRecordForm, comparable, sign_values, unsign_values
from victims.models import DuplicateDecision, VictimRecord

READ_ROLES = (Role.CASEWORKER, Role.COORDINATOR, Role.ADMIN)
ENTRY_ROLES = (Role.CASEWORKER, Role.COORDINATOR)
PAGE_SIZE = 50
LIST_COLUMNS = ("v_sex", "v_citizenship", "v_exploitation_form", "v_identification_date")
DUPLICATE_WARNING = (
    "This person may already be registered: another record of your territory has the same "
    "personal code. Your national coordinator reviews possible duplicates."
)


def _require_record_role(user) -> None:
    """Roles that hold no victim records: a record URL answers as if it did not exist."""
    if user.role not in READ_ROLES:
        raise Http404("No such record.")


def _territory_code(user, record=None) -> str:
    territory = record.territory if record is not None else user.territory
    return territory.code if territory else ""


def _form(request, *, data=None, record=None, initial=None, complete=False):
    user = request.user
    territory = record.territory if record is not None else user.territory
    institutions = None
    if record is None and user.role == Role.COORDINATOR:
        institutions = Institution.objects.visible_to(user).filter(
            territory_id=user.territory_id, is_active=True
        )
    return VictimRecordForm(
        data,
        initial=initial,
        context=Context.for_territory(territory),
        rule_context=RuleContext(territory_code=territory.code if territory else ""),
        complete=complete,
        existing=record,
        institutions=institutions,
    )


def _wants_complete(request) -> bool:
    return request.POST.get("status") == RecordStatus.COMPLETE


def _refused(request, form) -> None:
    messages.error(request, "The record was not saved: correct the fields marked below.")
    for issue in form.warnings:
        messages.warning(request, issue.message)


def _after_save(request, form, record) -> None:
    """Messages after a save: the approximate-date warnings and the duplicate warning."""
    for issue in form.warnings:
        messages.warning(request, issue.message)
    if form.personal_code:
        with scopes_disabled():
            # Only the fact is told, never the other record or its institution.
            registered = (
                VictimRecord.objects.filter(
                    territory_id=record.territory_id,
                    personal_code_hash=form.personal_code["personal_code_hash"],
                )
                .exclude(pk=record.pk)
                .exists()
            )
        if registered:
            messages.warning(request, DUPLICATE_WARNING)


# --- list ------------------------------------------------------------------------------------


@login_required
def victim_record_list(request):
    user = request.user
    require_roles(user, *READ_ROLES)
    context = Context.for_territory(user.territory)
    filterset_class = victim_record_filterset(user, context)
    base = (
        VictimRecord.objects.visible_to(user)
        .select_related("territory", "institution")
        .order_by("-reporting_year", "-number")
    )
    filterset = filterset_class(request.GET or None, queryset=base)
    records = filterset.qs if not filterset.is_bound or filterset.is_valid() else base.none()
    page = CappedPaginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    indicators = [VICTIMS.get(code) for code in LIST_COLUMNS]
    rows = [
        {
            "record": record,
            "values": [
                type_of(ind).display(ind, getattr(record, ind.code), context) for ind in indicators
            ],
        }
        for record in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "victims/list.html",
        {
            "filterset": filterset,
            "page": page,
            "rows": rows,
            "columns": [ind.label for ind in indicators],
            "querystring": query.urlencode(),
            "can_create": user.role in ENTRY_ROLES,
            "filter_indicators": FILTER_INDICATORS,
            "show_institution": user.role != Role.CASEWORKER,
        },
    )


# --- create and edit -------------------------------------------------------------------------


@login_required
def victim_record_create(request):
    user = request.user
    require_roles(user, *ENTRY_ROLES)
    if request.method == "POST":
        form = _form(request, data=request.POST, complete=_wants_complete(request))
        if form.is_valid():
            institution = (
                form.cleaned_data["institution"]
                if "institution" in form.fields
                else user.institution
            )
            record = VictimRecord(territory_id=user.territory_id, institution=institution)
            try:
                save_record(
                    record,
                    user=user,
                    values=form.indicator_values(),
                    status=form.status,
                    personal_code=form.personal_code,
                )
            except YearSignedOff as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"Victim record {record.record_number} saved.")
                _after_save(request, form, record)
                return redirect("victims:detail", uuid=record.uuid)
        else:
            _refused(request, form)
    else:
        form = _form(request)
    return render(request, "victims/form.html", {"form": form, "record": None})


def _locked_message(record) -> str:
    return str(YearSignedOff(record.reporting_year))


@login_required
def victim_record_edit(request, uuid):
    user = request.user
    _require_record_role(user)
    record = get_scoped_or_404(
        VictimRecord.objects.select_related("territory", "institution"),
        user,
        for_edit=True,
        uuid=uuid,
    )
    if ReportingYear.is_locked(record.territory_id, record.reporting_year):
        messages.error(request, _locked_message(record))
        return redirect("victims:detail", uuid=record.uuid)

    if request.method != "POST":
        values = record.indicator_values()
        form = _form(
            request,
            record=record,
            initial={**values, "version": record.version, "based_on": _signed_form_values(values)},
        )
        return render(request, "victims/form.html", {"form": form, "record": record})

    form = _form(request, data=request.POST, record=record, complete=_wants_complete(request))
    if not form.is_valid():
        _refused(request, form)
        return render(request, "victims/form.html", {"form": form, "record": record})
    try:
        save_record(
            record,
            user=user,
            values=form.indicator_values(),
            status=form.status,
            # A form without a version cannot prove it saw the current record.
            expected_version=form.cleaned_data.get("version") or 0,
            personal_code=form.personal_code,
        )
    except StaleVersion as stale:
        return _stale(request, form, stale.current)
    except YearSignedOff as error:
        messages.error(request, str(error))
        return render(request, "victims/form.html", {"form": form, "record": record})
    messages.success(request, f"Victim record {record.record_number} saved.")
    _after_save(request, form, record)
    return redirect("victims:detail", uuid=record.uuid)


def _signed_form_values(values: dict) -> str:
    names = [n for n in values if n in _entered_columns()]
    return sign_values({name: values[name] for name in names})


def _entered_columns() -> set[str]:
    names = set()
    for ind in VICTIMS.indicators:
        if ind.is_entered:
            names.add(ind.code)
            if ind.estimated_flag:
                names.add(f"{ind.code}_estimated")
    return names


def _label_and_display(name: str, value, context: Context) -> tuple[str, str]:
    if name.endswith("_estimated"):
        ind = VICTIMS.get(name.removesuffix("_estimated"))
        return f"{ind.label}: estimated", "Yes" if value else "No"
    ind = VICTIMS.get(name)
    return ind.label, type_of(ind).display(ind, value, context) or "—"


def _stale(request, form, current):
    """Refuse a save based on an old version: show what changed since, keep what the user typed
    where nobody else changed it, nothing saved."""
    context = form.context
    based_on = unsign_values(form.cleaned_data.get("based_on"))
    stored = current.indicator_values()
    yours = form.indicator_values()
    changes, merged = [], {}
    for name in form.indicator_field_names:
        now = comparable(stored.get(name))
        mine = comparable(yours.get(name))
        if based_on is not None:
            before = comparable(based_on.get(name))
            changed = before != now
            merged[name] = stored.get(name) if mine == before else yours.get(name)
        else:
            before, changed = None, mine != now
            merged[name] = yours.get(name)
        if changed:
            label, before_text = _label_and_display(name, before, context)
            _, now_text = _label_and_display(name, stored.get(name), context)
            _, mine_text = _label_and_display(name, yours.get(name), context)
            changes.append(
                {
                    "field": name,
                    "label": label,
                    "before": before_text if based_on is not None else "(not known)",
                    "current": now_text,
                    "yours": mine_text,
                    "conflict": mine != now,
                }
            )
    messages.error(
        request,
        f"Someone else saved this record since you opened it (version {current.version} now). "
        "Nothing was saved. The changes are listed below; check them and save again.",
    )
    initial = {
        **merged,
        "version": current.version,
        "based_on": _signed_form_values(stored),
        "pc_first_name": form.cleaned_data.get("pc_first_name", ""),
        "pc_family_name": form.cleaned_data.get("pc_family_name", ""),
    }
    fresh = _form(request, record=current, initial=initial)
    return render(
        request,
        "victims/form.html",
        {"form": fresh, "record": current, "changes": changes},
        status=409,
    )


# --- detail ----------------------------------------------------------------------------------


def _sections(record, context: Context) -> list[dict]:
    values = record.indicator_values()
    sections = []
    for section in VICTIMS.sections:
        items = []
        for ind in VICTIMS.in_section(section.code):
            if ind.type == "system":
                continue  # the personal code hash and case links are never shown here
            if ind.condition is not None and not applies(VICTIMS, ind.code, values):
                continue
            text = type_of(ind).display(ind, values.get(ind.code), context)
            if text and values.get(f"{ind.code}_estimated"):
                text = f"{text} (estimated)"
            items.append(
                {
                    "code": ind.code,
                    "label": ind.label,
                    "value": text,
                    "derived": ind.type == "derived",
                }
            )
        sections.append({"code": section.code, "title": section.title, "items": items})
    return sections


@login_required
def victim_record_detail(request, uuid):
    user = request.user
    _require_record_role(user)
    record = get_scoped_or_404(
        VictimRecord.with_deleted.select_related("territory", "institution"), user, uuid=uuid
    )
    record_event(Action.VIEW, user=user, obj=record)
    context = Context.for_territory(record.territory)
    locked = ReportingYear.is_locked(record.territory_id, record.reporting_year)
    can_edit = VictimRecord.can_be_edited_by(user)
    return render(
        request,
        "victims/detail.html",
        {
            "record": record,
            **_case_links(record, user),
            "sections": _sections(record, context),
            "locked": locked,
            "can_edit": can_edit and not locked and not record.is_deleted,
            "can_delete": can_edit and not locked,
            "show_history": user.role in (Role.COORDINATOR, Role.ADMIN)
            or record.institution_id == user.institution_id,
        },
    )


def _case_links(record, user) -> dict:
    """How many criminal cases the record is linked to, and those the user may open."""
    from traffickers.models import CriminalCase

    count = CriminalCase.victims.through.objects.filter(victimrecord_id=record.pk).count()
    cases = []
    if count and (CriminalCase.can_be_edited_by(user) or user.role == Role.ADMIN):
        cases = list(
            CriminalCase.objects.visible_to(user).filter(victims=record).only("uuid", "reference")
        )
    return {"case_count": count, "cases": cases}


# --- delete and restore ----------------------------------------------------------------------


@login_required
@require_POST
def victim_record_delete(request, uuid):
    user = request.user
    _require_record_role(user)
    record = get_scoped_or_404(
        VictimRecord.objects.select_related("territory"), user, for_edit=True, uuid=uuid
    )
    try:
        soft_delete_record(record, user=user, reason=request.POST.get("reason", "")[:200])
    except YearSignedOff as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Victim record {record.record_number} deleted.")
    return redirect("victims:detail", uuid=record.uuid)


@login_required
@require_POST
def victim_record_restore(request, uuid):
    user = request.user
    _require_record_role(user)
    record = get_scoped_or_404(
        VictimRecord.with_deleted.filter(is_deleted=True).select_related("territory"),
        user,
        for_edit=True,
        uuid=uuid,
    )
    try:
        restore_record(record, user=user)
    except YearSignedOff as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Victim record {record.record_number} restored.")
    return redirect("victims:detail", uuid=record.uuid)


# --- duplicates ------------------------------------------------------------------------------


@login_required
def duplicates(request):
    user = request.user
    require_roles(user, Role.COORDINATOR)
    records = VictimRecord.objects.visible_to(user).filter(territory_id=user.territory_id)
    if request.method == "POST":
        try:
            wanted = {uuid_lib.UUID(value) for value in request.POST.getlist("records")}
        except ValueError:
            raise Http404("No such record.") from None
        chosen = list(records.filter(uuid__in=wanted).select_related("territory"))
        if len(chosen) != len(wanted):
            raise Http404("No such record.")
        decision = request.POST.get("decision", "")
        try:
            resolve_duplicates(user=user, records=chosen, decision=decision)
        except (DuplicateError, YearSignedOff) as error:
            messages.error(request, str(error))
        else:
            label = dict(DuplicateDecision.DECISIONS)[decision].lower()
            numbers = ", ".join(sorted(r.record_number for r in chosen))
            messages.success(request, f"Recorded: {numbers} are {label}.")
        return redirect(reverse("victims:duplicates"))

    exact, near = duplicate_groups(records, user.territory_id)
    return render(
        request,
        "victims/duplicates.html",
        {
            "exact_groups": exact,
            "near_groups": near,
            "to_review": sum(1 for g in exact + near if g.decision is None),
        },
    )
