"""The fingerprint of the personal-code key, stored in the database and checked at start.

A person is recognised across records by ``HMAC-SHA256(code, THB_PERSONAL_CODE_KEY)``; the
elements of the code are discarded. A database restored or started with another key would carry
on silently while no new record ever matched an earlier person. So the database keeps a
fingerprint of its key (an HMAC of a fixed label under the key: it reveals nothing of the key),
written by the migration that creates it (or at the first start, if missing), and every start
compares it with the configured key:

- the Django system check ``thb.E001`` (run by ``manage.py`` commands: ``migrate``, ``check``,
  ``runserver``...);
- ``thb_data.wsgi``, which refuses to serve (gunicorn's workers do not boot) with the same message.

A different key is refused unless ``manage.py rekey_personal_codes --confirm`` records it (see
that command: the earlier codes cannot be recomputed, so persons recorded before the change will
not match persons recorded after it).
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, models

logger = logging.getLogger(__name__)

PERSONAL_CODE = "personal_code"
LABEL = b"THB Data personal-code key fingerprint v1"


def key_fingerprint(key: str | None = None) -> str:
    """HMAC-SHA256 of a fixed label under the key (hex): never the key itself."""
    key = settings.PERSONAL_CODE_KEY if key is None else key
    return hmac.new(key.encode(), LABEL, hashlib.sha256).hexdigest()


class KeyFingerprint(models.Model):
    """The fingerprint of the key a database's hashes were made with (one row per key)."""

    purpose = models.CharField(max_length=40, unique=True)
    fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    previous_fingerprints = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "thb_data"

    def __str__(self):
        return f"{self.purpose}: {self.fingerprint[:12]}…"


def short(fingerprint: str) -> str:
    return fingerprint[:12]


def stored_fingerprint(using: str = "default") -> str | None:
    row = (
        KeyFingerprint.objects.using(using)
        .filter(purpose=PERSONAL_CODE)
        .values_list("fingerprint", flat=True)
        .first()
    )
    return row


def wrong_key_message(stored: str, current: str) -> str:
    return (
        "THB_PERSONAL_CODE_KEY is not the key this database's personal codes were made with "
        f"(the database holds key fingerprint {short(stored)}, the configured key gives "
        f"{short(current)}). With it, no person entered from now on would match a person "
        "already recorded. Configure the right key (it is kept with the backups). Only if the "
        "key really must change, run `python manage.py rekey_personal_codes --confirm` "
        "(README, 'Changing the personal-code key')."
    )


def key_problem(using: str = "default") -> str | None:
    """The message refusing to start, or None when the key is the database's (or the database
    is not migrated yet: the migration records the key). A missing fingerprint (first start
    after the table was created empty) is recorded now."""
    current = key_fingerprint()
    try:
        stored = stored_fingerprint(using)
        if stored is None:
            KeyFingerprint.objects.using(using).get_or_create(
                purpose=PERSONAL_CODE, defaults={"fingerprint": current}
            )
            return None
    except DatabaseError:
        return None  # not migrated yet, or unreachable: nothing to compare with
    if hmac.compare_digest(stored, current):
        return None
    return wrong_key_message(stored, current)


@checks.register("thb_keys")
def check_personal_code_key(app_configs=None, **kwargs):
    databases = kwargs.get("databases")
    problem = key_problem()
    del databases
    if problem:
        return [checks.Error(problem, id="thb.E001")]
    return []


def verify_personal_code_key() -> None:
    """At the start of the WSGI application: refuse to serve with another key."""
    problem = key_problem()
    if problem:
        logger.critical(problem)
        raise ImproperlyConfigured(problem)
