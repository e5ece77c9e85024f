"""Print the data dictionary as CSV: the same text as /indicators/export.csv."""

from django.core.management.base import BaseCommand

from indicators.dictionary import catalogue_csv


class Command(BaseCommand):
    help = "Print the data dictionary (one row per indicator of both databases) as CSV."

    def handle(self, *args, **options):
        self.stdout.write(catalogue_csv(), ending="")
