"""Database timeouts: the longer allowances of statistics and imports, and the clear page a
request gets when the database is too busy to answer in time.

Every request's PostgreSQL connection runs with ``statement_timeout``, ``lock_timeout`` and
``idle_in_transaction_session_timeout`` (settings ``DATABASE_*_TIMEOUT_MS``, set as connection
options, so they cost no query). Work that rightly takes longer says so explicitly:

- ``statement_allowance(ms)`` is a context manager: inside a transaction it runs ``SET LOCAL
  statement_timeout`` (undone by the commit or rollback); outside one it sets the session value
  and restores the configured one on exit;
- ``LongRequestMiddleware`` gives the requests of ``THB_LONG_REQUEST_PATHS`` (statistics, imports,
  exports) ``DATABASE_LONG_STATEMENT_TIMEOUT_MS``.

A cancelled statement or a lock not obtained in time raises ``OperationalError``; ``server_error``
(the project's ``handler500``) turns it into a 503 page that says the database was busy and
nothing was saved (the request's transaction was rolled back).
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

# SQLSTATE of a cancelled statement (statement_timeout), of a lock not obtained in time
# (lock_timeout) and of a session ended for idling in a transaction.
TIMEOUT_SQLSTATES = {"57014": "statement", "55P03": "lock", "25P03": "idle"}


def configured_statement_timeout_ms() -> int:
    if settings.THB_PROCESS == "command":
        return 0
    return settings.DATABASE_STATEMENT_TIMEOUT_MS


@contextmanager
def statement_allowance(milliseconds: int, *, using: str = DEFAULT_DB_ALIAS):
    """Let the statements run inside the block take up to ``milliseconds`` (0: no limit)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    value = str(int(milliseconds))
    local = connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, %s)", [value, local])
    if local:  # undone by the transaction's end
        yield
        return
    try:
        yield
    finally:
        try:
            if connection.connection is not None and not connection.in_atomic_block:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, false)",
                        [str(configured_statement_timeout_ms())],
                    )
        except DatabaseError:  # a broken connection is closed and replaced by Django
            connection.close_if_unusable_or_obsolete()


class LongRequestMiddleware:
    """The longer statement allowance of statistics, import and export requests."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.THB_LONG_REQUEST_PATHS)

    def __call__(self, request):
        if self.prefixes and request.path.startswith(self.prefixes):
            with statement_allowance(settings.DATABASE_LONG_STATEMENT_TIMEOUT_MS):
                return self.get_response(request)
        return self.get_response(request)


def timeout_kind(error: BaseException | None) -> str | None:
    """ "statement", "lock" or "idle" when ``error`` (or its cause) is a database timeout."""
    while error is not None:
        code = getattr(error, "pgcode", None)
        if code in TIMEOUT_SQLSTATES:
            return TIMEOUT_SQLSTATES[code]
        error = error.__cause__ or error.__context__
    return None


def server_error(request, template_name="500.html"):
    """``handler500``: a database timeout is a 503 with a clear message, anything else a 500."""
    error = sys.exc_info()[1]
    kind = timeout_kind(error)
    if kind is not None:
        logger.warning("Request %s stopped by the database %s timeout", request.path, kind)
        session = getattr(request, "session", None)
        if session is not None and not hasattr(session, "_session_cache"):
            # The session could not be read (its table was locked): the session middleware
            # must not try again on the way out (it does not save it after a 5xx answer).
            session._session_cache = {}
        # Rendered without the request: no context processor, no session, no query (the
        # database is what is busy).
        page = render_to_string("database_busy.html", {"kind": kind})
        return HttpResponse(page, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request, template_name)
