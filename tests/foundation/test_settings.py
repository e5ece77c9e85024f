"""The settings read from the environment: SQLite by default, PostgreSQL by URL, production safe."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_SECRET = "k3J9-x_Qp2LmV8rT1wZ6yB4nC7dF0gH5jK2lM9pR3sT6vX8zA1cE4fG7hJ0kL3n"
REAL_CODE_KEY = "pC7-f2Kx9LqT4wV1zN8mB3rY6hJ0dS5aG2eU"


# Variables of the test run that a deployed process does not have.
TEST_ONLY = ("DATABASE_", "THB_", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(TEST_ONLY)}
    clean.pop("SECRET_KEY", None)
    clean.pop("ALLOWED_HOSTS", None)
    clean.update({"DJANGO_SETTINGS_MODULE": "thb_data.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def run_manage(*args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(TEST_ONLY)}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


PRINT_DB = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)"


def test_it_uses_sqlite_with_debug_when_nothing_is_set():
    result = run_python(PRINT_DB)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_it_uses_postgresql_through_psycopg2_when_database_url_says_so():
    result = run_python(
        PRINT_DB + "; print(s.DATABASES['default']['NAME'], s.DATABASES['default']['HOST'])",
        DATABASE_URL="postgres://thb:pw@db.example:5433/thb_prod",
    )
    assert result.returncode == 0, result.stderr
    engine, _debug, name, host = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert (name, host) == ("thb_prod", "db.example")


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(PRINT_DB, THB_ENV="production", ALLOWED_HOSTS="thb.example.gov")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_django_insecure_secret_key():
    result = run_python(
        PRINT_DB,
        THB_ENV="production",
        ALLOWED_HOSTS="thb.example.gov",
        SECRET_KEY="django-insecure-" + "x" * 60,
        THB_PERSONAL_CODE_KEY=REAL_CODE_KEY,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(
        PRINT_DB, THB_ENV="production", SECRET_KEY=REAL_SECRET, THB_PERSONAL_CODE_KEY=REAL_CODE_KEY
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_personal_code_key():
    result = run_python(
        PRINT_DB, THB_ENV="production", SECRET_KEY=REAL_SECRET, ALLOWED_HOSTS="thb.example.gov"
    )
    assert result.returncode != 0
    assert "THB_PERSONAL_CODE_KEY" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warning():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        THB_ENV="production",
        SECRET_KEY=REAL_SECRET,
        THB_PERSONAL_CODE_KEY=REAL_CODE_KEY,
        ALLOWED_HOSTS="thb.example.gov",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off_and_cookies_secure():
    result = run_python(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE)",
        THB_ENV="production",
        SECRET_KEY=REAL_SECRET,
        THB_PERSONAL_CODE_KEY=REAL_CODE_KEY,
        ALLOWED_HOSTS="thb.example.gov",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "1800"]
