"""The victim record form, generated from the catalogue (indicators.forms.IndicatorForm)."""

from __future__ import annotations

import json
from decimal import Decimal

from crispy_forms.layout import Layout
from django import forms
from django.core import signing

from indicators.catalogue import VICTIMS
from indicators.forms import IndicatorForm
from thb_data.records import RecordStatus

_BASED_ON_SALT = "victims.record-form.based-on"


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


class VictimRecordForm(IndicatorForm):
    """Every entered victim indicator, by section, with the elements of the personal code.

    ``institutions``: for a coordinator, the institutions of their territory (a queryset read
    through the scope) from which the record's data provider is chosen on creation.
    """

    database = VICTIMS
    personal_code_prefix = ""
    code_element_indicators = ("v_date_of_birth", "v_sex", "v_citizenship")

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, institutions=None, **kwargs):
        self.institutions = institutions
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"] = forms.ModelChoiceField(
                queryset=institutions,
                label="Institution that supplied the data",
                help_text="The data provider the record is registered for.",
                required=True,
            )
            self.helper.layout = self.build_layout()

    def build_layout(self) -> Layout:
        layout = super().build_layout()
        layout.fields.insert(1, "based_on")
        if "institution" in self.fields:
            layout.fields.insert(2, "institution")
        return layout

    @property
    def status(self) -> str:
        return RecordStatus.COMPLETE if self.complete else RecordStatus.DRAFT
