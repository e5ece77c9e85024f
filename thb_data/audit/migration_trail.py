"""Data migrations that map stored codes, audited and exactly reversible.

A data migration that maps old codes onto new ones (the catalogue's change log names it) writes
its changes with ``bulk_update``, which no signal records (PITFALLS: bulk paths write their audit
entries themselves). :func:`migrate_forward` therefore writes one audit entry per changed record,
``{"field": [old, new]}`` with the migration's name, as any other change of a record is audited.

The same entries make the migration exactly reversible. A mapping merges codes (agriculture and
fishing are both ISIC section A; primary school and incomplete secondary are both ISCED 2), so
the new value alone cannot tell which old code a record held. :func:`migrate_backward` restores
each field the migration changed to the value it had before, as long as the field still holds
what the migration wrote. A field changed since (someone edited the record under catalogue 2.0)
and every field of a record the migration never saw (created under 2.0, or migrated before the
migration wrote entries) take the nearest old code from ``backward_values``; that is the only
case in which going back is approximate, and the backward entry says so per field.

Historical models only (``apps.get_model``): the code here must keep working as the models move
on, so it uses nothing but the audit entry's columns.
"""

from __future__ import annotations

MIGRATION_USER = "(data migration)"
BATCH = 1000


def _entry(AuditEntry, record, object_type, changes, migration, direction, **detail):
    return AuditEntry(
        territory_id=record.territory_id,
        username=MIGRATION_USER,
        action="update",
        object_type=object_type,
        object_id=str(record.uuid),
        object_repr=f"{object_type} {record.pk}",
        changes=changes,
        detail={"migration": migration, "direction": direction, **detail},
    )


def _run(apps, app_label, model_name, fields, migration, direction, values_for):
    Model = apps.get_model(app_label, model_name)
    AuditEntry = apps.get_model("audit", "AuditEntry")
    object_type = f"{app_label}.{model_name.lower()}"
    records = Model._base_manager.only("pk", "uuid", "territory_id", *fields).order_by("pk")
    batch, entries = [], []

    def flush():
        if batch:
            Model._base_manager.bulk_update(batch, fields)
            AuditEntry._base_manager.bulk_create(entries)
        batch.clear()
        entries.clear()

    for record in records.iterator(chunk_size=2000):
        old = {name: getattr(record, name) for name in fields}
        new, detail = values_for(record, old)
        changes = {name: [old[name], new[name]] for name in fields if new[name] != old[name]}
        if changes:
            for name in fields:
                setattr(record, name, new[name])
            batch.append(record)
            entries.append(
                _entry(AuditEntry, record, object_type, changes, migration, direction, **detail)
            )
        if len(batch) >= BATCH:
            flush()
    flush()


def migrate_forward(apps, app_label, model_name, fields, forward_values, migration):
    """Map every record (deleted ones too) with ``forward_values`` and audit each change."""
    _run(
        apps,
        app_label,
        model_name,
        fields,
        migration,
        "forward",
        lambda record, old: (forward_values(old), {}),
    )


def migrate_backward(apps, app_label, model_name, fields, backward_values, migration):
    """Restore what ``migration`` changed, exactly where the field is as it left it; the nearest
    old code from ``backward_values`` elsewhere (see the module's docstring)."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    object_type = f"{app_label}.{model_name.lower()}"
    written: dict[str, dict] = {}  # object id -> the changes of the latest forward run
    entries = AuditEntry._base_manager.filter(
        username=MIGRATION_USER, object_type=object_type
    ).order_by("id")
    for object_id, changes, detail in entries.values_list("object_id", "changes", "detail"):
        if detail.get("migration") == migration and detail.get("direction") == "forward":
            written[object_id] = changes

    def values_for(record, current):
        nearest = backward_values(current)
        restored, approximate = dict(nearest), []
        for name, (before, after) in written.get(str(record.uuid), {}).items():
            if name not in current:
                continue
            if current[name] == after:
                restored[name] = before
            elif nearest[name] != current[name]:
                approximate.append(name)
        for name in fields:
            if name not in written.get(str(record.uuid), {}) and nearest[name] != current[name]:
                approximate.append(name)
        return restored, ({"approximate": sorted(set(approximate))} if approximate else {})

    _run(apps, app_label, model_name, fields, migration, "backward", values_for)
