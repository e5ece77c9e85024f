"""Victim records for the victims tests: national code lists, form data, records in scope."""

from __future__ import annotations

import pytest
from django.utils import timezone

from indicators.models import NationalCodeEntry
from indicators.records import save_record
from thb_data.personal_code import build_code, hash_code, letter_variants, near_match_key
from thb_data.scoping import scope_for, scopes_disabled
from victims.models import VictimRecord


@pytest.fixture
def national_lists(world):
    """A few national code list entries for Serbia (and one for Albania, never offered in RS)."""
    rows = [
        (world["rs"], "municipalities", "beograd", "Beograd"),
        (world["rs"], "municipalities", "novi_sad", "Novi Sad"),
        (world["rs"], "ethnic_groups", "roma", "Roma"),
        (world["rs"], "ngos", "astra", "ASTRA"),
        (world["al"], "municipalities", "tirana", "Tirana"),
    ]
    with scopes_disabled():
        for territory, list_code, code, label in rows:
            NationalCodeEntry.objects.create(
                territory=territory, list_code=list_code, code=code, label=label
            )


# A draft with the fewest fields: sex and citizenship (no personal code).
DRAFT = {"v_sex": "female", "v_citizenship": "RS", "status": "draft"}

# The core indicators (spec §9 completeness), with the elements of the personal code.
CORE = {
    "pc_first_name": "An",
    "pc_family_name": "Pe",
    "v_victim_status": "identified",
    "v_sex": "female",
    "v_date_of_birth": "1995-04-12",
    "v_citizenship": "RS",
    "v_exploitation_form": ["sexual"],
    "v_main_exploitation_form": "sexual",
    "v_sexual_exploitation_setting": ["bar_nightclub"],
    "v_identification_date": "2025-03-10",
    "v_identifying_institution": "police",
}


def complete_record_data() -> dict:
    """Every section filled, conditional indicators included: a foreign (Moldovan) woman
    trafficked into Serbia for sexual and labour exploitation, assisted, then returned."""
    return {
        "pc_first_name": "Ma",
        "pc_family_name": "Ro",
        # A
        "v_consent_obtained": "yes",
        "v_victim_status": "identified",
        "v_victim_category": "foreign_into",
        "v_trafficking_type": "international",
        # B
        "v_sex": "female",
        "v_date_of_birth": "2001-06",
        "v_date_of_birth_estimated": "on",
        "v_citizenship": "MD",
        "v_second_citizenship": "RO",
        "v_country_of_origin": "MD",
        "v_ethnicity": "roma",
        "v_residence_country": "MD",
        "v_residence_municipality": "not_applicable",
        "v_residence_urban_rural": "rural",
        "v_marital_status": "single",
        "v_has_children": "yes",
        "v_number_of_children": "1",
        "v_education": "secondary_vocational",
        "v_employment_prior": "unemployed",
        "v_living_situation_prior": "with_family",
        "v_prior_violence": "yes",
        "v_prior_violence_type": ["domestic_violence"],
        "v_special_needs": ["none"],
        "v_legal_status_destination": "irregular_stay",
        # C
        "v_recruitment_date": "2023-02",
        "v_recruitment_country": "MD",
        "v_recruitment_municipality": "not_applicable",
        "v_recruitment_method": ["false_job_offer_advert", "internet_social_media"],
        "v_promised_work": "bar_restaurant_hotel",
        "v_recruiter_relationship": "acquaintance",
        "v_recruiter_sex": "both",
        "v_recruiter_citizenship": "MD",
        "v_deceived": "yes",
        # D
        "v_departure_date": "2023-03-01",
        "v_transit_countries": "RO, HU",
        "v_destination_country": ["RS"],
        "v_transport_means": ["bus", "car_van"],
        "v_border_crossing": "legal",
        "v_travel_documents": ["own_valid_documents"],
        "v_travel_companion": ["with_trafficker"],
        # E
        "v_exploitation_form": ["sexual", "labour"],
        "v_main_exploitation_form": "sexual",
        "v_sexual_exploitation_setting": ["bar_nightclub", "private_apartment"],
        "v_labour_sector": ["hospitality"],
        "v_exploitation_country": ["RS"],
        "v_exploitation_municipality": "beograd",
        "v_exploitation_start": "2023-03-05",
        "v_exploitation_end": "2024-01-20",
        "v_control_means": ["debt_bondage", "document_confiscation"],
        "v_earnings_received": "none",
        "v_co_victims": "3",
        # F
        "v_exit_mode": "police_intervention",
        "v_identification_date": "2024-01-21",
        "v_identification_country": "RS",
        "v_identification_municipality": "beograd",
        "v_identifying_institution": "police",
        "v_referred_by": "police",
        "v_referred_to": ["ngo"],
        "v_referral_date": "2024-01-22",
        # G
        "v_assistance_offered": "yes",
        "v_assistance_accepted": "accepted",
        "v_assistance_type": ["emergency_shelter", "medical", "legal"],
        "v_assistance_provider": ["ngo", "state"],
        "v_assistance_provider_ngo": ["astra"],
        "v_assistance_start": "2024-01-22",
        "v_assistance_end": "2024-04-30",
        "v_reflection_period": "yes",
        "v_reflection_period_days": "30",
        "v_residence_permit": "granted",
        "v_residence_permit_date": "2024-02-15",
        "v_guardian_appointed": "not_applicable",
        "v_risk_assessment": "yes",
        "v_risk_level": "medium",
        # H
        "v_returned": "yes",
        "v_return_type": "assisted_voluntary",
        "v_return_date": "2024-05-10",
        "v_return_from": "RS",
        "v_return_to": "MD",
        "v_reintegration_assistance": "yes",
        "v_reintegration_assistance_type": ["vocational_training"],
        "v_case_closure_status": "still_assisted",
        # I
        "v_crime_reported": "yes",
        "v_cooperation": "cooperated",
        "v_testified": ["pre_trial"],
        "v_witness_protection": ["video_link"],
        "v_victim_prosecuted": "yes",
        "v_victim_prosecuted_offence": "Irregular stay",
        "v_compensation_claimed": "criminal_proceedings",
        "v_compensation_awarded": "awarded_not_paid",
        "v_compensation_amount": "1500.50",
        # J
        "v_previously_trafficked": "yes",
        "v_times_trafficked": "1",
        "status": "complete",
    }


def personal_code(first="An", family="Pe", dob="1995-04-12", sex="female", citizenship="RS"):
    """What the form computes from the elements (for records made without the form)."""
    code = build_code(
        first_name=first,
        family_name=family,
        date_of_birth=dob,
        sex=sex,
        citizenship=citizenship,
    )
    return {
        "personal_code_hash": hash_code(code),
        "near_match_key": near_match_key(date_of_birth=dob, sex=sex, citizenship=citizenship),
        "letter_keys": ",".join(v[:16] for v in letter_variants(first, family)),
    }


def make_record(user, *, institution=None, status="draft", code=None, **values) -> VictimRecord:
    """A victim record saved through save_record, as ``user`` (within their scope)."""
    defaults = {"v_sex": "female", "v_citizenship": "RS", "v_identification_date": "2025-03-10"}
    with scope_for(user):
        record = VictimRecord(
            territory_id=user.territory_id, institution=institution or user.institution
        )
        save_record(
            record,
            user=user,
            values={**defaults, **values},
            status=status,
            personal_code=code,
        )
    return record


def bulk_records(user, count: int, *, start: int = 1) -> None:
    """``count`` records of ``user``'s institution written at once (list tests at size)."""
    now = timezone.now()
    with scopes_disabled():
        VictimRecord.objects.bulk_create(
            [
                VictimRecord(
                    territory_id=user.territory_id,
                    institution_id=user.institution_id,
                    number=start + i,
                    reporting_year=2025,
                    created_by=user,
                    updated_by=user,
                    created_at=now,
                    updated_at=now,
                    v_sex="female" if i % 2 else "male",
                    v_citizenship="RS",
                    v_exploitation_form=["sexual", "labour"] if i % 3 else ["begging"],
                    v_identification_date="2025-02-01",
                )
                for i in range(count)
            ]
        )


@pytest.fixture
def rs_records(personas):
    """One record of the Serbian NGO, one of the Serbian police, one of the Albanian NGO."""
    return {
        "rs_ngo": make_record(personas["caseworker_rs_ngo"]),
        "rs_police": make_record(personas["caseworker_rs_police"]),
        "al_ngo": make_record(personas["caseworker_al"], v_citizenship="AL"),
    }
