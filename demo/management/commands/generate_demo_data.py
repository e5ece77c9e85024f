"""``manage.py generate_demo_data``: realistic synthetic records at any scale.

See ``demo.generator``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.generator import InvalidGeneratedRecord, default_years, generate


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic victim and trafficker records (valid under every rule, "
        "reproducible from --seed), written in bulk. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--victims", type=int, default=300, help="Victim records in total.")
        parser.add_argument(
            "--traffickers", type=int, default=120, help="Trafficker records in total."
        )
        parser.add_argument(
            "--territories",
            nargs="+",
            metavar="CODE",
            help="Territory codes (default: every active territory); records are split evenly.",
        )
        parser.add_argument(
            "--years", nargs="+", type=int, metavar="YEAR", help="Default: the last 5 years."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the territories already hold records.",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never generated in a production setup.")
        if options["victims"] < 0 or options["traffickers"] < 0:
            raise CommandError("--victims and --traffickers must be zero or more.")
        territories = [code.upper() for code in options["territories"] or []] or None
        years = options["years"] or default_years()
        verbose = options["verbosity"] >= 1
        if verbose and not options["if_empty"]:
            self.stdout.write(
                f"Generating {options['victims']:,} victim and {options['traffickers']:,} "
                f"trafficker records for {' '.join(territories or ['every territory'])}, "
                f"years {years[0]}-{years[-1]}, seed {options['seed']}..."
            )
        try:
            result = generate(
                victims=options["victims"],
                traffickers=options["traffickers"],
                territories=territories,
                years=years,
                seed=options["seed"],
                if_empty=options["if_empty"],
                progress=self.stdout.write if verbose else None,
            )
        except (ValueError, InvalidGeneratedRecord) as error:
            raise CommandError(str(error)) from error
        if result.skipped:
            if verbose:
                self.stdout.write("Records already exist: no demo data generated (--if-empty).")
            return
        rate = result.victims / result.seconds if result.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.victims:,} victim records, {result.traffickers:,} trafficker "
                f"records in {result.cases:,} criminal cases ({result.links:,} victim links) in "
                f"{result.seconds:.1f} s ({rate:,.0f} victim records/s); "
                f"{result.checked:,} checked against the rules."
            )
        )
