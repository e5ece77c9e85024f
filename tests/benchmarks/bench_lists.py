"""Benchmark: the record lists (and the home pages) at demo scale, server time.

The demo data of ``load_demo`` and ``generate_demo_data`` with its defaults, in the database of
``DATABASE_URL``; each page through the Django test client (middleware, templates and queries:
the server's part of a page, without the network). Target of issue 18: the lists in 50 ms or
less. Prints the median and 95th percentile of each page and its query count (which must not
vary with the page's filters).

    DATABASE_URL=postgres://... .venv/bin/python tests/benchmarks/bench_lists.py [--requests 30]

``--setup`` (re)creates the demo data first (migrate, load_demo, generate_demo_data).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import measure, signed_in_client  # noqa: E402
from common import configure, heading, ms, say  # noqa: E402

TARGET_MS = 50


def setup() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("generate_demo_data", verbosity=0)


def run(requests: int) -> dict:
    from django.urls import reverse
    from django.utils import timezone

    from thb_data.accounts.models import User
    from thb_data.scoping import scopes_disabled
    from traffickers.models import TraffickerRecord
    from victims.models import VictimRecord

    heading("Record lists at demo scale (Django test client)")
    with scopes_disabled():
        say(
            f"victim records: {VictimRecord.objects.count():,}; trafficker records: "
            f"{TraffickerRecord.objects.count():,}"
        )
        users = {
            name: User.objects.get(username=name)
            for name in ("coordinator-rs", "caseworker-rs-ngo", "prosecutor-rs")
        }
        number = VictimRecord.objects.filter(territory__code="RS").order_by("number").first()
    clients = {name: signed_in_client(user) for name, user in users.items()}
    year = timezone.localdate().year - 1
    pages = [
        ("victims list, coordinator", "coordinator-rs", reverse("victims:list")),
        ("victims list, caseworker", "caseworker-rs-ngo", reverse("victims:list")),
        (
            "victims list, 4 filters",
            "coordinator-rs",
            reverse("victims:list")
            + f"?year={year}&status=complete&v_sex=female&v_citizenship=RS&v_citizenship=AL",
        ),
        (
            "victims list, by number",
            "caseworker-rs-ngo",
            reverse("victims:list") + f"?q={number.record_number if number else 'RS-V1'}&year=",
        ),
        ("victims list, deleted", "coordinator-rs", reverse("victims:list") + "?deleted=1"),
        ("traffickers list, coordinator", "coordinator-rs", reverse("traffickers:list")),
        ("traffickers list, prosecutor", "prosecutor-rs", reverse("traffickers:list")),
        (
            "traffickers list, stage filter",
            "prosecutor-rs",
            reverse("traffickers:list") + "?stage=first_instance",
        ),
        ("cases list, prosecutor", "prosecutor-rs", reverse("traffickers:case_list")),
        ("audit trail, coordinator", "coordinator-rs", reverse("audit:list")),
        ("home, caseworker", "caseworker-rs-ngo", reverse("home")),
        ("home, prosecutor", "prosecutor-rs", reverse("home")),
        ("home, coordinator", "coordinator-rs", reverse("home")),
    ]
    results = {}
    say(f"{'page':32} {'median':>11} {'p95':>11} {'queries':>9} {'status':>6}")
    for label, who, url in pages:
        figures = measure(clients[who], url, requests, budget=60)
        results[label] = figures
        queries = ",".join(str(q) for q in figures["queries"])
        say(
            f"{label:32} {ms(figures['median']):>11} {ms(figures['p95']):>11} {queries:>9} "
            f"{figures['status']!s:>6}"
        )
    say(f"target: the lists in {TARGET_MS} ms or less (median server time)")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--setup", action="store_true")
    arguments = parser.parse_args()
    configure()
    if arguments.setup:
        setup()
    run(arguments.requests)
