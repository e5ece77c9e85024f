"""Catalogue 2.0 fields through the ordinary machinery: the form and its rules, the import and the
export, and the tables that count them (expected tables computed by hand)."""

import pytest
from django.urls import reverse

from indicators.models import NationalPractice
from indicators.statistics.engine import compute_statistics
from tests.exchange.conftest import csv_bytes, victim_row, victims_of
from tests.exchange.test_export import read_csv
from tests.exchange.test_import import error_cells, import_file, upload
from tests.victims.conftest import CORE
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db

URL = "/victims/import/"


def post(client, data):
    return client.post(reverse("victims:create"), {**data, "status": "draft"})


def errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["form"].errors


# --- form and rules --------------------------------------------------------------------------


def test_an_intercepted_person_keeps_the_intended_form_and_has_no_exploitation_dates(clients):
    client = clients["caseworker_rs_ngo"]
    data = {**CORE, "v_intercepted": "yes", "v_exploitation_start": "2025-02-01"}
    assert "v_exploitation_start" in errors(post(client, data))
    data.pop("v_exploitation_start")
    assert post(client, data).status_code == 302
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert record.v_intercepted == "yes"
    assert record.v_exploitation_form == ["sexual"]  # the intended form
    assert record.v_main_exploitation_form == "sexual"


def test_the_retired_form_code_is_refused(clients):
    data = {**CORE, "v_exploitation_form": ["not_yet_exploited"]}
    data["v_main_exploitation_form"] = "not_yet_exploited"
    form_errors = errors(post(clients["caseworker_rs_ngo"], data))
    assert "v_exploitation_form" in form_errors and "v_main_exploitation_form" in form_errors


def test_surrogacy_is_a_form_of_exploitation(clients):
    data = {**CORE, "v_exploitation_form": ["surrogacy"], "v_main_exploitation_form": "surrogacy"}
    data.pop("v_sexual_exploitation_setting")
    assert post(clients["caseworker_rs_ngo"], data).status_code == 302


def test_formal_identification_cannot_precede_the_first_identification(clients):
    data = {**CORE, "v_formal_identification_date": "2025-03-01"}  # identified 2025-03-10
    assert "v_formal_identification_date" in errors(post(clients["caseworker_rs_ngo"], data))


def test_the_formal_identification_date_applies_to_identified_victims_only(clients):
    data = {**CORE, "v_victim_status": "presumed", "v_formal_identification_date": "2025-04-01"}
    data["v_status_decision_body"] = "police"
    assert post(clients["caseworker_rs_ngo"], data).status_code == 302
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert record.v_formal_identification_date == "" and record.v_status_decision_body == ""


def test_an_adult_cannot_be_an_unaccompanied_child(clients):
    data = {**CORE, "v_unaccompanied_child": "yes"}  # born 1995
    assert "v_unaccompanied_child" in errors(post(clients["caseworker_rs_ngo"], data))
    child = {**data, "v_date_of_birth": "2010-05-01"}
    assert post(clients["caseworker_rs_ngo"], child).status_code == 302


def test_the_amount_paid_cannot_exceed_the_amount_awarded(clients):
    data = {
        **CORE,
        "v_compensation_claimed": ["criminal_proceedings", "state_fund"],
        "v_compensation_awarded": "awarded_paid",
        "v_compensation_amount": "1000",
        "v_compensation_paid_amount": "1000.01",
        "v_compensation_source": ["perpetrator", "state_fund"],
    }
    assert "v_compensation_paid_amount" in errors(post(clients["caseworker_rs_ngo"], data))
    data["v_compensation_paid_amount"] = "400"
    assert post(clients["caseworker_rs_ngo"], data).status_code == 302
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert str(record.v_compensation_paid_amount) == "400.00"
    assert record.v_compensation_source == ["perpetrator", "state_fund"]


def test_the_platforms_come_from_the_territorys_own_list(clients, world):
    """Every territory starts with the HTCDS v2.0 platforms and can add its own."""
    from indicators.models import NationalCodeEntry

    with scopes_disabled():
        NationalCodeEntry.objects.create(
            territory=world["al"], list_code="ict_platforms", code="al_forum", label="AL forum"
        )
    data = {**CORE, "v_ict_use": ["recruitment"], "v_ict_platforms": ["al_forum"]}
    assert "v_ict_platforms" in errors(post(clients["caseworker_rs_ngo"], data))
    data["v_ict_platforms"] = ["viber", "tiktok"]
    assert post(clients["caseworker_rs_ngo"], data).status_code == 302
    al = {**data, "v_citizenship": "AL", "v_ict_platforms": ["al_forum"]}
    assert post(clients["caseworker_al"], al).status_code == 302


def test_non_punishment_is_coded(clients):
    data = {
        **CORE,
        "v_victim_prosecuted": "yes",
        "v_non_punishment": ["prostitution_misdemeanour"],
        "v_non_punishment_stage": "misdemeanour",
        "v_non_punishment_outcome": "not_prosecuted",
    }
    assert post(clients["caseworker_rs_ngo"], data).status_code == 302
    bad = {**data, "v_non_punishment": ["shoplifting at the market"]}
    assert "v_non_punishment" in errors(post(clients["caseworker_rs_ngo"], bad))


def _csv(rows):
    """A CSV file with every column any of the rows has."""
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return csv_bytes(rows, headers)


# --- import and export -----------------------------------------------------------------------

NEW_COLUMNS = {
    "v_formal_identification_date": "2024-04-15",
    "v_status_decision_body": "centre_for_victim_protection",
    "v_unaccompanied_child": "not_applicable",
    "v_recruitment_method": "false_job_offer",
    "v_recruitment_channel": "social_network;messaging_app",
    "v_intercepted": "no",
    "v_ict_use": "recruitment;control",
    "v_ict_platforms": "facebook;whatsapp",
    "v_identification_referral_source": "mobile_identification_unit",
    "v_identification_referral_outcome": "identified",
    "v_legal_aid": "yes",
    "v_victim_prosecuted": "yes",
    "v_non_punishment": "irregular_entry_stay",
    "v_non_punishment_stage": "investigation",
    "v_non_punishment_outcome": "charges_dropped",
    "v_compensation_claimed": "state_fund",
    "v_compensation_awarded": "awarded_paid",
    "v_compensation_amount": "2000",
    "v_compensation_source": "state_fund",
    "v_compensation_paid_amount": "1500",
}


def test_the_template_offers_the_new_columns(clients):
    import io

    from openpyxl import load_workbook

    content = clients["caseworker_rs_ngo"].get("/victims/import/template.xlsx").content
    headers = [c.value for c in load_workbook(io.BytesIO(content)).worksheets[0][1]]
    for column in (*NEW_COLUMNS, "v_residence_permit_ground"):
        assert column in headers, column


def test_the_new_fields_import_and_export_unchanged(clients, world):
    row = victim_row(**NEW_COLUMNS)
    response = import_file(clients["caseworker_rs_ngo"], csv_bytes([row]), "new.csv")
    assert response.status_code == 200
    (record,) = victims_of(world["rs_ngo"])
    assert record.v_recruitment_channel == ["social_network", "messaging_app"]
    assert record.v_ict_platforms == ["facebook", "whatsapp"]
    assert record.v_identification_referral_source == "mobile_identification_unit"
    assert record.v_non_punishment == ["irregular_entry_stay"]
    assert str(record.v_compensation_paid_amount) == "1500.00"
    exported = read_csv(clients["coordinator_rs"].get("/victims/export.csv").content)[0]
    for column, value in NEW_COLUMNS.items():
        if column.endswith("amount"):
            assert exported[column] in (value, f"{value}.00"), column
        else:
            assert exported[column] == value, column


def test_an_import_with_retired_or_wrong_codes_is_refused_cell_by_cell(clients, world):
    rows = [
        victim_row(v_exploitation_form="sexual;not_yet_exploited"),
        victim_row(pc_first_name="Bo", v_labour_sector="hospitality"),  # the pre-ISIC code
        victim_row(pc_first_name="Ce", v_recruitment_channel="carrier_pigeon"),
        victim_row(pc_first_name="Da", v_intercepted="yes", v_exploitation_start="2024-01-01"),
    ]
    response = upload(clients["caseworker_rs_ngo"], URL, _csv(rows), "bad.csv")
    assert error_cells(response) == {
        ("2", "v_exploitation_form"),
        ("3", "v_labour_sector"),
        ("4", "v_recruitment_channel"),
        ("5", "v_exploitation_start"),
    }
    assert victims_of(world["rs_ngo"]) == []


# --- tables ----------------------------------------------------------------------------------


def _tables(territory, year=2024):
    with scopes_disabled():
        stats = compute_statistics(territory, year)
    return {view.code: view for view in stats.views()}


def _import(clients, rows, client="caseworker_rs_ngo"):
    response = import_file(clients[client], _csv(rows), "rows.csv")
    assert response.status_code == 200, response.content.decode()[-1500:]


def test_referrals_by_source_and_outcome(clients, world):
    """Five records of 2024 (five persons) plus one of 2023:

    ======================  ==========  ========  ============  =======
    source                  identified  presumed  not a victim  pending
    ======================  ==========  ========  ============  =======
    police                  1           0         1             0
    ngo                     0           1         0             1
    (not referred)          -           -         -             -
    ======================  ==========  ========  ============  =======

    The not-a-victim referral counts although the person is not a victim; the person not
    referred and the 2023 referral do not.
    """
    rows = [
        victim_row(
            pc_first_name="Aa",
            v_identification_referral_source="police",
            v_identification_referral_outcome="identified",
        ),
        victim_row(
            pc_first_name="Bb",
            v_victim_status="not_confirmed",
            v_identification_referral_source="police",
            v_identification_referral_outcome="not_a_victim",
        ),
        victim_row(
            pc_first_name="Cc",
            v_victim_status="presumed",
            v_identification_referral_source="ngo",
            v_identification_referral_outcome="presumed",
        ),
        victim_row(
            pc_first_name="Dd",
            v_victim_status="presumed",
            v_identification_referral_source="ngo",
            v_identification_referral_outcome="pending",
        ),
        victim_row(pc_first_name="Ee", v_identification_referral_source="not_applicable"),
        victim_row(
            pc_first_name="Ff",
            v_identification_date="2023-05-01",
            v_identification_referral_source="police",
            v_identification_referral_outcome="identified",
        ),
    ]
    _import(clients, rows)
    v6c = _tables(world["rs"])["V6c"]
    assert v6c.value("police", "identified") == 1
    assert v6c.value("police", "not_a_victim") == 1
    assert v6c.value("ngo", "presumed") == 1
    assert v6c.value("ngo", "pending") == 1
    assert v6c.value("police", "_T") == 2 and v6c.value("ngo", "_T") == 2
    assert v6c.value("_T", "_T") == 4
    assert "not_applicable" not in v6c.row_codes


def test_intercepted_channel_and_ict_tables(clients, world):
    """Three victims of 2024: Aa intercepted on the way to sexual exploitation (recruited on a
    social network, ICT for recruitment); Bb exploited for sexual exploitation (in person, ICT
    for advertising and payment); Cc exploited (channel and ICT unknown).

    V3d intercepted: yes 1, no 2. V3b main form: sexual 3 (the intercepted person counts under
    the intended form). V5c channel mentions: social network 1, in person 1, unknown 1. V5d ICT
    mentions: recruitment 1, advertising 1, payment 1, unknown 1; persons 3.
    """
    rows = [
        victim_row(
            pc_first_name="Aa",
            v_exploitation_form="sexual",
            v_labour_sector="",
            v_intercepted="yes",
            v_recruitment_channel="social_network",
            v_ict_use="recruitment",
        ),
        victim_row(
            pc_first_name="Bb",
            v_exploitation_form="sexual",
            v_labour_sector="",
            v_intercepted="no",
            v_recruitment_channel="in_person_family_friends",
            v_ict_use="advertising;payment",
        ),
        victim_row(
            pc_first_name="Cc", v_exploitation_form="sexual", v_labour_sector="", v_intercepted="no"
        ),
    ]
    _import(clients, rows)
    tables = _tables(world["rs"])
    assert tables["V3d"].value("yes", "_T") == 1 and tables["V3d"].value("no", "_T") == 2
    assert tables["V3b"].value("sexual", "_T") == 3
    assert tables["E3"].value("sexual", "_T") == 3  # Eurostat: not "other forms"
    v5c = tables["V5c"]
    assert v5c.value("social_network", "_T") == 1
    assert v5c.value("in_person_family_friends", "_T") == 1
    assert v5c.value("unknown", "_T") == 1
    v5d = tables["V5d"]
    assert [v5d.value(c, "_T") for c in ("recruitment", "advertising", "payment", "unknown")] == [
        1,
        1,
        1,
        1,
    ]
    assert v5d.value("_T", "_T") == 3


def test_national_practice_groups_xk_citizens_in_the_national_tables_only(clients, world):
    """Two RS citizens and one XK citizen identified in Serbia in 2024. Separately (default):
    V2 RS 2, XK 1; V2b national 2, foreign 1. Grouped with the reporting country: V2 RS 3;
    V2b national 3; the Eurostat E2 still shows one non-EU citizen (XK) and the record keeps XK.
    """
    rows = [
        victim_row(pc_first_name="Aa"),
        victim_row(pc_first_name="Bb"),
        victim_row(pc_first_name="Cc", v_citizenship="XK", v_victim_category="foreign_into"),
    ]
    _import(clients, rows)
    separate = _tables(world["rs"])
    assert separate["V2"].value("RS", "_T") == 2 and separate["V2"].value("XK", "_T") == 1
    assert separate["V2b"].value("national", "_T") == 2
    assert separate["V2b"].value("foreign", "_T") == 1

    with scopes_disabled():
        NationalPractice.objects.create(
            territory=world["rs"], xk_grouping=NationalPractice.XK_REPORTING_COUNTRY
        )
    grouped = _tables(world["rs"])
    assert grouped["V2"].value("RS", "_T") == 3 and "XK" not in grouped["V2"].row_codes
    assert grouped["V2b"].value("national", "_T") == 3
    assert grouped["V2b"].value("foreign", "_T") == 0
    assert grouped["E2"].value("non_eu", "_T") == 1
    with scopes_disabled():
        assert VictimRecord.objects.filter(v_citizenship="XK").count() == 1


def test_compensation_claimed_in_several_procedures_counts_in_each(clients, world):
    """Aa claimed in the criminal proceedings and from the state fund, was awarded 1,000 EUR by
    the fund and paid 600; Bb claimed nothing. V10c (mentions): criminal proceedings 1, state
    fund 1, none 1, persons 2. V10h source: state fund 1."""
    rows = [
        victim_row(
            pc_first_name="Aa",
            v_compensation_claimed="criminal_proceedings;state_fund",
            v_compensation_awarded="awarded_paid",
            v_compensation_amount="1000",
            v_compensation_source="state_fund",
            v_compensation_paid_amount="600",
        ),
        victim_row(pc_first_name="Bb", v_compensation_claimed="none"),
        victim_row(pc_first_name="Cc", v_compensation_claimed="none;state_fund"),
    ]
    response = upload(clients["caseworker_rs_ngo"], URL, _csv(rows), "claims.csv")
    assert error_cells(response) == {("4", "v_compensation_claimed")}
    _import(clients, rows[:2])
    tables = _tables(world["rs"])
    v10c = tables["V10c"]
    assert v10c.value("criminal_proceedings", "_T") == 1
    assert v10c.value("state_fund", "_T") == 1
    assert v10c.value("none", "_T") == 1
    assert v10c.value("_T", "_T") == 2
    assert tables["V10h"].value("state_fund", "_T") == 1


# --- status history --------------------------------------------------------------------------


def test_the_status_history_follows_the_form_and_the_import(clients, world):
    """Registered as presumed through the form, formally identified by the Centre through the
    form, then found not to be a victim through a re-import: three statuses in order, the
    decision fields with the change that made them."""
    from victims.status_history import status_history

    client = clients["caseworker_rs_ngo"]
    data = {**CORE, "v_victim_status": "presumed"}
    assert post(client, data).status_code == 302
    with scopes_disabled():
        record = VictimRecord.objects.get()
    identified = {
        **data,
        "v_victim_status": "identified",
        "v_formal_identification_date": "2025-04-02",
        "v_status_decision_body": "centre_for_victim_protection",
        "status": "draft",
        "version": record.version,
    }
    response = client.post(reverse("victims:edit", args=[record.uuid]), identified)
    assert response.status_code == 302
    row = victim_row(
        uuid=str(record.uuid),
        status="draft",
        v_victim_status="not_confirmed",
        v_status_decision_body="centre_for_victim_protection",
        v_date_of_birth="1995-04-12",
        v_identification_date="2025-03-10",
        v_identifying_institution="police",
        v_exploitation_form="sexual",
        v_labour_sector="",
        v_victim_category="",
        v_trafficking_type="",
        v_has_children="",
        v_number_of_children="",
    )
    assert import_file(client, _csv([row]), "status.csv").status_code == 200
    with scopes_disabled():
        record = VictimRecord.objects.get()
    history = status_history(record)
    assert [(h.old, h.new) for h in history] == [
        ("", "presumed"),
        ("presumed", "identified"),
        ("identified", "not_confirmed"),
    ]
    assert history[1].decision == {
        "v_formal_identification_date": "2025-04-02",
        "v_status_decision_body": "centre_for_victim_protection",
    }
    assert history[2].decision == {"v_formal_identification_date": ""}
    assert all(h.username == "cw-rs-ngo" for h in history)
    assert history[0].at <= history[1].at <= history[2].at
    # The record page shows the history with labels, not codes; the caseworker of the entering
    # institution sees who changed it, another institution's reader sees the statuses only.
    page = client.get(reverse("victims:detail", args=[record.uuid])).content.decode()
    section = page[page.index('data-testid="status-history"') :]
    section = section[: section.index("</section>")]
    rows = section.split("<tr>")[2:]
    assert len(rows) == 3
    assert "Presumed or potential victim" in rows[0]
    assert "Formally identified victim" in rows[1] and "2025-04-02" in rows[1]
    assert "National centre for the identification or protection of victims" in rows[1]
    assert "Not confirmed as a victim" in rows[2] and "Formally identified victim" in rows[2]
    assert "centre_for_victim_protection" not in section and "not_confirmed" not in section
    assert "cw-rs-ngo" in section
    coordinator = clients["coordinator_rs"].get(reverse("victims:detail", args=[record.uuid]))
    assert "Not confirmed as a victim" in coordinator.content.decode()
