"""Benchmark: disclosure control of the public release, before (``protection.protect``) and
after (``releases.public_release``, audited by linear programming), year by year.

For each reference year of a territory, releases are made in year order, each knowing what the
earlier ones published (as the attacker does). Printed per year:

- the share of non-zero cells published (information kept), before and after;
- the old pattern audited against the attacker of issue 14 (every table, the crosswalk
  groupings, the earlier releases; and, as published, "A means 1 to k-1"): small counts
  recomputed exactly, and small counts whose range is narrower than the threshold;
- the new pattern's audit and the time of the protection and of its audit.

With ``--signed-off``, each year is taken as signed off once released: the later releases'
trend rows reuse its figures of record (``Earlier.fixed``) and its published and hidden cells.

    DATABASE_URL=... .venv/bin/python tests/benchmarks/bench_disclosure.py --territory RS \
        --years 2021 2022 2023 2024 2025
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import configure, heading, ms, say  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--territory", default="RS")
    parser.add_argument("--years", type=int, nargs="+", default=[2021, 2022, 2023, 2024, 2025])
    parser.add_argument(
        "--signed-off",
        action="store_true",
        help="each year is signed off after its release: the later releases reuse its "
        "figures of record (the trend rows) and publish or hide them as it did",
    )
    args = parser.parse_args()
    configure()

    from indicators.statistics.audit import Auditor
    from indicators.statistics.disclosure import grouping_relations, release_cells
    from indicators.statistics.engine import compute_statistics
    from indicators.statistics.protection import FLAG_PRIMARY
    from indicators.statistics.releases import (
        Earlier,
        groupings_for,
        headline_for,
        public_release,
    )
    from thb_data.accounts.models import Territory
    from thb_data.scoping import scopes_disabled

    threshold = 10
    with scopes_disabled():
        territory = Territory.objects.get(code=args.territory)
        years = {year: compute_statistics(territory, year) for year in args.years}
    heading(f"Disclosure control, public release (threshold {threshold}), {args.territory}")
    say(
        "year | non-zero cells | published before | after | old: exact / narrow "
        "(A as 1..k-1: exact / narrow) | headline hidden old / new | new: audit | protect | audit"
    )
    old_known: dict = {}
    new_earlier = Earlier()
    for year, stats in years.items():
        tables = [stat.table for stat in stats.tables]
        values, relations = release_cells(tables)
        relations += grouping_relations(values, groupings_for(territory.code))
        nonzero = [key for key, value in values.items() if value]
        primary = {key for key, value in values.items() if 1 <= value < threshold}

        old = stats.protect(threshold)
        old_hidden = set(old.suppressed) & set(values)
        known = {k: v for k, v in old_known.items() if values.get(k) == v}
        plain = Auditor(values, relations, width=threshold, known=known, sensitive=primary)
        report = plain.check(old_hidden)
        bounds = {}
        for table in old.tables.values():
            for flag, key in zip(
                table.flags.to_numpy().ravel(), table.keys.to_numpy().ravel(), strict=True
            ):
                if flag == FLAG_PRIMARY:
                    bounds[key] = (1, threshold - 1)
        flagged = Auditor(
            values, relations, width=threshold, known=known, bounds=bounds, sensitive=primary
        ).check(old_hidden)

        start = time.perf_counter()
        safe = public_release(stats, threshold=threshold, earlier=new_earlier)
        elapsed = time.perf_counter() - start

        headline = headline_for(territory.code, year)
        heads = [key for key in values if headline(key) and values[key] >= threshold]
        head_old = sum(key in old_hidden for key in heads)
        head_new = sum(key in safe.hidden for key in heads)
        before = sum(key not in old_hidden for key in nonzero) / len(nonzero)
        after = sum(key not in safe.hidden for key in nonzero) / len(nonzero)
        say(
            f"{year} | {len(nonzero)} | {before:.1%} | {after:.1%} | "
            f"{len(report.exact)} / {len(report.findings)} "
            f"({len(flagged.exact)} / {len(flagged.findings)}) | "
            f"{head_old} / {head_new} of {len(heads)} | "
            f"{'passed' if safe.audit.passed else 'FAILED'} ({safe.audit.solved} LPs) | "
            f"{ms(elapsed)} | {ms(safe.audit.seconds)}"
        )
        for key, value in values.items():
            if key not in old_hidden:
                old_known[key] = value
            if key not in safe.hidden:
                new_earlier.published.setdefault(key, set()).add(value)
        new_earlier.hidden |= set(safe.hidden)
        if args.signed_off:
            own = f":{year}"
            for key, value in values.items():
                if key.population.endswith(own):
                    new_earlier.fixed[key] = value


if __name__ == "__main__":
    main()
