"""A small fixed data set for the annual statistics, with every counting rule exercised.

Serbia (RS), reference year 2024. Victims (persons by personal code):

* ``alice``: registered by the police (2024-03-01, identified, female, born 2000 -> adult,
  Serbian, main form sexual, forms sexual + labour) and again by the NGO (2024-05-01,
  presumed, sex unknown, main form labour). Counts once, in 2024, as the police recorded her.
* ``bojan``: presumed by the NGO in 2023 (male, born 2008 -> child, Albanian, labour) and
  identified by the police in 2024. Counts in 2023 only.
* ``cara``: NGO, 2024-07-01, presumed, sex unknown, no date of birth, citizenship unknown, main
  form unknown, no form recorded.
* ``dan``: police, 2024-08-01, identified, male, born 1990 -> adult, German, begging.
* ``erin``: 2024, status not confirmed: not a victim, not counted.
* ``fay``: 2024, deleted: not counted.
* ``gus``: 2022, identified, female, Serbian: only in the trend.
* an Albanian victim in 2024: never in Serbia's tables.

Traffickers:

* ``tk1``: case C1 (victims alice's police record and dan): complaint 2024-01-10, indictment
  2024-04-01, convicted at first instance 2024-09-01, finally convicted 2024-12-01; male,
  Serbian, sexual. A second record (other case) with a complaint 2024-02-01: counts once.
* ``tk2``: complaint 2023-05-01, indictment 2024-02-01, acquitted 2024-10-01; female, Albanian.
* ``tk3``: complaint 2024-03-01, sex and citizenship unknown.

Funnel 2024: suspected 2 (tk1, tk3), prosecuted 2 (tk1, tk2), convicted at first instance 1,
finally convicted 1.
"""

import pytest

from indicators.records import save_record
from thb_data.records import soft_delete_record
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

YEAR = 2024


def add_victim(world, user, institution, person, **values):
    values.setdefault("v_victim_status", "identified")
    with scopes_disabled():
        record = VictimRecord(territory=institution.territory, institution=institution)
        return save_record(
            record,
            user=user,
            values=values,
            status="complete",
            personal_code={"personal_code_hash": person} if person else None,
        ).record


def add_trafficker(user, institution, person, case=None, **values):
    with scopes_disabled():
        record = TraffickerRecord(territory=institution.territory, institution=institution)
        record.case = case
        return save_record(
            record,
            user=user,
            values=values,
            status="complete",
            personal_code={"personal_code_hash": person} if person else None,
        ).record


@pytest.fixture
def dataset(world, personas):
    police, ngo = world["rs_police"], world["rs_ngo"]
    cw_police, cw_ngo = personas["caseworker_rs_police"], personas["caseworker_rs_ngo"]
    prosecutor = personas["prosecutor_rs"]
    alice_police = add_victim(
        world,
        cw_police,
        police,
        "alice",
        v_identification_date="2024-03-01",
        v_sex="female",
        v_date_of_birth="2000-01-01",
        v_citizenship="RS",
        v_main_exploitation_form="sexual",
        v_exploitation_form=["sexual", "labour"],
        v_trafficking_type="internal",
    )
    add_victim(
        world,
        cw_ngo,
        ngo,
        "alice",
        v_identification_date="2024-05-01",
        v_victim_status="presumed",
        v_sex="unknown",
        v_citizenship="RS",
        v_main_exploitation_form="labour",
        v_exploitation_form=["labour"],
    )
    add_victim(
        world,
        cw_ngo,
        ngo,
        "bojan",
        v_identification_date="2023-06-01",
        v_victim_status="presumed",
        v_sex="male",
        v_date_of_birth="2008-01-01",
        v_citizenship="AL",
        v_main_exploitation_form="labour",
        v_exploitation_form=["labour"],
    )
    add_victim(
        world,
        cw_police,
        police,
        "bojan",
        v_identification_date="2024-02-01",
        v_sex="male",
        v_citizenship="AL",
        v_main_exploitation_form="labour",
        v_exploitation_form=["labour"],
    )
    add_victim(
        world,
        cw_ngo,
        ngo,
        "cara",
        v_identification_date="2024-07-01",
        v_victim_status="presumed",
        v_sex="unknown",
        v_citizenship="unknown",
    )
    dan = add_victim(
        world,
        cw_police,
        police,
        "dan",
        v_identification_date="2024-08-01",
        v_sex="male",
        v_date_of_birth="1990-01-01",
        v_citizenship="DE",
        v_main_exploitation_form="begging",
        v_exploitation_form=["begging"],
        v_trafficking_type="international",
    )
    add_victim(
        world,
        cw_police,
        police,
        "erin",
        v_identification_date="2024-04-01",
        v_victim_status="not_confirmed",
        v_sex="female",
    )
    fay = add_victim(
        world,
        cw_police,
        police,
        "fay",
        v_identification_date="2024-04-02",
        v_sex="female",
        v_citizenship="RS",
    )
    with scopes_disabled():
        soft_delete_record(fay, user=cw_police, reason="entered twice")
    add_victim(
        world,
        cw_police,
        police,
        "gus",
        v_identification_date="2022-05-05",
        v_sex="female",
        v_citizenship="RS",
        v_main_exploitation_form="sexual",
        v_exploitation_form=["sexual"],
    )
    add_victim(
        world,
        personas["caseworker_al"],
        world["al_ngo"],
        "alice",
        v_identification_date="2024-01-01",
        v_sex="female",
        v_citizenship="AL",
    )

    with scopes_disabled():
        case = CriminalCase.objects.create(
            territory=world["rs"],
            institution=world["rs_prosecution"],
            reference="K-1/24",
            created_by=prosecutor,
        )
        case.victims.add(alice_police, dan)
    prosecution = world["rs_prosecution"]
    add_trafficker(
        prosecutor,
        prosecution,
        "tk1",
        case,
        t_complaint_date="2024-01-10",
        t_indictment_date="2024-04-01",
        t_verdict_first="convicted",
        t_verdict_first_date="2024-09-01",
        t_final_outcome="convicted",
        t_final_date="2024-12-01",
        t_sex="male",
        t_citizenship="RS",
        t_main_exploitation_form="sexual",
        t_exploitation_forms=["sexual"],
        t_role=["recruiter", "exploiter"],
        t_sentence_type=["unconditional_imprisonment"],
        t_prison_months=40,
        t_confiscation="yes",
    )
    add_trafficker(
        prosecutor,
        prosecution,
        "tk1",
        None,
        t_complaint_date="2024-02-01",
        t_sex="male",
        t_citizenship="RS",
        t_role=["transporter"],
    )
    add_trafficker(
        prosecutor,
        prosecution,
        "tk2",
        None,
        t_complaint_date="2023-05-01",
        t_indictment_date="2024-02-01",
        t_verdict_first="acquitted",
        t_verdict_first_date="2024-10-01",
        t_sex="female",
        t_citizenship="AL",
        t_main_exploitation_form="labour",
    )
    add_trafficker(
        prosecutor,
        prosecution,
        "tk3",
        None,
        t_complaint_date="2024-03-01",
        t_sex="unknown",
        t_citizenship="unknown",
    )
    return {"case": case}
