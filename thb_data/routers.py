"""Database routing for an optional read replica (``DATABASE_REPLICA_URL``).

Reads of the record tables (victim records, trafficker records, criminal cases) go to the
replica, which serves the lists and the statistics; every write, and every read of anything else
(users, sessions, audit, reporting years, code lists), goes to the primary. Inside a transaction
on the primary (a save, an import, a sign-off), reads stay on the primary so that they see the
transaction's own writes and lock what they select.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

REPLICA = "replica"
DEFAULT = "default"
# Models whose reads the replica may serve (app_label.model_name).
REPLICA_READ_MODELS = frozenset(
    {"victims.victimrecord", "traffickers.traffickerrecord", "traffickers.criminalcase"}
)


def _in_primary_transaction() -> bool:
    return not connections[DEFAULT].get_autocommit()


class ReplicaRouter:
    """Reads of records and statistics from the replica; everything else from the primary."""

    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES:
            return DEFAULT
        if model._meta.label_lower not in REPLICA_READ_MODELS:
            return DEFAULT
        if _in_primary_transaction() or hints.get("instance") is not None:
            return DEFAULT
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT
