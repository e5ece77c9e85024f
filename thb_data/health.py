"""Health checks for load balancers, and the baseline of the load benchmark.

- ``/healthz`` (readiness): 200 "ok" when the database answers ``SELECT 1`` within a short
  statement and lock timeout (``HEALTH_DB_TIMEOUT_MS``, 2 s by default), 503 "database
  unavailable" otherwise. It never waits on a table lock (``SELECT 1`` takes none) nor longer
  than that timeout, so it answers while other requests wait for a lock.
- ``/livez`` (liveness): 200 "alive" without touching the database: the process answers.

Neither touches a session, a template or a record. With gunicorn's ``gthread`` workers (see the
README) a health request gets a free thread even while every other thread waits on the database,
and the request timeouts (``DATABASE_LOCK_TIMEOUT_MS``...) free those threads within seconds.
"""

import time

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    started = time.monotonic()
    timeout = str(getattr(settings, "HEALTH_DB_TIMEOUT_MS", 2000))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true),"
                    " set_config('lock_timeout', %s, true)",
                    [timeout, timeout],
                )
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return _text("database unavailable", status=503)
    elapsed_ms = (time.monotonic() - started) * 1000
    response = _text("ok")
    response["X-Database-Milliseconds"] = f"{elapsed_ms:.0f}"
    return response


@never_cache
@require_GET
def livez(request):
    return _text("alive")
