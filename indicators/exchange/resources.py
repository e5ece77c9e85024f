"""django-import-export resources generated from the catalogue: ``VictimRecordResource`` and
``TraffickerRecordResource`` for a given importer.

One field per entered indicator column (named by its code, with a widget from the type table),
plus ``uuid`` (the import id: rows with a UUID update that record), ``record_number``,
``territory``, ``institution``, ``status`` and the personal-code elements. The queryset is the
importer's editable records, so the instance loader can never reach another territory's or
institution's record, and territory and institution are forced to the importer's.

THB Data's own importer (``indicators.exchange.validate`` and ``write``) uses the same columns
and validates with the web form's fields and rules, then writes in bulk; these resources give
the column definitions and django-import-export's row-by-row import (the benchmark's baseline).
"""

from __future__ import annotations

import uuid

from django.utils import timezone
from import_export import fields, resources, widgets

from indicators.derive import derive_all
from indicators.types import type_of
from thb_data.records import RecordStatus
from thb_data.spreadsheets import NeutralisingResourceMixin

from . import columns as cols
from .config import Exchange


class CodesWidget(widgets.Widget):
    """Several codes in one cell, separated by ';'."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        return [part.strip() for part in str(value).split(";") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ";".join(value or [])


class UUIDWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return uuid.UUID(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class FlagWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return str(value or "").strip().casefold() in ("yes", "true", "1", "x")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else ""


def _widget(column: cols.Column) -> widgets.Widget:
    if column.kind == "flag":
        return FlagWidget()
    kind = type_of(column.indicator).name
    if kind in cols.MULTIPLE_TYPES:
        return CodesWidget()
    if kind == "integer":
        return widgets.IntegerWidget()
    if kind == "amount":
        return widgets.DecimalWidget()
    return TextWidget()


class RecordResourceBase(NeutralisingResourceMixin, resources.ModelResource):
    """Behaviour shared by the generated resources; ``exchange``, ``user`` and ``institution``
    are set by :func:`record_resource`."""

    exchange: Exchange
    user = None
    institution = None

    def get_queryset(self):
        return self._meta.model.objects.editable_by(self.user)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if new and row.get(cols.UUID):
            raise ValueError("No record with this UUID among the records you may change.")
        return instance, new

    def before_save_instance(self, instance, row, **kwargs):
        """Force the importer's territory and institution; fill what the record base needs."""
        model = type(instance)
        database = self.exchange.database
        values = {name: getattr(instance, name) for name in cols.indicator_column_names(database)}
        for name, value in derive_all(database, values).items():
            setattr(instance, name, value)
        now = timezone.now()
        instance.reporting_year = model.reporting_year_for(values, default=now.year)
        instance.updated_by = self.user
        instance.updated_at = now
        instance.status = instance.status or RecordStatus.DRAFT
        if instance.pk is None:
            instance.territory = self.institution.territory
            instance.institution = self.institution
            instance.created_by = self.user
            instance.created_at = now
            last = (
                model.with_deleted.filter(territory=self.institution.territory)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            instance.number = (last or 0) + 1
        else:
            instance.version += 1


def record_resource(exchange: Exchange, *, user, institution) -> resources.ModelResource:
    """A resource class instance for ``exchange``, scoped to ``user`` and forcing
    ``institution`` (and its territory) on new records."""
    model = exchange.model
    attributes: dict = {"__module__": __name__}
    import_columns = []
    for column in cols.columns_for(exchange.database):
        if column.kind in ("indicator", "flag"):
            attributes[column.name] = fields.Field(
                attribute=column.name, column_name=column.name, widget=_widget(column)
            )
            import_columns.append(column.name)
        elif column.name == cols.UUID:
            attributes[column.name] = fields.Field(
                attribute="uuid", column_name="uuid", widget=UUIDWidget(), saves_null_values=False
            )
            import_columns.append(column.name)
        elif column.name == cols.STATUS:
            attributes[column.name] = fields.Field(
                attribute="status", column_name="status", widget=TextWidget()
            )
            import_columns.append(column.name)
        else:  # shown in exports, never written from a file
            attributes[column.name] = fields.Field(
                column_name=column.name, readonly=True, dehydrate_method=f"dehydrate_{column.name}"
            )
    attributes["dehydrate_record_number"] = lambda self, obj: obj.record_number
    attributes["dehydrate_territory"] = lambda self, obj: obj.territory.code
    attributes["dehydrate_institution"] = lambda self, obj: obj.institution.name
    attributes["dehydrate_pc_first_name"] = lambda self, obj: ""
    attributes["dehydrate_pc_family_name"] = lambda self, obj: ""
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [c.name for c in cols.columns_for(exchange.database)],
            "import_id_fields": ["uuid"],
            "clean_model_instances": False,
        },
    )
    attributes["Meta"] = meta
    name = f"{model.__name__}Resource"
    resource_class = type(name, (RecordResourceBase,), attributes)
    resource = resource_class()
    resource.exchange = exchange
    resource.user = user
    resource.institution = institution
    return resource
