"""Nothing of the personal-code elements of an uploaded file is stored while it waits for
confirmation: every table of the database is scanned for the first letters of the names and the
dates of birth of the file (Cyrillic letters and ten-character dates: no hash, ciphertext or
session token holds them by chance)."""

import json

import pytest
from django.db import connection

from indicators.exchange.storage import SealError, new_key, unseal
from tests.exchange.conftest import csv_bytes, upload, victim_row
from thb_data.imports import PendingImport, UploadState
from thb_data.personal_code import build_code, normalise_letters
from thb_data.scoping import scopes_disabled

URL = "/victims/import/"
PEOPLE = [
    # first letters of the names, date of birth
    ("Жељ", "Шћу", "1987-11-23"),
    ("Љуб", "Ђок", "1991-02-17"),
    ("Њег", "Џан", "1979-08-05"),
]


def file_rows():
    return [
        victim_row(pc_first_name=first, pc_family_name=family, v_date_of_birth=born)
        for first, family, born in PEOPLE
    ]


def tokens_of(first, family, born) -> dict[str, str]:
    """What would betray the person: the letters as typed and in upper case, the normalised
    letters of the code, the clear code, and the date of birth in the forms a program writes."""
    year, month, day = born.split("-")
    latin = normalise_letters(first) + normalise_letters(family)
    return {
        "letters": first,
        "family letters": family,
        "upper letters": first.upper() + family.upper(),
        "code letters": latin,
        "clear code": build_code(
            first_name=first,
            family_name=family,
            date_of_birth=born,
            sex="female",
            citizenship="RS",
        ),
        "date of birth": born,
        "date of birth, code form": f"{day}{month}{year}",
        "date of birth, dotted": f"{day}.{month}.{year}",
    }


def scan(tokens: dict[str, str]) -> list[str]:
    """Every (table, column, token) where a token appears: every column of every row of every
    table, text as text, bytes as bytes (UTF-8 and Latin-1), JSON as its text."""
    found = []
    needles = dict(tokens)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes | bytearray):
                        data = bytes(value)
                        hits = [
                            n
                            for n, t in needles.items()
                            if t.encode() in data or t.encode("utf-16-le") in data
                        ]
                    else:
                        text = (
                            json.dumps(value, ensure_ascii=False)
                            if isinstance(value, dict | list)
                            else str(value)
                        )
                        hits = [n for n, t in needles.items() if t in text]
                    found.extend(f"{table}.{column}: {name}" for name in hits)
    return found


def all_tokens() -> dict[str, str]:
    tokens = {}
    for index, person in enumerate(PEOPLE):
        tokens.update({f"{name} #{index}": t for name, t in tokens_of(*person).items()})
    return tokens


@pytest.mark.django_db(transaction=True)
def test_an_upload_waiting_for_confirmation_stores_no_letters_and_no_date_of_birth(clients, world):
    client = clients["caseworker_rs_ngo"]
    response = upload(client, URL, csv_bytes(file_rows()), "people.csv")
    assert response.status_code == 302, response.content.decode()[-2000:]
    with scopes_disabled():
        pending = PendingImport.objects.get()
    assert pending.state == UploadState.PENDING and len(bytes(pending.sealed)) > 100

    tokens = all_tokens()
    assert scan(tokens) == []
    # The key of the stored rows is not in the database either: only in the browser's cookie.
    cookie = client.cookies[f"thb_upload_{pending.pk.hex}"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == f"/victims/import/{pending.pk}/"
    assert scan({"key": cookie.value}) == []

    # With the key, the rows come back: the letters replaced by the code's keyed hashes.
    table = unseal(bytes(pending.sealed), key=bytes.fromhex(cookie.value), upload_id=pending.pk)
    first_name = table.headers.index("pc_first_name")
    family_name = table.headers.index("pc_family_name")
    for _number, cells in table.rows:
        assert len(str(cells[first_name])) == 64 and cells[family_name] == ""
    with pytest.raises(SealError):
        unseal(bytes(pending.sealed), key=new_key(), upload_id=pending.pk)

    # Confirmed: the records hold their dates of birth (an indicator), which the scan finds,
    # and still none of the letters; the upload keeps nothing.
    assert client.post(response["Location"] + "confirm/").status_code == 200
    found = scan(tokens)
    assert found and all(
        f.startswith("victims_victimrecord.v_date_of_birth: date of birth #") for f in found
    ), found
    assert len(found) == len(PEOPLE)
    with scopes_disabled():
        assert bytes(PendingImport.objects.get().sealed) == b""


def test_a_confirmation_without_the_uploaders_key_imports_nothing(clients, world):
    client = clients["caseworker_rs_ngo"]
    preview = upload(client, URL, csv_bytes(file_rows()), "people.csv")["Location"]
    for name in list(client.cookies):
        if name.startswith("thb_upload_"):
            del client.cookies[name]
    response = client.post(preview + "confirm/")
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was imported. This upload can only be confirmed in the browser it was "
        "uploaded from: upload the file again."
    ]
    with scopes_disabled():
        assert PendingImport.objects.count() == 0
