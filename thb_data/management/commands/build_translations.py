"""manage.py build_translations: generate Serbian (Latin) from Serbian (Cyrillic), compile all."""

from django.core.management.base import BaseCommand, CommandError

from thb_data.translations import BuildError, build


class Command(BaseCommand):
    help = "Generate the Serbian Latin catalogue from the Cyrillic one and compile every catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild everything.")

    def handle(self, *args, force=False, **options):
        try:
            written = build(force=force)
        except BuildError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"wrote {path}")
