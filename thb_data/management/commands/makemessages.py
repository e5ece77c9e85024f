"""makemessages that also extracts the catalogue's ``pgettext_noop(context, message)`` markers.

Django extracts ``gettext_noop`` but not ``pgettext_noop``; the catalogue
(``indicators/catalogue/``) marks code-list labels with the code list as context.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
