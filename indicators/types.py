"""The type table: one entry per indicator type, turning an indicator of the catalogue into its
model fields, form field (with widget and validation), list filter, import/export column and
statistical categories.

Nothing here knows a particular indicator: per-indicator code is a smell (STYLE.md).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.choices import normalize_choices
from django.utils.translation import gettext, gettext_lazy

from indicators import fields
from indicators import i18n as catalogue_i18n
from indicators.catalogue import CODE_LISTS
from indicators.countries import STATELESS, country_choices
from indicators.derive import FLAG_DERIVATIONS
from indicators.schema import MISSING_LABELS, Indicator, gettext_noop
from indicators.screening import reject_identifying_details
from indicators.widgets import FastSelect, FastSelectMultiple
from thb_data.dates import PartialDate

YES_NO = (("yes", gettext_noop("Yes")), ("no", gettext_noop("No")))
EMPTY_CHOICE = ("", "—")
MULTI_SEPARATOR = ";"
# A list of at least this many choices is a searchable select in the browser (thb/pickers.js).
SEARCHABLE_FROM = 15


def picker_attrs(kind: str, choices=()) -> dict[str, str]:
    """The data attribute thb/pickers.js turns into a searchable picker (Tom Select): ``search``
    (one choice, only when the list is long), ``multi`` (several, picked without modifier keys)
    or ``ordered`` (several, in the order picked). Without JavaScript the plain select works."""
    if kind == "search" and len(choices) < SEARCHABLE_FROM:
        return {}
    return {"data-picker": kind}


class Context:
    """What the machinery needs to know about the territory a form or import is for: its
    national code lists (loaded once, with one query)."""

    def __init__(
        self, territory=None, national_entries: dict[str, list[tuple[str, str]]] | None = None
    ):
        self.territory = territory
        self._national = national_entries
        self._labels: dict[str, dict[str, str]] = {}

    @classmethod
    def for_territory(cls, territory) -> Context:
        return cls(territory=territory)

    def labels(self, ind: Indicator, indicator_type: IndicatorType) -> dict[str, str]:
        """``ind``'s choices as ``{code: label}``, untranslated (a list page displays hundreds
        of values: the dictionary is built once per context, each label translated when shown)."""
        labels = self._labels.get(ind.code)
        if labels is None:
            labels = self._labels[ind.code] = dict(indicator_type.choices(ind, self))
        return labels

    def national_choices(self, list_code: str) -> list[tuple[str, str]]:
        if self._national is None:
            from indicators.models import NationalCodeEntry

            self._national = NationalCodeEntry.choices_by_list(self.territory)
        return self._national.get(list_code, [])


# --- the types ---------------------------------------------------------------------------------


class IndicatorType:
    """Behaviour shared by all types; subclasses override what differs."""

    name = ""
    multiple = False
    entered = True  # typed in by a person

    # model
    def model_fields(self, ind: Indicator) -> dict[str, Any]:
        raise NotImplementedError

    def indexes(self, ind: Indicator) -> list:
        if not ind.indexed:
            return []
        return [fields.models.Index(fields=[ind.code], name=f"{ind.code[:25]}_idx")]

    # presentation and validation
    def choices(self, ind: Indicator, context: Context) -> list[tuple[str, str]]:
        return []

    def form_field(self, ind: Indicator, context: Context) -> forms.Field | None:
        raise NotImplementedError

    def extra_form_fields(self, ind: Indicator, context: Context) -> dict[str, forms.Field]:
        return {}

    def is_empty(self, value) -> bool:
        return value in (None, "", [], ())

    def empty_value(self):
        return ""

    def includes(self, value, codes) -> bool:
        """True when ``value`` is, or includes, one of ``codes`` (conditions)."""
        if self.multiple:
            return bool(set(value or ()) & set(codes))
        return value in codes

    # import / export
    def export_value(self, value) -> str:
        if value is None:
            return ""
        return str(value)

    def import_value(self, cell):
        """Turn a spreadsheet cell into what the form field's ``clean`` accepts."""
        if cell is None:
            return ""
        return str(cell).strip()

    def display(self, ind: Indicator, value, context: Context) -> str:
        if self.is_empty(value):
            return ""
        labels = context.labels(ind, self)

        def label(code):
            text = labels.get(code)
            return code if text is None else catalogue_i18n.choice_label(ind, code, text)

        if self.multiple:
            return ", ".join(label(code) for code in value)
        return label(value) if value in labels else str(value)

    # lists
    def filter(self, ind: Indicator, context: Context):
        return None


def _label_and_help(ind: Indicator) -> dict[str, str]:
    help_text = catalogue_i18n.lazy_text(ind.help_text or ind.definition)
    return {"label": catalogue_i18n.lazy_text(ind.label), "help_text": help_text, "required": False}


def _missing_choices(ind: Indicator) -> list[tuple[str, str]]:
    return [(code, MISSING_LABELS[code]) for code in ind.missing]


class CodedType(IndicatorType):
    """Single choice from a list of codes (regional list, yes/no, countries, national list)."""

    max_length = 40

    def base_choices(self, ind: Indicator, context: Context) -> list[tuple[str, str]]:
        code_list = CODE_LISTS[ind.code_list]
        return [(c.code, c.label) for c in code_list.categories]

    def choices(self, ind, context):
        return [*self.base_choices(ind, context), *_missing_choices(ind)]

    def stored_choices(self, ind: Indicator) -> list[tuple[str, str]] | None:
        """Choices recorded in the model (and so in migrations, as codes), or None."""
        return self.choices(ind, Context())

    def model_fields(self, ind):
        stored = self.stored_choices(ind)
        kwargs = {"max_length": self.max_length, "blank": True, "default": ""}
        if stored:
            kwargs["choices"] = stored
        return {ind.code: fields.CodeField(ind.label, help_text=ind.definition, **kwargs)}

    def form_field(self, ind, context):
        choices = self.choices(ind, context)
        return CodeChoiceField(
            choices=[EMPTY_CHOICE, *catalogue_i18n.choices(ind, choices)],
            widget=FastSelect(attrs=picker_attrs("search", choices)),
            **_label_and_help(ind),
        )

    def filter(self, ind, context):
        return django_filters.MultipleChoiceFilter(
            field_name=ind.code,
            label=catalogue_i18n.lazy_text(ind.label),
            choices=catalogue_i18n.choices(ind, self.choices(ind, context)),
            widget=forms.SelectMultiple(attrs={"size": 4}),
            distinct=False,  # one column of the record: no join, no duplicates to remove
        )


class SingleType(CodedType):
    name = "single"


class YesNoType(CodedType):
    name = "yesno"
    max_length = 20

    def base_choices(self, ind, context):
        return list(YES_NO)


class CountryType(CodedType):
    name = "country"
    max_length = 16

    def base_choices(self, ind, context):
        return [*country_choices(), (STATELESS, "Stateless")]

    def stored_choices(self, ind):
        return None  # the ISO list is external to the catalogue: validated, not migrated


class NationalType(CodedType):
    name = "national"

    def base_choices(self, ind, context):
        return context.national_choices(ind.code_list)

    def stored_choices(self, ind):
        return None  # each territory maintains its own list


class MultiType(IndicatorType):
    """Several codes from a regional code list, one column (see indicators.fields)."""

    name = "multi"
    multiple = True

    def base_choices(self, ind, context):
        return [(c.code, c.label) for c in CODE_LISTS[ind.code_list].categories]

    def choices(self, ind, context):
        return [*self.base_choices(ind, context), *_missing_choices(ind)]

    def stored_categories(self, ind) -> list[str] | None:
        return [code for code, _ in self.choices(ind, Context())]

    def model_fields(self, ind):
        return {
            ind.code: fields.MultiChoiceField(
                ind.label, help_text=ind.definition, categories=self.stored_categories(ind)
            )
        }

    def indexes(self, ind):
        if not ind.indexed:
            return []
        return [fields.MultiChoiceIndex(fields=[ind.code], name=f"{ind.code[:25]}_gin")]

    def empty_value(self):
        return []

    def form_field(self, ind, context):
        return MultipleCodeField(
            choices=catalogue_i18n.choices(ind, self.choices(ind, context)),
            widget=forms.CheckboxSelectMultiple,
            exclusive=set(ind.missing),
            **_label_and_help(ind),
        )

    def export_value(self, value):
        return MULTI_SEPARATOR.join(value or [])

    def import_value(self, cell):
        if cell is None:
            return []
        return [part.strip() for part in str(cell).split(MULTI_SEPARATOR) if part.strip()]

    def filter(self, ind, context):
        return MultiCodeFilter(
            field_name=ind.code,
            label=catalogue_i18n.lazy_text(ind.label),
            choices=catalogue_i18n.choices(ind, self.choices(ind, context)),
            widget=forms.SelectMultiple(attrs={"size": 4}),
            distinct=False,  # one column of the record: no join, no duplicates to remove
        )


class CountriesType(MultiType):
    name = "countries"

    def base_choices(self, ind, context):
        return [*country_choices(), (STATELESS, "Stateless")]

    def stored_categories(self, ind):
        return None

    def form_field(self, ind, context):
        if ind.ordered:
            return OrderedCodesField(
                choices=self.choices(ind, context),
                exclusive=set(ind.missing),
                **_label_and_help(ind),
            )
        return MultipleCodeField(
            choices=self.choices(ind, context),
            widget=FastSelectMultiple(attrs={"size": 6, **picker_attrs("multi")}),
            exclusive=set(ind.missing),
            **_label_and_help(ind),
        )


class NationalMultiType(MultiType):
    name = "national_multi"

    def base_choices(self, ind, context):
        return context.national_choices(ind.code_list)

    def stored_categories(self, ind):
        return None

    def form_field(self, ind, context):
        return MultipleCodeField(
            choices=self.choices(ind, context),
            widget=FastSelectMultiple(attrs={"size": 5, **picker_attrs("multi")}),
            exclusive=set(ind.missing),
            **_label_and_help(ind),
        )


class IntegerType(IndicatorType):
    name = "integer"

    def model_fields(self, ind):
        return {
            ind.code: fields.IntegerField(
                ind.label, help_text=ind.definition, null=True, blank=True
            )
        }

    def empty_value(self):
        return None

    def form_field(self, ind, context):
        validators = []
        if ind.min_value is not None:
            validators.append(MinValueValidator(ind.min_value))
        if ind.max_value is not None:
            validators.append(MaxValueValidator(ind.max_value))
        label = _label_and_help(ind)
        if ind.unit:
            label["label"] = catalogue_i18n.label_with_unit(ind, ind.unit)
        return forms.IntegerField(min_value=ind.min_value, max_value=ind.max_value, **label)

    def import_value(self, cell):
        if cell is None:
            return ""
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))
        return str(cell).strip()


class AmountType(IndicatorType):
    name = "amount"

    def model_fields(self, ind):
        return {
            ind.code: fields.AmountField(
                ind.label,
                help_text=ind.definition,
                max_digits=14,
                decimal_places=2,
                null=True,
                blank=True,
            )
        }

    def empty_value(self):
        return None

    def form_field(self, ind, context):
        label = _label_and_help(ind)
        label["label"] = catalogue_i18n.label_with_unit(ind, ind.unit or "EUR")
        return forms.DecimalField(min_value=Decimal(0), max_digits=14, decimal_places=2, **label)

    def import_value(self, cell):
        if cell is None:
            return ""
        try:
            return str(Decimal(str(cell).strip().replace(",", ".")))
        except InvalidOperation:
            return str(cell).strip()


class DateType(IndicatorType):
    name = "date"

    def estimated_code(self, ind) -> str:
        return f"{ind.code}_estimated"

    def model_fields(self, ind):
        result = {
            ind.code: fields.PartialDateField(
                ind.label, help_text=ind.definition, blank=True, default=""
            )
        }
        if ind.estimated_flag:
            result[self.estimated_code(ind)] = fields.FlagField(
                f"{ind.label}: estimated", default=False
            )
        return result

    def form_field(self, ind, context):
        return PartialDateFormField(partial=ind.partial, **_label_and_help(ind))

    def extra_form_fields(self, ind, context):
        if not ind.estimated_flag:
            return {}
        return {
            self.estimated_code(ind): forms.BooleanField(
                label=gettext_lazy("The date is estimated"), required=False
            )
        }

    def import_value(self, cell):
        if cell is None:
            return ""
        if hasattr(cell, "isoformat"):
            return cell.isoformat()[:10]
        return str(cell).strip()


class TextType(IndicatorType):
    name = "text"

    def model_fields(self, ind):
        return {
            ind.code: fields.TextField(
                ind.label,
                help_text=ind.definition,
                max_length=ind.max_length,
                blank=True,
                default="",
            )
        }

    def form_field(self, ind, context):
        return forms.CharField(
            max_length=ind.max_length,
            validators=[reject_identifying_details],
            **_label_and_help(ind),
        )


class DerivedType(IndicatorType):
    """Computed from other indicators on every save (indicators.derive); never typed in."""

    name = "derived"
    entered = False

    @staticmethod
    def is_flag(ind) -> bool:
        return ind.derive in FLAG_DERIVATIONS

    def model_fields(self, ind):
        if self.is_flag(ind):  # yes / no / unknown
            return {
                ind.code: fields.CodeField(
                    ind.label, help_text=ind.definition, max_length=20, blank=True, default=""
                )
            }
        return {
            ind.code: fields.IntegerField(
                ind.label, help_text=ind.definition, null=True, blank=True
            )
        }

    def form_field(self, ind, context):
        return None

    def choices(self, ind, context):
        if self.is_flag(ind):
            return [*YES_NO, ("unknown", MISSING_LABELS["unknown"])]
        if ind.code_list:
            return [(c.code, c.label) for c in CODE_LISTS[ind.code_list].categories]
        return []

    def display(self, ind, value, context):
        if value in (None, ""):
            return ""
        if self.is_flag(ind):
            return dict(self.choices(ind, context)).get(value, value)
        return f"{value} {ind.unit}".strip()

    def filter(self, ind, context):
        if self.is_flag(ind):
            return django_filters.ChoiceFilter(
                field_name=ind.code, label=ind.label, choices=self.choices(ind, context)
            )
        return None


class SystemType(IndicatorType):
    """Filled by the system from the record base (``Indicator.source``); no column of its own."""

    name = "system"
    entered = False

    def model_fields(self, ind):
        return {}

    def indexes(self, ind):
        return []

    def form_field(self, ind, context):
        return None

    def choices(self, ind, context):
        if ind.code_list and ind.code_list in CODE_LISTS:
            return [(c.code, c.label) for c in CODE_LISTS[ind.code_list].categories]
        return []


TYPES: dict[str, IndicatorType] = {
    t.name: t
    for t in (
        SingleType(),
        MultiType(),
        CountryType(),
        CountriesType(),
        NationalType(),
        NationalMultiType(),
        YesNoType(),
        IntegerType(),
        AmountType(),
        DateType(),
        TextType(),
        DerivedType(),
        SystemType(),
    )
}


def type_of(ind: Indicator) -> IndicatorType:
    return TYPES[ind.type]


# --- form fields and filters used by the types --------------------------------------------------


class FlatChoicesMixin:
    """Choices given as a list of ``(code, label)`` pairs are taken as they are: Django's
    ``normalize_choices`` walks every pair and label (nine lists of 254 countries in the victim
    form, each request) to reach the same list. Anything else is normalised as usual."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        flat = isinstance(value, list) and all(
            type(pair) is tuple and len(pair) == 2 and not isinstance(pair[1], list | tuple)
            for pair in value
        )
        self._choices = self.widget.choices = value if flat else normalize_choices(value)


class CodeChoiceField(FlatChoicesMixin, forms.ChoiceField):
    """One code of a list."""


class MultipleCodeField(FlatChoicesMixin, forms.MultipleChoiceField):
    """Several codes; a missing value (unknown, not applicable...) cannot be combined."""

    def __init__(self, *args, exclusive=frozenset(), **kwargs):
        self.exclusive = set(exclusive)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        chosen_missing = self.exclusive & set(value)
        if chosen_missing and len(value) > 1:
            label = MISSING_LABELS.get(next(iter(chosen_missing)), "")
            raise ValidationError(
                gettext("“%(answer)s” cannot be combined with other answers.")
                % {"answer": gettext(label)}
            )
        if len(set(value)) != len(value):
            raise ValidationError(gettext("The same answer is given twice."))


class OrderedSelectMultiple(FastSelectMultiple):
    """A multiple select whose chosen options come first, in the order of the value (a route):
    the picker (thb/pickers.js) shows them in that order and submits them in the order picked."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 6, **picker_attrs("ordered"), **(attrs or {})}, choices)

    def format_value(self, value):
        # Codes typed as "MK, RS" (an older form, an import) are split like the field splits them.
        return OrderedCodesField.split(value)

    def ordered(self, choices, values):
        position = {code: index for index, code in enumerate(values)}
        chosen = sorted((c for c in choices if str(c[0]) in position), key=lambda c: position[c[0]])
        return chosen + [c for c in choices if str(c[0]) not in position]


class OrderedCodesField(forms.CharField):
    """Countries in a meaningful order (a route through transit countries): picked by name in the
    form (the codes submitted in the order picked); ``MK, RS, HU`` in imports."""

    def __init__(self, *args, choices=(), exclusive=frozenset(), **kwargs):
        self.valid_codes = {code for code, _ in choices}
        self.exclusive = set(exclusive)
        kwargs.setdefault("widget", OrderedSelectMultiple(choices=choices))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return self.split(value)

    @staticmethod
    def split(value) -> list[str]:
        if not isinstance(value, list | tuple):
            value = [value]
        items = [part.strip() for v in value for part in str(v or "").replace(";", ",").split(",")]
        return [item.upper() if len(item) == 2 else item for item in items if item]

    def to_python(self, value):
        return self.split(value)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        unknown = [code for code in value if code not in self.valid_codes]
        if unknown:
            raise ValidationError(
                gettext_lazy(
                    "Not a country code: %(codes)s. Use ISO two-letter codes (e.g. RS, HU)."
                ),
                params={"codes": ", ".join(unknown)},
            )
        if self.exclusive & set(value) and len(value) > 1:
            raise ValidationError(gettext("“Unknown” cannot be combined with countries."))

    def run_validators(self, value):
        return None


class PartialDateFormField(forms.CharField):
    """A date; with ``partial`` also a year (YYYY) or a month (YYYY-MM). Not in the future."""

    def __init__(self, *args, partial=False, **kwargs):
        self.partial = partial
        placeholder = (
            gettext_lazy("YYYY-MM-DD, YYYY-MM or YYYY") if partial else gettext_lazy("YYYY-MM-DD")
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": placeholder}))
        super().__init__(*args, max_length=10 if not partial else 10, **kwargs)

    def to_python(self, value):
        if hasattr(value, "isoformat"):
            value = value.isoformat()[:10]
        return super().to_python(value)

    def clean(self, value):
        text = self.to_python(value)
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return ""
        try:
            date = PartialDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        if date.is_partial and not self.partial:
            raise ValidationError(gettext("Give the full date (YYYY-MM-DD)."), code="partial")
        if date.lower > timezone.localdate():
            raise ValidationError(gettext("The date is in the future."), code="future")
        return date.iso()


class MultiCodeFilter(django_filters.MultipleChoiceFilter):
    """Records whose answers include any of the chosen codes (one indexed query)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__has_any": list(value)})
