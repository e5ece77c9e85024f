"""The prosecutor's home panel: the suspects whose proceedings wait for their next stage."""

from __future__ import annotations

from django.urls import reverse

from indicators.catalogue import TRAFFICKERS
from traffickers.filters import with_stage_reached
from traffickers.models import TraffickerRecord

SHOWN = 10
# After the final judgment nothing is due but sanctions, logged with it when it convicts.
DONE = ("final", "sanctions")


def next_stage_panel(request):
    """Suspects of the user's scope whose proceedings have not reached the final judgment, the
    longest unchanged first, each with the next stage to log (a link to its form)."""
    order = [stage.code for stage in TRAFFICKERS.stages]
    titles = {stage.code: stage.title for stage in TRAFFICKERS.stages}
    due = (
        with_stage_reached(TraffickerRecord.objects.visible_to(request.user))
        .exclude(stage_reached__in=DONE)
        .select_related("case")
    )
    total = due.count()
    items = []
    for record in due.order_by("updated_at", "number")[:SHOWN]:
        reached = record.stage_reached
        following = order[order.index(reached) + 1] if reached in order else order[0]
        items.append(
            {
                "record": record,
                "case": record.case.reference if record.case_id else "",
                "reached": titles.get(reached, "No stage logged"),
                "next": titles[following],
                "url": reverse("traffickers:detail", args=[record.uuid]),
                "next_url": reverse("traffickers:stage", args=[record.uuid, following]),
            }
        )
    return {"template": "home/_next_stages.html", "total": total, "items": items}
