"""What would make a year's figures wrong or incomplete, checked before the sign-off.

Each category (drafts, records without a reference date, pending duplicate groups, rule warnings,
revisions pending) has a count and links to its records. The coordinator resolves it or
acknowledges it explicitly: :class:`SignOffForm` refuses a sign-off while a non-empty category
is neither resolved nor acknowledged, and its ``acknowledged`` goes into the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from indicators.quality.checks import KINDS, draft_q, warning_q
from indicators.quality.report import pending_duplicate_groups, year_records


@dataclass
class SignOffCheck:
    code: str
    label: str
    text: str
    count: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


CATEGORIES = (
    ("drafts", _("Drafts"), _("Records still in draft: they count, but may be unfinished.")),
    (
        "undated",
        _("Records without a reference date"),
        _("No identification or complaint date: they count in the year they were entered."),
    ),
    (
        "duplicates",
        _("Duplicate groups pending"),
        _("Possible duplicates not yet decided: a person may be counted twice."),
    ),
    (
        "warnings",
        _("Rule warnings"),
        _(
            "Dates out of order where one is estimated, and conflicting values between the "
            "records of one person."
        ),
    ),
    (
        "revisions",
        _("Revisions pending"),
        _("Figures already published for this year that the records no longer give."),
    ),
)
RULE_WARNINGS = ("order", "conflict")


def _records_url(territory, year, kind, check):
    url = reverse("quality:records", kwargs={"territory": territory.code, "year": year})
    return f"{url}?{urlencode({'kind': kind, 'check': check})}"


def pending_revisions(territory, year: int):
    """The revisions pending for the year, as (count, url), or None where the statistics keep
    no such list.

    The statistics (issue 13) keep, in ``indicators.statistics.final.revisions_pending``, the
    changes that would alter figures already of record; until that module is there, the
    category is left out.
    """
    try:
        from indicators.statistics.final import revisions_pending
    except ImportError:
        return None
    count = len(revisions_pending(territory, year))
    url = reverse("statistics:year", kwargs={"territory": territory.code, "year": year})
    return count, url


def signoff_checks(territory, year: int) -> list[SignOffCheck]:
    """Every category, with its count and links (a fixed number of queries)."""
    checks = {code: SignOffCheck(code, label, text) for code, label, text in CATEGORIES}
    for kind in KINDS.values():
        aggregates = {"drafts": Count("pk", filter=draft_q())}
        aggregates["undated"] = Count("pk", filter=warning_q(kind, "undated"))
        for code in RULE_WARNINGS:
            aggregates[code] = Count("pk", filter=warning_q(kind, code))
        counts = year_records(kind, territory, year).aggregate(**aggregates)
        for category, check in (("drafts", "draft"), ("undated", "undated")):
            if counts[category]:
                checks[category].count += counts[category]
                checks[category].links.append(
                    (
                        f"{kind.label}: {counts[category]}",
                        _records_url(territory, year, kind.code, check),
                    )
                )
        for code in RULE_WARNINGS:
            if counts[code]:
                checks["warnings"].count += counts[code]
                label = _("dates out of order") if code == "order" else _("conflicting values")
                checks["warnings"].links.append(
                    (
                        f"{kind.label}, {label}: {counts[code]}",
                        _records_url(territory, year, kind.code, code),
                    )
                )
    groups = pending_duplicate_groups(territory, year)
    if groups:
        checks["duplicates"].count = len(groups)
        url = f"{reverse('victims:duplicates')}?{urlencode({'year': year, 'show': 'pending'})}"
        checks["duplicates"].links.append((_("%(count)s to decide") % {"count": len(groups)}, url))
    revisions = pending_revisions(territory, year)
    if revisions is None:
        del checks["revisions"]
    else:
        count, url = revisions
        checks["revisions"].count = count
        if count:
            checks["revisions"].links.append((_("%(count)s to review") % {"count": count}, url))
    return list(checks.values())


class SignOffForm(forms.Form):
    """The coordinator's confirmation, and an acknowledgement per non-empty category."""

    confirm = forms.BooleanField(
        required=True,
        label=_("The records of the year are complete and checked."),
        error_messages={
            "required": _("Tick the box to confirm that the year's records are complete.")
        },
    )
    acknowledge = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Acknowledged")
    )

    def __init__(self, *args, checks: list[SignOffCheck], **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checks
        self.open_checks = [c for c in checks if c.count]
        # Every category may be ticked (one resolved since the page was opened is no error);
        # the open ones must be.
        self.fields["acknowledge"].choices = [(code, label) for code, label, _ in CATEGORIES]

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("acknowledge") or ())
        missing = [c for c in self.open_checks if c.code not in chosen]
        if missing:
            raise forms.ValidationError(
                _("Resolve or acknowledge each check before signing off: %(checks)s.")
                % {"checks": "; ".join(f"{c.label.lower()} ({c.count})" for c in missing)},
                code="unacknowledged",
            )
        return cleaned

    @property
    def acknowledged(self) -> dict[str, int]:
        """{category: count} of what the coordinator acknowledged (for the audit trail)."""
        return {c.code: c.count for c in self.open_checks}
