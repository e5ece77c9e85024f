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
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from indicators import i18n, rules
from indicators.changes import COMPLETE, plan_change
from indicators.form_rendering import FastField
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
        label=gettext_lazy("First two letters of the first name"),
        max_length=3,
        required=False,
        help_text=gettext_lazy(
            "Only the first two letters (Latin or Cyrillic). The letters are turned into an "
            "anonymous code and are not stored."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 3}),
    )
    pc_family_name = forms.CharField(
        label=gettext_lazy("First two letters of the family name"),
        max_length=3,
        required=False,
        help_text=gettext_lazy("Only the first two letters. Not stored."),
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
        # The sections shown, with their fields: the section navigation (section_states).
        self.section_fields: list[tuple] = []
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
                self.section_fields.append((section, names))
                parts.append(
                    Fieldset(
                        f"{section.code}. {i18n.text(section.title)}",
                        *(FastField(name) for name in names),
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

    # --- the section navigation and the error summary ---------------------------------------

    def section_states(self) -> list[dict]:
        """Per section shown, its state as the form holds it now (bound: the values posted;
        unbound: the initial ones): ``errors`` when a field of it has an error, else ``missing``
        when an applicable core field is empty, else ``answered`` when a field has a value, else
        ``empty``."""
        values = {name: self[name].value() for name in self.indicator_field_names}
        errors = self.errors if self.is_bound else {}
        core = {ind.code for ind in self.database.indicators if ind.core}
        result = []
        for section, names in self.section_fields:
            in_error = [n for n in names if n in errors]
            missing = [
                n
                for n in names
                if n in core
                and n in values
                and rules.applies(self.database, n, values)
                and is_blank(values[n])
            ]
            answered = any(not is_blank(values.get(n)) for n in names if n in values)
            if in_error:
                state = "errors"
                text = ngettext("%(count)d to correct", "%(count)d to correct", len(in_error)) % {
                    "count": len(in_error)
                }
            elif missing:
                state = "missing"
                text = ngettext(
                    "%(count)d core missing", "%(count)d core missing", len(missing)
                ) % {"count": len(missing)}
            elif answered:
                state, text = "answered", gettext("answered")
            else:
                state, text = "empty", gettext("not started")
            result.append(
                {
                    "code": section.code,
                    "title": i18n.text(section.title),
                    "anchor": f"section-{section.code}",
                    "state": state,
                    "text": text,
                }
            )
        return result


def is_blank(value) -> bool:
    """An empty answer as a form holds it: nothing, an empty string, an empty list, or the parts
    of a split field all empty."""
    if value in (None, "", False):
        return True
    if isinstance(value, list | tuple):
        return all(is_blank(v) for v in value)
    return False


def _clean_label(label) -> str:
    return str(label or "").removesuffix(" ●").strip()


def error_summary(*forms_) -> list[dict]:
    """Every error of ``forms_``, in the forms' order: the field's label, the message and the id
    of the element to go to (the first option of a set of radio buttons or check boxes); errors
    of no field have no id."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for name, messages in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                items.extend({"label": "", "message": m, "target": ""} for m in messages)
                continue
            bound = form[name]
            widget = bound.field.widget
            target = bound.auto_id
            # A set of radio buttons or check boxes, or a split field: its first element.
            if isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget
            ):
                target = f"{target}_0"
            label = _clean_label(bound.label) or name
            items.extend({"label": label, "message": m, "target": target} for m in messages)
    return items
