"""Forms of the traffickers database, generated from the catalogue: the profile of a suspect
(sections A-C, plus the complaint on registration), one stage of the proceedings, and the case."""

from __future__ import annotations

import uuid

from django import forms

from indicators.catalogue import TRAFFICKERS
from indicators.forms import IndicatorForm
from thb_data.accounts.models import Institution, InstitutionKind, Role
from thb_data.personal_code import (
    LEGAL_PERSON_HAS_NO_CODE,
    REGISTRATION_NUMBER_ONLY_FOR_LEGAL_PERSONS,
    PersonalCodeError,
    registration_keys,
)
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase
from victims.models import VictimRecord

PROFILE_SECTIONS = ("A", "B", "C")
FIRST_STAGE = TRAFFICKERS.stages[0].code  # the complaint: a suspect is registered with it
STAGE_CODES = tuple(stage.code for stage in TRAFFICKERS.stages)
# Kinds of institution that may be in charge of a criminal case.
CASE_INSTITUTION_KINDS = (InstitutionKind.PROSECUTION, InstitutionKind.COURT)


def _field_names(indicators) -> set[str]:
    """Form field names of ``indicators``: their codes and companion flags (``_estimated``)."""
    names = set()
    for ind in indicators:
        if ind.is_entered:
            names.update({ind.code, f"{ind.code}_estimated"})
    return names


def stage_indicators(stage: str) -> list:
    return [ind for ind in TRAFFICKERS.indicators if ind.stage == stage]


def profile_field_names(*, creating: bool) -> set[str]:
    """The profile and modus operandi; on registration also the complaint stage."""
    return _field_names(
        ind
        for ind in TRAFFICKERS.indicators
        if ind.section in PROFILE_SECTIONS or (creating and ind.stage == FIRST_STAGE)
    )


def stage_field_names(stage: str) -> set[str]:
    return _field_names(stage_indicators(stage))


class TraffickerRecordForm(IndicatorForm):
    """The profile of a trafficker record (sections A-C), with the elements of the personal code
    (prefix T); on creation also the complaint stage."""

    database = TRAFFICKERS
    personal_code_prefix = "T"
    personal_code_section = "B"

    pc_registration_number = forms.CharField(
        label="Registration number of the legal person",
        max_length=40,
        required=False,
        help_text="Only for a legal person (a company as defendant), which has no personal code: "
        "the number in the business register of its country of registration. It is turned into "
        "an anonymous key that links the records of the company, and is not stored.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 20}),
    )

    def __init__(self, *args, existing=None, only=None, **kwargs):
        if only is None:
            only = profile_field_names(creating=existing is None)
        super().__init__(*args, existing=existing, only=only, **kwargs)

    def build_layout(self):
        layout = super().build_layout()
        if self.personal_code_section:
            for part in layout.fields:
                if getattr(part, "css_id", "") == f"section-{self.personal_code_section}":
                    part.fields.insert(2, "pc_registration_number")
        return layout

    def personal_code_values(self, cleaned) -> dict | None:
        """A natural person: the personal code from its elements. A legal person: no letters, and
        the key of its registration number when given."""
        number = (cleaned.get("pc_registration_number") or "").strip()
        if not TRAFFICKERS.is_legal_person(cleaned):
            if number:
                self.add_error(
                    "pc_registration_number",
                    REGISTRATION_NUMBER_ONLY_FOR_LEGAL_PERSONS,
                )
            return super().personal_code_values(cleaned)
        if cleaned.get("pc_first_name") or cleaned.get("pc_family_name"):
            self.add_error(
                "pc_first_name",
                LEGAL_PERSON_HAS_NO_CODE,
            )
            return None
        if not number:
            return None
        try:
            return registration_keys(
                registration_number=number, country=cleaned.get("t_citizenship") or ""
            )
        except PersonalCodeError as error:
            self.add_error("pc_registration_number", str(error))
            return None


class TraffickerStageForm(TraffickerRecordForm):
    """Just the indicators of one stage of the proceedings; the rules of §9 judge the whole record
    as it will be saved (see IndicatorForm.clean)."""

    personal_code_section = None

    def __init__(self, *args, stage: str, existing, **kwargs):
        self.stage = stage
        super().__init__(*args, existing=existing, only=stage_field_names(stage), **kwargs)
        del self.fields["pc_first_name"]
        del self.fields["pc_family_name"]
        del self.fields["pc_registration_number"]


def prosecution_institutions(user):
    """Institutions a coordinator may put in charge of a case: the prosecution offices and courts
    of their territory (read through the scope)."""
    return Institution.objects.filter(
        territory_id=user.territory_id, kind__in=CASE_INSTITUTION_KINDS, is_active=True
    ).order_by("name")


def resolve_victim_numbers(text: str, *, territory_id: int) -> tuple[list, list[str]]:
    """Victim records of ``territory_id`` named by record numbers (``RS-V000012, 13``).

    Prosecutors do not see the caseworkers' victim records, so the numbers are looked up with
    scopes disabled, but only inside the user's territory. Returns (records, numbers not found).
    """
    records, missing = [], []
    for part in [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]:
        number = VictimRecord.parse_record_number(part)
        territory_code = part.rsplit("-", 1)[0].upper() if "-" in part else None
        with scopes_disabled():
            found = (
                VictimRecord.objects.filter(territory_id=territory_id, number=number)
                .select_related("territory")
                .first()
                if number is not None
                else None
            )
        if found is None or (territory_code and territory_code != found.territory.code):
            missing.append(part)
        elif found not in records:
            records.append(found)
    return records, missing


class VictimNumbersMixin(forms.Form):
    victim_numbers = forms.CharField(
        label="Victim record numbers",
        required=False,
        max_length=400,
        help_text="Record numbers of the victims of this case (e.g. RS-V000012), separated by "
        "commas. Only records of your territory can be linked.",
    )

    def clean_victim_numbers(self):
        records, missing = resolve_victim_numbers(
            self.cleaned_data.get("victim_numbers", ""), territory_id=self.user.territory_id
        )
        if missing:
            raise forms.ValidationError(
                "No victim record %(numbers)s in your territory.",
                params={"numbers": ", ".join(missing)},
            )
        self.victim_records = records
        return self.cleaned_data.get("victim_numbers", "")


class CaseReferenceMixin(forms.Form):
    def _check_reference_free(self, reference: str) -> None:
        """References are unique per territory (whichever institution holds the case)."""
        with scopes_disabled():
            taken = CriminalCase.objects.filter(
                territory_id=self.user.territory_id, reference__iexact=reference
            ).exists()
        if taken:
            raise forms.ValidationError(
                "A case with this reference already exists in your territory: choose it from "
                "the list, or ask your coordinator."
            )

    def _add_institution_field(self):
        if self.user.role == Role.COORDINATOR:
            self.fields["institution"] = forms.ModelChoiceField(
                queryset=prosecution_institutions(self.user),
                required=False,
                label="Office in charge of a new case",
                help_text="The prosecution office or court that holds the case; its staff see "
                "the case and its defendants.",
            )

    def case_institution(self):
        """The institution in charge of a new case: the prosecutor's own office, or the one the
        coordinator chose."""
        return self.cleaned_data.get("institution") or self.user.institution


class CasePickerWidget(forms.TextInput):
    """A text box offering the references of the user's cases as it is typed (a ``datalist``:
    searchable, keyboard and screen-reader friendly, no script); with JavaScript a searchable
    picker of those references (``data-picker="case"``, thb/pickers.js)."""

    template_name = "traffickers/widgets/case_picker.html"

    def __init__(self, *, references=(), attrs=None):
        super().__init__(attrs={"autocomplete": "off", "data-picker": "case", **(attrs or {})})
        self.references = references

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-choices"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["references"] = list(self.references)
        return context

    def format_value(self, value):
        if isinstance(value, CriminalCase):
            return value.reference
        return super().format_value(value)


class CaseChoiceForm(VictimNumbersMixin, CaseReferenceMixin):
    """Which criminal case a new suspect belongs to: an existing case of the user's scope, or a
    new one created with the record."""

    case = forms.CharField(
        required=False,
        max_length=60,
        label="Criminal case",
        help_text="Type the reference of an existing case of your office to pick it (the list "
        "narrows while you type), or leave empty and give a new case's reference below.",
    )
    new_case_reference = forms.CharField(
        label="Reference of the new case",
        max_length=60,
        required=False,
        help_text="Internal case number (police, prosecution or court). Never published.",
    )

    field_order = ["case", "new_case_reference", "institution", "victim_numbers"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.cases = CriminalCase.objects.editable_by(user)
        self.fields["case"].widget = CasePickerWidget(
            references=self.cases.order_by("reference").values_list("reference", flat=True)
        )
        if self.initial.get("case"):  # a case page's "add a suspect" link carries the case id
            self.initial["case"] = self._case_by_id(self.initial["case"])
        self._add_institution_field()
        self.order_fields(self.field_order)
        self.victim_records = []

    def _case_by_id(self, value):
        try:
            return self.cases.filter(uuid=uuid.UUID(str(value))).first()
        except ValueError:
            return None

    def clean_case(self):
        """The case whose reference (or id, from older forms) was given, among the cases the
        user may add suspects to; anything else reads as unknown."""
        text = self.cleaned_data.get("case", "").strip()
        if not text:
            return None
        case = self.cases.filter(reference__iexact=text).first() or self._case_by_id(text)
        if case is None:
            raise forms.ValidationError(
                "No case “%(reference)s” among your office's cases: pick one from the list, or "
                "leave this empty and give the reference of a new case.",
                params={"reference": text},
            )
        return case

    def clean_new_case_reference(self):
        reference = self.cleaned_data.get("new_case_reference", "").strip()
        if reference:
            self._check_reference_free(reference)
        return reference

    def clean(self):
        cleaned = super().clean()
        case, reference = cleaned.get("case"), cleaned.get("new_case_reference")
        if case and reference:
            self.add_error(
                "new_case_reference", "Choose an existing case or give a new reference, not both."
            )
        elif not case and not reference and "new_case_reference" not in self.errors:
            self.add_error(
                "new_case_reference",
                "Choose the criminal case, or give the reference of a new one.",
            )
        if case is None and self.user.role == Role.COORDINATOR and not cleaned.get("institution"):
            self.add_error("institution", "Choose the office in charge of the new case.")
        return cleaned


class CriminalCaseForm(VictimNumbersMixin, CaseReferenceMixin):
    """A new criminal case: reference, the office in charge, and its victims."""

    reference = forms.CharField(
        max_length=60,
        help_text="Internal case number (police, prosecution or court). Never published.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._add_institution_field()
        if "institution" in self.fields:
            self.fields["institution"].required = True
        self.order_fields(["reference", "institution", "victim_numbers"])
        self.victim_records = []

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        self._check_reference_free(reference)
        return reference


class LinkVictimForm(forms.Form):
    record_number = forms.CharField(
        label="Victim record number",
        max_length=40,
        help_text="For example RS-V000012. Only records of your territory can be linked.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_record_number(self):
        text = self.cleaned_data["record_number"]
        records, missing = resolve_victim_numbers(text, territory_id=self.user.territory_id)
        if missing or len(records) != 1:
            raise forms.ValidationError(f"No victim record {text} in your territory.")
        self.victim_record = records[0]
        return text


__all__ = [
    "CaseChoiceForm",
    "CriminalCaseForm",
    "LinkVictimForm",
    "STAGE_CODES",
    "TraffickerRecordForm",
    "TraffickerStageForm",
]
