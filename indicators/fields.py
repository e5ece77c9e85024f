"""Model fields that the type table generates, with deconstruction that keeps labels out of
migrations: changing a label or a definition creates no migration, nor does reordering a code
list's categories (codes are compared as a sorted list), while adding a category (a new stable
code) or an indicator does.
"""

from __future__ import annotations

import json

from django.db import models
from django.db.models import Lookup

# Labels, help texts and definitions never reach a migration.
_PRESENTATION_KWARGS = ("verbose_name", "help_text")


class IndicatorFieldMixin:
    """Strips presentation from deconstruction; keeps choices as codes only, sorted (the order
    people see is presentation too)."""

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in _PRESENTATION_KWARGS:
            kwargs.pop(key, None)
        if kwargs.get("choices"):
            kwargs["choices"] = sorted((code, code) for code, _label in self.flatchoices)
        return name, path, args, kwargs


class CodeField(IndicatorFieldMixin, models.CharField):
    """One stable code (single choice, yes/no, country, national list entry)."""


class PartialDateField(IndicatorFieldMixin, models.CharField):
    """A date as ISO 8601 text, possibly reduced to YYYY-MM or YYYY (see thb_data.dates)."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)


class TextField(IndicatorFieldMixin, models.CharField):
    pass


class IntegerField(IndicatorFieldMixin, models.IntegerField):
    pass


class AmountField(IndicatorFieldMixin, models.DecimalField):
    pass


class FlagField(IndicatorFieldMixin, models.BooleanField):
    pass


class MultiChoiceField(IndicatorFieldMixin, models.Field):
    """Several stable codes in one column.

    On PostgreSQL a ``varchar(40)[]`` array (with a GIN index where the catalogue asks for one, so
    "forms include labour" is one indexed ``@>`` query); elsewhere JSON text, queried with
    ``json_each``. The lookups ``has`` (one code) and ``has_any`` (any of several codes) work on
    both. ``categories`` (codes only) is part of the deconstruction, so adding a category to a
    regional code list creates a migration.
    """

    description = "Several codes"

    def __init__(self, *args, categories=None, **kwargs):
        self.categories = list(categories) if categories else None
        kwargs.setdefault("default", list)
        kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.categories:
            kwargs["categories"] = sorted(self.categories)
        return name, path, args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "varchar(40)[]"
        return "text"

    def get_internal_type(self):
        return "MultiChoiceField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, str):
            return json.loads(value) if value else []
        return list(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return json.loads(value)
        return list(value)

    def get_prep_value(self, value):
        return list(value or [])

    def get_db_prep_value(self, value, connection, prepared=False):
        value = list(value or [])
        if connection.vendor == "postgresql":
            return value
        return json.dumps(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


class _MultiChoiceLookup(Lookup):
    prepare_rhs = False

    def _codes(self):
        return [self.rhs] if isinstance(self.rhs, str) else list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        codes = self._codes()
        if not codes:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(codes))
        if connection.vendor == "postgresql":
            operator = "@>" if self.lookup_name == "has" else "&&"
            return f"{lhs} {operator} ARRAY[{placeholders}]::varchar(40)[]", [*lhs_params, *codes]
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) AS jc WHERE jc.value IN ({placeholders}))",
            [*lhs_params, *codes],
        )


@MultiChoiceField.register_lookup
class HasCode(_MultiChoiceLookup):
    """``forms__has="labour"``: the answers include this code."""

    lookup_name = "has"


@MultiChoiceField.register_lookup
class HasAnyCode(_MultiChoiceLookup):
    """``forms__has_any=["labour", "begging"]``: the answers include one of these codes."""

    lookup_name = "has_any"


class MultiChoiceIndex(models.Index):
    """A GIN index on PostgreSQL (for ``@>`` and ``&&``); an ordinary index elsewhere."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def mention_counts_sql(queryset, column: str, count_field: str, connection) -> tuple[str, list]:
    """SQL counting, per code of the multiple-choice ``column``, the distinct ``count_field``
    values of ``queryset`` (one person counted once per code they mention)."""
    sql, params = queryset.values(count_field, column).query.sql_with_params()
    if connection.vendor == "postgresql":
        query = (
            f"SELECT u.code, COUNT(DISTINCT s.{count_field}) FROM ({sql}) s "
            f"CROSS JOIN LATERAL unnest(s.{column}) AS u(code) GROUP BY u.code"
        )
    else:
        query = (
            f"SELECT u.value, COUNT(DISTINCT s.{count_field}) FROM ({sql}) s, "
            f"json_each(s.{column}) AS u GROUP BY u.value"
        )
    return query, list(params)
