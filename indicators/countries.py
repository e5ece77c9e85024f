"""Countries: ISO 3166-1 alpha-2 (django-countries' list) plus Kosovo*, stateless and unknown."""

from functools import cache

from django_countries import countries

STATELESS = "stateless"
KOSOVO = "XK"


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, sorted by name, Kosovo* included."""
    names = {code: str(name) for code, name in countries}
    names.setdefault(KOSOVO, "Kosovo*")
    names[KOSOVO] = "Kosovo*"
    return tuple(sorted(names.items(), key=lambda item: item[1]))


@cache
def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)
