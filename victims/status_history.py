"""The history of a victim record's status (presumed, identified, not confirmed), read from the
audit trail that every form save and import writes (catalogue 2.0).

No table of its own: each change of ``v_victim_status`` is already an audit entry with the old
and the new value, the time and the user, so the history cannot disagree with the audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from indicators.catalogue import VICTIMS
from indicators.types import type_of
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


def displayed_history(record, context) -> list[dict]:
    """The history as the record page shows it: labels, not codes, in the user's language; the
    formal identification date and the body that decided the status beside the change that
    came with them (the values the record held then, when the change did not touch them)."""

    def label(code, value):
        ind = VICTIMS.get(code)
        return type_of(ind).display(ind, value, context) if value else ""

    rows = []
    for change in status_history(record):
        rows.append(
            {
                "at": change.at,
                "old": label(STATUS, change.old),
                "new": label(STATUS, change.new),
                "username": change.username,
                "formal_date": label(DECISION_FIELDS[0], change.decision.get(DECISION_FIELDS[0])),
                "decided_by": label(DECISION_FIELDS[1], change.decision.get(DECISION_FIELDS[1])),
            }
        )
    if rows and not (rows[-1]["formal_date"] or rows[-1]["decided_by"]):
        # The audit entry of a creation carries no values: a status decided when the record was
        # entered shows the decision the record holds, on the row of the status that holds now.
        rows[-1]["formal_date"] = label(DECISION_FIELDS[0], getattr(record, DECISION_FIELDS[0]))
        rows[-1]["decided_by"] = label(DECISION_FIELDS[1], getattr(record, DECISION_FIELDS[1]))
    return rows
