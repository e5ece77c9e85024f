"""Backups as code (PostgreSQL): a dump with the key fingerprint beside it, restored into a fresh
database with the same records, and persons still matched by their personal code."""

import json

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from tests.conftest import make_user
from tests.victims.conftest import make_record, personal_code
from thb_data.accounts.models import Role
from thb_data.keys import key_fingerprint
from thb_data.personal_code import build_code, hash_code
from thb_data.scoping import scopes_disabled

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

TABLES = (
    "victims_victimrecord",
    "traffickers_traffickerrecord",
    "accounts_user",
    "accounts_institution",
    "audit_auditentry",
    "thb_data_keyfingerprint",
)


def connect(name):
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key not in ("cursor_factory", "options")
    }
    params["dbname"] = name
    raw = psycopg2.connect(**params)
    raw.autocommit = True
    return raw


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    yield name, url
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def counts(name):
    raw = connect(name)
    try:
        with raw.cursor() as cursor:
            result = {}
            for table in TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                result[table] = cursor.fetchone()[0]
            return result
    finally:
        raw.close()


def empty(name):
    raw = connect(name)
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0] == 0
    finally:
        raw.close()


@pytest.fixture
def data(world):
    user = make_user("cw-backup", Role.CASEWORKER, world["rs_ngo"])
    police = make_user("cw-backup-police", Role.CASEWORKER, world["rs_police"])
    # The same person registered by the NGO and by the police, and another person.
    make_record(user, code=personal_code("Ana", "Petrović", "1995-04-12"))
    make_record(police, code=personal_code("Ана", "Петровић", "1995-04-12"))
    make_record(user, code=personal_code("Mira", "Jovanović", "2001-01-30"))
    return user


def test_a_dump_restores_into_a_fresh_database_with_its_records_and_person_matching(
    data, fresh_database, tmp_path
):
    name, url = fresh_database
    call_command("backup_database", output=str(tmp_path))
    [dump] = tmp_path.glob("*.dump")
    manifest = json.loads((tmp_path / f"{dump.name}.json").read_text())
    assert manifest["personal_code_key_fingerprint"] == key_fingerprint()
    assert manifest["bytes"] == dump.stat().st_size

    call_command("restore_database", str(dump), database_url=url)

    source = counts(connection.settings_dict["NAME"])
    assert source["victims_victimrecord"] == 3
    assert counts(name) == source
    # Duplicate matching with the same key: a code entered now (after the restore) hashes to
    # the value stored for the two records of the same person, and to no other.
    code = build_code(
        first_name="ANA",
        family_name="PETROVIC",
        date_of_birth="1995-04-12",
        sex="female",
        citizenship="RS",
    )
    restored = connect(name)
    try:
        with restored.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM victims_victimrecord WHERE personal_code_hash = %s",
                [hash_code(code)],
            )
            assert cursor.fetchone()[0] == 2
            cursor.execute("SELECT count(DISTINCT person_key) FROM victims_victimrecord")
            assert cursor.fetchone()[0] == 2
    finally:
        restored.close()


def test_a_dump_is_not_restored_with_another_key(data, fresh_database, tmp_path):
    name, url = fresh_database
    call_command("backup_database", output=str(tmp_path))
    [dump] = tmp_path.glob("*.dump")
    with (
        override_settings(PERSONAL_CODE_KEY="a-different-key-of-more-than-32-characters"),
        pytest.raises(CommandError, match="made with another personal-code key"),
    ):
        call_command("restore_database", str(dump), database_url=url)
    assert empty(name)


def test_a_damaged_dump_or_one_without_its_fingerprint_is_refused(data, fresh_database, tmp_path):
    name, url = fresh_database
    call_command("backup_database", output=str(tmp_path))
    [dump] = tmp_path.glob("*.dump")
    with dump.open("ab") as handle:
        handle.write(b"garbage")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore_database", str(dump), database_url=url)
    (tmp_path / f"{dump.name}.json").unlink()
    with pytest.raises(CommandError, match="No key fingerprint beside the dump"):
        call_command("restore_database", str(dump), database_url=url)
    assert empty(name)


def test_a_restore_into_a_database_that_is_not_empty_is_refused(data, tmp_path):
    call_command("backup_database", output=str(tmp_path))
    [dump] = tmp_path.glob("*.dump")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_database", str(dump))
    with scopes_disabled():
        from victims.models import VictimRecord

        assert VictimRecord.objects.count() == 3
