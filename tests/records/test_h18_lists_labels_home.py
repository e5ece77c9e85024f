"""Issue 18 (data entry that respects a caseworker's time), server side: lists with every year by
default and their filters shown, labels instead of codes wherever a person reads, home pages with
the next thing to do, stages in their order, and error pages with a way back."""

import io
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from indicators.catalogue import TRAFFICKERS
from indicators.models import NationalCodeEntry
from indicators.rules import APPEAL_NEEDS_VERDICT, SANCTION_NEEDS_CONVICTION, RuleContext, check
from tests.conftest import signed_in_client
from tests.traffickers.conftest import make_case, make_trafficker, make_victim, reload, stage_data
from tests.victims.conftest import make_record
from thb_data.scoping import scope_for, scopes_disabled

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's visible text, tags removed, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" :", ":")


def listed(response):
    return [row["record"].record_number for row in response.context["rows"]]


# --- lists -----------------------------------------------------------------------------------


def test_the_list_shows_every_year_by_default_and_offers_any_year(clients, personas):
    cw = personas["caseworker_rs_ngo"]
    old = make_record(cw, v_identification_date="2021-05-01")  # reporting year 2021
    recent = make_record(cw, v_identification_date="2025-03-10")
    response = clients["caseworker_rs_ngo"].get(reverse("victims:list"))
    assert set(listed(response)) == {old.record_number, recent.record_number}
    year = response.context["filterset"].form.fields["year"]
    assert list(year.choices)[0] == ("", "Any year")
    html = response.content.decode()
    assert re.search(r'<option value="" selected>Any year</option>', html)
    assert 'data-testid="no-filters"' in html


def test_a_form_sent_with_any_year_finds_a_draft_by_its_number(clients, personas):
    draft = make_record(personas["caseworker_rs_ngo"], v_identification_date="2019-01-05")
    response = clients["caseworker_rs_ngo"].get(
        reverse("victims:list"), {"q": draft.record_number, "year": "", "status": ""}
    )
    assert listed(response) == [draft.record_number]
    assert not list(response.context["messages"])  # nothing ignored, nothing reported


def test_the_filters_in_force_are_shown_by_label_and_each_can_be_removed(clients, personas):
    cw = personas["caseworker_rs_ngo"]
    make_record(cw, v_citizenship="AL", v_identification_date="2025-03-10")
    response = clients["caseworker_rs_ngo"].get(
        reverse("victims:list"), {"year": "2025", "status": "draft", "v_citizenship": "AL"}
    )
    chips = {c["label"]: (c["value"], c["remove"]) for c in response.context["active_filters"]}
    assert chips["Reporting year"] == ("2025", "status=draft&v_citizenship=AL")
    assert chips["Status"] == ("Draft", "year=2025&v_citizenship=AL")
    assert chips["Citizenship"] == ("Albania", "year=2025&status=draft")
    assert "Remove the filter Citizenship: Albania" in response.content.decode()


def test_long_choice_filters_are_check_boxes_with_a_search_box(clients):
    html = clients["coordinator_rs"].get(reverse("victims:list")).content.decode()
    assert re.search(r'type="checkbox"[^>]*name="v_citizenship"[^>]*data-searchable', html)
    assert "thb/lists.js" in html


def test_both_lists_take_the_same_parameter_names(clients):
    for name in ("victims:list", "traffickers:list"):
        fields = clients["coordinator_rs"].get(reverse(name)).context["filterset"].form.fields
        assert {"q", "year", "status", "institution"} <= set(fields), name


def test_the_traffickers_list_shows_the_country_name_not_its_code(personas, code_lists):
    prosecutor = personas["prosecutor_rs"]
    make_trafficker(prosecutor, t_citizenship="RS")
    response = signed_in_client(prosecutor).get(reverse("traffickers:list"))
    row = response.context["rows"][0]
    assert row["t_citizenship"] == "Serbia"
    assert "<td>RS</td>" not in response.content.decode()


# --- labels in the audit trail and the history -----------------------------------------------


def test_the_history_and_the_audit_trail_show_labels_not_codes(clients, personas):
    cw = personas["caseworker_rs_ngo"]
    record = make_record(cw, v_sex="female", v_citizenship="RS")
    client = clients["caseworker_rs_ngo"]
    detail_url = reverse("victims:detail", args=[record.uuid])
    form = client.get(reverse("victims:edit", args=[record.uuid])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [], "")}
    data.update(v_sex="male", v_citizenship="AL", status="draft")
    response = client.post(reverse("victims:edit", args=[record.uuid]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors

    history = text(client.get(detail_url))
    assert "Sex: Female → Male" in history
    assert "Citizenship: Serbia → Albania" in history
    assert "v_sex" not in history and "v_citizenship" not in history

    trail = text(clients["coordinator_rs"].get(reverse("audit:list")))
    assert "Sex: Female → Male" in trail
    assert "Citizenship: Serbia → Albania" in trail
    assert "victims.victimrecord" not in trail
    assert "Victim record" in trail


# --- imports -----------------------------------------------------------------------------------


def upload(client, name, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("victims:import"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_import_errors_name_the_column_by_its_label(clients):
    csv = b"v_sex,v_citizenship,v_identification_date\nwoman,RS,2025-01-02\n"
    response = upload(clients["caseworker_rs_ngo"], "people.csv", csv)
    html = response.content.decode()
    row = re.search(r'<tr data-row="2" data-column="v_sex">(.*?)</tr>', html, re.S).group(1)
    assert "Sex" in row and "(v_sex)" in row


def test_the_template_dropdowns_read_code_and_label_and_the_import_accepts_both(clients):
    client = clients["caseworker_rs_ngo"]
    workbook = load_workbook(io.BytesIO(client.get(reverse("victims:import_template")).content))
    choices = workbook["_choices"]
    columns = {choices.cell(row=1, column=c).value: c for c in range(1, choices.max_column + 1)}
    sex = [choices.cell(row=r, column=columns["v_sex"]).value for r in range(2, 6)]
    assert "female – Female" in sex
    csv = (
        "v_sex,v_citizenship,v_identification_date\n"
        "female – Female,RS,2025-01-02\nmale,RS,2025-01-03\n"
    ).encode()
    response = upload(client, "people.csv", csv)
    assert response.status_code == 302, text(response)[:2000]  # the preview: no error


# --- back office -------------------------------------------------------------------------------


def test_the_regional_category_is_chosen_from_the_regional_list(clients, world):
    client = clients["coordinator_rs"]
    url = reverse("admin:indicators_nationalcodeentry_add")
    form = client.get(url).context["adminform"].form
    offered = [
        value for group, options in form.fields["maps_to"].choices[1:] for value, _ in options
    ]
    assert "trafficking_in_human_beings" in offered
    html = client.get(url).content.decode()
    assert re.search(r"<select[^>]*name=\"maps_to\"", html)
    assert ">Trafficking in human beings<" in html
    data = {
        "list_code": "criminal_code_articles",
        "code": "999",
        "label": "Invented article",
        "maps_to": "no_such_category",
        "is_active": "on",
        "sort_order": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # refused
    with scopes_disabled():
        assert not NationalCodeEntry.objects.filter(code="999").exists()
    response = client.post(url, {**data, "maps_to": "trafficking_in_human_beings"})
    assert response.status_code == 302
    with scopes_disabled():
        assert NationalCodeEntry.objects.get(code="999").maps_to == "trafficking_in_human_beings"


# --- home pages and the missing core -----------------------------------------------------------


def test_a_caseworkers_home_lists_their_drafts_with_what_each_misses(clients, personas):
    cw = personas["caseworker_rs_ngo"]
    draft = make_record(cw, v_sex="female", v_citizenship="RS")
    make_record(personas["caseworker_rs_police"])  # another institution's draft
    make_record(cw, status="complete", **complete_values())
    response = clients["caseworker_rs_ngo"].get(reverse("home"))
    panel = response.context["panels"][0]
    assert panel["total"] == 1
    (item,) = panel["items"]
    assert item["record"].pk == draft.pk
    missing = [field["label"] for field in item["missing"]]
    # Core fields left empty by make_record (sex, citizenship, identification date given).
    assert missing == [
        "Victim status",
        "Date of birth",
        "Form(s) of exploitation",
        "Main form of exploitation",
        "Institution that identified the victim",
    ]
    page = text(response)
    assert draft.record_number in page
    edit_url = reverse("victims:edit", args=[draft.uuid])
    assert f'href="{edit_url}#div_id_v_date_of_birth"' in response.content.decode()
    # No menu repeated as cards.
    assert "stretched-link" not in response.content.decode()


def complete_values():
    """The core answers make_record leaves empty."""
    return {
        "v_victim_status": "identified",
        "v_date_of_birth": "1995-04-12",
        "v_exploitation_form": ["sexual"],
        "v_main_exploitation_form": "sexual",
        "v_identifying_institution": "labour_inspectorate",
    }


def test_a_drafts_page_lists_the_core_fields_it_misses(clients, personas):
    draft = make_record(personas["caseworker_rs_ngo"])
    response = clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[draft.uuid]))
    labels = [field["label"] for field in response.context["missing_core"]]
    assert "Date of birth" in labels and "Victim status" in labels
    assert "Sex" not in labels  # answered
    assert 'data-testid="missing-core"' in response.content.decode()


def test_a_complete_records_page_has_no_missing_list(clients, personas):
    record = make_record(personas["caseworker_rs_ngo"], status="complete", **complete_values())
    response = clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[record.uuid]))
    assert response.context["missing_core"] == []
    assert 'data-testid="missing-core"' not in response.content.decode()


def test_a_prosecutors_home_lists_the_next_stage_due(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    case = make_case(world["rs_prosecution"], "KTO 7/25", user=prosecutor)
    waiting = make_trafficker(prosecutor, case=case)  # the complaint only
    make_trafficker(
        prosecutor,
        t_indictment_date="2024-05-02",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="acquitted",
        t_final_date="2025-01-10",
        t_final_outcome="acquitted",
    )  # finished
    make_trafficker(personas["prosecutor_al"], t_citizenship="AL")  # another territory
    response = signed_in_client(prosecutor).get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p["template"].endswith("stages.html"))
    assert panel["total"] == 1
    (item,) = panel["items"]
    assert item["record"].pk == waiting.pk
    assert (item["case"], item["reached"], item["next"]) == (
        "KTO 7/25",
        "Criminal complaint",
        "Investigation",
    )
    assert item["next_url"] == reverse("traffickers:stage", args=[waiting.uuid, "investigation"])


def test_a_coordinators_home_summarises_the_quality_of_this_year(clients, personas):
    from django.utils import timezone

    year = timezone.localdate().year
    cw = personas["caseworker_rs_ngo"]
    make_record(cw, v_identification_date=f"{year}-01-10")
    make_record(cw, v_identification_date=f"{year}-02-10")
    make_record(
        cw, status="complete", **{**complete_values(), "v_identification_date": f"{year}-03-01"}
    )
    make_record(personas["caseworker_al"], v_identification_date=f"{year}-01-10")
    response = clients["coordinator_rs"].get(reverse("home"))
    (panel,) = response.context["panels"]
    victims = next(row for row in panel["rows"] if row["label"] == "Victims")
    assert victims["records"] == 3  # Serbia's records of this year, by hand
    assert victims["drafts"] == 2
    assert panel["quality_url"] == reverse("quality:year", args=["RS", year])


# --- stages in order ---------------------------------------------------------------------------


def test_an_appeal_before_a_first_instance_decision_is_refused_and_nothing_saved(
    personas, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(prosecutor, status="draft")
    before = reload(record).version
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:stage", args=[record.uuid, "appeal"]),
        stage_data(record, t_appeal_filed="defence"),
    )
    assert response.status_code == 200
    assert APPEAL_NEEDS_VERDICT in response.content.decode()
    assert reload(record).version == before
    assert reload(record).t_appeal_filed == ""


def test_sanctions_without_a_conviction_are_refused_and_accepted_after_one(personas, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor,
        status="draft",
        t_indictment_date="2024-05-02",
        t_verdict_first_date="2024-11-15",
        t_verdict_first="acquitted",
    )
    client = signed_in_client(prosecutor)
    url = reverse("traffickers:stage", args=[record.uuid, "sanctions"])
    response = client.post(
        url, stage_data(record, t_confiscation="yes", t_confiscation_value="5000")
    )
    assert SANCTION_NEEDS_CONVICTION in response.content.decode()
    assert reload(record).t_confiscation == ""
    # "No confiscation" states no sanction: it is accepted.
    response = client.post(url, stage_data(record, t_confiscation="no"))
    assert response.status_code == 302
    assert reload(record).t_confiscation == "no"


def test_the_import_applies_the_same_stage_order():
    context = RuleContext(territory_code="RS")
    messages = [
        i.message
        for i in check(TRAFFICKERS, {"t_verdict_second": "confirmed"}, context, complete=False)
    ]
    assert APPEAL_NEEDS_VERDICT in messages
    convicted = {"t_verdict_first": "convicted", "t_compensation_ordered": "yes"}
    messages = [i.message for i in check(TRAFFICKERS, convicted, context, complete=False)]
    assert SANCTION_NEEDS_CONVICTION not in messages


# --- the case picker and victim numbers ---------------------------------------------------------


def test_a_case_is_picked_by_its_reference_within_the_users_scope(personas, world, code_lists):
    from traffickers.forms import CaseChoiceForm

    prosecutor = personas["prosecutor_rs"]
    mine = make_case(world["rs_prosecution"], "KTO 1/25", user=prosecutor)
    make_case(world["al_prosecution"], "AL 9/25", user=personas["prosecutor_al"])
    with scope_for(prosecutor):
        form = CaseChoiceForm({"case": "kto 1/25"}, user=prosecutor)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["case"] == mine
        form = CaseChoiceForm({"case": "AL 9/25"}, user=prosecutor)
        assert not form.is_valid()
    assert form.errors["case"] == [
        "No case “AL 9/25” among your office's cases: pick one from the list, or leave this "
        "empty and give the reference of a new case."
    ]


def test_a_victim_number_of_another_territory_reads_as_unknown(personas, world, code_lists):
    from traffickers.forms import LinkVictimForm

    albanian = make_victim(personas["caseworker_al"])
    serbian = make_victim(personas["caseworker_rs_police"])  # another institution, same territory
    prosecutor = personas["prosecutor_rs"]
    form = LinkVictimForm({"record_number": albanian.record_number}, user=prosecutor)
    assert not form.is_valid()
    unknown = LinkVictimForm({"record_number": "RS-V999999"}, user=prosecutor)
    assert not unknown.is_valid()
    # The same sentence as a number that does not exist: nothing about the other territory.
    assert form.errors["record_number"] == [
        f"No victim record {albanian.record_number} in your territory."
    ]
    assert unknown.errors["record_number"] == ["No victim record RS-V999999 in your territory."]
    assert LinkVictimForm({"record_number": serbian.record_number}, user=prosecutor).is_valid()


# --- error pages -------------------------------------------------------------------------------


def test_the_not_found_page_has_the_layout_and_a_way_back(clients):
    response = clients["caseworker_rs_ngo"].get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html and 'id="main-menu"' in html
    assert 'href="/"' in html
    assert "Nothing was saved" not in html
    posted = clients["caseworker_rs_ngo"].post(
        "/victims/00000000-0000-0000-0000-000000000000/edit/"
    )
    assert posted.status_code == 404
    assert "Nothing was saved." in posted.content.decode()


def test_a_refused_role_gets_the_403_page_saying_nothing_was_saved(clients):
    response = clients["analyst"].post(reverse("victims:create"), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html and "Nothing was saved." in html


def test_a_form_without_its_security_token_says_nothing_was_saved(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["caseworker_rs_ngo"])
    response = client.post(reverse("victims:create"), {"v_sex": "female"})
    assert response.status_code == 403
    assert "Nothing was saved." in response.content.decode()


def test_the_server_error_page_renders_without_the_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'href="/"' in html
    assert 'data-testid="error-page"' in render_to_string("database_busy.html", {"kind": "lock"})
