"""Criminal cases: victims per trafficker and traffickers per victim, linking victim records by
number, and the trafficker side hidden from caseworkers."""

from django.urls import reverse

from tests.conftest import signed_in_client
from tests.htmltools import markup_has
from tests.traffickers.conftest import make_case, make_trafficker, make_victim
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase


def test_the_case_page_counts_victims_per_trafficker_and_traffickers_per_victim(
    personas, world, code_lists
):
    prosecutor = personas["prosecutor_rs"]
    ngo = personas["caseworker_rs_ngo"]
    v1, v2, v3 = make_victim(ngo), make_victim(ngo), make_victim(ngo)
    # Case A: two defendants, victims 1 and 2. Case B: one defendant, victims 2 and 3.
    case_a = make_case(world["rs_prosecution"], "A", user=prosecutor, victims=[v1, v2])
    case_b = make_case(world["rs_prosecution"], "B", user=prosecutor, victims=[v2, v3])
    make_trafficker(prosecutor, case=case_a)
    make_trafficker(prosecutor, case=case_a)
    make_trafficker(prosecutor, case=case_b)
    deleted_victim = make_victim(ngo)  # linked then deleted: not counted
    with scopes_disabled():
        case_a.victims.add(deleted_victim)
        type(deleted_victim).objects.filter(pk=deleted_victim.pk).update(is_deleted=True)

    response = signed_in_client(prosecutor).get(
        reverse("traffickers:case_detail", args=[case_a.uuid])
    )

    assert response.context["victims_per_trafficker"] == 2
    assert [(row["number"], row["traffickers"]) for row in response.context["victims"]] == [
        ("RS-V000001", 2),  # the two defendants of case A
        ("RS-V000002", 3),  # the two of case A and the one of case B
    ]
    assert len(response.context["defendants"]) == 2
    # A victim record's details are never shown to a prosecutor: the number, no link.
    assert all(row["url"] is None for row in response.context["victims"])
    assert not markup_has(response, "RS-V000004")

    response = signed_in_client(prosecutor).get(reverse("traffickers:case_list"))
    counts = {
        case.reference: (case.defendant_count, case.victim_count)
        for case in response.context["page"].object_list
    }
    assert counts == {"A": (2, 2), "B": (1, 2)}


def test_a_prosecutor_links_a_victim_record_of_the_territory_by_number(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    victim = make_victim(personas["caseworker_rs_police"])
    case = make_case(world["rs_prosecution"], "K", user=prosecutor)
    client = signed_in_client(prosecutor)

    response = client.post(
        reverse("traffickers:case_link_victim", args=[case.uuid]),
        {"record_number": victim.record_number},
        follow=True,
    )

    assert "Victim record RS-V000001 linked to the case." in response.content.decode()
    with scopes_disabled():
        assert list(case.victims.all()) == [victim]
        entry = AuditEntry.objects.get(object_id=str(case.uuid), action="update")
    assert entry.detail == {"linked": ["RS-V000001"]}

    client.post(
        reverse("traffickers:case_unlink_victim", args=[case.uuid]), {"record_number": "RS-V1"}
    )
    with scopes_disabled():
        assert case.victims.count() == 0


def test_a_victim_record_of_another_territory_cannot_be_linked(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    make_victim(personas["caseworker_al"])  # AL-V000001
    case = make_case(world["rs_prosecution"], "K", user=prosecutor)
    response = signed_in_client(prosecutor).post(
        reverse("traffickers:case_link_victim", args=[case.uuid]),
        {"record_number": "AL-V000001"},
        follow=True,
    )
    assert "No victim record AL-V000001 in your territory." in response.content.decode()
    with scopes_disabled():
        assert case.victims.count() == 0


def test_the_coordinator_sees_linked_victim_records_with_a_link(personas, world, code_lists):
    victim = make_victim(personas["caseworker_rs_ngo"])
    case = make_case(world["rs_prosecution"], "K", user=personas["prosecutor_rs"], victims=[victim])
    response = signed_in_client(personas["coordinator_rs"]).get(
        reverse("traffickers:case_detail", args=[case.uuid])
    )
    [row] = response.context["victims"]
    # The coordinator's scope includes the record: it is linked when the victims pages exist.
    assert row["number"] == "RS-V000001"
    try:
        expected = reverse("victims:detail", args=[victim.uuid])
    except Exception:
        expected = None
    assert row["url"] == expected


def test_a_caseworker_does_not_see_the_trafficker_side_of_their_victim(personas, world, code_lists):
    caseworker = personas["caseworker_rs_ngo"]
    victim = make_victim(caseworker)
    case = make_case(world["rs_prosecution"], "K", user=personas["prosecutor_rs"], victims=[victim])
    record = make_trafficker(personas["prosecutor_rs"], case=case)
    client = signed_in_client(caseworker)
    assert client.get(reverse("traffickers:case_detail", args=[case.uuid])).status_code == 404
    assert client.get(reverse("traffickers:detail", args=[record.uuid])).status_code == 404
    assert client.get(reverse("traffickers:list")).status_code == 403
    assert client.get(reverse("traffickers:case_list")).status_code == 403
    nav = client.get("/").content.decode()
    assert reverse("traffickers:list") not in nav


def test_the_record_page_lists_the_victims_of_its_case(personas, world, code_lists):
    prosecutor = personas["prosecutor_rs"]
    ngo = personas["caseworker_rs_ngo"]
    case = make_case(
        world["rs_prosecution"], "K", user=prosecutor, victims=[make_victim(ngo), make_victim(ngo)]
    )
    record = make_trafficker(prosecutor, case=case)
    body = signed_in_client(prosecutor).get(reverse("traffickers:detail", args=[record.uuid]))
    assert body.context["victims"] and len(body.context["victims"]) == 2
    assert 'data-testid="victim-count">2<' in body.content.decode()


def test_a_prosecutor_opens_a_case_for_their_office(personas, world, code_lists):
    victim = make_victim(personas["caseworker_rs_ngo"])
    response = signed_in_client(personas["prosecutor_rs"]).post(
        reverse("traffickers:case_create"),
        {"reference": "KTO 99/24", "victim_numbers": victim.record_number},
    )
    assert response.status_code == 302
    with scopes_disabled():
        case = CriminalCase.objects.get()
        assert list(case.victims.all()) == [victim]
    assert (case.reference, case.institution) == ("KTO 99/24", world["rs_prosecution"])


def test_a_coordinator_puts_a_prosecution_office_of_the_territory_in_charge(
    personas, world, code_lists
):
    client = signed_in_client(personas["coordinator_rs"])
    response = client.post(
        reverse("traffickers:case_create"),
        {"reference": "K 1", "institution": world["al_prosecution"].pk},
    )
    assert response.status_code == 200  # another territory's office is not a choice
    assert "institution" in response.context["form"].errors
    response = client.post(
        reverse("traffickers:case_create"),
        {"reference": "K 1", "institution": world["rs_prosecution"].pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert CriminalCase.objects.get().institution == world["rs_prosecution"]
