"""The history of a victim record's status (presumed, identified, not confirmed), read from the
audit trail that every form save and import writes (catalogue 2.0).

No table of its own: each change of ``v_victim_status`` is already an audit entry with the old
and the new value, the time and the user, so the history cannot disagree with the audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thb_data.audit.models import Action, AuditEntry
from thb_data.scoping import scopes_disabled

STATUS = "v_victim_status"
# Changes made together with a status change that belong to the decision.
DECISION_FIELDS = ("v_formal_identification_date", "v_status_decision_body")


@dataclass(frozen=True)
class StatusChange:
    at: dt.datetime
    old: str  # "" for the status the record was created with
    new: str
    username: str
    decision: dict  # the decision fields changed in the same save: code -> new value


def status_history(record) -> list[StatusChange]:
    """The record's statuses in time order: the one it was created with, then each change (one
    query)."""
    with scopes_disabled():
        entries = list(
            AuditEntry.objects.filter(
                object_type=record._meta.label_lower,
                object_id=str(record.uuid),
                action__in=[Action.CREATE, Action.UPDATE],
            )
            .order_by("at", "id")
            .values_list("action", "at", "username", "changes")
        )
    changes = [
        (at, username, values)
        for action, at, username, values in entries
        if action != Action.CREATE and STATUS in (values or {})
    ]
    history = []
    created = next((e for e in entries if e[0] == Action.CREATE), None)
    first_status = changes[0][2][STATUS][0] if changes else getattr(record, STATUS)
    if created is not None and first_status:
        history.append(StatusChange(created[1], "", first_status, created[2], {}))
    for at, username, values in changes:
        old, new = values[STATUS]
        decision = {code: values[code][1] for code in DECISION_FIELDS if code in values}
        history.append(StatusChange(at, old or "", new or "", username, decision))
    return history
