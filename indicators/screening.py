"""Free text must never hold identifying details (spec §6.2): reject what looks like one."""

import re

from django.core.exceptions import ValidationError

_PATTERNS = (
    (re.compile(r"\d[\d\s./-]{5,}\d"), "a number that looks like a phone, document or ID number"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "an e-mail address"),
    (re.compile(r"https?://|www\.", re.IGNORECASE), "a web address"),
)


def reject_identifying_details(value: str) -> None:
    for pattern, what in _PATTERNS:
        if pattern.search(value or ""):
            raise ValidationError(
                f"This field must not hold identifying details; it contains {what}.",
                code="identifying",
            )
