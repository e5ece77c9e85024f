"""Backups as code: a PostgreSQL dump with the personal-code key's fingerprint beside it, and a
restore that refuses a dump whose key is not the configured one.

``backup_database`` runs ``pg_dump --format=custom`` and writes ``<name>.dump`` and
``<name>.dump.json`` (the key fingerprint stored in the database, the dump's SHA-256, its size,
the database and the time). ``restore_database`` checks the file's checksum and that its
fingerprint is the configured key's, restores into an empty database with ``pg_restore
--single-transaction --exit-on-error``, and checks the restored database's fingerprint again.
The password is passed to the PostgreSQL tools in their environment, never on a command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connections
from django.utils import timezone

from thb_data.keys import key_fingerprint, key_problem, short, stored_fingerprint


class BackupError(Exception):
    """A backup or restore refused or failed (a message for the operator)."""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed).")
    return path


def database_params(url: str | None = None, alias: str = "default") -> dict:
    config = dj_database_url.parse(url) if url else settings.DATABASES[alias]
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups as code are for PostgreSQL (DATABASE_URL=postgres://...).")
    return config


def _env(config: dict) -> dict:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sidecar(dump: Path) -> Path:
    return dump.with_name(dump.name + ".json")


def make_backup(target: Path, *, alias: str = "default") -> tuple[Path, dict]:
    """Dump the database to ``target`` (a file name, or a folder for a dated name)."""
    config = database_params(alias=alias)
    problem = key_problem(alias)  # records the fingerprint if it is missing (first start)
    if problem:
        raise BackupError(problem)
    fingerprint = stored_fingerprint(alias)
    if fingerprint is None:
        raise BackupError("The database holds no key fingerprint: run migrate first.")
    if target.is_dir():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        target = target / f"thb-{config['NAME']}-{stamp}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    command = [
        tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={partial}",
        str(config["NAME"]),
    ]
    result = subprocess.run(command, env=_env(config), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    partial.replace(target)
    target.chmod(0o600)
    manifest = {
        "format": "pg_dump custom",
        "database": config["NAME"],
        "created": timezone.now().isoformat(),
        "personal_code_key_fingerprint": fingerprint,
        "sha256": sha256_of(target),
        "bytes": target.stat().st_size,
    }
    sidecar(target).write_text(json.dumps(manifest, indent=2) + "\n")
    return target, manifest


def read_manifest(dump: Path) -> dict:
    path = sidecar(dump)
    if not dump.exists():
        raise BackupError(f"No dump at {dump}.")
    if not path.exists():
        raise BackupError(f"No key fingerprint beside the dump ({path.name} is missing).")
    manifest = json.loads(path.read_text())
    if sha256_of(dump) != manifest.get("sha256"):
        raise BackupError("The dump does not match its checksum: it is damaged or incomplete.")
    return manifest


def _is_empty(config: dict) -> bool:
    psql = tool("psql")
    result = subprocess.run(  # noqa: S603
        [
            psql,
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--dbname",
            str(config["NAME"]),
            "--command",
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=_env(config),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"Cannot open the target database: {result.stderr.strip()}")
    return result.stdout.strip() == "0"


def restore_backup(dump: Path, *, database_url: str | None = None, alias: str = "default") -> dict:
    """Restore ``dump`` into the (empty) database of ``database_url`` or the configured one."""
    manifest = read_manifest(dump)
    expected = manifest.get("personal_code_key_fingerprint", "")
    current = key_fingerprint()
    if expected != current:
        raise BackupError(
            "The dump was made with another personal-code key (fingerprint "
            f"{short(expected)}; the configured THB_PERSONAL_CODE_KEY gives {short(current)}). "
            "Configure the key kept with this backup, then restore again."
        )
    config = database_params(database_url, alias)
    if not _is_empty(config):
        raise BackupError(
            f"The database {config['NAME']} is not empty: restore into a new database "
            "(createdb) and point DATABASE_URL at it."
        )
    command = [
        tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={config['NAME']}",
        str(dump),
    ]
    result = subprocess.run(command, env=_env(config), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing restored): {result.stderr.strip()}")
    restored = _restored_fingerprint(config)
    if restored != expected:
        raise BackupError(
            "The restored database holds another key fingerprint than its manifest: do not use it."
        )
    return manifest


def _restored_fingerprint(config: dict) -> str:
    result = subprocess.run(  # noqa: S603
        [
            tool("psql"),
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--dbname",
            str(config["NAME"]),
            "--command",
            "SELECT fingerprint FROM thb_data_keyfingerprint WHERE purpose = 'personal_code'",
        ],
        env=_env(config),
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def close_connections() -> None:
    connections.close_all()
