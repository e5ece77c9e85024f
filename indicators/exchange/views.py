"""Import and record-level export pages, the same for both databases (``kind`` is the URL
namespace: "victims" or "traffickers")."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from indicators.types import Context
from thb_data.accounts.models import Institution, Role
from thb_data.imports import PENDING_IMPORT_LIFETIME, PendingImport
from thb_data.views import require_roles

from . import columns as cols
from .config import EXCHANGES, Exchange
from .export import audit_export, filter_export, write_csv, write_xlsx
from .parse import ImportFileError, read_table
from .storage import new_key, seal, unseal
from .template import build_template
from .validate import ImportValidator, Report
from .write import AlreadyImported, ImportRefused, audit_refused_import, commit_import

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS_SHOWN = 500


def _exchange(kind: str) -> Exchange:
    return EXCHANGES[kind]


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Keeps an upload in memory whatever its size (an import file must never be written to an
    application server's disk) and stops reading past ``THB_IMPORT_MAX_BYTES``."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.THB_IMPORT_MAX_BYTES:
            self.request.thb_upload_too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        allow_empty_file=True,  # the importer says what is wrong with an empty file
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    institution = forms.ModelChoiceField(
        queryset=None,  # per user in __init__; no query at import time (no scope then)
        label=gettext_lazy("Institution the new records belong to"),
        help_text=gettext_lazy(
            "Records of the file are registered as supplied by this institution."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role == Role.COORDINATOR:
            field = self.fields["institution"]
            field.queryset = Institution.objects.filter(
                territory_id=user.territory_id, is_active=True
            )
            field.initial = user.institution_id
        else:
            # A caseworker or prosecutor imports into their own institution, whatever is posted.
            del self.fields["institution"]

    def target_institution(self):
        if "institution" in self.fields:
            return self.cleaned_data["institution"]
        return self.user.institution


def _column_labels(exchange) -> dict[str, str]:
    """Column code -> label (what the template's second row says)."""
    return {column.name: column.label for column in cols.columns_for(exchange.database)}


def _labelled(problems, labels: dict[str, str]) -> list[dict]:
    """Problems as the pages show them: the column's label beside its code."""
    return [
        {
            "row": p.row,
            "column": p.column,
            "column_label": labels.get(p.column, ""),
            "value": p.value,
            "message": p.message,
        }
        for p in problems
    ]


def _upload_context(request, exchange, form, **extra):
    report = extra.get("report")
    if report is not None:
        labels = _column_labels(exchange)
        extra["error_rows"] = _labelled(report.errors, labels)
        extra["warning_rows"] = _labelled(report.warnings, labels)
    return {
        "exchange": exchange,
        "form": form,
        "max_mb": settings.THB_IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.THB_IMPORT_MAX_ROWS,
        "template_url": reverse(f"{exchange.key}:import_template"),
        **extra,
    }


@csrf_exempt
@login_required
def import_page(request, kind):
    """Upload (GET shows the form; POST validates the file and shows its preview or errors)."""
    request.upload_handlers = [MemoryOnlyUploadHandler(request)]
    return _import_page(request, kind)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_page(request, kind):
    exchange = _exchange(kind)
    require_roles(request.user, *exchange.import_roles)
    PendingImport.delete_expired()
    if request.method != "POST":
        form = UploadForm(user=request.user)
        return render(request, "exchange/import.html", _upload_context(request, exchange, form))

    form = UploadForm(request.POST, request.FILES, user=request.user)
    if getattr(request, "thb_upload_too_large", False):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            "file",
            _("The file is larger than %(size)s MB: split it into smaller files.")
            % {"size": settings.THB_IMPORT_MAX_BYTES // (1024 * 1024)},
        )
    if not form.is_valid():
        return render(request, "exchange/import.html", _upload_context(request, exchange, form))

    upload = form.cleaned_data["file"]
    institution = form.target_institution()
    file_name = os.path.basename(upload.name or "upload")[:200]
    data = upload.read()
    try:
        table = read_table(data, file_name)
        report = ImportValidator(exchange, user=request.user, institution=institution).validate(
            table, file_name=file_name
        )
    except ImportFileError as error:
        audit_refused_import(
            exchange=exchange,
            user=request.user,
            territory=institution.territory_id,
            institution=institution,
            file_name=file_name,
            rows=0,
            reason=error.message,
        )
        form.add_error("file", error.message)
        context = _upload_context(request, exchange, form, file_error=error.message)
        return render(request, "exchange/import.html", context)

    if not report.ok:
        audit_refused_import(
            exchange=exchange,
            user=request.user,
            territory=institution.territory_id,
            institution=institution,
            file_name=file_name,
            rows=report.total_rows,
            reason=f"{report.error_count} errors",
        )
        form = UploadForm(user=request.user, initial={"institution": institution.pk})
        context = _upload_context(request, exchange, form, report=report, file_name=file_name)
        return render(request, "exchange/import.html", context)

    del data  # the file itself is never stored
    key = new_key()
    pending = PendingImport(
        database=exchange.key,
        territory_id=institution.territory_id,
        institution=institution,
        uploaded_by=request.user,
        file_name=file_name,
        versions=report.versions(),
        summary=_summary(report),
    )
    pending.sealed = seal(table, report.personal_codes, key=key, upload_id=pending.pk)
    pending.save(force_insert=True)
    response = redirect(f"{exchange.key}:import_preview", pending=pending.pk)
    response.set_cookie(
        _key_cookie(pending),
        key.hex(),
        max_age=int(PENDING_IMPORT_LIFETIME.total_seconds()),
        path=reverse(f"{exchange.key}:import_preview", kwargs={"pending": pending.pk}),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _key_cookie(pending) -> str:
    """The cookie holding the key of an upload's stored rows (see ``storage``)."""
    return f"thb_upload_{pending.pk.hex}"


def _upload_key(request, pending) -> bytes | None:
    try:
        return bytes.fromhex(request.COOKIES.get(_key_cookie(pending), ""))
    except ValueError:
        return None


def _forget_key(response, exchange, pending) -> None:
    response.delete_cookie(
        _key_cookie(pending),
        path=reverse(f"{exchange.key}:import_preview", kwargs={"pending": pending.pk}),
        samesite="Strict",
    )


def _summary(report: Report) -> dict:
    """What the preview page shows (no values of the file: the counts, the actions, the
    columns that change, the warnings)."""
    rows = []
    labels = _column_labels(report.exchange)
    territory_code = report.territory.code
    for planned in report.planned[:PREVIEW_ROWS_SHOWN]:
        record = planned.record
        number = (
            f"{territory_code}-{record.number_prefix}{record.number:06d}"
            if planned.action != "create"
            else ""
        )
        rows.append(
            {
                "row": planned.row,
                "action": planned.action,
                "record": number,
                "changes": [labels.get(name, name) for name in sorted(planned.changes)],
            }
        )
    return {
        "counts": report.counts,
        "institution": report.institution.name,
        "rows": rows,
        "more_rows": max(0, len(report.planned) - PREVIEW_ROWS_SHOWN),
        "warnings": _labelled(report.warnings, labels),
    }


def _pending(request, exchange, pending_id) -> PendingImport:
    """The caller's own upload for this database; 404 for anyone else's, or when expired."""
    require_roles(request.user, *exchange.import_roles)
    pending = PendingImport.objects.filter(
        pk=pending_id, uploaded_by=request.user, database=exchange.key
    ).first()
    if pending is None or pending.expired:
        if pending is not None:
            pending.delete()
        raise Http404("This upload is no longer waiting: upload the file again.")
    return pending


def _already_imported(request, exchange, upload):
    """What a second confirmation (or a page of an imported upload) shows."""
    messages.info(
        request,
        _("“%(name)s” was already imported: nothing was imported a second time.")
        % {"name": upload.file_name},
    )
    form = UploadForm(user=request.user)
    context = _upload_context(request, exchange, form, already_imported=upload.file_name)
    response = render(request, "exchange/import.html", context, status=409)
    _forget_key(response, exchange, upload)
    return response


@login_required
def import_preview(request, kind, pending):
    exchange = _exchange(kind)
    upload = _pending(request, exchange, pending)
    if upload.imported:
        return _already_imported(request, exchange, upload)
    return render(
        request,
        "exchange/preview.html",
        {"exchange": exchange, "pending": upload, "summary": upload.summary},
    )


@login_required
@require_POST
def import_confirm(request, kind, pending):
    """Validate the stored upload again and write every row, or none."""
    exchange = _exchange(kind)
    upload = _pending(request, exchange, pending)
    institution = Institution.objects.filter(pk=upload.institution_id).first()
    allowed = institution is not None and (
        request.user.role == Role.COORDINATOR
        and institution.territory_id == request.user.territory_id
        or institution.pk == request.user.institution_id
    )
    if not allowed:
        upload.discard()
        raise Http404("No such upload.")
    if upload.imported:
        return _already_imported(request, exchange, upload)
    file_name, versions = upload.file_name, upload.versions
    form = UploadForm(user=request.user, initial={"institution": institution.pk})
    report = None
    try:
        table = unseal(upload.sealed, key=_upload_key(request, upload), upload_id=upload.pk)
        report = ImportValidator(exchange, user=request.user, institution=institution).validate(
            table, file_name=file_name
        )
        if not report.ok:
            raise ImportRefused(
                _("The file no longer passes validation (records changed since the preview).")
            )
        # The upload is claimed in the import's transaction: of two confirmations arriving
        # together, one imports and the other is told the file was already imported.
        result = commit_import(
            report, user=request.user, expected_versions=versions, claim=upload.claim
        )
    except AlreadyImported:
        return _already_imported(request, exchange, upload)
    except (ImportFileError, ImportRefused) as error:
        upload.discard()
        audit_refused_import(
            exchange=exchange,
            user=request.user,
            territory=institution.territory_id,
            institution=institution,
            file_name=file_name,
            rows=0,
            reason=error.message,
        )
        messages.error(request, _("Nothing was imported. %(reason)s") % {"reason": error.message})
        context = _upload_context(
            request,
            exchange,
            form,
            report=report if report is not None and not report.ok else None,
            file_name=file_name,
        )
        response = render(request, "exchange/import.html", context)
        _forget_key(response, exchange, upload)
        return response
    PendingImport.vacuum()  # the claimed upload's rows, overwritten: no row version left
    response = render(
        request,
        "exchange/result.html",
        {
            "exchange": exchange,
            "result": result,
            "file_name": file_name,
            "list_url": _list_url(exchange),
        },
    )
    _forget_key(response, exchange, upload)
    return response


def _list_url(exchange) -> str | None:
    try:
        return reverse(f"{exchange.key}:list")
    except NoReverseMatch:
        return None


@login_required
@require_POST
def import_cancel(request, kind, pending):
    exchange = _exchange(kind)
    upload = _pending(request, exchange, pending)
    if upload.imported or not upload.discard():
        return _already_imported(request, exchange, upload)
    audit_refused_import(
        exchange=exchange,
        user=request.user,
        territory=upload.territory_id,
        institution=Institution.objects.filter(pk=upload.institution_id).first(),
        file_name=upload.file_name,
        rows=upload.summary.get("counts", {}).get("rows", 0),
        reason="cancelled by the uploader",
    )
    messages.info(request, _("The upload was discarded: nothing was imported."))
    response = redirect(f"{exchange.key}:import")
    _forget_key(response, exchange, upload)
    return response


@login_required
def import_template(request, kind):
    exchange = _exchange(kind)
    require_roles(request.user, *exchange.import_roles, Role.ADMIN)
    territory = request.user.territory if request.user.territory_id else None
    response = HttpResponse(build_template(exchange, territory), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}-import-template.xlsx"'
    return response


def _export(request, kind, file_format):
    exchange = _exchange(kind)
    require_roles(request.user, *exchange.export_roles)
    queryset = exchange.model.objects.visible_to(request.user)
    try:
        queryset, chosen = filter_export(queryset, request.GET)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    labels = Context(request.user.territory) if chosen.get("labels") else None
    if file_format == "csv":
        content, count = write_csv(exchange, queryset, labels=labels)
        content_type = "text/csv; charset=utf-8"
    else:
        content, count = write_xlsx(exchange, queryset, labels=labels)
        content_type = XLSX_TYPE
    audit_export(exchange, user=request.user, file_format=file_format, count=count, filters=chosen)
    response = HttpResponse(content, content_type=content_type)
    scope = request.user.territory.code if request.user.territory_id else "all"
    response["Content-Disposition"] = f'attachment; filename="{kind}-{scope}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_csv(request, kind):
    return _export(request, kind, "csv")


@login_required
def export_xlsx(request, kind):
    return _export(request, kind, "xlsx")


def exchange_urlpatterns(kind: str):
    """The URL patterns of the import and export pages of one database."""
    extra = {"kind": kind}
    return [
        path("import/", import_page, extra, name="import"),
        path("import/template.xlsx", import_template, extra, name="import_template"),
        path("import/<uuid:pending>/", import_preview, extra, name="import_preview"),
        path("import/<uuid:pending>/confirm/", import_confirm, extra, name="import_confirm"),
        path("import/<uuid:pending>/cancel/", import_cancel, extra, name="import_cancel"),
        path("export.csv", export_csv, extra, name="export_csv"),
        path("export.xlsx", export_xlsx, extra, name="export_xlsx"),
    ]
