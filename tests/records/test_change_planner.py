"""The change planner (indicators.changes.plan_change): what a save means, without the database;
the form and the import both answer with its problems, word for word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import changes
from indicators.exchange.config import EXCHANGES
from indicators.exchange.parse import Table
from indicators.exchange.validate import validate_table
from indicators.rules import RuleContext
from tests.conftest import signed_in_client
from tests.victims.conftest import make_record
from thb_data.personal_code import build_code, hash_code
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db
RS = RuleContext(territory_code="RS")


def _code():
    code = build_code(
        first_name="An",
        family_name="Pe",
        date_of_birth="1995-04-12",
        sex="female",
        citizenship="RS",
    )
    return {"personal_code_hash": hash_code(code), "near_match_key": "", "letter_keys": ""}


def test_it_plans_a_new_record_without_a_query():
    with CaptureQueriesContext(connection) as queries:
        plan = changes.plan_change(
            VictimRecord,
            current=None,
            values={"v_sex": "female", "v_date_of_birth": "2010-02-01",
                    "v_identification_date": "2024-06-01"},
            status="draft",
            rule_context=RS,
            default_year=2026,
            locked_years={2023},
        )  # fmt: skip
    assert len(queries) == 0
    assert plan.creating and plan.problems == []
    assert plan.reporting_year == 2024  # the year of identification, not of entry
    assert plan.values["v_age_at_identification"] == 14  # 2010-02-01 to 2024-06-01
    assert plan.values["v_minor_flag"] == "yes"
    assert plan.person_key == ""


def test_it_plans_the_audit_diff_of_a_change(personas):
    record = make_record(personas["caseworker_rs_ngo"], v_sex="female", status="draft")
    with scopes_disabled():
        record = VictimRecord.objects.get(pk=record.pk)
    with CaptureQueriesContext(connection) as queries:
        plan = changes.plan_change(
            VictimRecord,
            current=record,
            values={"v_sex": "male"},
            status="complete",
            personal_code=_code(),
            default_year=2026,
        )
    assert len(queries) == 0
    assert plan.changes == {
        "v_sex": ["female", "male"],
        "personal_code": ["(hash)", "(new hash)"],
        "status": ["draft", "complete"],
    }
    assert plan.person_key == _code()["personal_code_hash"]  # the person follows the code


def test_a_change_in_a_signed_off_year_is_a_problem_and_no_change_is_none(personas):
    record = make_record(personas["caseworker_rs_ngo"], v_identification_date="2024-05-01")
    with scopes_disabled():
        record = VictimRecord.objects.get(pk=record.pk)
    same = changes.plan_change(
        VictimRecord, current=record, values={}, status=record.status, default_year=2026,
        locked_years={2024},
    )  # fmt: skip
    assert same.changes == {} and same.problems == []
    changed = changes.plan_change(
        VictimRecord, current=record, values={"v_sex": "male"}, status=record.status,
        default_year=2026, locked_years={2024},
    )  # fmt: skip
    assert [p.message for p in changed.errors] == [changes.year_signed_off(2024)]


def test_the_form_and_the_import_refuse_a_complete_record_without_code_in_the_same_words(
    clients, personas, world
):
    values = {
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
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**values, "status": "complete"}
    )
    assert response.context["form"].errors["pc_first_name"] == [changes.CODE_REQUIRED]

    header = ["status", *values]
    row = ["complete", *(";".join(v) if isinstance(v, list) else v for v in values.values())]
    user = personas["caseworker_rs_ngo"]
    report = validate_table(
        Table(kind="csv", headers=header, rows=[(2, row)]),
        exchange=EXCHANGES["victims"],
        user=user,
        institution=user.institution,
    )
    assert [(p.column, p.message) for p in report.errors] == [
        ("pc_first_name", changes.CODE_REQUIRED)
    ]


def test_the_form_and_the_import_refuse_a_signed_off_year_in_the_same_words(
    clients, personas, world
):
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    draft = {"v_sex": "female", "v_citizenship": "RS", "v_identification_date": "2024-05-01"}
    client = signed_in_client(personas["caseworker_rs_ngo"])
    response = client.post(reverse("victims:create"), {**draft, "status": "draft"})
    assert changes.year_signed_off(2024) in [str(m) for m in response.context["messages"]]

    user = personas["caseworker_rs_ngo"]
    report = validate_table(
        Table(kind="csv", headers=list(draft), rows=[(2, list(draft.values()))]),
        exchange=EXCHANGES["victims"],
        user=user,
        institution=user.institution,
    )
    assert [p.message for p in report.errors] == [changes.year_signed_off(2024)]
