"""Each person's first record carries the flag the statistics count by, whatever changes."""

from tests.victims.conftest import make_record, personal_code
from thb_data.records import restore_record, soft_delete_record
from thb_data.scoping import scope_for, scopes_disabled
from victims.duplicates import resolve_duplicates
from victims.models import DuplicateDecision, VictimRecord


def first_numbers():
    with scopes_disabled():
        return set(VictimRecord.objects.filter(person_first=True).values_list("number", flat=True))


def test_the_first_identification_of_a_person_is_the_one_that_counts(personas):
    code = personal_code()
    police = make_record(
        personas["caseworker_rs_police"], code=code, status="complete",
        v_victim_status="identified", v_identification_date="2025-02-01",
    )  # fmt: skip
    ngo = make_record(
        personas["caseworker_rs_ngo"], code=code, status="complete",
        v_victim_status="presumed", v_identification_date="2024-11-20",
    )  # fmt: skip
    # Same code: one person, first identified by the NGO in 2024.
    assert first_numbers() == {ngo.number}
    assert police.number not in first_numbers()


def test_deleting_the_first_record_makes_the_next_one_count_and_restoring_gives_it_back(
    personas,
):
    code = personal_code()
    first = make_record(
        personas["caseworker_rs_ngo"], code=code, status="complete",
        v_victim_status="presumed", v_identification_date="2023-05-01",
    )  # fmt: skip
    second = make_record(
        personas["caseworker_rs_police"], code=code, status="complete",
        v_victim_status="identified", v_identification_date="2024-05-01",
    )  # fmt: skip
    user = personas["coordinator_rs"]
    with scope_for(user):
        soft_delete_record(first, user=user)
    assert first_numbers() == {second.number}
    with scopes_disabled():
        deleted = VictimRecord.with_deleted.get(pk=first.pk)
    with scope_for(user):
        restore_record(deleted, user=user)
    assert first_numbers() == {first.number}


def test_a_record_not_confirmed_as_victim_never_counts(personas):
    make_record(
        personas["caseworker_rs_ngo"],
        code=personal_code(),
        v_victim_status="not_confirmed",
        status="complete",
    )
    records_without_code = make_record(
        personas["caseworker_rs_ngo"], v_victim_status="presumed", status="complete"
    )
    assert first_numbers() == {records_without_code.number}


def test_different_people_sharing_a_code_each_count_once_resolved(personas):
    code = personal_code()
    a = make_record(
        personas["caseworker_rs_ngo"], code=code, v_victim_status="presumed", status="complete"
    )
    b = make_record(
        personas["caseworker_rs_police"],
        code=code,
        v_victim_status="presumed",
        status="complete",
    )
    assert len(first_numbers()) == 1
    coordinator = personas["coordinator_rs"]
    with scope_for(coordinator):
        resolve_duplicates(records=[a, b], decision=DuplicateDecision.DIFFERENT, user=coordinator)
    assert first_numbers() == {a.number, b.number}
