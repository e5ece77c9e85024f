"""Benchmark 5: the annual statistics at the real scale (issue 13, part 5).

A real territory-year holds 100 to 2,000 victim records. Data: every territory with about
2,000 victim records a year over five years (``generate_demo_data --victims 100000
--traffickers 30000``). Measured, for the busiest territory's last complete year:

* the whole table set computed, and computed and protected (target: 100 ms or less);
* the same with the criminal-justice reads on a second connection (the engine's former
  thread), to decide whether it is worth keeping;
* the statistics page of an open year and of a signed-off year (target: 300 ms or less);
* the regional analyst's comparison of ten territories (target: 1 s or less).

    DATABASE_URL=postgres://... .venv/bin/python tests/benchmarks/bench_real_scale.py
"""

from __future__ import annotations

import argparse
import contextvars
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_year, configure, heading, median, ms, say  # noqa: E402

CPU: list[float] = []  # CPU time of this process (the Python side) in the last timed()


def timed(function, runs: int) -> tuple[float, float]:
    """Median and minimum wall time of ``function``; its median CPU time (this process only,
    PostgreSQL's work excluded) goes to ``CPU``: on a shared machine, the CPU time is what
    the load inflates least."""
    function()  # warm-up: caches, connections, imports
    times, cpu = [], []
    for _ in range(runs):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    CPU[:] = [median(cpu)]
    return median(times), min(times)


def cpu() -> str:
    return f"CPU {ms(CPU[0])}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--year", type=int)
    arguments = parser.parse_args()
    configure()

    from concurrent.futures import ThreadPoolExecutor

    from bench_pages import signed_in_client
    from django.conf import settings
    from django.db import connection, connections
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from indicators.statistics import engine
    from indicators.statistics.engine import compute_statistics
    from indicators.statistics.releases import public_release
    from thb_data.accounts.models import Territory, User
    from thb_data.scoping import scopes_disabled
    from victims.models import VictimRecord

    year = arguments.year or bench_year()
    with scopes_disabled():
        per_territory = dict(
            VictimRecord.objects.filter(reporting_year=year)
            .values_list("territory__code")
            .annotate(n=Count("pk"))
        )
        total = VictimRecord.objects.count()
        # The busiest territory that has a coordinator (the page is measured as one).
        managed = set(
            User.objects.filter(role="coordinator").values_list("territory__code", flat=True)
        )
    code = max((c for c in per_territory if c in managed), key=per_territory.get)
    territory = Territory.objects.get(code=code)
    threshold = settings.THB_SUPPRESSION_THRESHOLD_PUBLIC  # the public release of the page

    heading(f"5. Statistics at the real scale: {code} {year}")
    say(f"victim records in the database: {total:,}; in {code} {year}: {per_territory[code]:,}")
    say("records per territory in the year: " + ", ".join(
        f"{c} {n:,}" for c, n in sorted(per_territory.items())))  # fmt: skip

    def compute():
        with scopes_disabled():
            return compute_statistics(territory, year)

    def compute_and_protect():
        # What the statistics page does: the audited public release (issue 14).
        with scopes_disabled():
            stats = compute_statistics(territory, year)
            public_release(stats, threshold=threshold)

    with CaptureQueriesContext(connection) as captured:
        stats = compute()
    tables = len(stats.tables)
    med, low = timed(compute, arguments.runs)
    say(f"compute, every table ({tables} with helpers), {len(captured)} queries: "
        f"{ms(med)} median (min {ms(low)}; {cpu()})")  # fmt: skip
    med_p, low_p = timed(compute_and_protect, arguments.runs)
    say(f"compute and protect (threshold {threshold}): {ms(med_p)} median (min {ms(low_p)}; "
        f"{cpu()}) (target <= 100 ms: {'met' if med_p <= 0.100 else 'NOT met'})")  # fmt: skip

    # The former second connection: criminal-justice reads on another thread meanwhile.
    def compute_two_connections():
        with scopes_disabled():
            run = engine._Engine(territory, year)

            def reads():
                try:
                    run.trafficker_frame()
                    run.link_counts()
                finally:
                    connections.close_all()

            with ThreadPoolExecutor(max_workers=1) as pool:
                future = pool.submit(contextvars.copy_context().run, reads)
                run.build_victims()
                future.result()
            run.build_traffickers()

    def compute_one_connection():
        with scopes_disabled():
            run = engine._Engine(territory, year)
            run.build_victims()
            run.build_traffickers()

    one, _ = timed(compute_one_connection, arguments.runs)
    two, _ = timed(compute_two_connections, arguments.runs)
    say(f"tables on one connection {ms(one)}, with a second connection {ms(two)} "
        f"({(one - two) / one * 100:+.0f}% saved by the second connection, which the engine "
        "no longer opens)")  # fmt: skip

    with scopes_disabled():
        coordinator = User.objects.filter(role="coordinator", territory=territory).first()
        analyst = User.objects.filter(role="analyst").first()
    client = signed_in_client(coordinator)
    url = f"/statistics/{code}/{year}/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    med, low = timed(page, max(3, arguments.runs // 2))
    say(f"statistics page, open year: {ms(med)} median (min {ms(low)}; {cpu()}) "
        f"(target <= 300 ms: {'met' if med <= 0.300 else 'NOT met'})")  # fmt: skip

    analyst_client = signed_in_client(analyst)
    compare_url = f"/statistics/compare/{year}/"

    def compare():
        response = analyst_client.get(compare_url)
        assert response.status_code == 200, response.status_code

    med, low = timed(compare, max(3, arguments.runs // 3))
    met = "met" if med <= 1.0 else "NOT met"
    say(f"comparison of {len(per_territory)} territories: {ms(med)} median (min {ms(low)}; "
        f"{cpu()}) (target <= 1 s: {met})")  # fmt: skip

    # A signed-off year serves its figures of record: sign off, measure, reopen.
    from indicators.statistics.signoff import reopen_year, sign_off_year

    begin = time.perf_counter()
    with scopes_disabled():
        sign_off_year(territory=territory, year=year, user=coordinator)
    say(f"signing off (stores the figures of record): {ms(time.perf_counter() - begin)}")
    try:
        med, low = timed(page, max(3, arguments.runs // 2))
        say(f"statistics page, signed-off year: {ms(med)} median (min {ms(low)}; {cpu()})")
    finally:
        with scopes_disabled():
            reopen_year(territory=territory, year=year, user=coordinator, reason="benchmark")


if __name__ == "__main__":
    main()
