"""Catalogue texts in the user's language, where they are shown.

The catalogue marks its texts with no-op markers (indicators/schema.py) and keeps them in English;
these helpers translate them at display time: category labels with their code list as the
context (``pgettext``), everything else without one. The lazy forms suit form fields, which
outlive the request that built them. Stored codes, imports and the files for Eurostat, UNODC and
GRETA never go through here.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy

from indicators.catalogue import CODE_LISTS
from indicators.schema import ALL_MISSING, Indicator

_YES_NO_TYPES = ("yesno",)


def text(message: str) -> str:
    """A marked catalogue text (label, definition, help text, section title)."""
    return gettext(message) if message else message


def lazy_text(message: str):
    return gettext_lazy(message) if message else message


def category(list_code: str, label: str) -> str:
    """A category label of the regional code list ``list_code``."""
    return pgettext(list_code, label) if label else label


def _choice_translator(ind: Indicator, lazy: bool):
    plain = gettext_lazy if lazy else gettext
    contextual = pgettext_lazy if lazy else pgettext
    regional = ind.code_list in CODE_LISTS
    yes_no = ind.type in _YES_NO_TYPES or (ind.type == "derived" and not regional)

    def translate(code: str, label: str):
        if code in ALL_MISSING or (yes_no and code in ("yes", "no")):
            return plain(label)
        if regional:
            return contextual(ind.code_list, label)
        return label  # countries and national lists: not catalogue texts

    return translate


def choice_label(ind: Indicator, code: str, label: str) -> str:
    """The label of one of ``ind``'s choices (category, yes/no or missing value)."""
    return _choice_translator(ind, lazy=False)(code, label)


def choices(ind: Indicator, pairs, lazy: bool = True) -> list[tuple[str, object]]:
    """``(code, label)`` pairs of ``ind`` with the labels in the user's language."""
    translate = _choice_translator(ind, lazy)
    return [(code, translate(code, label)) for code, label in pairs]


def label_with_unit(ind: Indicator, unit: str):
    return format_lazy("{} ({})", lazy_text(ind.label), unit)
