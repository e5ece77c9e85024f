"""Registering suspects, drafts, stale versions, soft deletion, signed-off years and the
personal code of trafficker records."""

from django.urls import reverse

from tests.conftest import signed_in_client
from tests.htmltools import markup_has
from tests.traffickers.conftest import (
    SUSPECT,
    make_case,
    make_trafficker,
    make_victim,
    profile_data,
    reload,
    stage_data,
)
from thb_data.audit.models import AuditEntry
from thb_data.personal_code import hash_code
from thb_data.records import ReportingYear
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord


def create_post(**extra):
    data = {
        **SUSPECT,
        "pc_first_name": "Ma",
        "pc_family_name": "Jo",
        "action": "complete",
    }
    data.update(extra)
    return {name: value for name, value in data.items() if value is not None}


def all_traffickers():
    with scopes_disabled():
        return list(TraffickerRecord.with_deleted.all())


def test_a_prosecutor_registers_a_suspect_in_a_new_case_linked_to_a_victim(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_ngo"])
    client = signed_in_client(prosecutor)

    response = client.post(
        reverse("traffickers:create"),
        create_post(**{"case-new_case_reference": "KTO 7/24", "case-victim_numbers": "RS-V000001"}),
    )

    assert response.status_code == 302
    [record] = all_traffickers()
    assert response["Location"] == reverse("traffickers:detail", args=[record.uuid])
    with scopes_disabled():
        case = CriminalCase.objects.get()
        assert list(case.victims.all()) == [victim]
    assert case.reference == "KTO 7/24"
    assert case.institution == world["rs_prosecution"] == record.institution
    assert record.case == case
    assert record.status == "complete"
    assert record.reporting_year == 2024  # the year of the complaint
    assert record.record_number == "RS-T000001"
    # T + MA + JO + 01051980 + M + RS: the code itself is never stored, only its keyed hash.
    assert record.personal_code_hash == hash_code("TMAJO01051980MRS")
    assert "MAJO" not in str(record.__dict__)


def test_a_suspect_can_join_an_existing_case_of_the_prosecutors_office(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    case = make_case(world["rs_prosecution"], "KTO 8/24", user=prosecutor)
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:create"), create_post(**{"case-case": str(case.uuid)})
    )
    assert response.status_code == 302
    [record] = all_traffickers()
    assert record.case == case


def test_a_case_of_another_office_cannot_be_chosen(personas, world, code_lists):
    """A case id in the POST is resolved through the user's scope (no IDOR)."""
    case_al = make_case(world["al_prosecution"], "AL 1/24", user=personas["prosecutor_al"])
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:create"), create_post(**{"case-case": str(case_al.uuid)})
    )
    assert response.status_code == 200
    assert "case" in response.context["case_form"].errors
    assert all_traffickers() == []
    assert not markup_has(response, "AL 1/24")


def test_a_case_reference_is_unique_in_the_territory(personas, world, code_lists):
    make_case(world["rs_prosecution"], "KTO 9/24", user=personas["prosecutor_rs"])
    response = signed_in_client(personas["coordinator_rs"]).post(
        reverse("traffickers:create"),
        create_post(
            **{
                "case-new_case_reference": "kto 9/24",
                "case-institution": world["rs_prosecution"].pk,
            }
        ),
    )
    assert response.status_code == 200
    assert "already exists" in response.context["case_form"].errors["new_case_reference"][0]
    assert all_traffickers() == []
    with scopes_disabled():
        assert CriminalCase.objects.count() == 1


def test_the_same_reference_may_exist_in_another_territory(personas, world, code_lists):
    make_case(world["al_prosecution"], "KTO 9/24", user=personas["prosecutor_al"])
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:create"), create_post(**{"case-new_case_reference": "KTO 9/24"})
    )
    assert response.status_code == 302


def test_a_victim_of_another_territory_cannot_be_linked(personas, world, code_lists):
    make_victim(personas["caseworker_al"])  # AL-V000001
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:create"),
        create_post(**{"case-new_case_reference": "K", "case-victim_numbers": "AL-V000001, 1"}),
    )
    assert response.status_code == 200
    assert response.context["case_form"].errors["victim_numbers"] == [
        "No victim record AL-V000001, 1 in your territory."
    ]
    assert all_traffickers() == []
    with scopes_disabled():
        assert CriminalCase.objects.count() == 0  # nothing half-saved


def test_a_bad_profile_saves_neither_the_record_nor_the_new_case(personas, world, code_lists):
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:create"),
        create_post(**{"case-new_case_reference": "K 1", "t_complaint_date": "2099-01-01"}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["t_complaint_date"] == ["The date is in the future."]
    with scopes_disabled():
        assert CriminalCase.objects.count() == 0
    assert all_traffickers() == []


def test_a_draft_may_lack_core_indicators_but_a_complete_record_may_not(
    personas, world, code_lists
):
    client = signed_in_client(personas["prosecutor_rs"])
    incomplete = create_post(**{"case-new_case_reference": "K 2", "t_role": None, "t_sex": None})
    response = client.post(reverse("traffickers:create"), incomplete)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["t_role"] == ["Required to mark the record complete."]
    assert errors["t_sex"] == ["Required to mark the record complete."]
    assert all_traffickers() == []

    response = client.post(reverse("traffickers:create"), {**incomplete, "action": "draft"})
    assert response.status_code == 302
    [record] = all_traffickers()
    assert record.status == "draft"


def test_a_save_based_on_a_stale_version_is_refused(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor)
    )
    client = signed_in_client(prosecutor)
    opened = stage_data(record, t_indictment_date="2024-04-01")  # version 1
    # Meanwhile the coordinator logs the indictment.
    response = signed_in_client(personas["coordinator_rs"]).post(
        reverse("traffickers:stage", args=[record.uuid, "indictment"]),
        stage_data(record, t_indictment_date="2024-03-15"),
    )
    assert response.status_code == 302

    response = client.post(reverse("traffickers:stage", args=[record.uuid, "indictment"]), opened)

    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()
    saved = reload(record)
    assert saved.t_indictment_date == "2024-03-15"
    assert saved.version == 2


def test_editing_the_profile_keeps_the_stages_and_the_derived_indicators(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor,
        case=make_case(world["rs_prosecution"], "K", user=prosecutor),
        t_indictment_date="2024-05-01",
        code="TMAJO01051980MRS",
    )
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:edit", args=[record.uuid]),
        profile_data(record, t_occupation="unemployed", action="complete"),
    )
    assert response.status_code == 302
    saved = reload(record)
    assert saved.t_occupation == "unemployed"
    assert saved.t_indictment_date == "2024-05-01"
    assert saved.t_complaint_date == "2024-02-10"
    assert saved.t_age_at_offence == 43
    assert saved.reporting_year == 2024


def test_changing_a_code_element_asks_for_the_letters_again(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor), code="TX"
    )
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:edit", args=[record.uuid]),
        profile_data(record, t_date_of_birth="1981-05-01", action="complete"),
    )
    assert response.status_code == 200
    assert "give the first letters" in response.context["form"].errors["pc_first_name"][0]


def test_a_deleted_record_leaves_the_list_and_can_be_restored(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor)
    )
    client = signed_in_client(prosecutor)

    response = client.post(reverse("traffickers:delete", args=[record.uuid]))
    assert response.status_code == 302
    assert reload(record).is_deleted
    listed = client.get(reverse("traffickers:list")).context["rows"]
    assert [row["record"] for row in listed] == []
    listed = client.get(reverse("traffickers:list") + "?deleted=1").context["rows"]
    assert [row["record"].record_number for row in listed] == ["RS-T000001"]
    assert client.get(reverse("traffickers:edit", args=[record.uuid])).status_code == 404
    page = client.get(reverse("traffickers:detail", args=[record.uuid]))
    assert 'data-testid="record-deleted"' in page.content.decode()

    response = client.post(reverse("traffickers:restore", args=[record.uuid]))
    assert response.status_code == 302
    assert not reload(record).is_deleted
    with scopes_disabled():
        actions = list(
            AuditEntry.objects.filter(object_id=str(record.uuid)).values_list("action", flat=True)
        )
    assert sorted(actions) == ["create", "delete", "restore"]


def test_delete_is_post_only(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor)
    )
    response = signed_in_client(prosecutor).get(reverse("traffickers:delete", args=[record.uuid]))
    assert response.status_code == 405
    assert not reload(record).is_deleted


def test_a_signed_off_year_refuses_the_edit_and_stage_pages(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    record = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor)
    )
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    client = signed_in_client(prosecutor)
    urls = [
        reverse("traffickers:edit", args=[record.uuid]),
        reverse("traffickers:stage", args=[record.uuid, "indictment"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403
        assert "The reporting year 2024 is signed off" in response.content.decode()
    response = client.post(urls[1], stage_data(record, t_indictment_date="2024-05-01"))
    assert response.status_code == 403
    response = client.post(urls[0], profile_data(record, action="complete"))
    assert response.status_code == 403
    saved = reload(record)
    assert saved.version == 1
    assert saved.t_indictment_date == ""
    page = client.get(reverse("traffickers:detail", args=[record.uuid])).content.decode()
    assert 'data-testid="year-locked"' in page
    assert 'data-testid="log-indictment"' not in page


def test_records_of_one_person_share_the_hash_and_the_coordinator_sees_them(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    first = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K1", user=prosecutor),
        code="TMAJO01051980MRS",
    )  # fmt: skip
    make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K2", user=prosecutor),
        code="TMAJO01051980MRS",
    )  # fmt: skip
    make_trafficker(  # a record of the same person held by a court
        personas["coordinator_rs"], institution=world["rs_police"], code="TMAJO01051980MRS"
    )
    make_trafficker(personas["prosecutor_al"], code="TMAJO01051980MRS")  # Albania: not counted

    url = reverse("traffickers:detail", args=[first.uuid])
    page = signed_in_client(personas["coordinator_rs"]).get(url).content.decode()
    assert "This person has 2 other records in the territory" in page
    page = signed_in_client(prosecutor).get(url).content.decode()
    assert 'data-testid="same-person"' not in page


def test_entering_a_code_already_in_the_territory_warns_without_saying_where(
    personas, world, code_lists
):
    make_trafficker(
        personas["coordinator_rs"], institution=world["rs_police"], code="TMAJO01051980MRS"
    )
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:create"),
        create_post(**{"case-new_case_reference": "K 3"}),
        follow=True,
    )
    body = response.content.decode()
    assert "This personal code already exists in other records of the territory" in body
    assert not markup_has(body, "Police Belgrade")


def test_completing_a_draft_without_a_personal_code_asks_for_it(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    draft = make_trafficker(
        prosecutor, case=make_case(world["rs_prosecution"], "K", user=prosecutor), status="draft"
    )
    client = signed_in_client(prosecutor)
    url = reverse("traffickers:edit", args=[draft.uuid])

    response = client.post(url, profile_data(draft, action="complete"))
    assert response.status_code == 200
    assert response.context["form"].errors["pc_first_name"] == [
        "The personal code is required to complete a record."
    ]
    assert reload(draft).status == "draft"

    response = client.post(
        url, profile_data(draft, action="complete", pc_first_name="Ma", pc_family_name="Jo")
    )
    assert response.status_code == 302
    saved = reload(draft)
    assert saved.status == "complete"
    assert saved.personal_code_hash == hash_code("TMAJO01051980MRS")
