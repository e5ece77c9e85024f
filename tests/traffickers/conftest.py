"""Fixtures of the traffickers tests: sample national code lists (criminal-code articles and
courts of Serbia and Albania), and helpers that create cases, trafficker and victim records
through ``save_record``, the one path every record takes."""

import pytest

from indicators.models import NationalCodeEntry
from indicators.records import save_record
from thb_data.personal_code import hash_code
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

# A suspect registered with the complaint: every core indicator of the traffickers database.
SUSPECT = {
    "t_sex": "male",
    "t_date_of_birth": "1980-05-01",
    "t_citizenship": "RS",
    "t_role": ["recruiter"],
    "t_exploitation_forms": ["sexual"],
    "t_complaint_date": "2024-02-10",
    "t_complaint_institution": "police",
    "t_qualification_initial": ["388"],
}

VICTIM = {
    "v_victim_status": "identified",
    "v_sex": "female",
    "v_date_of_birth": "2001-03-07",
    "v_citizenship": "RS",
    "v_exploitation_form": ["sexual"],
    "v_main_exploitation_form": "sexual",
    "v_identification_date": "2024-01-20",
}


@pytest.fixture
def code_lists(world):
    """Criminal-code articles and courts of Serbia and Albania."""
    thb, children, pimping = (
        "trafficking_in_human_beings",
        "trafficking_in_children",
        "mediation_in_prostitution",
    )
    entries = [
        ("rs", "criminal_code_articles", "388", "Art. 388 Trafficking in human beings", thb),
        ("rs", "criminal_code_articles", "389", "Art. 389 Trafficking in minors", children),
        ("rs", "criminal_code_articles", "184", "Art. 184 Mediation in prostitution", pimping),
        ("rs", "courts", "hc_belgrade", "Higher Court in Belgrade", ""),
        ("rs", "courts", "ac_belgrade", "Court of Appeal in Belgrade", ""),
        ("al", "criminal_code_articles", "110a", "Art. 110/a Trafficking in adults", thb),
        ("al", "courts", "sc_tirana", "Special Court Tirana", ""),
    ]
    with scopes_disabled():
        for territory, list_code, code, label, maps_to in entries:
            NationalCodeEntry.objects.create(
                territory=world[territory],
                list_code=list_code,
                code=code,
                label=label,
                maps_to=maps_to,
            )


def make_case(institution, reference, *, user, victims=()):
    with scopes_disabled():
        case = CriminalCase.objects.create(
            territory=institution.territory,
            institution=institution,
            reference=reference,
            created_by=user,
        )
        case.victims.add(*victims)
    return case


def make_trafficker(user, *, case=None, institution=None, status="complete", code=None, **values):
    """A trafficker record saved by ``user`` (its institution, or ``case``'s); ``code`` is the
    clear personal code whose hash is stored."""
    institution = institution or (case.institution if case else user.institution)
    record = TraffickerRecord(territory=institution.territory, institution=institution, case=case)
    personal_code = {"personal_code_hash": hash_code(code)} if code else None
    with scopes_disabled():
        save_record(
            record,
            user=user,
            values={**SUSPECT, **values},
            status=status,
            personal_code=personal_code,
        )
    return record


def make_victim(user, **values):
    institution = user.institution
    record = VictimRecord(territory=institution.territory, institution=institution)
    with scopes_disabled():
        save_record(record, user=user, values={**VICTIM, **values}, status="complete")
    return record


def reload(record):
    with scopes_disabled():
        return type(record).with_deleted.get(pk=record.pk)


def stage_data(record, **values) -> dict:
    """A stage form's POST: ``values`` on top of the record's current version."""
    return {"version": reload(record).version, **values}


def profile_data(record=None, **values) -> dict:
    """A profile form's POST: the suspect's values (lists as lists), with the record's version."""
    data = {**SUSPECT, **values}
    if record is not None:
        data["version"] = reload(record).version
    return {name: value for name, value in data.items() if value is not None}
