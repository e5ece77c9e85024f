"""Partial dates: a year, a year and month, or a full date, stored as ISO 8601 text.

``"1990"``, ``"1990-03"`` and ``"1990-03-07"`` sort in time order as text, so a year's records are
a range query on an ordinary index, and comparisons take the precision into account.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})\.?$")  # 07.03.1990, 03.1990


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``DD.MM.YYYY`` or ``MM.YYYY``.

        Raises ValueError with a message a person understands when the text is not a date.
        """
        if text is None:
            return None
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return cls(text.year, text.month, text.day)
        text = str(text).strip()
        if not text:
            return None
        match = _ISO.match(text)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
        else:
            match = _DOTTED.match(text)
            if not match:
                raise ValueError(
                    f"“{text}” is not a date: write YYYY-MM-DD, or YYYY-MM or YYYY when only the "
                    "month or the year is known."
                )
            day, month, year = (int(g) if g else None for g in match.groups())
        if not 1900 <= year <= 2100:
            raise ValueError(f"The year {year} is out of range.")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"“{text}”: the month must be between 1 and 12.")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"“{text}”: that month has no day {day}.")
        return cls(year, month, day)

    @property
    def is_partial(self) -> bool:
        return self.day is None

    @property
    def lower(self) -> dt.date:
        """The earliest day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> dt.date:
        """The latest day the date can mean."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


def years_between(earlier: PartialDate | None, later: PartialDate | None) -> int | None:
    """Whole years from ``earlier`` to ``later`` (an age), using the middle of partial dates."""
    if earlier is None or later is None:
        return None
    start = _middle(earlier)
    end = _middle(later)
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return years if years >= 0 else None


def days_between(earlier: PartialDate | None, later: PartialDate | None) -> int | None:
    if earlier is None or later is None:
        return None
    days = (_middle(later) - _middle(earlier)).days
    return days if days >= 0 else None


def _middle(date: PartialDate) -> dt.date:
    if date.day is not None:
        return date.lower
    return date.lower + (date.upper - date.lower) / 2


def year_range(year: int) -> tuple[str, str]:
    """Bounds such that ``lo <= value < hi`` selects every partial date in ``year``."""
    return (f"{year:04d}", f"{year + 1:04d}")
