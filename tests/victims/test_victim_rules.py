"""Every victim rule of spec §9 refuses bad input with its message on the right field, and
nothing is saved."""

import pytest
from django.urls import reverse

from indicators.catalogue import VICTIMS
from tests.victims.conftest import CORE
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db


def refused(clients, data, field, fragment, status="draft"):
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**CORE, **data, "status": status}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, dict(errors)
    assert any(fragment in message for message in errors[field]), errors[field]
    with scopes_disabled():
        assert VictimRecord.with_deleted.count() == 0
    return errors


RULES = [
    # Date order: DOB < recruitment <= departure <= exploitation start <= end <= identification.
    (
        "recruitment before birth",
        {"v_recruitment_date": "1990"},
        "v_recruitment_date",
        "must be after",
    ),
    (
        "departure before recruitment",
        {"v_recruitment_date": "2024-06", "v_departure_date": "2024-05-01"},
        "v_departure_date",
        "must be on or after",
    ),
    (
        "exploitation before departure",
        {"v_departure_date": "2024-06-10", "v_exploitation_start": "2024-06-01"},
        "v_exploitation_start",
        "must be on or after",
    ),
    (
        "exploitation ends before it starts",
        {"v_exploitation_start": "2024-06-10", "v_exploitation_end": "2024-06-01"},
        "v_exploitation_end",
        "must be on or after",
    ),
    (
        "identified before the exploitation ended",
        {"v_exploitation_end": "2025-04-01"},
        "v_identification_date",
        "must be on or after",
    ),
    (
        "referred before identification",
        {"v_referral_date": "2025-03-01"},
        "v_referral_date",
        "must be on or after",
    ),
    (
        "assistance ends before it starts",
        {
            "v_assistance_offered": "yes",
            "v_assistance_accepted": "accepted",
            "v_assistance_start": "2025-03-20",
            "v_assistance_end": "2025-03-12",
        },
        "v_assistance_end",
        "must be on or after",
    ),
    (
        "returned before birth",
        {"v_returned": "yes", "v_return_date": "1990-01-01"},
        "v_return_date",
        "must be after date of birth",  # strictly after the birth, as every date
    ),
    (
        "a date in the future",
        {"v_identification_date": "2099-01-01"},
        "v_identification_date",
        "in the future",
    ),
    ("not a date", {"v_identification_date": "12/2024"}, "v_identification_date", "is not a date"),
    (
        "a partial date where a full one is needed",
        {"v_identification_date": "2024-05"},
        "v_identification_date",
        "full date",
    ),
    ("age over 100", {"v_date_of_birth": "1901-01-01"}, "v_date_of_birth", "over 100"),
    # Internal trafficking.
    (
        "internal trafficking with transit countries",
        {"v_trafficking_type": "internal", "v_transit_countries": "HU"},
        "v_transit_countries",
        "Internal trafficking has no transit countries",
    ),
    (
        "internal trafficking exploited abroad",
        {
            "v_trafficking_type": "internal",
            "v_residence_country": "RS",
            "v_exploitation_country": ["HU"],
        },
        "v_exploitation_country",
        "must be the country of residence",
    ),
    # Forms of exploitation.
    (
        "main form not among the forms",
        {"v_main_exploitation_form": "labour"},
        "v_main_exploitation_form",
        "must be one of the forms",
    ),
    (
        "unknown combined with a form",
        {"v_exploitation_form": ["unknown", "sexual"]},
        "v_exploitation_form",
        "cannot be combined",
    ),
    # Residence permit only for foreign victims; category agrees with citizenship.
    (
        "residence permit for a national",
        {"v_residence_permit": "granted"},
        "v_residence_permit",
        "only to foreign victims",
    ),
    (
        "national category, foreign citizenship",
        {"v_victim_category": "national_abroad", "v_citizenship": "AL"},
        "v_victim_category",
        "A national victim has the citizenship",
    ),
    (
        "foreign category, national citizenship",
        {"v_victim_category": "foreign_into"},
        "v_victim_category",
        "A foreign national does not have",
    ),
    # Code lists and ranges.
    ("a sex outside the list", {"v_sex": "other"}, "v_sex", "Select a valid choice"),
    ("not an ISO country", {"v_citizenship": "ZZ"}, "v_citizenship", "Select a valid choice"),
    (
        "not a transit country code",
        {"v_transit_countries": "HU, XQ"},
        "v_transit_countries",
        "Not a country code",
    ),
    (
        "zero children when the person has children",
        {"v_has_children": "yes", "v_number_of_children": "0"},
        "v_number_of_children",
        "greater than or equal to 1",
    ),
    (
        "reflection period over a year",
        {"v_reflection_period": "yes", "v_reflection_period_days": "400"},
        "v_reflection_period_days",
        "less than or equal to 365",
    ),
    (
        "a negative compensation",
        {"v_compensation_awarded": "awarded_paid", "v_compensation_amount": "-5"},
        "v_compensation_amount",
        "greater than or equal to 0",
    ),
    (
        "identifying details in free text",
        {"v_victim_prosecuted": "yes", "v_victim_prosecuted_offence": "call her on 064 123 4567"},
        "v_victim_prosecuted_offence",
        "must not hold identifying details",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "fragment"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_a_bad_record_is_refused_on_the_right_field(clients, data, field, fragment):
    refused(clients, data, field, fragment)


COMPLETENESS = [
    (
        "labour exploitation without its sector",
        {"v_exploitation_form": ["labour"], "v_main_exploitation_form": "labour"},
        "v_labour_sector",
    ),
    (
        "sexual exploitation without its setting",
        {"v_sexual_exploitation_setting": []},
        "v_sexual_exploitation_setting",
    ),
    (
        "returned without a date",
        {"v_returned": "yes", "v_return_from": "HU", "v_return_to": "RS"},
        "v_return_date",
    ),
    (
        "returned without the country left",
        {"v_returned": "yes", "v_return_date": "2025-03-20", "v_return_to": "RS"},
        "v_return_from",
    ),
    (
        "returned without the country reached",
        {"v_returned": "yes", "v_return_date": "2025-03-20", "v_return_from": "HU"},
        "v_return_to",
    ),
]


@pytest.mark.parametrize(
    ("data", "field"), [r[1:] for r in COMPLETENESS], ids=[r[0] for r in COMPLETENESS]
)
def test_a_record_missing_what_its_answers_require_cannot_be_complete(clients, data, field):
    refused(clients, data, field, "Required to mark the record complete.", status="complete")


CORE_CODES = [ind.code for ind in VICTIMS.indicators if ind.core and ind.is_entered]


def test_the_core_indicators_are_those_of_spec_9():
    assert set(CORE_CODES) == {
        "v_victim_status",
        "v_sex",
        "v_date_of_birth",
        "v_citizenship",
        "v_exploitation_form",
        "v_main_exploitation_form",
        "v_identification_date",
        "v_identifying_institution",
    }


@pytest.mark.parametrize("code", CORE_CODES)
def test_each_core_indicator_is_required_to_complete(clients, code):
    data = {code: ""}
    if code == "v_exploitation_form":
        data = {code: [], "v_main_exploitation_form": "unknown"}
    if code == "v_date_of_birth":
        # Without a date of birth there is no personal code either.
        refused(clients, data, "pc_first_name", "", status="complete")
        return
    refused(clients, data, code, "Required to mark the record complete.", status="complete")


def test_the_personal_code_is_required_to_complete(clients):
    refused(
        clients,
        {"pc_first_name": "", "pc_family_name": ""},
        "pc_first_name",
        "personal code is required",
        status="complete",
    )


def test_the_letters_of_the_code_must_be_letters(clients):
    refused(clients, {"pc_first_name": "1"}, "pc_first_name", "at least 2 letters")
