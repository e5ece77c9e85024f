"""The personal code (spec §5): built from its elements, normalised, stored only as a keyed hash.

    code = FN2 + LN2 + DDMMYYYY + S + CC      e.g. ANPE07031990FAL
    FN2, LN2  first two letters of the first and family names, transliterated to Latin, upper
              case, without diacritics (Serbian and Macedonian Cyrillic by the fixed table below)
    DDMMYYYY  date of birth, 00 for an unknown day or month
    S         sex: M, F, or X when unknown
    CC        citizenship, ISO 3166-1 alpha-2 (XX when unknown or stateless)

Trafficker codes carry the prefix T. Only HMAC-SHA256(code, THB_PERSONAL_CODE_KEY) is stored:
the same person entered by the police and by an NGO gives the same value, and the value does not
reveal the initials. The elements are never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings

from thb_data.dates import PartialDate

# Serbian and Macedonian Cyrillic to the Latin letters of their official Latin scripts, before
# diacritics are stripped: Ш -> Š -> S, Ђ -> Đ -> DJ, Љ -> LJ, Ќ -> Ḱ -> K...
_CYRILLIC = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "DJ", "Ѓ": "GJ", "Е": "E", "Ж": "Z",
    "З": "Z", "Ѕ": "DZ", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "LJ", "М": "M", "Н": "N",
    "Њ": "NJ", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "C", "Ќ": "KJ", "У": "U",
    "Ф": "F", "Х": "H", "Ц": "C", "Ч": "C", "Џ": "DZ", "Ш": "S",
    # Russian, Ukrainian and Bulgarian letters found in Moldovan and Bulgarian records
    "Й": "I", "Щ": "S", "Ъ": "A", "Ь": "", "Ю": "IU", "Я": "IA", "Ы": "Y", "Э": "E", "Ё": "E",
    "Є": "IE", "І": "I", "Ї": "I", "Ґ": "G",
}  # fmt: skip
# Latin letters that are not a base letter plus a combining mark.
_LATIN_SPECIAL = {"Đ": "DJ", "Ð": "DJ", "Ł": "L", "Ø": "O", "Æ": "AE", "Œ": "OE", "ß": "SS"}


class PersonalCodeError(ValueError):
    """The elements do not make a code (a message for the person entering them)."""


def normalise_letters(text: str, count: int = 2) -> str:
    """The first ``count`` Latin letters of ``text``, upper case, without diacritics."""
    latin = []
    for char in (text or "").strip().upper():
        char = _CYRILLIC.get(char, char)
        char = _LATIN_SPECIAL.get(char, char)
        decomposed = unicodedata.normalize("NFKD", char)
        latin.append("".join(c for c in decomposed if "A" <= c <= "Z"))
    letters = "".join(latin)
    if len(letters) < count:
        raise PersonalCodeError(f"Give at least {count} letters.")
    return letters[:count]


def build_code(
    *, first_name: str, family_name: str, date_of_birth, sex: str, citizenship: str, prefix=""
) -> str:
    """The clear personal code. It only ever lives in memory, on the way to :func:`hash_code`."""
    date = PartialDate.parse(date_of_birth) if date_of_birth else None
    if date is None:
        raise PersonalCodeError("The date of birth (at least the year) is needed for the code.")
    dob = f"{date.day or 0:02d}{date.month or 0:02d}{date.year:04d}"
    sex_letter = {"male": "M", "female": "F"}.get(sex or "", "X")
    country = citizenship if citizenship and len(citizenship) == 2 else "XX"
    return (
        f"{prefix}{normalise_letters(first_name)}{normalise_letters(family_name)}"
        f"{dob}{sex_letter}{country.upper()}"
    )


def hash_code(code: str) -> str:
    key = settings.PERSONAL_CODE_KEY.encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def personal_code_hash(**elements) -> str:
    """Keyed hash of the code built from ``elements`` (see :func:`build_code`)."""
    return hash_code(build_code(**elements))


def near_match_key(*, date_of_birth, sex: str, citizenship: str, prefix="") -> str:
    """Keyed hash of the elements other than the letters, for near-match screening (same birth
    date, sex and citizenship; the initials may differ by one letter)."""
    date = PartialDate.parse(date_of_birth) if date_of_birth else None
    dob = f"{date.day or 0:02d}{date.month or 0:02d}{date.year:04d}" if date else "00000000"
    sex_letter = {"male": "M", "female": "F"}.get(sex or "", "X")
    country = citizenship if citizenship and len(citizenship) == 2 else "XX"
    return hash_code(f"{prefix}*{dob}{sex_letter}{country.upper()}")


def letter_variants(first_name: str, family_name: str) -> tuple[str, ...]:
    """Keyed hashes of the four initials with one letter replaced by a wildcard: two codes whose
    initials differ by one letter share one of them."""
    letters = normalise_letters(first_name) + normalise_letters(family_name)
    return tuple(
        hash_code("letters:" + letters[:i] + "?" + letters[i + 1 :]) for i in range(len(letters))
    )


def code_keys(
    *, first_name: str, family_name: str, date_of_birth, sex: str, citizenship: str, prefix=""
) -> dict[str, str]:
    """What a record keeps of its personal code: the keyed hash of the code, the near-match key
    and the letter keys (the elements themselves are dropped). Raises PersonalCodeError."""
    elements = {"date_of_birth": date_of_birth, "sex": sex, "citizenship": citizenship}
    code = build_code(first_name=first_name, family_name=family_name, prefix=prefix, **elements)
    return {
        "personal_code_hash": hash_code(code),
        "near_match_key": near_match_key(prefix=prefix, **elements),
        "letter_keys": ",".join(v[:16] for v in letter_variants(first_name, family_name)),
    }


def normalise_registration_number(text: str) -> str:
    """A registration number as the register writes it: letters and digits only, upper case
    (``12 345-678`` and ``12345678`` are one number)."""
    normalised = "".join(c for c in (text or "").upper() if c.isascii() and c.isalnum())
    if len(normalised) < 3:
        raise PersonalCodeError("Give the registration number: at least 3 letters or digits.")
    return normalised


def registration_keys(*, registration_number: str, country: str) -> dict[str, str]:
    """What a record of a legal person keeps instead of a personal code: the keyed hash of its
    registration number in its country of registration (prefix L), so that the police, the
    prosecution and the court records of one company are one defendant. The number itself is
    not stored. Raises PersonalCodeError."""
    number = normalise_registration_number(registration_number)
    country = country if country and len(country) == 2 else "XX"
    return {
        "personal_code_hash": hash_code(f"L{country.upper()}{number}"),
        "near_match_key": "",
        "letter_keys": "",
    }


# The two refusals of a legal person's identifier, written once for the form and the import.
LEGAL_PERSON_HAS_NO_CODE = (
    "A legal person has no personal code: leave the letters empty and give its "
    "registration number, if known."
)
REGISTRATION_NUMBER_ONLY_FOR_LEGAL_PERSONS = (
    "Only for a legal person: a natural person is identified by the personal code."
)
