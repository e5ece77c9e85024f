"""Writing audit entries, from views, actions and signal handlers alike."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router

from thb_data.audit.models import Action, AuditEntry
from thb_data.pg_copy import copy_objects
from thb_data.scoping import scopes_disabled

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("thb_ip", default=None)


def client_ip(request) -> str | None:
    """The client's address as the trusted proxy reports it, else the socket's."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    action: str,
    *,
    user=None,
    territory=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    detail: dict | None = None,
    ip_address: str | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if territory is None and hasattr(obj, "territory_id"):
            territory = obj.territory_id
    if territory is None and user is not None and getattr(user, "territory_id", None):
        territory = user.territory_id
    territory_id = getattr(territory, "pk", territory)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    with scopes_disabled():
        return AuditEntry.objects.create(
            action=action,
            user=user if authenticated else None,
            username=username or (user.get_username() if authenticated else ""),
            territory_id=territory_id,
            ip_address=ip_address or _request_ip.get(),
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            changes=changes or {},
            detail=detail or {},
        )


def record_events(entries: Iterable[AuditEntry]) -> None:
    """Append many prepared entries at once (bulk paths: imports, generators, sign-off).

    On PostgreSQL the entries are written with ``COPY`` and get no primary key back.
    """
    ip = _request_ip.get()
    prepared = []
    for entry in entries:
        if entry.ip_address is None:
            entry.ip_address = ip
        prepared.append(entry)
    using = router.db_for_write(AuditEntry)
    if connections[using].vendor == "postgresql":
        copy_objects(AuditEntry, prepared, using=using)
        return
    with scopes_disabled():
        AuditEntry.objects.bulk_create(prepared, batch_size=1000)


__all__ = ["Action", "client_ip", "record_event", "record_events"]
