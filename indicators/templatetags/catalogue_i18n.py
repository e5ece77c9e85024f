"""Catalogue texts in the user's language, in templates: ``{{ ind.label|catalogue }}`` and
``{{ category.label|category:ind.code_list }}`` (indicators/i18n.py)."""

from django import template

from indicators import i18n

register = template.Library()


@register.filter
def catalogue(value):
    """A marked catalogue text: label, definition, help text, section or list title."""
    return i18n.text(value) if isinstance(value, str) else value


@register.filter
def category(value, list_code):
    """A category label of the regional code list ``list_code``."""
    return i18n.category(list_code, value) if isinstance(value, str) else value
