"""The shared cache: CACHE_URL builds Django's RedisCache, and the sign-in throttling of
django-axes keeps its counters there, so every application server sees the same lockout."""

import json
import socket
import uuid

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.foundation.test_settings import run_python

REDIS = "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_cache_url_configures_django_s_redis_cache_and_the_throttling_uses_it():
    code = (
        "import json; from django.conf import settings as s; from django.core.cache import caches;"
        "print(json.dumps([s.CACHES['default'], s.AXES_HANDLER, s.AXES_CACHE,"
        " type(caches['default']).__name__]))"
    )
    result = run_python(
        "import django; django.setup(); " + code, CACHE_URL="redis://cache.internal:6379/2"
    )
    assert result.returncode == 0, result.stderr
    cache, handler, axes_cache, backend = json.loads(result.stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert handler == "axes.handlers.cache.AxesCacheHandler" and axes_cache == "default"
    assert backend == "RedisCache"


def test_without_cache_url_the_throttling_counts_in_the_database_not_in_process_memory():
    code = "from django.conf import settings as s; print(s.AXES_HANDLER, 'CACHE_URL', s.CACHE_URL)"
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["axes.handlers.database.AxesDatabaseHandler", "CACHE_URL"]


@pytest.fixture
def redis_throttling():
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"thb-test-{uuid.uuid4().hex[:8]}"
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(
        CACHES=config, AXES_HANDLER="axes.handlers.cache.AxesCacheHandler", AXES_CACHE="default"
    ):
        AxesProxyHandler.implementation = None
        yield config["default"]
        client = caches["default"]._cache.get_client()
        for key in client.keys(f"{prefix}:*"):  # only this test's keys, never FLUSHDB
            client.delete(key)
    AxesProxyHandler.implementation = None


def test_a_lockout_on_one_server_holds_on_another(redis_throttling, client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "cw-rs-ngo", "password": "not-the-password"})
    # A second server: its own cache client (another connection pool) and its own handler.
    other_cache = RedisCache(redis_throttling["LOCATION"], dict(redis_throttling))
    stored = other_cache._cache.get_client().keys(f"{redis_throttling['KEY_PREFIX']}:*")
    assert stored  # the counters are in Redis, not in this process's memory
    caches["default"] = other_cache
    AxesProxyHandler.implementation = None
    other_server = Client()
    response = other_server.post(reverse("login"), {"username": "cw-rs-ngo", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in other_server.session
