"""Database timeouts: requests stop waiting on a lock or a runaway query after a few seconds and
get a clear page, statistics and imports get an explicit longer allowance, and the health check
answers while other requests are stuck."""

import threading
import time

import psycopg2
import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test import Client, RequestFactory

from tests.conftest import make_user, signed_in_client
from tests.htmltools import parse
from thb_data.accounts.models import Role
from thb_data.db import LongRequestMiddleware, statement_allowance, timeout_kind

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's timeouts"
)


def show(name, using="default"):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@postgresql_only
def test_request_connections_run_with_the_configured_timeouts(db):
    assert (settings.DATABASE_STATEMENT_TIMEOUT_MS, settings.DATABASE_LOCK_TIMEOUT_MS) == (
        30_000,
        5_000,
    )
    assert show("statement_timeout") == "30s"
    assert show("lock_timeout") == "5s"
    assert show("idle_in_transaction_session_timeout") == "1min"


@postgresql_only
def test_a_statement_allowance_inside_a_transaction_ends_with_it(transactional_db):
    with transaction.atomic(), statement_allowance(300_000):
        assert show("statement_timeout") == "5min"
        # SET LOCAL: in force until the transaction ends, then gone.
    assert show("statement_timeout") == "30s"


@postgresql_only
def test_a_statement_allowance_outside_a_transaction_is_restored_after(transactional_db):
    with statement_allowance(0):
        assert show("statement_timeout") == "0"
    assert show("statement_timeout") == "30s"


@postgresql_only
def test_statistics_and_imports_get_the_longer_allowance_and_other_pages_do_not(
    transactional_db,
):
    seen = {}

    def view(request):
        seen[request.path] = show("statement_timeout")
        return None

    middleware = LongRequestMiddleware(view)
    for path in ("/statistics/annual/", "/victims/import/", "/victims/"):
        middleware(RequestFactory().get(path))
    assert seen == {"/statistics/annual/": "5min", "/victims/import/": "5min", "/victims/": "30s"}
    assert show("statement_timeout") == "30s"


@postgresql_only
def test_a_runaway_statement_is_cancelled_after_its_timeout(db):
    started = time.monotonic()
    with (
        pytest.raises(OperationalError) as error,
        transaction.atomic(),
        statement_allowance(300),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(5)")
    assert time.monotonic() - started < 2
    assert timeout_kind(error.value) == "statement"


def test_the_health_checks_answer(client, db):
    ready = client.get("/healthz")
    assert (ready.status_code, ready.content) == (200, b"ok")
    alive = client.get("/livez")
    assert (alive.status_code, alive.content) == (200, b"alive")


def test_the_health_check_reports_a_broken_database_as_503(client, db, monkeypatch):
    class Unreachable:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("thb_data.health.connection", Unreachable())
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable")
    assert client.get("/livez").status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_held_lock_fails_a_request_clearly_within_the_lock_timeout_while_health_answers(world):
    user = make_user("cw-locked", Role.CASEWORKER, world["rs_ngo"])
    blocked_client = signed_in_client(user)
    blocked_client.raise_request_exception = False
    params = connection.get_connection_params()
    locker = psycopg2.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    outcome = {}

    def blocked_request():
        started = time.monotonic()
        try:
            outcome["response"] = blocked_client.get("/")
        finally:
            outcome["seconds"] = time.monotonic() - started
            connections.close_all()

    try:
        with locker.cursor() as cursor:
            # Another connection holds the sessions table, as a long maintenance job would.
            cursor.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=blocked_request)
        thread.start()
        time.sleep(1)
        assert thread.is_alive()  # the request is waiting on the lock
        started = time.monotonic()
        health = Client().get("/healthz")
        health_seconds = time.monotonic() - started
        assert thread.is_alive()  # ... and the health check answered meanwhile
        thread.join(timeout=15)
    finally:
        locker.rollback()
        locker.close()

    assert (health.status_code, health.content) == (200, b"ok")
    assert health_seconds < 1
    response = outcome["response"]
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = parse(response)
    assert page.find("h1").text == "The database is busy"
    assert "Nothing was saved." in page.find("main").text
    lock_seconds = settings.DATABASE_LOCK_TIMEOUT_MS / 1000
    assert lock_seconds - 0.5 < outcome["seconds"] < lock_seconds + 3
