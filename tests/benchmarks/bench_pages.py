"""Benchmark 3: pages at 1,000,000 records, through the Django test client.

Median and 95th-percentile time and query count of the victims list (unfiltered and filtered),
a victim record page and the statistics page, for a signed-in coordinator (and a caseworker's
list); baseline: ``/healthz`` through the same client and middleware.

    .venv/bin/python tests/benchmarks/bench_pages.py [--requests 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    bench_year,
    configure,
    heading,
    median,
    ms,
    percentile,
    ratio,
    say,
    statement_timeout,
)

QUERY_TIMEOUT = 120  # seconds


def signed_in_client(user):
    """A test client signed in as ``user``, second factor confirmed (as tests/conftest.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(client, url: str, requests: int, budget: float) -> dict:
    from django.db import DatabaseError, connection
    from django.test.utils import CaptureQueriesContext

    times, queries, status = [], [], None
    started = time.perf_counter()
    for index in range(requests + 1):
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            try:
                with statement_timeout(QUERY_TIMEOUT):
                    response = client.get(url)
            except DatabaseError as error:
                if "statement timeout" not in str(error):
                    raise
                status = f"query over {QUERY_TIMEOUT} s"
                break
            elapsed = time.perf_counter() - begin
        status = response.status_code
        if index:  # the first request warms caches and connections
            times.append(elapsed)
            queries.append(len(captured.captured_queries))
        if time.perf_counter() - started > budget:
            break
    return {
        "median": median(times),
        "p95": percentile(times, 0.95),
        "queries": sorted(set(queries)),
        "status": status,
        "n": len(times),
    }


def run(requests: int = 20, budget_per_page: float = 60) -> dict:
    from django.urls import NoReverseMatch, reverse

    from thb_data.accounts.models import User
    from thb_data.scoping import scopes_disabled
    from victims.models import VictimRecord

    heading("3. Pages at 1,000,000 records (Django test client)")
    year = bench_year()
    with scopes_disabled():
        coordinator = User.objects.get(username="coordinator-rs")
        caseworker = User.objects.get(username="caseworker-rs-ngo")
        record = (
            VictimRecord.objects.filter(territory__code="RS", reporting_year=year)
            .order_by("-number")
            .first()
        )
        say(f"victim records: {VictimRecord.objects.count():,}")
    coordinator_client = signed_in_client(coordinator)
    caseworker_client = signed_in_client(caseworker)

    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    pages = [
        ("healthz (baseline)", coordinator_client, url("healthz")),
        ("victims list, coordinator", coordinator_client, url("victims:list")),
        (
            "victims list, filtered",
            coordinator_client,
            url(
                "victims:list",
                query=f"?v_sex=female&v_exploitation_form=labour&reporting_year={year}",
            ),  # fmt: skip
        ),
        ("victims list, page 200", coordinator_client, url("victims:list", query="?page=200")),
        ("victims list, caseworker", caseworker_client, url("victims:list")),
        (
            "victim record page",
            coordinator_client,
            url("victims:detail", record.uuid) if record else None,
        ),
        ("statistics page", coordinator_client, url("statistics:year", "RS", year)),
    ]
    results, baseline = {}, None
    say(f"{'page':32} {'median':>11} {'p95':>11} {'queries':>9} {'status':>6} {'vs healthz':>10}")
    for label, client, address in pages:
        if address is None:
            say(f"{label:32} not available (URL not defined yet)")
            continue
        count = requests if "statistics" not in label else max(3, requests // 4)
        figures = measure(client, address, count, budget_per_page)
        if baseline is None:
            baseline = figures["median"]
        results[label] = figures
        queries = ",".join(str(q) for q in figures["queries"])
        say(
            f"{label:32} {ms(figures['median']):>11} {ms(figures['p95']):>11} {queries:>9} "
            f"{figures['status']!s:>6} {ratio(figures['median'], baseline):>10}"
        )
    say("targets: lists under 100 ms median at a million records, with a fixed query count")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    arguments = parser.parse_args()
    configure()
    run(arguments.requests)
