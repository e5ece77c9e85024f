"""Partial dates, for the machinery's modules that read them here: they live in the base
(``thb_data.dates``), where the personal code and the record base need them too."""

from thb_data.dates import PartialDate, days_between, year_range, years_between

__all__ = ["PartialDate", "days_between", "year_range", "years_between"]
