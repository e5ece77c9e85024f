"""The languages of THB Data: the ten territories' languages and English.

Django 5.2 has no Montenegrin locale: ``cnr`` gets its own language information here (added to
``django.conf.locale.LANG_INFO`` by the settings) and its own messages in ``locale/cnr``. Serbian
in Latin script (``sr-latn``) is generated from the Cyrillic catalogue at build time
(``thb_data/translations.py``), never edited by hand.

Importable without Django's settings (the settings module reads it).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

# (code, English name) in the order of the language switcher.
LANGUAGES = (
    ("en", "English"),
    ("sq", "Albanian"),
    ("bs", "Bosnian"),
    ("bg", "Bulgarian"),
    ("hr", "Croatian"),
    ("mk", "Macedonian"),
    ("cnr", "Montenegrin"),
    ("ro", "Romanian"),
    ("sr", "Serbian (Cyrillic)"),
    ("sr-latn", "Serbian (Latin)"),
)
CODES = tuple(code for code, _name in LANGUAGES)

# Language information Django lacks (django.conf.locale.LANG_INFO has every other one).
EXTRA_LANG_INFO = {
    "cnr": {
        "bidi": False,
        "code": "cnr",
        "name": "Montenegrin",
        "name_local": "crnogorski",
    },
}

# The default language of a territory's users (ISO 3166-1 alpha-2, XK for Kosovo*). A user's
# own preference (User.language) overrides it; a territory not listed works in English.
TERRITORY_LANGUAGES = {
    "AL": "sq",
    "BA": "bs",
    "BG": "bg",
    "HR": "hr",
    "MD": "ro",
    "ME": "cnr",
    "MK": "mk",
    "RO": "ro",
    "RS": "sr",
    "XK": "sq",
}

# Languages whose messages are generated from another language's catalogue at build time:
# target -> (source, gettext msgfilter filter).
GENERATED = {"sr-latn": ("sr", "recode-sr-latin")}


def territory_language(territory_code: str | None) -> str:
    """The default language of a territory's users ("en" when the territory has none)."""
    return TERRITORY_LANGUAGES.get((territory_code or "").upper(), "en")


REVIEW_FILE = Path(__file__).resolve().parent.parent / "locale" / "REVIEW.toml"
DRAFT = "draft, to be reviewed by the national team"
REVIEWED = "reviewed"
NOT_TRANSLATED = "not yet translated"


@dataclass(frozen=True)
class ReviewStatus:
    code: str
    name: str
    complete: bool
    status: str
    reviewer: str = ""
    date: str = ""
    generated_from: str = ""


def review_status() -> list[ReviewStatus]:
    """The review status of every language but English (locale/REVIEW.toml), in switcher order.

    A generated language (Serbian Latin) has the completeness and status of its source.
    """
    with REVIEW_FILE.open("rb") as file:
        declared = tomllib.load(file)
    names = dict(LANGUAGES)
    result = []
    for code in CODES:
        if code == "en":
            continue
        entry = declared.get(code, {})
        source = entry.get("generated_from", "")
        values = declared.get(source, {}) if source else entry
        result.append(
            ReviewStatus(
                code=code,
                name=names[code],
                complete=bool(values.get("complete", False)),
                status=values.get("status", NOT_TRANSLATED),
                reviewer=values.get("reviewer", ""),
                date=str(values.get("date", "")),
                generated_from=source,
            )
        )
    return result


def complete_languages() -> list[str]:
    return [status.code for status in review_status() if status.complete]
