"""The victim record form, generated from the catalogue (indicators.forms.IndicatorForm)."""

from __future__ import annotations

from crispy_forms.layout import Layout
from django import forms

from indicators.catalogue import VICTIMS
from indicators.forms import IndicatorForm
from thb_data.records import RecordStatus


class VictimRecordForm(IndicatorForm):
    """Every entered victim indicator, by section, with the elements of the personal code.

    ``institutions``: for a coordinator, the institutions of their territory (a queryset read
    through the scope) from which the record's data provider is chosen on creation.
    """

    database = VICTIMS
    personal_code_prefix = ""

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
        if "institution" in self.fields:
            layout.fields.insert(2, "institution")
        return layout

    @property
    def status(self) -> str:
        return RecordStatus.COMPLETE if self.complete else RecordStatus.DRAFT
