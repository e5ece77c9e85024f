"""Benchmark: the record forms and the record lists at demo scale, server time.

The demo data of ``make run`` (``load_demo``, then ``generate_demo_data --victims 1200
--traffickers 400 --territories RS AL``) in the database of ``DATABASE_URL``; each page through
the Django test client (middleware, queries and templates: the server's part of a page, without
the network). Targets of issue 18: the victim form in 100 ms or less, the lists in 50 ms or
less. Prints the median and 95th percentile of each page's wall time, the median of its CPU time in
this process (steadier on a shared machine), its query count and the size of its HTML.

    DATABASE_URL=postgres://... .venv/bin/python tests/benchmarks/bench_form.py [--requests 20]

``--setup`` creates the demo data first when the database has none (migrate, load_demo,
generate_demo_data --if-empty). ``--profile LABEL`` prints a cProfile of one page instead.
``--through-templates`` renders the form fields through crispy-forms' and Django's templates
only (the rendering before indicators.form_rendering and indicators.widgets), for a comparison in
the same conditions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import signed_in_client  # noqa: E402
from common import configure, heading, median, ms, percentile, say  # noqa: E402

FORM_TARGET_MS = 100
LIST_TARGET_MS = 50


def setup() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command(
        "generate_demo_data",
        "--if-empty",
        "--victims",
        "1200",
        "--traffickers",
        "400",
        "--territories",
        "RS",
        "AL",
        verbosity=0,
    )


def measure(client, url: str, requests: int) -> dict:
    """Median and 95th percentile of ``requests`` GETs (after one that warms caches), their
    query counts and the size of the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, queries, size, status = [], [], set(), 0, None
    for index in range(requests + 1):
        with CaptureQueriesContext(connection) as captured:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, elapsed_cpu = time.perf_counter() - begin, time.process_time() - begin_cpu
        status, size = response.status_code, len(response.content)
        if index:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
            queries.add(len(captured.captured_queries))
    return {
        "median": median(times),
        "cpu": median(cpu),
        "p95": percentile(times, 0.95),
        "queries": sorted(queries),
        "status": status,
        "kib": size / 1024,
    }


def pages() -> tuple[dict, list]:
    from django.urls import reverse

    from thb_data.accounts.models import User
    from thb_data.scoping import scopes_disabled
    from traffickers.models import TraffickerRecord
    from victims.models import VictimRecord

    with scopes_disabled():
        say(
            f"victim records: {VictimRecord.objects.count():,}; trafficker records: "
            f"{TraffickerRecord.objects.count():,}"
        )
        users = {
            name: User.objects.get(username=name)
            for name in ("coordinator-rs", "caseworker-rs-ngo", "prosecutor-rs")
        }
        victim = VictimRecord.objects.filter(territory__code="RS").order_by("-number").first()
        trafficker = (
            TraffickerRecord.objects.filter(territory__code="RS").order_by("-number").first()
        )
    clients = {name: signed_in_client(user) for name, user in users.items()}
    listed = [
        ("victim form, new", "caseworker-rs-ngo", reverse("victims:create"), FORM_TARGET_MS),
        (
            "victim form, edit",
            "coordinator-rs",
            reverse("victims:edit", args=[victim.uuid]),
            FORM_TARGET_MS,
        ),
        ("trafficker form, new", "prosecutor-rs", reverse("traffickers:create"), FORM_TARGET_MS),
        (
            "trafficker form, edit",
            "coordinator-rs",
            reverse("traffickers:edit", args=[trafficker.uuid]),
            FORM_TARGET_MS,
        ),
        ("victims list, caseworker", "caseworker-rs-ngo", reverse("victims:list"), LIST_TARGET_MS),
        ("victims list, coordinator", "coordinator-rs", reverse("victims:list"), LIST_TARGET_MS),
        ("traffickers list, prosecutor", "prosecutor-rs", reverse("traffickers:list"), 50),
        ("traffickers list, coordinator", "coordinator-rs", reverse("traffickers:list"), 50),
    ]
    return clients, listed


def run(requests: int) -> dict:
    heading("Record forms and lists at demo scale (Django test client)")
    clients, listed = pages()
    results = {}
    say(
        f"{'page':30} {'median':>10} {'p95':>10} {'CPU':>9} {'queries':>7} {'HTML':>8} "
        f"{'status':>6} target (median)"
    )
    for label, who, url, target in listed:
        figures = measure(clients[who], url, requests)
        results[label] = figures
        queries = ",".join(str(q) for q in figures["queries"])
        met = "met" if figures["median"] * 1000 <= target else "NOT met"
        say(
            f"{label:30} {ms(figures['median']):>10} {ms(figures['p95']):>10} "
            f"{ms(figures['cpu']):>9} {queries:>7} {figures['kib']:>4.0f} KiB "
            f"{figures['status']!s:>6} <= {target} ms: {met}"
        )
    say(
        "median and p95: wall time of the request in this process (middleware, queries, "
        "templates); CPU: this process's CPU time (without the database server's, and without "
        "the waits of a machine shared with other work)"
    )
    return results


def through_templates() -> None:
    """Turn the Python rendering of fields and selects off (what the forms did before)."""
    from django import forms

    from indicators import form_rendering, widgets

    form_rendering.render_bound_field = lambda bound: None
    widgets.FastSelectMixin.render = forms.Widget.render


def profile(label: str) -> None:
    import cProfile
    import pstats

    clients, listed = pages()
    who, url = next((who, url) for name, who, url, _ in listed if name == label)
    client = clients[who]
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--profile", metavar="LABEL")
    parser.add_argument("--through-templates", action="store_true")
    arguments = parser.parse_args()
    configure()
    if arguments.through_templates:
        through_templates()
    if arguments.setup:
        setup()
    if arguments.profile:
        profile(arguments.profile)
    else:
        run(arguments.requests)
