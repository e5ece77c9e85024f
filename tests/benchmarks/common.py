"""What the benchmarks share: the environment, the benchmark data, timing and printing.

Benchmarks are not tests: they run on demand (``make bench``), on PostgreSQL, and print figures
with a ratio to a baseline measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/thb_bench"
BENCH_TERRITORIES = ("RS", "AL")
BENCH_VICTIMS = 1_000_000
BENCH_TRAFFICKERS = 300_000
BENCH_SEED = 2026


def configure() -> None:
    """Environment of every benchmark: PostgreSQL, no debug (queries are not kept in memory)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thb_data.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(f"== {text} " + "=" * max(0, 76 - len(text)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def ratio(value: float, baseline: float) -> str:
    if not baseline or baseline != baseline:
        return "n/a"
    return f"{value / baseline:,.2f}x"


@contextmanager
def timer():
    """``with timer() as t: ...`` then ``t()`` is the elapsed wall time in seconds."""
    start = time.perf_counter()
    end = None

    def elapsed():
        return (end or time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def machine() -> str:
    """nproc, memory and the PostgreSQL server version, for the results."""
    from django.db import connection

    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPU, {memory}, PostgreSQL {version}, load average {load:.1f} at start"


def bench_year() -> int:
    """The reference year of the benchmarks: the last complete year."""
    from django.utils import timezone

    return timezone.localdate().year - 1


@contextmanager
def statement_timeout(seconds: int):
    """Cancel any single query running longer than ``seconds`` (keeps each benchmark bounded)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
