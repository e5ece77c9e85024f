"""A small data set for the quality checks, Serbia 2024, with every figure computed by hand.

Victims of 2024 (and what each check should say):

* ``A`` police, complete, person ``p1``: identified, female, born 2000-01-01, Serbian, forms
  sexual (so the sexual-exploitation setting applies, and is left empty), main form sexual,
  identified 2024-03-01 by the police; entered 2024-07-01: late (122 days).
* ``B`` police, draft, person ``p2``: presumed, sex unknown, no date of birth or citizenship,
  forms labour (the labour sector applies, and is given), main form labour, identified
  2024-04-01, identifying institution empty.
* ``C`` NGO, draft (last saved 100 days ago), person ``p1`` again: identified, male (conflicts
  with A), born "2000" (agrees with A), Serbian, no forms, no main form, identified 2024-05-01.
  A and C share a personal code: one duplicate group, pending.
* ``D`` NGO, complete, no personal code, no identification date (counts in 2024, the year it was
  "entered"), born "2010" (estimated) but recruited 2005-06-01: dates out of order, estimated.
* a deleted police record of 2024, and an Albanian record of 2024: counted nowhere.
* every other record is entered within days of its reference date.
* ``E`` police, 2022, every core indicator known: only in the five-year trend.

Traffickers of 2024: ``T1`` complete, every core indicator; ``T2`` draft, sex empty.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from indicators.records import save_record
from thb_data.records import soft_delete_record
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord
from victims.models import VictimRecord

YEAR = 2024
CORE_COMPLETE = {
    "v_victim_status": "identified",
    "v_sex": "female",
    "v_date_of_birth": "2000-01-01",
    "v_citizenship": "RS",
    "v_exploitation_form": ["sexual"],
    "v_main_exploitation_form": "sexual",
    "v_identifying_institution": "police",
}


def add(model, user, institution, *, status="complete", person=None, **values):
    with scopes_disabled():
        record = model(territory=institution.territory, institution=institution)
        return save_record(
            record,
            user=user,
            values=values,
            status=status,
            personal_code={"personal_code_hash": person} if person else None,
        ).record


def set_fields(record, **fields):
    with scopes_disabled():
        type(record).with_deleted.filter(pk=record.pk).update(**fields)


def aware(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12, 0))


@pytest.fixture
def quality_data(world, personas):
    police, ngo = world["rs_police"], world["rs_ngo"]
    cw_police, cw_ngo = personas["caseworker_rs_police"], personas["caseworker_rs_ngo"]
    a = add(
        VictimRecord,
        cw_police,
        police,
        person="p1",
        **CORE_COMPLETE,
        v_identification_date="2024-03-01",
    )
    set_fields(a, created_at=aware(2024, 7, 1))
    b = add(
        VictimRecord,
        cw_police,
        police,
        status="draft",
        person="p2",
        v_victim_status="presumed",
        v_sex="unknown",
        v_exploitation_form=["labour"],
        v_labour_sector=["agriculture"],
        v_main_exploitation_form="labour",
        v_identification_date="2024-04-01",
    )
    set_fields(b, created_at=aware(2024, 4, 10))
    c = add(
        VictimRecord,
        cw_ngo,
        ngo,
        status="draft",
        person="p1",
        v_victim_status="identified",
        v_sex="male",
        v_date_of_birth="2000",
        v_citizenship="RS",
        v_identification_date="2024-05-01",
    )
    set_fields(c, created_at=aware(2024, 5, 3), updated_at=timezone.now() - dt.timedelta(days=100))
    d = add(
        VictimRecord,
        cw_ngo,
        ngo,
        v_victim_status="identified",
        v_date_of_birth="2010",
        v_date_of_birth_estimated=True,
        v_recruitment_date="2005-06-01",
    )
    set_fields(d, reporting_year=YEAR, created_at=aware(2024, 9, 1))
    gone = add(VictimRecord, cw_police, police, **CORE_COMPLETE, v_identification_date="2024-06-01")
    with scopes_disabled():
        soft_delete_record(gone, user=cw_police)
    add(
        VictimRecord,
        personas["caseworker_al"],
        world["al_ngo"],
        status="draft",
        v_victim_status="identified",
        v_identification_date="2024-02-01",
    )
    e = add(VictimRecord, cw_police, police, **CORE_COMPLETE, v_identification_date="2022-05-01")
    set_fields(e, created_at=aware(2022, 5, 2))
    prosecutor, office = personas["prosecutor_rs"], world["rs_prosecution"]
    t1 = add(
        TraffickerRecord,
        prosecutor,
        office,
        person="t1",
        t_sex="male",
        t_citizenship="RS",
        t_role=["recruiter"],
        t_exploitation_forms=["sexual"],
        t_complaint_date="2024-02-01",
    )
    set_fields(t1, created_at=aware(2024, 2, 5))
    t2 = add(
        TraffickerRecord,
        prosecutor,
        office,
        status="draft",
        t_citizenship="RS",
        t_role=["exploiter"],
        t_exploitation_forms=["labour"],
        t_complaint_date="2024-03-01",
    )
    set_fields(t2, created_at=aware(2024, 3, 2))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "T1": t1, "T2": t2}
