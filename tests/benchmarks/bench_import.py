"""Benchmark of the spreadsheet import (not a test: run on demand, prints figures).

    DJANGO_SETTINGS_MODULE=thb_data.settings DATABASE_URL=postgres://... \
        .venv/bin/python tests/benchmarks/bench_import.py [--rows 10000] [--skip-default]

Creates a throwaway test database (``test_<name>``, destroyed at the end), generates N valid
victim rows as a CSV file, and prints rows per second for:

1. THB Data's importer: parse, validate every cell with the web form's fields and every row with
   the form's rules, derive, hash the personal code, then bulk-create in one transaction with
   its audit entries;
2. django-import-export's default row-by-row import (``Resource.import_data`` with default
   options) of the same file into the same database, with the catalogue-generated resource;
3. on PostgreSQL, ``COPY`` of the same (already validated) rows: the driver's ceiling.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thb_data.settings")
os.environ.setdefault("THB_ENV", "test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

COUNTRIES = ["RS", "AL", "MK", "BA", "ME", "XK", "RO", "BG", "MD", "UA"]
FORMS = ["sexual", "labour", "begging", "domestic_servitude", "criminal_activity"]
INSTITUTIONS = ["police", "ngo", "social_welfare", "iom", "border_police"]
LETTERS = "ABCDEFGHIJKLMNOPRSTUVZ"


def generate_rows(count: int, territory_code: str, seed: int = 2026) -> list[dict]:
    """``count`` distinct, valid victim rows (they pass every rule of the web form)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        citizenship = rng.choice(COUNTRIES)
        national = citizenship == territory_code
        internal = national and rng.random() < 0.5
        forms = rng.sample(FORMS, rng.choice([1, 1, 2]))
        birth_year = rng.randint(1970, 2008)
        identified = f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = {
            "uuid": "",
            "status": "complete",
            "pc_first_name": rng.choice(LETTERS) + rng.choice(LETTERS),
            "pc_family_name": rng.choice(LETTERS) + rng.choice(LETTERS),
            "v_consent_obtained": rng.choice(["yes", "not_required"]),
            "v_victim_status": rng.choice(["identified", "presumed"]),
            "v_victim_category": (
                ("national_internal" if internal else "national_abroad")
                if national
                else rng.choice(["foreign_into", "foreign_transit"])
            ),
            "v_trafficking_type": "internal" if internal else "international",
            "v_sex": rng.choice(["female", "female", "male", "unknown"]),
            "v_date_of_birth": f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "v_citizenship": citizenship,
            "v_has_children": "yes" if i % 3 == 0 else "no",
            "v_number_of_children": str(rng.randint(1, 4)) if i % 3 == 0 else "",
            "v_education": rng.choice(["primary", "secondary_general", "unknown"]),
            "v_recruitment_method": rng.choice(
                ["false_job_offer_personal", "false_relationship_promise;abduction"]
            ),
            "v_exploitation_form": ";".join(forms),
            "v_main_exploitation_form": forms[0],
            "v_sexual_exploitation_setting": "bar_nightclub" if "sexual" in forms else "",
            "v_labour_sector": "agriculture" if "labour" in forms else "",
            "v_identification_date": identified,
            "v_identifying_institution": rng.choice(INSTITUTIONS),
            "v_co_victims": str(rng.randint(0, 6)),
            "v_assistance_offered": "yes",
            "v_assistance_accepted": "accepted",
            "v_assistance_type": "emergency_shelter;medical",
            "v_previously_trafficked": "no",
        }
        # Distinct rows: the row number as the number of co-victims would repeat; a date does.
        row["v_co_victims"] = str(i % 50)
        rows.append(row)
    return rows


def to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def rate(count: int, seconds: float, cpu: float | None = None) -> str:
    text = f"{count / seconds:>10,.0f} rows/s  ({seconds:6.2f} s"
    if cpu:
        text += f"; {count / cpu:,.0f} rows per CPU second"
    return text + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--skip-default", action="store_true", help="skip django-import-export's default import"
    )
    parser.add_argument("--verbose", action="store_true", help="show the first errors")
    args = parser.parse_args()

    from django.conf import settings

    settings.THB_IMPORT_MAX_ROWS = max(settings.THB_IMPORT_MAX_ROWS, args.rows)
    settings.THB_IMPORT_MAX_BYTES = max(settings.THB_IMPORT_MAX_BYTES, 200 * 1024 * 1024)
    settings.THB_IMPORT_MAX_CELLS = max(settings.THB_IMPORT_MAX_CELLS, args.rows * 200)
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":  # not the test database pytest uses
        connection.settings_dict["TEST"]["NAME"] = f"bench_import_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    import tablib

    from indicators.exchange.config import EXCHANGES
    from indicators.exchange.parse import read_table
    from indicators.exchange.resources import record_resource
    from indicators.exchange.validate import ImportValidator
    from indicators.exchange.write import commit_import
    from thb_data.accounts.models import Institution, Role, Territory, User
    from thb_data.scoping import scope_for, scopes_disabled
    from victims.models import VictimRecord

    exchange = EXCHANGES["victims"]
    with scopes_disabled():
        territory = Territory.objects.create(code="RS", name="Serbia")
        institution = Institution.objects.create(territory=territory, name="NGO", kind="ngo")
        user = User.objects.create(
            username="bench", role=Role.CASEWORKER, territory=territory, institution=institution
        )
    rows = generate_rows(args.rows, territory.code)
    content = to_csv(rows)
    print(
        f"THB Data import benchmark: {args.rows:,} victim rows, {len(rows[0])} columns, "
        f"{len(content) / 1024 / 1024:.1f} MB CSV, database: {connection.vendor}"
    )

    def clear():
        with scopes_disabled():
            VictimRecord.with_deleted.all().delete()

    # 1. THB Data's importer.
    started, cpu_started = time.perf_counter(), time.process_time()
    table = read_table(content, "bench.csv")
    report = ImportValidator(exchange, user=user, institution=institution).validate(
        table, file_name="bench.csv"
    )
    validated = time.perf_counter()
    assert report.ok, report.errors[:5]
    result = commit_import(report, user=user)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    assert result.created == args.rows
    print(f"THB Data importer, validate only         {rate(args.rows, validated - started)}")
    print(f"THB Data importer, bulk write + audit     {rate(args.rows, finished - validated)}")
    print(f"THB Data importer, validate + write       {rate(args.rows, finished - started, cpu)}")
    planned = [p.record for p in report.planned]
    clear()

    # 2. django-import-export, default options, row by row.
    if not args.skip_default:
        dataset = tablib.Dataset().load(content.decode(), format="csv")
        resource = record_resource(exchange, user=user, institution=institution)
        started, cpu_started = time.perf_counter(), time.process_time()
        with scope_for(user):
            outcome = resource.import_data(dataset)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        errors = outcome.has_errors() or outcome.has_validation_errors()
        if errors and args.verbose:
            for line in (outcome.base_errors or [])[:3]:
                print(line.error, line.traceback[-1500:])
            for row in outcome.rows or []:
                if row.errors or row.validation_error:
                    print(row.number, [e.error for e in row.errors], row.validation_error)
                    break
        with scopes_disabled():
            stored = VictimRecord.objects.count()
        print(
            f"django-import-export import_data()       {rate(args.rows, seconds, cpu)}"
            f"{'  (with errors!)' if errors else ''}, {stored:,} stored"
        )
        clear()

    # 3. PostgreSQL COPY of the validated rows.
    if connection.vendor == "postgresql":
        seconds = copy_rows(VictimRecord, planned)
        print(f"PostgreSQL COPY (validated rows)          {rate(len(planned), seconds)}")
        clear()


def copy_rows(model, records) -> float:
    """COPY ``records`` into the table (fresh UUIDs and numbers); the seconds it took."""
    import uuid

    from thb_data.pg_copy import copy_into, copy_line

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    lines = []
    for number, record in enumerate(records, start=1):
        record.uuid = uuid.uuid4()
        record.number = number
        lines.append(
            copy_line(
                field.get_db_prep_value(field.pre_save(record, True), connection, False)
                for field in fields
            )
        )
    text = "".join(lines)
    started = time.perf_counter()
    copy_into(model._meta.db_table, [f.column for f in fields], text)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
