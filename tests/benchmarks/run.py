"""``make bench``: every benchmark of THB Data, on PostgreSQL, each against a baseline.

    .venv/bin/python tests/benchmarks/run.py [--only statistics import pages load]

Uses ``DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/thb_bench, which must exist),
migrates it, loads the demo accounts, and generates the benchmark data only when missing:
1,000,000 victim and 300,000 trafficker records in Serbia and Albania over the last five years
(``generate_demo_data``, seed 2026; about 10-30 minutes on 2 cores, once). Then:

1. annual statistics of one territory-year vs a hand-written SQL query for table V1;
2. import of 10,000 rows (tests/benchmarks/bench_import.py) vs COPY and django-import-export;
3. pages (lists, a record, statistics) at a million records vs /healthz;
4. load: gunicorn with 20 simulated caseworkers for 60 s vs the same server on /healthz.

Each benchmark is bounded in time; the whole run takes well under 30 minutes once the data
exists. Results are printed; tests/benchmarks/RESULTS.md keeps a dated copy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BENCHMARKS = ("statistics", "import", "pages", "load")


def prepare(victims: int, traffickers: int) -> None:
    from django.core.management import call_command

    from demo.generator import generate
    from thb_data.demo import load_base_fixtures, load_demo_accounts
    from thb_data.scoping import scopes_disabled
    from traffickers.models import TraffickerRecord
    from victims.models import VictimRecord

    common.heading("Benchmark data")
    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    load_base_fixtures()
    load_demo_accounts()
    with scopes_disabled():
        have_victims = VictimRecord.with_deleted.count()
        have_traffickers = TraffickerRecord.with_deleted.count()
    missing_victims = max(0, victims - have_victims)
    missing_traffickers = max(0, traffickers - have_traffickers)
    if missing_victims or missing_traffickers:
        common.say(
            f"generating {missing_victims:,} victim and {missing_traffickers:,} trafficker "
            f"records (present: {have_victims:,} and {have_traffickers:,})..."
        )
        result = generate(
            victims=missing_victims,
            traffickers=missing_traffickers,
            territories=list(common.BENCH_TERRITORIES),
            seed=common.BENCH_SEED,
            progress=common.say,
        )
        common.say(
            f"generated {result.victims:,} victim and {result.traffickers:,} trafficker records "
            f"in {result.seconds:,.0f} s ({result.victims / max(result.seconds, 1e-9):,.0f} "
            "victim records/s)"
        )
    else:
        common.say(f"present: {have_victims:,} victim and {have_traffickers:,} trafficker records")


def run_import(timeout: int = 600) -> None:
    common.heading("2. Import of 10,000 rows")
    script = Path(__file__).resolve().parent / "bench_import.py"
    if not script.exists():
        common.say("tests/benchmarks/bench_import.py is not there yet: import benchmark skipped")
        return
    try:
        subprocess.run(
            [sys.executable, str(script), "--rows", "10000"],
            cwd=common.ROOT,
            env=dict(os.environ),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        common.say(f"import benchmark stopped after {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--victims", type=int, default=common.BENCH_VICTIMS)
    parser.add_argument("--traffickers", type=int, default=common.BENCH_TRAFFICKERS)
    parser.add_argument("--seconds", type=int, default=60, help="length of the load test")
    parser.add_argument("--users", type=int, default=20, help="simulated caseworkers")
    arguments = parser.parse_args()

    common.configure()
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")
    began = time.monotonic()
    common.heading("THB Data benchmarks")
    common.say(time.strftime("%Y-%m-%d %H:%M %Z"))
    common.say(common.machine())
    prepare(arguments.victims, arguments.traffickers)

    for name in BENCHMARKS:
        if name not in arguments.only:
            continue
        try:
            if name == "statistics":
                import bench_statistics

                bench_statistics.run()
            elif name == "import":
                run_import()
            elif name == "pages":
                import bench_pages

                bench_pages.run()
            else:
                import bench_load

                bench_load.run(arguments.users, arguments.seconds)
        except Exception:  # noqa: BLE001 - one failing benchmark does not stop the others
            common.say(f"benchmark {name} failed:")
            traceback.print_exc(file=sys.stdout)
    common.heading(f"Done in {time.monotonic() - began:,.0f} s")


if __name__ == "__main__":
    main()
