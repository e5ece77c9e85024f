"""Benchmark 1: the annual statistics of one territory-year at 1,000,000 victim records.

Engine: ``indicators.statistics.engine.compute_statistics`` (every table of the territory-year),
and its victims cube (the grouped query V1 is built from). Baselines: one hand-written SQL query
producing table V1 (sex by age group) with the same counting rule (persons, counted in the year
of their first identification), and the naive query (records of the year, distinct persons).

    .venv/bin/python tests/benchmarks/bench_statistics.py [--territory RS] [--year 2025]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    bench_year,
    configure,
    heading,
    median,
    ms,
    ratio,
    say,
    statement_timeout,
    timer,
)

QUERY_TIMEOUT = 150  # seconds: a query slower than this is reported as not finishing

AGE_BAND_SQL = """
    CASE
        WHEN v_age_at_identification IS NULL THEN 'unknown'
        WHEN v_age_at_identification < 14 THEN '0_13'
        WHEN v_age_at_identification < 18 THEN '14_17'
        WHEN v_age_at_identification < 25 THEN '18_24'
        WHEN v_age_at_identification < 35 THEN '25_34'
        WHEN v_age_at_identification < 45 THEN '35_44'
        ELSE '45_plus'
    END
"""

# Persons counted once, in the year of their first identification (as the engine counts).
V1_SQL = f"""
WITH first_records AS (
    SELECT DISTINCT ON (person_key)
        person_key, reporting_year, v_sex, v_age_at_identification
    FROM victims_victimrecord
    WHERE territory_id = %s AND NOT is_deleted AND person_key <> ''
      AND v_victim_status IN ('presumed', 'identified')
    ORDER BY person_key, reporting_year, (v_identification_date = ''), v_identification_date,
             number
)
SELECT v_sex, {AGE_BAND_SQL} AS age_band, COUNT(*)
FROM first_records WHERE reporting_year = %s
GROUP BY 1, 2
"""

NAIVE_V1_SQL = f"""
SELECT v_sex, {AGE_BAND_SQL} AS age_band, COUNT(DISTINCT person_key)
FROM victims_victimrecord
WHERE territory_id = %s AND reporting_year = %s AND NOT is_deleted
  AND v_victim_status IN ('presumed', 'identified')
GROUP BY 1, 2
"""

REPEATS = 3


def _time_sql(sql, params) -> tuple[float, int]:
    from django.db import connection

    times, total = [], 0
    for _ in range(REPEATS):
        with timer() as elapsed, connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        times.append(elapsed())
        total = sum(row[2] for row in rows)
    return median(times), total


def run(territory_code: str = "RS", year: int | None = None, budget: float = 300) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thb_data.accounts.models import Territory
    from thb_data.scoping import scopes_disabled
    from victims.models import VictimRecord

    year = year or bench_year()
    heading(f"1. Annual statistics: {territory_code} {year}")
    results: dict = {}
    with scopes_disabled():
        territory = Territory.objects.get(code=territory_code)
        total = VictimRecord.objects.count()
        in_year = VictimRecord.objects.filter(territory=territory, reporting_year=year).count()
        say(f"victim records in the database: {total:,}; in {territory_code} {year}: {in_year:,}")

        baseline, persons = _time_sql(V1_SQL, [territory.pk, year])
        naive, naive_persons = _time_sql(NAIVE_V1_SQL, [territory.pk, year])
        say(f"baseline, hand-written SQL for V1 (first identification): {ms(baseline)} "
            f"({persons:,} persons)")  # fmt: skip
        say(f"naive SQL for V1 (records of the year, distinct persons): {ms(naive)} "
            f"({naive_persons:,} persons)")  # fmt: skip
        results.update(v1_sql=baseline, v1_sql_naive=naive, v1_persons=persons)

        try:
            from indicators.statistics import engine
        except ImportError as error:
            say(f"statistics engine not available ({error}): engine figures skipped")
            return results
        if not hasattr(engine, "compute_statistics"):
            say("indicators.statistics.engine has no compute_statistics(): engine skipped")
            return results

        if hasattr(engine, "_Engine") and hasattr(engine._Engine, "victims_cube"):
            times = []
            for _ in range(REPEATS):
                with timer() as elapsed:
                    if _bounded(lambda: engine._Engine(territory, year).victims_cube()) is None:
                        say(f"engine, victims cube: a query ran over {QUERY_TIMEOUT} s: stopped")
                        break
                times.append(elapsed())
                if sum(times) > budget / 3:
                    break
            results["v1_engine"] = median(times)
            say(
                f"engine, victims cube that V1 is built from: {ms(median(times))} "
                f"= {ratio(median(times), baseline)} the hand-written SQL (target <= 1.5x)"
            )

        times, queries, tables = [], 0, []
        for _ in range(REPEATS):
            with timer() as elapsed, CaptureQueriesContext(connection) as captured:
                statistics = _bounded(lambda: engine.compute_statistics(territory, year))
            if statistics is None:
                say(
                    f"engine, all tables: a query ran over {QUERY_TIMEOUT} s and was cancelled "
                    f"after {ms(elapsed())} (target < 2 s: NOT MET)"
                )
                _slowest(captured)
                results["all_tables"] = None
                return results
            times.append(elapsed())
            queries = len(captured.captured_queries)
            tables = statistics.tables
            if sum(times) > budget:
                break
        # Every query, those of a second connection included: counted on one connection (in a
        # transaction the engine reads everything on the request's connection).
        from django.db import transaction

        with CaptureQueriesContext(connection) as here:
            engine.compute_statistics(territory, year)
        with transaction.atomic(), CaptureQueriesContext(connection) as everything:
            engine.compute_statistics(territory, year)
        elsewhere = len(everything.captured_queries) - len(here.captured_queries)
        queries = len(everything.captured_queries)
        results.update(all_tables=median(times), all_tables_queries=queries)
        codes = [getattr(table, "code", "?") for table in tables]
        v1_total = "; V1 included" if "V1" in codes else "; no table V1"
        on_second = f" ({elsewhere} of them on a second connection)" if elsewhere else ""
        say(f"engine, all tables of the territory-year: {ms(median(times))} "
            f"(min {ms(min(times))}), {len(tables)} tables, {queries} queries{on_second}"
            f"{v1_total} (target < 2 s)")  # fmt: skip
        _slowest(captured)
    return results


def _bounded(function):
    """``function()``, or None when one of its queries ran over QUERY_TIMEOUT."""
    from django.db import DatabaseError

    with statement_timeout(QUERY_TIMEOUT):
        try:
            return function()
        except DatabaseError as error:
            if "statement timeout" not in str(error):
                raise
            return None


def _slowest(captured) -> None:
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"] or 0))[:3]
    for query in slowest:
        say(f"   slowest query {float(query['time']) * 1000:,.0f} ms: {query['sql'][:140]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territory", default="RS")
    parser.add_argument("--year", type=int)
    arguments = parser.parse_args()
    configure()
    run(arguments.territory, arguments.year)
