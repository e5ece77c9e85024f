"""Data-entry forms generated from the catalogue: one field per entered indicator (the field name
is the indicator code), laid out by section, with conditional fields marked for the browser and
ignored on the server when they do not apply."""

from __future__ import annotations

import json
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core import signing
from django.utils import timezone

from indicators import rules
from indicators.changes import COMPLETE, plan_change
from indicators.registry import record_model
from indicators.schema import Database
from indicators.types import Context, type_of
from thb_data.personal_code import PersonalCodeError, code_keys

_BASED_ON_SALT = "victims.record-form.based-on"  # kept: forms opened before an upgrade still work


def comparable(value):
    """A value in a form that compares equal across the form, the database and JSON."""
    if value in (None, "", [], ()):
        return None
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, tuple):
        return list(value)
    return value


def sign_values(values: dict) -> str:
    """The values an edit starts from, signed, for the hidden ``based_on`` field: a stale save
    can then say what changed since (the browser cannot alter them unnoticed)."""
    data = {name: comparable(value) for name, value in values.items()}
    return signing.dumps(
        json.loads(json.dumps(data, default=str)), salt=_BASED_ON_SALT, compress=True
    )


def unsign_values(text: str) -> dict | None:
    try:
        return signing.loads(text or "", salt=_BASED_ON_SALT)
    except signing.BadSignature:
        return None


def build_indicator_fields(database: Database, context: Context) -> dict[str, forms.Field]:
    """Form fields of every entered indicator of ``database``, in catalogue order."""
    result: dict[str, forms.Field] = {}
    for ind in database.indicators:
        indicator_type = type_of(ind)
        field = indicator_type.form_field(ind, context)
        if field is None:
            continue
        if ind.condition is not None:
            field.widget.attrs.update(
                {
                    "data-depends-on": ind.condition.indicator,
                    "data-depends-values": ",".join(ind.condition.values),
                }
            )
        if ind.core:
            field.widget.attrs["data-core"] = "1"
            field.label = f"{field.label} ●"
        result[ind.code] = field
        for name, extra in indicator_type.extra_form_fields(ind, context).items():
            result[name] = extra
    return result


class PersonalCodeMixin(forms.Form):
    """The elements of the personal code (spec §5): asked for, used, never stored."""

    personal_code_prefix = ""
    database: Database

    @property
    def code_element_indicators(self) -> tuple[str, str, str]:
        """Indicators that are also elements of the code: date of birth, sex, citizenship."""
        return self.database.code_elements

    pc_first_name = forms.CharField(
        label="First two letters of the first name",
        max_length=3,
        required=False,
        help_text="Only the first two letters (Latin or Cyrillic). The letters are turned into an "
        "anonymous code and are not stored.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 3}),
    )
    pc_family_name = forms.CharField(
        label="First two letters of the family name",
        max_length=3,
        required=False,
        help_text="Only the first two letters. Not stored.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 3}),
    )

    def personal_code_values(self, cleaned) -> dict | None:
        """Hash, near-match key and letter keys from the elements; None when no letters were
        given (an edit that keeps the code). Adds a form error when the elements are unusable."""
        first, family = cleaned.get("pc_first_name", ""), cleaned.get("pc_family_name", "")
        dob_code, sex_code, citizenship_code = self.code_element_indicators
        if not first and not family:
            return None
        try:
            return code_keys(
                first_name=first,
                family_name=family,
                date_of_birth=cleaned.get(dob_code),
                sex=cleaned.get(sex_code),
                citizenship=cleaned.get(citizenship_code),
                prefix=self.personal_code_prefix,
            )
        except PersonalCodeError as error:
            field = "pc_first_name" if "letters" in str(error) else dob_code
            self.add_error(field, str(error))
            return None


class IndicatorForm(PersonalCodeMixin):
    """Base of ``VictimRecordForm`` and ``TraffickerRecordForm``."""

    database: Database

    # Sections or stages shown (None: all sections).
    sections: tuple[str, ...] | None = None
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The values the edit started from, signed: a stale save compares them with the current ones.
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        context: Context,
        rule_context: rules.RuleContext,
        complete=False,
        existing=None,
        only: set[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.context = context
        self.rule_context = rule_context
        self.complete = complete
        self.existing = existing  # the record being edited, or None
        self.warnings: list[rules.Issue] = []
        all_fields = build_indicator_fields(self.database, context)
        self.indicator_field_names = [n for n in all_fields if only is None or n in only]
        for name in self.indicator_field_names:
            self.fields[name] = all_fields[name]
        self.personal_code = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = self.build_layout()

    def build_layout(self) -> Layout:
        parts = []
        shown = set(self.indicator_field_names)
        for section in self.database.sections:
            names = []
            for ind in self.database.in_section(section.code):
                for name in (ind.code, f"{ind.code}_estimated"):
                    if name in shown:
                        names.append(name)
            if section.code == self.personal_code_section:
                names = ["pc_first_name", "pc_family_name", *names]
            if names:
                parts.append(
                    Fieldset(
                        f"{section.code}. {section.title}",
                        *names,
                        css_class="form-section",
                        css_id=f"section-{section.code}",
                    )
                )
        parts.append(HTML(""))
        return Layout("version", "based_on", *parts)

    personal_code_section = "B"

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in self.indicator_field_names}
        values = rules.apply_conditions(self.database, values)
        self.personal_code = self.personal_code_values(cleaned)
        # A form restricted with ``only=`` edits part of a record: the plan judges the record as
        # it will be saved (its other values updated by this form's), not the part alone. The
        # record model comes from the registry of record databases.
        plan = plan_change(
            record_model(self.database),
            current=self.existing,
            values=values,
            status=COMPLETE if self.complete else "draft",
            personal_code=self.personal_code,
            rule_context=self.rule_context,
            default_year=timezone.localdate().year,
            asks_code="pc_first_name" in self.fields,
            apply_conditions=False,
        )
        for issue in plan.problems:
            if issue.level == rules.WARNING:
                self.warnings.append(issue)
            elif issue.field in self.fields:
                if issue.field not in self.errors:
                    self.add_error(issue.field, issue.message)
            else:
                self.add_error(None, issue.message)
        cleaned.update(values)
        return cleaned

    def indicator_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.indicator_field_names}
