"""A trafficker followed through the stages of the proceedings with the stage forms."""

from django.urls import reverse

from tests.conftest import signed_in_client
from tests.traffickers.conftest import make_case, make_trafficker, reload, stage_data
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled


def log_stage(client, record, stage, **values):
    return client.post(
        reverse("traffickers:stage", args=[record.uuid, stage]), stage_data(record, **values)
    )


def test_it_follows_a_suspect_from_complaint_to_final_conviction_and_sentence(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    case = make_case(world["rs_prosecution"], "KTO 12/24", user=prosecutor)
    record = make_trafficker(prosecutor, case=case)
    client = signed_in_client(prosecutor)

    steps = [
        (
            "investigation",
            {
                "t_pretrial_detention": "yes",
                "t_pretrial_detention_days": "90",
                "t_investigation_outcome": "indictment_filed",
            },
        ),
        ("indictment", {"t_indictment_date": "2024-05-02", "t_qualification_indictment": ["388"]}),
        (
            "first_instance",
            {
                "t_court_first": "hc_belgrade",
                "t_verdict_first_date": "2024-11-15",
                "t_verdict_first": "convicted",
                "t_qualification_verdict": ["388"],
                "t_sentence_type": ["unconditional_imprisonment"],
                "t_prison_months": "60",
            },
        ),
        (
            "appeal",
            {
                "t_appeal_filed": "defence",
                "t_verdict_second_date": "2025-03-01",
                "t_verdict_second": "sentence_reduced",
            },
        ),
        (
            "final",
            {
                "t_final_date": "2025-03-20",
                "t_final_outcome": "convicted",
                "t_final_sentence_type": ["unconditional_imprisonment"],
                "t_final_prison_months": "48",
            },
        ),
        ("sanctions", {"t_confiscation": "yes", "t_confiscation_value": "15000"}),
    ]
    for stage, values in steps:
        response = log_stage(client, record, stage, **values)
        assert response.status_code == 302, (stage, response.context["form"].errors)

    saved = reload(record)
    assert saved.t_complaint_date == "2024-02-10"  # the complaint is untouched by later stages
    assert saved.t_pretrial_detention_days == 90
    assert saved.t_verdict_first == "convicted"
    assert saved.t_prison_months == 60
    assert saved.t_verdict_second == "sentence_reduced"
    assert saved.t_final_outcome == "convicted"
    assert saved.t_final_sentence_type == ["unconditional_imprisonment"]
    assert saved.t_final_prison_months == 48
    assert str(saved.t_confiscation_value) == "15000.00"
    # 2024-02-10 -> 2025-03-20: 19 days of February + 31+30+31+30+31+31+30+31+30+31 (Mar-Dec)
    # + 31 + 28 (Jan, Feb 2025) + 20 = 19 + 306 + 59 + 20 = 404 days.
    assert saved.t_proceedings_duration == 404
    assert saved.t_age_at_offence == 43  # born 1980-05-01, complaint 2024-02-10
    assert saved.version == 7  # created, then six stages

    page = client.get(reverse("traffickers:detail", args=[record.uuid])).content.decode()
    for stage in ("complaint", "investigation", "indictment", "first_instance", "appeal"):
        assert f'data-testid="stage-{stage}" data-reached="yes"' in page
    assert 'data-testid="stage-sanctions" data-reached="yes"' in page
    assert "404 days" in page
    assert "Sentence reduced" in page or "sentence reduced" in page.lower()

    with scopes_disabled():
        updates = AuditEntry.objects.filter(object_id=str(record.uuid), action="update")
        assert updates.count() == 6
        final = updates.filter(changes__has_key="t_final_outcome").get()
    assert final.changes["t_final_outcome"] == ["", "convicted"]


def test_it_keeps_the_legal_qualification_of_each_stage_when_it_changes(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K1", user=prosecutor)
    )
    client = signed_in_client(prosecutor)

    log_stage(
        client, record, "indictment", t_indictment_date="2024-04-01",
        t_qualification_indictment=["388"],
    )  # fmt: skip
    response = log_stage(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-10-01",
        t_verdict_first="convicted",
        t_qualification_verdict=["184"],
        t_sentence_type=["suspended_imprisonment"],
        t_prison_months="12",
    )
    assert response.status_code == 302

    saved = reload(record)
    assert saved.t_qualification_initial == ["388"]
    assert saved.t_qualification_indictment == ["388"]
    assert saved.t_qualification_verdict == ["184"]

    page = client.get(reverse("traffickers:detail", args=[record.uuid])).content.decode()
    assert 'data-testid="requalified-first_instance"' in page
    assert (
        "Re-qualified: Art. 388 Trafficking in human beings → Art. 184 Mediation in prostitution"
        in page
    )
    assert 'data-testid="requalified-indictment"' not in page  # same article as the complaint


def test_it_offers_the_next_stage_and_lets_reached_stages_be_corrected(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K2", user=prosecutor)
    )
    client = signed_in_client(prosecutor)
    log_stage(client, record, "indictment", t_indictment_date="2024-04-01")

    page = client.get(reverse("traffickers:detail", args=[record.uuid])).content.decode()
    # The furthest stage reached is the indictment: the first instance comes next.
    assert 'class="btn btn-sm btn-primary" href="' in page
    next_button = page.split('data-testid="log-first_instance"')[0].rsplit("<a ", 1)[1]
    assert "btn-primary" in next_button
    assert 'data-testid="correct-indictment"' in page
    assert 'data-testid="log-indictment"' not in page


def test_the_stage_form_shows_only_that_stages_indicators(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K3", user=prosecutor)
    )
    response = signed_in_client(prosecutor).get(
        reverse("traffickers:stage", args=[record.uuid, "final"])
    )
    form = response.context["form"]
    assert set(form.indicator_field_names) == {
        "t_final_date",
        "t_final_outcome",
        "t_final_sentence_type",
        "t_final_prison_months",
    }
    assert "pc_first_name" not in form.fields
    body = response.content.decode()
    assert 'name="t_final_outcome"' in body
    assert 'name="t_sex"' not in body


def test_an_unknown_stage_is_not_found(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K4", user=prosecutor)
    )
    response = signed_in_client(prosecutor).get(f"/traffickers/{record.uuid}/stage/verdict/")
    assert response.status_code == 404
