"""The generic pages of a record database: list, create, detail, edit, delete and restore.

Each database configures them with a few attributes (``model``, ``form_class``, ``namespace``,
``template_name``, ``read_roles``) and overrides a hook where it differs (the traffickers' case on
creation, their stage forms). What both share is decided here once:

* a record is fetched through one helper (``fetch``): the user's scope, 404 outside it and for
  roles that hold no such records;
* a record of a signed-off year answers its forms (edit, stage, delete, restore) with a page that
  says so, HTTP 403;
* a save based on another version than the stored one, or without a version, is refused with
  the three-way comparison (the value the edit started from, the current value, the user's), 409,
  nothing saved;
* an invalid list filter is reported in a message and ignored; the other filters apply;
* the lists take the same parameters: ``q`` (record number), ``year``, ``status``,
  ``institution`` and the indicator codes; the older names (``number``, ``reporting_year``)
  redirect to the new ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View

from indicators.exchange.config import EXCHANGES
from indicators.exchange.export import EXPORT_FILTERS
from indicators.forms import comparable, error_summary, sign_values, unsign_values
from indicators.home import missing_core_fields
from indicators.record_filters import (
    LEGACY_PARAMETERS,
    active_filters,
    filter_fields,
    record_filterset,
)
from indicators.records import save_record
from indicators.rules import RuleContext
from indicators.schema import Database, Indicator
from indicators.types import Context, type_of
from thb_data.accounts import held
from thb_data.accounts.models import Role
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import (
    RecordStatus,
    ReportingYear,
    StaleVersion,
    YearSignedOff,
    restore_record,
    soft_delete_record,
)
from thb_data.scoping import scopes_disabled
from thb_data.views import CappedPaginator, get_scoped_or_404, require_roles

# The session banner shows this long before the idle session ends.
SESSION_WARNING_SECONDS = 5 * 60
NOT_SAVED = gettext_noop("The record was not saved: correct the fields marked below.")
STALE = (
    "Someone else saved this record since you opened it (version {version} now). Nothing was "
    "saved. The changes are listed below; check them and save again."
)
NO_VERSION = (
    "The form did not say which version of the record it was based on, so it cannot be checked "
    "against later changes. Nothing was saved. The form now shows the current record (version "
    "{version}); make your changes again and save."
)

# What the values held over a sign-in and the background save of a draft (autosave.js) say.
HELD_RESTORED = gettext_lazy(
    "Your session ended before your changes were saved; they have been restored — check them "
    "and save."
)
AUTOSAVE_COMPLETE = gettext_lazy(
    "A complete record is not saved automatically: save it yourself when you are done."
)
AUTOSAVE_TOO_SOON = gettext_lazy(
    "Saved less than a minute ago: the draft will be saved again shortly."
)
AUTOSAVE_INVALID = gettext_lazy(
    "The draft was not saved automatically: some fields need correcting. Save the form to see "
    "which."
)
AUTOSAVE_STALE = gettext_lazy(
    "The draft was not saved automatically: someone else saved this record since you opened it. "
    "Save the form to see the changes."
)


# --- presenting values -----------------------------------------------------------------------


def display_value(ind: Indicator, record, context: Context) -> str:
    """The value of ``ind`` in ``record`` as people read it: labels, units, "(estimated)"."""
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


@dataclass(frozen=True)
class Column:
    """A column of a record list: a key (also the row's key), a heading and its cell."""

    key: str
    label: str
    value: Callable[[object], str]


def list_columns(database: Database, context: Context) -> list[Column]:
    """The catalogue's list columns of ``database`` (``list_column=True``), in catalogue order."""
    return [
        Column(ind.code, ind.label, lambda record, ind=ind: display_value(ind, record, context))
        for ind in database.list_columns()
    ]


def entered_columns(database: Database) -> set[str]:
    """The model fields a person types: entered indicators and their "estimated" flags."""
    names = set()
    for ind in database.indicators:
        if ind.is_entered:
            names.add(ind.code)
            if ind.estimated_flag:
                names.add(f"{ind.code}_estimated")
    return names


def signed_values(record) -> str:
    """The entered values of ``record``, signed: what an edit form starts from (``based_on``)."""
    names = entered_columns(record.database)
    return sign_values({n: v for n, v in record.indicator_values().items() if n in names})


def _label_and_text(database: Database, name: str, value, context: Context) -> tuple[str, str]:
    if name.endswith("_estimated"):
        ind = database.get(name.removesuffix("_estimated"))
        return f"{ind.label}: estimated", "Yes" if value else "No"
    ind = database.get(name)
    return ind.label, type_of(ind).display(ind, value, context) or "—"


def compare_versions(form, current) -> tuple[list[dict], dict]:
    """The three-way comparison of a stale save: per field of ``form``, the value the edit was
    based on, the current one and the user's; and the values to show again (the current ones,
    except where the user changed a field)."""
    database = form.database
    based_on = unsign_values(form.cleaned_data.get("based_on"))
    stored = current.indicator_values()
    yours = form.indicator_values()
    changes, merged = [], {}
    for name in form.indicator_field_names:
        now, mine = comparable(stored.get(name)), comparable(yours.get(name))
        if based_on is not None:
            before = comparable(based_on.get(name))
            changed = before != now
            merged[name] = stored.get(name) if mine == before else yours.get(name)
        else:
            before, changed = None, mine != now
            merged[name] = stored.get(name)
        if changed:
            label, before_text = _label_and_text(database, name, before, form.context)
            _, now_text = _label_and_text(database, name, stored.get(name), form.context)
            _, mine_text = _label_and_text(database, name, yours.get(name), form.context)
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
    return changes, merged


# --- the base of every record page -----------------------------------------------------------


@method_decorator(login_required, name="dispatch")
class RecordView(View):
    """What every page of a record database knows: its model, form, URLs and roles."""

    model = None  # VictimRecord, TraffickerRecord
    form_class = None
    namespace = ""  # URL namespace: "victims", "traffickers"
    noun = gettext_noop("Record")  # "Victim record": the messages' subject
    read_roles: tuple[str, ...] = ()
    related: tuple[str, ...] = ("territory", "institution")
    template_name = ""
    # Told after a save that gave a personal code another record of the territory already has.
    shared_code_warning = ""

    # --- access ---
    def fetch(self, uuid, *, for_edit: bool = False, with_deleted: bool = False):
        """The record ``uuid`` in the user's scope; 404 outside it, and for roles without
        records of this database; 403 when ``for_edit`` and the role cannot change records."""
        user = self.request.user
        if user.role not in self.read_roles:
            raise Http404("No such record.")
        manager = self.model.with_deleted if with_deleted else self.model.objects
        return get_scoped_or_404(
            manager.select_related(*self.related), user, for_edit=for_edit, uuid=uuid
        )

    def can_edit(self) -> bool:
        return self.model.can_be_edited_by(self.request.user)

    def is_locked(self, record) -> bool:
        return ReportingYear.is_locked(record.territory_id, record.reporting_year)

    def locked_response(self, record):
        """Records of a signed-off year are read-only: their forms answer this page (403)."""
        return render(
            self.request,
            "records/locked.html",
            {
                "record": record,
                "message": str(YearSignedOff(record.reporting_year)),
                "detail_url": self.url("detail", record.uuid),
            },
            status=403,
        )

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)

    # --- forms ---
    def form_context(self, territory) -> Context:
        return Context.for_territory(territory)

    def get_form_kwargs(self, *, record=None, complete=False) -> dict:
        territory = record.territory if record is not None else self.request.user.territory
        return {
            "context": self.form_context(territory),
            "rule_context": RuleContext(territory_code=territory.code if territory else ""),
            "complete": complete,
            "existing": record,
        }

    def get_form(self, *, data=None, record=None, initial=None, complete=False):
        return self.form_class(
            data, initial=initial, **self.get_form_kwargs(record=record, complete=complete)
        )

    def status_from_post(self, default: str) -> str:
        """The status the user saves with (the button pressed: ``status``, formerly
        ``action``), else ``default``."""
        for name in ("status", "action"):
            value = self.request.POST.get(name)
            if value in RecordStatus.values:
                return value
        return default

    def refused(self, form) -> None:
        messages.error(self.request, _(NOT_SAVED))
        for issue in form.warnings:
            messages.warning(self.request, issue.message)

    def after_save(self, form, record) -> None:
        """Messages after a save: the rules' warnings, and a personal code already given."""
        for issue in form.warnings:
            messages.warning(self.request, issue.message)
        if form.personal_code and record.personal_code_hash and self.shared_code_warning:
            with scopes_disabled():
                # Only the fact is told, never the other record or its institution.
                shared = (
                    self.model.objects.filter(
                        territory_id=record.territory_id,
                        personal_code_hash=record.personal_code_hash,
                    )
                    .exclude(pk=record.pk)
                    .exists()
                )
            if shared:
                messages.warning(self.request, _(self.shared_code_warning))

    def saved_message(self, record) -> str:
        return _("%(noun)s %(number)s saved.") % {
            "noun": _(self.noun),
            "number": record.record_number,
        }

    def success_url(self, record) -> str:
        return self.url("detail", record.uuid)

    def get_context_data(self, **context) -> dict:
        return {"namespace": self.namespace, "noun": self.noun, **context}


# --- list ------------------------------------------------------------------------------------


class RecordListView(RecordView):
    page_size = 50
    ordering: tuple[str, ...] = ("-reporting_year", "-number")
    list_title = "Records"
    deleted_title = "Deleted records"

    def get_queryset(self, *, deleted: bool):
        manager = self.model.with_deleted.deleted() if deleted else self.model.objects
        return (
            manager.visible_to(self.request.user)
            .select_related(*self.related)
            .order_by(*self.ordering)
        )

    def extra_filters(self) -> dict:
        """Filters specific to the database, offered after the record number."""
        return {}

    def get_columns(self, context: Context) -> list[Column]:
        """The list's columns after the record number: by default the status, the institution
        (for those who see several), the reporting year, then the catalogue's list columns."""
        columns = [Column("status", "Status", lambda r: r.get_status_display())]
        if self.request.user.role != Role.CASEWORKER and self.request.user.role != Role.PROSECUTOR:
            columns.append(Column("institution", "Institution", lambda r: r.institution.name))
        columns.append(Column("year", "Year", lambda r: str(r.reporting_year)))
        return [*columns, *list_columns(self.model.database, context)]

    def get(self, request):
        user = request.user
        require_roles(user, *self.read_roles)
        legacy = [name for name in LEGACY_PARAMETERS if name in request.GET]
        if legacy:
            query = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                query.setlist(LEGACY_PARAMETERS.get(name, name), values)
            return redirect(f"{request.path}?{query.urlencode()}")

        show_deleted = request.GET.get("deleted") == "1" and self.can_edit()
        context = Context.for_territory(user.territory)
        filterset_class = record_filterset(
            self.model, user=user, context=context, extra=self.extra_filters()
        )
        queryset = self.get_queryset(deleted=show_deleted)
        data = request.GET.copy()
        for name in ("page", "deleted"):
            data.pop(name, None)
        filterset = filterset_class(data or None, queryset=queryset)
        if filterset.is_bound and not filterset.is_valid():
            for name, errors in filterset.errors.items():
                label = filterset.form.fields[name].label if name in filterset.form.fields else name
                messages.warning(request, f"The filter “{label}” was ignored: {' '.join(errors)}")
                data.pop(name, None)
            filterset = filterset_class(data or None, queryset=queryset)
        records = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        page = CappedPaginator(records, self.page_size).get_page(request.GET.get("page"))
        columns = self.get_columns(context)
        rows = []
        for record in page.object_list:
            row = {"record": record, "cells": []}
            for column in columns:
                row[column.key] = column.value(record)
                row["cells"].append(row[column.key])
            rows.append(row)
        query = data.copy()
        if show_deleted:
            query["deleted"] = "1"
        chips = []
        if filterset.is_bound and filterset.is_valid():
            for chip in active_filters(filterset):
                if show_deleted:
                    chip["remove"]["deleted"] = "1"
                chip["remove"] = chip["remove"].urlencode()
                chips.append(chip)
        exchange = EXCHANGES.get(self.namespace)
        # The export takes the list's own year, institution and status filters (valid ones).
        export_query = QueryDict(mutable=True)
        for name in EXPORT_FILTERS:
            if data.get(name):
                export_query[name] = data.get(name)
        labelled_query = export_query.copy()
        labelled_query["labels"] = "1"
        return render(
            request,
            self.template_name,
            self.get_context_data(
                filterset=filterset,
                active_filters=chips,
                filter_fields=filter_fields(filterset.form),
                page=page,
                rows=rows,
                columns=columns,
                querystring=query.urlencode(),
                show_deleted=show_deleted,
                title=self.deleted_title if show_deleted else self.list_title,
                can_create=self.can_edit() and bool(user.territory_id),
                can_see_deleted=self.can_edit(),
                can_export=exchange is not None and user.role in exchange.export_roles,
                export_querystring=export_query.urlencode(),
                export_labels_querystring=labelled_query.urlencode(),
                can_import=exchange is not None and user.role in exchange.import_roles,
            ),
        )


# --- create and edit -------------------------------------------------------------------------


class RecordFormView(RecordView):
    # A save arriving after the session ended keeps what was typed for the next sign-in
    # (thb_data.accounts.held); the owner token in the form says whose it is.
    holds_values_when_signed_out = True

    def held_values(self) -> QueryDict | None:
        """What this user typed into this form before their session ended, if it was held for
        them (taken: shown once, then gone), with the message that says so."""
        values = held.take(self.request)
        if values is not None:
            messages.warning(self.request, str(HELD_RESTORED))
        return values

    def render_form(self, form, *, record=None, status=200, **extra):
        """The form page; after a refused save, the summary of every error (with a link to its
        field) and, for every form, the state of each section (the section navigation). A draft
        being edited is saved in the background (autosave.js) unless the form shows a stale
        save's comparison."""
        other_forms = [value for value in extra.values() if isinstance(value, BaseForm)]
        section_states = getattr(form, "section_states", None)
        autosave = (
            record is not None and record.status == RecordStatus.DRAFT and not extra.get("stale")
        )
        return render(
            self.request,
            self.template_name,
            self.get_context_data(
                form=form,
                record=record,
                creating=record is None,
                error_summary=error_summary(*other_forms, form),
                sections=section_states() if section_states else [],
                session_idle_seconds=settings.SESSION_COOKIE_AGE,
                session_warn_seconds=SESSION_WARNING_SECONDS,
                held_owner=held.owner_token(self.request),
                autosave=autosave,
                autosave_seconds=settings.THB_AUTOSAVE_SECONDS,
                **extra,
            ),
            status=status,
        )


class RecordCreateView(RecordFormView):
    def check_access(self) -> None:
        user = self.request.user
        require_roles(user, *self.read_roles)
        if not self.can_edit() or not user.territory_id:
            raise PermissionDenied("Your role cannot register records.")

    def get_extra_forms(self, data=None) -> dict:
        """Forms shown beside the record's (the traffickers' criminal case)."""
        return {}

    def create(self, form, extra_forms, *, status: str):
        """Save the new record (raises YearSignedOff); returns it."""
        user = self.request.user
        institution = form.cleaned_data.get("institution") or user.institution
        record = self.model(territory_id=user.territory_id, institution=institution)
        save_record(
            record,
            user=user,
            values=form.indicator_values(),
            status=status,
            personal_code=form.personal_code,
        )
        return record

    def get(self, request):
        self.check_access()
        values = self.held_values()
        if values is not None:
            # Shown as typed, checked as a draft would be: nothing is saved until a new save.
            return self.render_form(self.get_form(data=values), **self.get_extra_forms(values))
        return self.render_form(self.get_form(), **self.get_extra_forms())

    def post(self, request):
        self.check_access()
        status = self.status_from_post(RecordStatus.DRAFT)
        form = self.get_form(data=request.POST, complete=status == RecordStatus.COMPLETE)
        extra_forms = self.get_extra_forms(request.POST)
        valid = all([form.is_valid(), *(f.is_valid() for f in extra_forms.values())])
        if not valid:
            self.refused(form)
            return self.render_form(form, **extra_forms)
        marker = revision_marker()
        try:
            record = self.create(form, extra_forms, status=status)
        except YearSignedOff as error:
            messages.error(request, str(error))
            return self.render_form(form, **extra_forms)
        messages.success(request, self.saved_message(record))
        announce_revisions(request, marker)
        self.after_save(form, record)
        return redirect(self.success_url(record))


def announce_revisions(request, marker: int) -> None:
    """After a write: a visible warning for each signed-off year whose tables it would change
    (a revision left pending; the coordinator also sees it on the year's statistics page)."""
    from indicators.statistics.final import revision_message, revisions_after

    show_cells = request.user.role == Role.COORDINATOR
    for revision in revisions_after(marker, request.user):
        messages.warning(request, revision_message(revision, show_cells=show_cells))


def revision_marker() -> int:
    from indicators.statistics.final import revision_marker as marker

    return marker()


class RecordEditView(RecordFormView):
    def initial(self, record) -> dict:
        return {
            **record.indicator_values(),
            "version": record.version,
            "based_on": signed_values(record),
        }

    def values_to_save(self, record, form) -> dict:
        """The record's values updated by the form's (a form may hold part of the record)."""
        return {**record.indicator_values(), **form.indicator_values()}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.record = self.fetch(kwargs["uuid"], for_edit=True)
        if self.is_locked(self.record):
            return self.locked_response(self.record)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, uuid, **kwargs):
        values = self.held_values()
        if values is not None:
            # With the version the edit started from: a save is checked against it as usual.
            form = self.get_form(data=values, record=self.record)
            return self.render_form(form, record=self.record)
        form = self.get_form(record=self.record, initial=self.initial(self.record))
        return self.render_form(form, record=self.record)

    def post(self, request, uuid, **kwargs):
        if held.is_autosave(request):
            return self.autosave()
        record = self.record
        status = self.status_from_post(record.status)
        form = self.get_form(
            data=request.POST, record=record, complete=status == RecordStatus.COMPLETE
        )
        if not form.is_valid():
            self.refused(form)
            return self.render_form(form, record=record)
        version = form.cleaned_data.get("version")
        if version is None:
            # A form without a version cannot prove it saw the current record.
            return self.stale(form, record, message=NO_VERSION)
        marker = revision_marker()
        try:
            save_record(
                record,
                user=request.user,
                values=self.values_to_save(record, form),
                status=status,
                expected_version=version,
                personal_code=form.personal_code,
            )
        except StaleVersion as stale:
            return self.stale(form, stale.current, message=STALE)
        except YearSignedOff as error:
            messages.error(request, str(error))
            return self.render_form(form, record=record)
        messages.success(request, self.saved_message(record))
        announce_revisions(request, marker)
        self.after_save(form, record)
        return redirect(self.success_url(record))

    def autosave(self):
        """The background save of a draft being edited (autosave.js): as a draft, checked like a
        draft save, against the version the form holds; never a complete record (it would become
        a draft), never more often than THB_AUTOSAVE_SECONDS. Answers JSON: on success the new
        version and ``based_on`` the form must carry from now on; otherwise why nothing was
        saved."""
        record = self.record

        def refused(status, reason, message, **extra):
            return JsonResponse(
                {"saved": False, "reason": reason, "message": message, **extra}, status=status
            )

        if record.status != RecordStatus.DRAFT:
            return refused(409, "complete", str(AUTOSAVE_COMPLETE))
        interval = settings.THB_AUTOSAVE_SECONDS
        since = timezone.now() - record.updated_at
        if since < timedelta(seconds=interval):
            wait = max(1, int(interval - since.total_seconds()))
            response = refused(429, "too_soon", str(AUTOSAVE_TOO_SOON), retry_after=wait)
            response["Retry-After"] = str(wait)
            return response
        form = self.get_form(data=self.request.POST, record=record, complete=False)
        if not form.is_valid():
            return refused(422, "invalid", str(AUTOSAVE_INVALID))
        version = form.cleaned_data.get("version")
        if version is None:
            return refused(409, "stale", str(AUTOSAVE_STALE))
        marker = revision_marker()
        try:
            save_record(
                record,
                user=self.request.user,
                values=self.values_to_save(record, form),
                status=RecordStatus.DRAFT,
                expected_version=version,
                personal_code=form.personal_code,
            )
        except StaleVersion:
            return refused(409, "stale", str(AUTOSAVE_STALE))
        except YearSignedOff as error:
            return refused(403, "signed_off", str(error))
        announce_revisions(self.request, marker)
        saved_at = time_format(timezone.localtime(record.updated_at), "H:i")
        return JsonResponse(
            {
                "saved": True,
                "version": record.version,
                "based_on": signed_values(record),
                "saved_at": saved_at,
                "message": _("Draft saved at %(time)s") % {"time": saved_at},
            }
        )

    def stale(self, form, current, *, message: str):
        """Refuse a save based on another version: what changed since, the form redrawn from
        the current record keeping what the user changed where nobody else did; 409."""
        changes, merged = compare_versions(form, current)
        messages.error(self.request, message.format(version=current.version))
        initial = {
            **merged,
            "version": current.version,
            "based_on": signed_values(current),
        }
        for name in ("pc_first_name", "pc_family_name", "pc_registration_number"):
            if name in form.fields:
                initial[name] = form.cleaned_data.get(name, "")
        fresh = self.get_form(record=current, initial=initial)
        return self.render_form(fresh, record=current, changes=changes, stale=True, status=409)


# --- detail ----------------------------------------------------------------------------------


class RecordDetailView(RecordView):
    audit_views = True  # every opening of a record is in the audit trail

    def get_detail_context(self, record, context: Context) -> dict:
        return {}

    def get(self, request, uuid):
        record = self.fetch(uuid, with_deleted=True)
        if self.audit_views:
            record_event(Action.VIEW, user=request.user, obj=record)
        context = Context.for_territory(record.territory)
        locked = self.is_locked(record)
        can_edit = self.can_edit()
        return render(
            request,
            self.template_name,
            self.get_context_data(
                record=record,
                locked=locked,
                can_edit=can_edit and not locked and not record.is_deleted,
                can_delete=can_edit and not locked,
                missing_core=(
                    missing_core_fields(record)
                    if record.status == RecordStatus.DRAFT and not record.is_deleted
                    else []
                ),
                **self.get_detail_context(record, context),
            ),
        )


# --- delete and restore ----------------------------------------------------------------------


class RecordDeleteView(RecordView):
    http_method_names = ["post"]

    def post(self, request, uuid):
        record = self.fetch(uuid, for_edit=True)
        if self.is_locked(record):
            return self.locked_response(record)
        marker = revision_marker()
        try:
            soft_delete_record(
                record, user=request.user, reason=request.POST.get("reason", "")[:200]
            )
        except YearSignedOff:
            return self.locked_response(record)
        messages.success(
            request, f"{self.noun} {record.record_number} deleted. It can be restored."
        )
        announce_revisions(request, marker)
        return redirect(self.url("detail", record.uuid))


class RecordRestoreView(RecordView):
    http_method_names = ["post"]

    def post(self, request, uuid):
        record = self.fetch(uuid, for_edit=True, with_deleted=True)
        if not record.is_deleted:
            return redirect(self.url("detail", record.uuid))
        if self.is_locked(record):
            return self.locked_response(record)
        marker = revision_marker()
        try:
            restore_record(record, user=request.user)
        except YearSignedOff:
            return self.locked_response(record)
        messages.success(request, f"{self.noun} {record.record_number} restored.")
        announce_revisions(request, marker)
        return redirect(self.url("detail", record.uuid))
