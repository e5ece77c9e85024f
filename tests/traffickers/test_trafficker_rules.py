"""The rules of §9 for traffickers, through the stage and profile forms: bad input is refused
with a message on the right field, and nothing is saved."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.traffickers.conftest import (
    make_case,
    make_trafficker,
    profile_data,
    reload,
    stage_data,
)
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

INDICTED = {"t_indictment_date": "2024-05-02", "t_qualification_indictment": ["388"]}
CONVICTED_FIRST = {
    **INDICTED,
    "t_verdict_first_date": "2024-11-15",
    "t_verdict_first": "convicted",
    "t_sentence_type": ["unconditional_imprisonment"],
    "t_prison_months": 60,
}


@pytest.fixture
def prosecutor(personas):
    return personas["prosecutor_rs"]


@pytest.fixture
def client(prosecutor):
    return signed_in_client(prosecutor)


def suspect(prosecutor, world, **values):
    case = make_case(world["rs_prosecution"], f"K-{len(values)}-{id(values)}", user=prosecutor)
    return make_trafficker(prosecutor, case=case, **values)


def refused(client, record, stage, **values):
    """POST the stage form; assert it was refused and that the record did not change."""
    before = reload(record)
    with scopes_disabled():
        entries = AuditEntry.objects.count()
    response = client.post(
        reverse("traffickers:stage", args=[record.uuid, stage]), stage_data(record, **values)
    )
    assert response.status_code == 200
    after = reload(record)
    assert after.version == before.version
    assert after.indicator_values() == before.indicator_values()
    with scopes_disabled():
        assert AuditEntry.objects.count() == entries
    return response.context["form"]


def test_an_indictment_before_the_complaint_is_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world)  # complaint 2024-02-10
    form = refused(client, record, "indictment", t_indictment_date="2024-01-31")
    assert form.errors["t_indictment_date"] == [
        "Date of indictment must be on or after date of criminal complaint / report filed "
        "(2024-02-10)."
    ]


def test_a_verdict_before_the_indictment_is_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **INDICTED)
    form = refused(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-05-01",
        t_verdict_first="acquitted",
    )
    assert "on or after date of indictment (2024-05-02)" in form.errors["t_verdict_first_date"][0]


def test_a_verdict_without_an_indictment_is_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world)
    form = refused(
        client, record, "first_instance", t_verdict_first_date="2024-06-01",
        t_verdict_first="acquitted",
    )  # fmt: skip
    assert form.non_field_errors() == ["A verdict needs the indictment date."]


def test_a_final_judgment_before_the_first_verdict_is_refused(
    client, prosecutor, world, code_lists
):
    record = suspect(prosecutor, world, **CONVICTED_FIRST)
    form = refused(
        client,
        record,
        "final",
        t_final_date="2024-11-14",
        t_final_outcome="acquitted",
    )
    assert "(2024-11-15)" in form.errors["t_final_date"][0]


def test_a_final_conviction_requires_the_sanction(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **CONVICTED_FIRST)
    form = refused(client, record, "final", t_final_date="2025-01-10", t_final_outcome="convicted")
    assert form.errors["t_final_sentence_type"] == ["A conviction requires the sanction imposed."]


def test_a_first_instance_conviction_requires_the_sanction(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **INDICTED)
    form = refused(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="convicted",
    )
    assert form.errors["t_sentence_type"] == ["A conviction requires the sanction imposed."]


def test_imprisonment_requires_its_length(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **CONVICTED_FIRST)
    form = refused(
        client,
        record,
        "final",
        t_final_date="2025-01-10",
        t_final_outcome="convicted",
        t_final_sentence_type=["unconditional_imprisonment"],
    )
    assert form.errors["t_final_prison_months"] == [
        "Give the length of the imprisonment in months."
    ]


def test_months_of_prison_without_imprisonment_are_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **INDICTED)
    form = refused(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="convicted",
        t_sentence_type=["fine"],
        t_fine_amount="2000",
        t_prison_months="6",
    )
    assert form.errors["t_prison_months"] == [
        "Months of imprisonment without a sanction of imprisonment."
    ]


def test_a_fine_requires_its_amount(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **INDICTED)
    form = refused(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="convicted",
        t_sentence_type=["fine"],
    )
    assert form.errors["t_fine_amount"] == ["Give the amount of the fine."]


def test_a_decision_requires_its_date(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **CONVICTED_FIRST)
    form = refused(client, record, "final", t_final_outcome="acquitted")
    assert form.errors["t_final_date"] == ["Give the date of the decision (Final outcome)."]


def test_a_date_requires_its_decision(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **CONVICTED_FIRST)
    form = refused(client, record, "final", t_final_date="2025-01-10")
    assert form.errors["t_final_outcome"] == ["Give the decision taken on this date."]


def test_prison_months_beyond_the_legal_maximum_are_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world, **INDICTED)
    form = refused(
        client,
        record,
        "first_instance",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="convicted",
        t_sentence_type=["unconditional_imprisonment"],
        t_prison_months="601",
    )
    assert "600" in form.errors["t_prison_months"][0]


def test_a_date_in_the_future_is_refused(client, prosecutor, world, code_lists):
    record = suspect(prosecutor, world)
    form = refused(client, record, "indictment", t_indictment_date="2099-01-01")
    assert form.errors["t_indictment_date"] == ["The date is in the future."]


def test_a_qualification_must_come_from_the_territorys_articles(
    client, prosecutor, world, code_lists
):
    record = suspect(prosecutor, world)
    # 110a is an article of the Albanian code list, not of the Serbian one.
    form = refused(
        client, record, "indictment", t_indictment_date="2024-05-02",
        t_qualification_indictment=["110a"],
    )  # fmt: skip
    assert (
        "110a is not one of the available choices" in form.errors["t_qualification_indictment"][0]
    )


def test_an_acquittal_keeps_no_sanction(client, prosecutor, world, code_lists):
    """The sanction fields do not apply to an acquittal: what a POST carries there is dropped."""
    record = suspect(prosecutor, world, **INDICTED)
    response = client.post(
        reverse("traffickers:stage", args=[record.uuid, "first_instance"]),
        stage_data(
            record,
            t_verdict_first_date="2024-11-15",
            t_verdict_first="acquitted",
            t_sentence_type=["unconditional_imprisonment"],
            t_prison_months="36",
        ),
    )
    assert response.status_code == 302
    saved = reload(record)
    assert saved.t_verdict_first == "acquitted"
    assert saved.t_sentence_type == []
    assert saved.t_prison_months is None


def test_a_date_of_birth_after_the_complaint_is_refused_on_the_profile(
    client, prosecutor, world, code_lists
):
    record = suspect(prosecutor, world)
    before = reload(record)
    response = client.post(
        reverse("traffickers:edit", args=[record.uuid]),
        profile_data(
            record,
            t_date_of_birth="2024-03-01",
            pc_first_name="Ma",
            pc_family_name="Jo",
            action="complete",
        ),
    )
    assert response.status_code == 200
    # The complaint date is not on the profile form: the message is about the whole record.
    assert response.context["form"].non_field_errors() == [
        "Date of criminal complaint / report filed must be after date of birth (2024-03-01)."
    ]
    assert reload(record).version == before.version
