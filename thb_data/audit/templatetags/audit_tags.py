"""``{% record_history record %}``: a record's audit trail, for its detail page."""

from django import template

from thb_data.audit.models import AuditEntry
from thb_data.audit.presenters import annotate_entries

register = template.Library()


@register.inclusion_tag("audit/_record_history.html")
def record_history(record, limit=50):
    entries = list(
        AuditEntry.objects.filter(
            object_type=record._meta.label_lower, object_id=str(record.uuid)
        ).select_related("user")[:limit]
    )
    annotate_entries(entries)
    return {"entries": entries}
