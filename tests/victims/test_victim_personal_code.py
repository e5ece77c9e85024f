"""The personal code: built from its elements, normalised, stored only as a keyed hash; a code
already registered in the territory warns the caseworker without revealing the other record."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.htmltools import markup_has
from tests.victims.conftest import CORE, make_record, personal_code
from thb_data.personal_code import build_code
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord
from victims.views import DUPLICATE_WARNING

pytestmark = pytest.mark.django_db


def create(client, **data):
    return client.post(
        reverse("victims:create"), {**CORE, "status": "complete", **data}, follow=True
    )


def warnings(response):
    return [m.message for m in response.context["messages"] if m.level_tag == "warning"]


def records():
    with scopes_disabled():
        return list(VictimRecord.with_deleted.order_by("number"))


def test_the_same_person_in_another_spelling_gets_the_same_hash(clients):
    # Šćepanović Đorđe in Latin with diacritics, in Serbian Cyrillic, and in plain ASCII.
    for first, family in (("Đo", "Šć"), ("Ђо", "Шћ"), ("Dj", "Sc")):
        create(clients["caseworker_rs_ngo"], pc_first_name=first, pc_family_name=family)
    hashes = {r.personal_code_hash for r in records()}
    assert len(records()) == 3
    assert len(hashes) == 1
    # The code they share is DJSC + 12041995 + F + RS.
    code = build_code(
        first_name="Đo",
        family_name="Šć",
        date_of_birth="1995-04-12",
        sex="female",
        citizenship="RS",
    )
    assert code == "DJSC12041995FRS"


def test_a_different_person_gets_a_different_hash(clients):
    create(clients["caseworker_rs_ngo"], pc_first_name="An", pc_family_name="Pe")
    create(clients["caseworker_rs_ngo"], pc_first_name="An", pc_family_name="Pa")
    first, second = records()
    assert first.personal_code_hash != second.personal_code_hash
    # Same birth date, sex and citizenship, one letter apart: a near match.
    assert first.near_match_key == second.near_match_key
    assert set(first.letter_keys.split(",")) & set(second.letter_keys.split(","))


def _every_stored_text():
    """Every value of every column of every table, as text."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                texts.extend(str(value) for value in row if value is not None)
    return texts


def test_the_elements_of_the_code_are_stored_nowhere(clients):
    response = create(
        clients["caseworker_rs_ngo"], pc_first_name="Жи", pc_family_name="Qx", status="draft"
    )
    assert response.status_code == 200
    record = records()[0]
    clients["caseworker_rs_ngo"].get(reverse("victims:detail", args=[record.uuid]))
    code = "ZIQX12041995FRS"
    texts = _every_stored_text()
    assert len(record.personal_code_hash) == 64
    assert any(record.personal_code_hash in text for text in texts)  # the search does find things
    # Two Latin letters alone occur by chance in random keys: the Cyrillic ones do not.
    for needle in (code, "ZIQX", "Жи", "ЖИ"):
        assert not any(needle in text for text in texts), needle


def test_the_hash_is_never_shown(clients, personas):
    create(clients["caseworker_rs_ngo"])
    record = records()[0]
    for persona in ("caseworker_rs_ngo", "coordinator_rs"):
        body = clients[persona].get(reverse("victims:detail", args=[record.uuid])).content.decode()
        assert record.personal_code_hash not in body  # long and random: unambiguous
        assert record.personal_code_hash[:16] not in body


def test_a_code_already_registered_in_the_territory_warns(clients, personas):
    # The police registered the person first.
    police_record = make_record(personas["caseworker_rs_police"], code=personal_code())
    response = create(clients["caseworker_rs_ngo"])
    assert DUPLICATE_WARNING in warnings(response)
    body = response.content.decode()
    # Neither the other record nor its institution is revealed.
    assert not markup_has(body, police_record.record_number)
    assert not markup_has(body, str(police_record.uuid))
    assert not markup_has(body, "Police Belgrade")
    assert len(records()) == 2  # saved all the same: a warning, not a refusal


def test_no_warning_for_a_new_code_or_the_same_code_in_another_territory(clients, personas):
    make_record(personas["caseworker_al"], code=personal_code())
    response = create(clients["caseworker_rs_ngo"])
    assert DUPLICATE_WARNING not in warnings(response)


def test_saving_a_record_again_does_not_warn_about_itself(clients):
    create(clients["caseworker_rs_ngo"])
    record = records()[0]
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:edit", args=[record.uuid]),
        {**CORE, "status": "complete", "version": record.version},
        follow=True,
    )
    assert DUPLICATE_WARNING not in warnings(response)


def test_an_edit_without_letters_keeps_the_code(clients):
    create(clients["caseworker_rs_ngo"])
    record = records()[0]
    data = {**CORE, "pc_first_name": "", "pc_family_name": "", "v_victim_status": "presumed"}
    clients["caseworker_rs_ngo"].post(
        reverse("victims:edit", args=[record.uuid]),
        {**data, "status": "complete", "version": 1},
    )
    updated = records()[0]
    assert updated.v_victim_status == "presumed"
    assert updated.personal_code_hash == record.personal_code_hash


def test_changing_an_element_of_the_code_asks_for_the_letters_again(clients):
    create(clients["caseworker_rs_ngo"])
    record = records()[0]
    data = {**CORE, "pc_first_name": "", "pc_family_name": "", "v_date_of_birth": "1996-04-12"}
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:edit", args=[record.uuid]), {**data, "status": "complete", "version": 1}
    )
    assert "give the first letters" in response.context["form"].errors["pc_first_name"][0]
    assert records()[0].v_date_of_birth == "1995-04-12"
