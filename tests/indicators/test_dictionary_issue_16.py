"""The data dictionary pages list every code issue 16 (catalogue 2.0) names, with the catalogue
version and the change log: read from the pages a user opens, not from the catalogue module."""

from django.urls import reverse

# Every indicator the issue names (in backquotes, or by the field it describes).
ISSUE_INDICATORS = (
    "v_intercepted",
    "v_exploitation_form",
    "v_formal_identification_date",
    "v_status_decision_body",
    "v_identification_referral_source",
    "v_identification_referral_outcome",
    "v_residence_permit_ground",
    "v_legal_aid",
    "v_compensation_claimed",
    "v_compensation_awarded",
    "v_compensation_source",
    "v_compensation_paid_amount",
    "v_non_punishment",
    "v_non_punishment_stage",
    "v_non_punishment_outcome",
    "v_unaccompanied_child",
    "v_recruitment_method",
    "v_recruitment_channel",
    "v_ict_use",
    "v_ict_platforms",
    "v_labour_sector",
    "v_control_means",
    "v_education",
    "v_identifying_institution",
    "t_legal_person",
    "t_legal_person_sanctions",
    "t_qualification_initial",
    "t_financial_investigation",
)
# Unchanged since 1.0 (named by the issue only as context): no change-log entry expected.
UNCHANGED = {"v_compensation_awarded", "t_qualification_initial"}

# The categories the issue names in words, as codes, on the page of an indicator using them.
ISSUE_CATEGORIES = {
    "v_exploitation_form": (
        "surrogacy",
        "forced_marriage",
        "illegal_adoption",
        "criminal_activity",
    ),
    "v_identification_referral_outcome": ("identified", "presumed", "not_a_victim", "pending"),
    "v_residence_permit_ground": (
        "personal_situation",
        "cooperation",
        "both",
        "other_humanitarian",
    ),
    "v_compensation_source": ("perpetrator", "state_fund"),
    "v_non_punishment": ("irregular_entry_stay", "other"),
    "v_recruitment_method": (
        "false_job_offer",
        "false_relationship_promise",
        "abduction",
        "sold_by_family",
        "debt_offer",
    ),
    "v_recruitment_channel": (
        "in_person_family_friends",
        "licensed_agency",
        "unlicensed_agency",
        "print_tv_advert",
        "online_job_site",
        "social_network",
        "messaging_app",
        "dating_app",
        "online_game",
    ),
    "v_ict_use": ("recruitment", "advertising", "control", "exploitation", "payment"),
    "v_labour_sector": (
        "a_agriculture",
        "c_manufacturing",
        "f_construction",
        "g_trade",
        "i_accommodation_food",
        "n_administrative_support",
        "t_households",
    ),
    "v_education": (
        "isced_0",
        "isced_1",
        "isced_2",
        "isced_3_general",
        "isced_3_vocational",
        "isced_4",
        "isced_5_8",
    ),
    "v_identifying_institution": (
        "mobile_identification_unit",
        "hotline",
        "self_identified",
        "centre_for_victim_protection",
        "child_protection_services",
        "asylum_migration_authority",
    ),
    "t_legal_person_sanctions": ("fine", "winding_up", "closure_establishment"),
    "t_qualification_initial": ("knowingly_using_services_of_victim",),
}
# Codes the issue retires or names as settings and age-band sets: in the change log.
IN_THE_CHANGE_LOG = (
    "not_yet_exploited",
    "begging_peddling",
    "internet_social_media",
    "still_in_school",
    "xk_grouping",
    "eurostat_age_band",
    "unodc_age_band",
    "ctdc_age_band",
    "ict_platforms",
)
# The tables the issue asks for, named on the page of the indicators they count.
ISSUE_TABLES = {
    "v_identification_referral_outcome": "V6c",
    "t_legal_person": "T8",
    "t_legal_person_sanctions": "T8b",
}


def test_the_index_shows_the_version_the_change_log_and_every_indicator(clients):
    body = clients["caseworker_al"].get(reverse("indicators:index")).content.decode()
    assert "Catalogue version 2.0" in body
    log = body[body.index('data-testid="change-log"') :]
    log = log[: log.index("</table>")]
    for code in IN_THE_CHANGE_LOG:
        assert f"<code>{code}</code>" in log, code
    for code in ISSUE_INDICATORS:
        assert f'data-code="{code}"' in body, code


def test_each_indicator_page_lists_its_codes_and_its_catalogue_2_0_changes(clients):
    client = clients["caseworker_al"]
    for code in ISSUE_INDICATORS:
        page = client.get(reverse("indicators:detail", args=[code])).content.decode()
        changes = page[page.index('data-testid="indicator-changes"') :]
        assert "Catalogue version 2.0" in changes, code
        if code in UNCHANGED and code not in ISSUE_CATEGORIES:
            continue
        assert 'data-version="2.0"' in changes, code
        for category in ISSUE_CATEGORIES.get(code, ()):
            assert f"<code>{category}</code>" in page, (code, category)
        if code in ISSUE_TABLES:
            assert f"<strong>{ISSUE_TABLES[code]}</strong>" in page, code
