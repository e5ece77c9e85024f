"""Counts and amounts on pages in the user's language: ``{% load numbers %}{{ total|number }}``.

``|number`` groups the digits with the thousands separator of the active language and writes its
decimal mark (Django's format modules, completed in thb_data/formats): 1,234.5 in English,
1.234,5 in Serbian. Only for what a person reads: years, record numbers, identifiers, data-*
attributes, JSON and downloaded files stay unlocalised (settings.USE_THOUSAND_SEPARATOR is off,
so a plain ``{{ year }}`` is never written 2,024).
"""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter(is_safe=True)
def number(value):
    """A count or an amount with the language's separators; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return formats.number_format(value, use_l10n=True, force_grouping=True)
