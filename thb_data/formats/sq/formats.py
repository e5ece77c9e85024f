# Dates in ISO 8601; the decimal mark and thousands separator of Django's format module for the
# language, which does not group digits (NUMBER_GROUPING 0): grouped by three here.
from thb_data.formats._iso import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

NUMBER_GROUPING = 3
