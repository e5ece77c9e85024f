"""Spreadsheet import and export of the back-office lists (national code lists, institutions)
with django-import-export's admin integration: upload, preview, confirm.

What the library does not do by itself (PITFALLS.md, django-import-export), done here:

* scoped: the resource reads through the model's scoped manager narrowed to the user
  (``visible_to``), so its instance loader cannot find another territory's row; the territory
  column is forced to the coordinator's own on every row, whatever the file says; there is no id
  column to aim at a row;
* all or nothing: the import runs in one transaction and a validation error in any row rolls
  every row back (``rollback_on_validation_errors``); the model's own validation runs on each
  row (``clean_model_instances``);
* formula-safe: text cells that a spreadsheet would run as a formula are refused on import
  (unless marked as text with an apostrophe, as the export writes them) and neutralised on
  export;
* audited: every row created or changed has its audit entry with the changed values, and the
  import its own entry (file name and counts); the library's admin log entries are skipped;
* bounded: the uploaded file is limited to ``THB_IMPORT_MAX_BYTES`` and ``THB_IMPORT_MAX_ROWS``;
  between preview and confirm it waits in the cache (``CacheStorage``), not on disk.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from thb_data.accounts.models import Role, Territory
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.scoping import scope_for
from thb_data.spreadsheets import FORMULA_TRIGGERS, neutralise, unneutralise

# On import, a leading "-" is ordinary text ("- none -"); the other triggers are refused.
REFUSED_ON_IMPORT = tuple(t for t in FORMULA_TRIGGERS if t not in ("-", "－"))


class SafeTextWidget(widgets.CharWidget):
    """Text that cannot be a spreadsheet formula: a cell that a spreadsheet would run is refused
    with a clear message; one marked as text with an apostrophe (as the export writes it) is
    taken as text, without the apostrophe, so that an export imports back unchanged."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row=row, **kwargs)
        text = "" if text is None else str(text)
        if unneutralise(text) != text:
            return unneutralise(text).strip()  # marked as text, as the export writes it
        if text.lstrip(" ").startswith(REFUSED_ON_IMPORT):
            raise ValueError(
                "This cell starts like a spreadsheet formula (=, +, @...): write the text "
                "without it."
            )
        return text.strip()


class TerritoryWidget(widgets.ForeignKeyWidget):
    """The territory by its code, among the territories the importer may touch."""

    def __init__(self, user=None):
        super().__init__(Territory, field="code")
        self.user = user

    def get_queryset(self, value, row, *args, **kwargs):
        user = self.user
        if user is not None and user.role == Role.ADMIN:
            return Territory.objects.all()
        if user is not None and user.territory_id:
            return Territory.objects.filter(pk=user.territory_id)
        return Territory.objects.none()

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value.strip().upper() if isinstance(value, str) else value, row)
        except Territory.DoesNotExist:
            raise ValueError(f"“{value}” is not a territory you maintain.") from None


class TerritoryResource(resources.ModelResource):
    """Base of the back-office resources: scoped, territory forced, formula-safe, audited.

    Subclasses declare ``Meta.model``, ``Meta.fields`` (with ``territory``, without ``id``) and
    ``Meta.import_id_fields`` (natural keys within the territory).
    """

    territory = fields.Field(attribute="territory", column_name="territory")

    class Meta:
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = False

    def __init__(self, *, user=None, **kwargs):
        kwargs.pop("form", None)
        super().__init__(**kwargs)
        self.user = user
        self.fields["territory"].widget = TerritoryWidget(user)
        self._before: dict = {}

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        from django.db import models

        if isinstance(f, models.CharField) and not f.choices:
            return SafeTextWidget
        return super().widget_from_django_field(f, default)

    def import_data(self, dataset, **kwargs):
        """All or nothing: one transaction, rolled back on any error or validation error."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    # --- scope ---------------------------------------------------------------------------

    def get_queryset(self):
        model = self._meta.model
        if self.user is None:
            return model.objects.none()
        with scope_for(self.user):
            return model.objects.visible_to(self.user)

    def before_import(self, dataset, **kwargs):
        if self.user is None or self.user.role not in (Role.COORDINATOR, Role.ADMIN):
            raise PermissionDenied("The back office is for coordinators and administrators.")
        if len(dataset) > settings.THB_IMPORT_MAX_ROWS:
            raise ValidationError(
                f"The file has {len(dataset):,} rows; at most {settings.THB_IMPORT_MAX_ROWS:,} "
                "are imported at once."
            )
        if "id" in (dataset.headers or []):
            del dataset["id"]  # rows are found by their natural key, never by id

    def before_import_row(self, row, **kwargs):
        if self.user.role != Role.ADMIN:
            # A coordinator's rows belong to their territory, whatever the file says.
            row["territory"] = self.user.territory.code

    # --- audit ---------------------------------------------------------------------------

    def _audited_names(self) -> list[str]:
        return [
            f.attribute
            for f in self.get_import_fields()
            if f.attribute and f.attribute != "territory"
        ]

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk:
            self._before[instance.pk] = (
                self._meta.model._base_manager.filter(pk=instance.pk)
                .values(*self._audited_names())
                .first()
                or {}
            )

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        before = self._before.pop(instance.pk, None)
        after = {name: _plain(getattr(instance, name)) for name in self._audited_names()}
        if before is not None:
            before = {name: _plain(value) for name, value in before.items()}
        if before is None:
            changes = {name: [None, value] for name, value in after.items() if value != ""}
        else:
            changes = {
                name: [before.get(name), value]
                for name, value in after.items()
                if before.get(name) != value
            }
        record_event(
            Action.UPDATE if before is not None else Action.CREATE,
            user=self.user,
            obj=instance,
            territory=instance.territory_id,
            changes=changes,
            detail={"via": "back office import"},
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        record_event(
            Action.IMPORT,
            user=self.user,
            territory=self.user.territory_id,
            object_type=self._meta.model._meta.label_lower,
            object_repr=f"{self._meta.model._meta.verbose_name_plural}: back-office import",
            detail={
                "via": "back office import",
                "file": kwargs.get("file_name") or "",
                "totals": {k: v for k, v in result.totals.items() if v},
            },
        )

    # --- export --------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


def _plain(value):
    """A value as the audit entry keeps it (JSON): dates as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class BoundedImportForm(ImportForm):
    """The admin's upload form, refusing files over THB_IMPORT_MAX_BYTES."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.THB_IMPORT_MAX_BYTES:
            limit = settings.THB_IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(f"The file is larger than {limit} MB.")
        return upload


class BackOfficeImportExportMixin(ImportExportMixin):
    """django-import-export's admin integration for a ScopedModelAdmin: import (with its
    preview) for the roles that manage the model, export for those that view it."""

    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    import_form_class = BoundedImportForm
    skip_admin_log = True

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
