"""An import preview is confirmed once: a second confirmation, arriving later or at the same
moment on another connection, is told the file was already imported, and every row of the file
is stored exactly once."""

import contextlib
import sqlite3
import threading

import pytest
from django.db import connection, connections

from tests.conftest import make_user, signed_in_client
from tests.exchange.conftest import csv_bytes, upload, victim_row
from thb_data.accounts.models import Role
from thb_data.audit.models import Action, AuditEntry
from thb_data.imports import PendingImport, UploadState
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

URL = "/victims/import/"


def distinct_rows(count: int) -> list[dict]:
    """``count`` valid victim rows, no two alike (birth dates and identification dates differ)."""
    rows = []
    for i in range(count):
        rows.append(
            victim_row(
                v_date_of_birth=f"{1970 + i % 30}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                v_identification_date=f"2024-{i % 12 + 1:02d}-{(i // 12) % 28 + 1:02d}",
                v_number_of_children=str(i % 4 + 1),
            )
        )
    return rows


def stored_count(institution) -> int:
    with scopes_disabled():
        return VictimRecord.with_deleted.filter(institution=institution).count()


def imports_audited() -> list[str]:
    with scopes_disabled():
        return [e.detail["result"] for e in AuditEntry.objects.filter(action=Action.IMPORT)]


def test_a_second_confirmation_is_told_the_file_was_already_imported(clients, world):
    client = clients["caseworker_rs_ngo"]
    response = upload(client, URL, csv_bytes(distinct_rows(5)), "five.csv")
    preview = response["Location"]
    assert client.post(preview + "confirm/").status_code == 200
    again = client.post(preview + "confirm/")
    assert again.status_code == 409
    shown = [str(m) for m in again.context["messages"]]
    assert shown == ["“five.csv” was already imported: nothing was imported a second time."]
    assert stored_count(world["rs_ngo"]) == 5
    assert imports_audited() == ["imported"]
    # Its preview and its cancel say the same; the claimed upload holds no rows any more.
    assert client.get(preview).status_code == 409
    assert client.post(preview + "cancel/").status_code == 409
    with scopes_disabled():
        upload_row = PendingImport.objects.get()
    assert upload_row.state == UploadState.IMPORTED and bytes(upload_row.sealed) == b""
    assert stored_count(world["rs_ngo"]) == 5


def test_a_refused_confirmation_discards_the_upload(clients, world, monkeypatch):
    """An import refused at confirmation (here: a year signed off meanwhile) leaves nothing:
    no records, no upload waiting."""
    from thb_data.records import ReportingYear

    client = clients["caseworker_rs_ngo"]
    preview = upload(client, URL, csv_bytes(distinct_rows(3)), "three.csv")["Location"]
    with scopes_disabled():
        ReportingYear.objects.create(territory=world["rs"], year=2024, signed_off=True)
    response = client.post(preview + "confirm/")
    assert response.status_code == 200
    assert stored_count(world["rs_ngo"]) == 0
    with scopes_disabled():
        assert PendingImport.objects.count() == 0


@contextlib.contextmanager
def concurrent_database(tmp_path):
    """Connections opened by other threads meanwhile reach the test database with the locking
    of a real installation. PostgreSQL: as it is. SQLite: the in-memory test database (whose
    shared cache answers "table is locked" instead of waiting) is copied to a file, which the
    threads open with the application's settings (WAL, wait up to 20 s for the write lock)."""
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = memory_name


def on_another_connection(function):
    """The result of ``function()`` run on a thread of its own (its own connection)."""
    result = []

    def run():
        try:
            with scopes_disabled():
                result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return result[0]


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_released_together_import_the_file_once(world, tmp_path):
    """Two browsers of the same caseworker confirm the same preview at the same moment, each
    on its own thread and database connection: one imports the 300 rows, the other is told the
    file was already imported; 300 records, not 600."""
    user = make_user("cw-race", Role.CASEWORKER, world["rs_ngo"])
    first, second = signed_in_client(user), signed_in_client(user)
    response = upload(first, URL, csv_bytes(distinct_rows(300)), "race.csv")
    assert response.status_code == 302, response.content.decode()[-2000:]
    preview = response["Location"]
    for name, morsel in first.cookies.items():
        if name.startswith("thb_upload_"):  # the key of the upload's rows, in both browsers
            second.cookies[name] = morsel.value
    with concurrent_database(tmp_path):
        statuses, failures = confirm_together(preview, first, second)
        assert failures == []
        assert sorted(statuses.values()) == [200, 409]
        stored = on_another_connection(
            lambda: sorted(
                VictimRecord.with_deleted.filter(institution=world["rs_ngo"]).values_list(
                    "number", flat=True
                )
            )
        )
        audited = on_another_connection(
            lambda: [e.detail["result"] for e in AuditEntry.objects.filter(action=Action.IMPORT)]
        )
    assert stored == list(range(1, 301))  # 300 records, numbered once
    assert audited == ["imported"]


def confirm_together(preview, first, second):
    """Both clients post the confirmation at the same moment, each on a thread of its own."""
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}
    failures: list[BaseException] = []

    def confirm(name, client):
        try:
            barrier.wait(timeout=30)
            statuses[name] = client.post(preview + "confirm/").status_code
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=confirm, args=(name, client))
        for name, client in (("first", first), ("second", second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, failures
