"""The catalogue of THB Data: the regional criteria of both databases, declared once.

Importable without Django: the machinery in ``indicators`` reads these declarations.
"""

from .code_lists import BAND_LIMITS, CODE_LISTS, NATIONAL_LISTS, band_for
from .crosswalks import CROSSWALKS, EU_MEMBER_STATES
from .traffickers import TRAFFICKERS
from .versions import CATALOGUE_DATE, CATALOGUE_VERSION, CHANGE_LOG
from .victims import VICTIMS

DATABASES = {"victims": VICTIMS, "traffickers": TRAFFICKERS}

__all__ = [
    "BAND_LIMITS",
    "CATALOGUE_DATE",
    "CATALOGUE_VERSION",
    "CHANGE_LOG",
    "CODE_LISTS",
    "CROSSWALKS",
    "DATABASES",
    "EU_MEMBER_STATES",
    "NATIONAL_LISTS",
    "TRAFFICKERS",
    "VICTIMS",
    "band_for",
]
