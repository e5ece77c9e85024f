"""The home-page panels of the machinery (registered in ``IndicatorsConfig.ready``): a person's
drafts with what each still misses to be complete, and a coordinator's quality summary."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from indicators.quality.report import kind_report, kinds_for, pending_duplicate_groups
from indicators.registry import record_model
from indicators.rules import missing_core
from thb_data.records import RecordStatus

DRAFTS_SHOWN = 10


def missing_core_fields(record) -> list[dict]:
    """The core fields ``record`` leaves unanswered (what it needs to be saved as complete),
    each with its label and a link to the field in the record's form."""
    database = record.database
    edit_url = reverse(f"{database.code}:edit", args=[record.uuid])
    fields = []
    for issue in missing_core(database, record.indicator_values()):
        ind = database.get(issue.field)
        # A stage of the proceedings is answered in its own form.
        form_url = (
            reverse(f"{database.code}:stage", args=[record.uuid, ind.stage])
            if ind.stage
            else edit_url
        )
        fields.append(
            {"code": ind.code, "label": ind.label, "url": f"{form_url}#div_id_{ind.code}"}
        )
    return fields


def drafts_panel(database_code: str, *, title: str):
    """The user's drafts of ``database_code``, the most recently saved first, each with the core
    fields it misses."""

    def panel(request):
        model = record_model(database_code)
        drafts = model.objects.visible_to(request.user).filter(status=RecordStatus.DRAFT)
        total = drafts.count()
        items = []
        for record in drafts.order_by("-updated_at", "-number")[:DRAFTS_SHOWN]:
            items.append(
                {
                    "record": record,
                    "url": reverse(f"{database_code}:detail", args=[record.uuid]),
                    "edit_url": reverse(f"{database_code}:edit", args=[record.uuid]),
                    "missing": missing_core_fields(record),
                }
            )
        return {
            "template": "home/_drafts.html",
            "title": title,
            "total": total,
            "items": items,
            "all_url": f"{reverse(f'{database_code}:list')}?status={RecordStatus.DRAFT}",
        }

    return panel


def quality_panel(request):
    """The coordinator's summary of this year's quality (the quality workbench's figures)."""
    user = request.user
    if not user.territory_id:
        return None
    territory, year = user.territory, timezone.localdate().year
    rows = []
    for kind in kinds_for(user):
        report = kind_report(kind, territory, year)
        rows.append(
            {
                "label": kind.label,
                "records": report.records,
                "core_percent": report.core_total.percent,
                "warnings": sum(row.total for row in report.warnings),
                "drafts": sum(report.drafts_total),
            }
        )
    return {
        "template": "home/_quality.html",
        "year": year,
        "rows": rows,
        "duplicates": len(pending_duplicate_groups(territory, year)),
        "quality_url": reverse("quality:year", args=[territory.code, year]),
        "duplicates_url": f"{reverse('victims:duplicates')}?year={year}&show=pending",
    }
