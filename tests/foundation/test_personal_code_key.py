"""The personal-code key's fingerprint: stored by the migration, checked at every start; another
key refuses to start until `rekey_personal_codes --confirm` records it (with an audit entry)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings

from indicators.records import save_record
from tests.conftest import make_user
from thb_data.accounts.models import Role
from thb_data.audit.models import AuditEntry
from thb_data.keys import (
    PERSONAL_CODE,
    KeyFingerprint,
    check_personal_code_key,
    key_fingerprint,
)
from thb_data.scoping import scope_for, scopes_disabled

ROOT = Path(__file__).resolve().parents[2]
OTHER_KEY = "another-personal-code-key-of-40-characters!"


def test_the_migration_stores_the_fingerprint_of_the_key_and_not_the_key(db, settings):
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("thb_data.migrations.0004_key_fingerprint")
    KeyFingerprint.objects.all().delete()  # (a transactional test's flush may have emptied it)

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.record_the_key(apps, editor)
    row = KeyFingerprint.objects.get(purpose=PERSONAL_CODE)
    assert row.fingerprint == key_fingerprint()
    assert settings.PERSONAL_CODE_KEY not in row.fingerprint
    assert key_fingerprint(OTHER_KEY) != row.fingerprint
    assert check_personal_code_key() == []


def test_a_start_with_another_key_is_refused_with_a_clear_message(db):
    with override_settings(PERSONAL_CODE_KEY=OTHER_KEY):
        [error] = check_personal_code_key()
        assert error.id == "thb.E001"
        assert "THB_PERSONAL_CODE_KEY is not the key" in error.msg
        assert "rekey_personal_codes --confirm" in error.msg
        with pytest.raises(SystemCheckError, match="thb.E001"):
            call_command("check")
        from thb_data.keys import verify_personal_code_key

        with pytest.raises(Exception, match="not the key this database"):
            verify_personal_code_key()


def test_a_missing_fingerprint_is_recorded_at_the_first_start(db):
    KeyFingerprint.objects.all().delete()
    assert check_personal_code_key() == []
    assert KeyFingerprint.objects.get().fingerprint == key_fingerprint()


def test_rekeying_needs_confirm_then_records_the_new_key_with_an_audit_entry(world, capsys):
    user = make_user("cw-key", Role.CASEWORKER, world["rs_ngo"])
    from victims.models import VictimRecord

    with scope_for(user):
        record = VictimRecord(territory=world["rs"], institution=world["rs_ngo"])
        save_record(
            record,
            user=user,
            values={"v_sex": "female"},
            status="draft",
            personal_code={"personal_code_hash": "a" * 64},
        )
    old = key_fingerprint()
    with override_settings(PERSONAL_CODE_KEY=OTHER_KEY):
        with pytest.raises(CommandError, match="Nothing changed"):
            call_command("rekey_personal_codes")
        assert KeyFingerprint.objects.get().fingerprint == old
        assert "1 victim records" in capsys.readouterr().out
        call_command("rekey_personal_codes", "--confirm", "--reason", "key lost")
        assert check_personal_code_key() == []
        row = KeyFingerprint.objects.get()
        assert row.fingerprint == key_fingerprint(OTHER_KEY)
        assert [entry["fingerprint"] for entry in row.previous_fingerprints] == [old]
    with scopes_disabled():
        [entry] = AuditEntry.objects.filter(object_type="thb_data.keyfingerprint")
    assert entry.detail["records_with_earlier_key"] == 1
    assert entry.detail["reason"] == "key lost"
    assert entry.changes == {"key fingerprint": [old[:12], key_fingerprint(OTHER_KEY)[:12]]}
    # And the original key is now the refused one.
    [error] = check_personal_code_key()
    assert error.id == "thb.E001"


def _run(args, env, code=None):
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_manage_py_and_the_wsgi_application_refuse_to_start_with_another_key(tmp_path):
    """End to end on a throw-away SQLite database: migrate with one key, start with another."""
    import os

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "THB_", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="thb_data.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'key.sqlite3'}",
        THB_PERSONAL_CODE_KEY="the-first-key-of-this-database-0123456789",
    )
    assert _run(["migrate", "--no-input"], env).returncode == 0
    assert _run(["check"], env).returncode == 0

    env["THB_PERSONAL_CODE_KEY"] = OTHER_KEY
    refused = _run(["check"], env)
    assert refused.returncode != 0
    assert "thb.E001" in refused.stderr and "not the key" in refused.stderr
    wsgi = _run(None, env, code="import thb_data.wsgi")
    assert wsgi.returncode != 0 and "not the key this database" in wsgi.stderr

    assert _run(["rekey_personal_codes", "--confirm"], env).returncode == 0
    assert _run(["check"], env).returncode == 0
    assert _run(None, env, code="import thb_data.wsgi").returncode == 0
