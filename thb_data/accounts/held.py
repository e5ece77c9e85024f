"""What a person typed survives the end of their session (the record forms' "never lose work").

A save of a record form (victim or trafficker, new or edited, a trafficker's stage) that arrives
after the session ended cannot be saved: nobody is signed in. Instead of losing what was typed:

1. Every record form carries a hidden, signed *owner token*: the user who opened it and the
   form's path, signed with the secret key (``owner_token``). Nobody can make one for someone
   else, so a save from another site cannot leave values behind for a person.
2. The save without a session (``HeldValuesMiddleware``; or, when its CSRF token is no longer
   the browser's, ``csrf_failure``; or at the absolute session limit,
   ``SessionLifetimeMiddleware``) keeps the posted values in ``HeldFormValues``: encrypted
   (AES-256-GCM) with a key made for them alone, bound to the owner and the form. The key and
   the row's id go to the browser in a signed, HttpOnly, SameSite=Strict cookie limited to the
   form's path; the database never holds the key, the browser never holds the values. Nothing
   is logged. The person is sent to the sign-in page, which says their changes are kept.
3. When the owner opens the form again after signing in (the sign-in's ``next``), the form
   shows the values, unsaved, with a message (``take``); the row is deleted. Anyone else who
   signs in on that browser and opens the form gets an empty form, and the values are deleted.
   Held values last THB_HELD_VALUES_MINUTES (a few minutes) and are purged after that.

The values are only ever shown back to their owner: saving them takes a new, valid POST.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.csrf import csrf_failure as django_csrf_failure

from thb_data.accounts.models import HeldFormValues

OWNER_FIELD = "thb_held_owner"
COOKIE = "thb_held"
_OWNER_SALT = "thb.held-values.owner"
_COOKIE_SALT = "thb.held-values.cookie"
NONCE_BYTES = 12
# Fields of the form never kept: the CSRF token, the owner token.
_NOT_KEPT = {"csrfmiddlewaretoken", OWNER_FIELD}
# A form's values are a few kilobytes; more is not a record form's and is not kept.
MAX_BYTES = 256 * 1024
# The header of the record forms' autosave requests (thb_data/static/thb/autosave.js).
AUTOSAVE_HEADER = "X-THB-Autosave"


def lifetime() -> timedelta:
    return timedelta(minutes=settings.THB_HELD_VALUES_MINUTES)


def is_autosave(request) -> bool:
    return request.headers.get(AUTOSAVE_HEADER) == "1"


def owner_token(request) -> str:
    """The hidden field of a record form: who opened it, and where."""
    return signing.dumps({"u": request.user.pk, "p": request.path}, salt=_OWNER_SALT)


def _owner(request) -> int | None:
    """The user whose form the POST came from, when its owner token is valid for this path."""
    max_age = settings.SESSION_ABSOLUTE_SECONDS + settings.SESSION_COOKIE_AGE
    try:
        data = signing.loads(request.POST.get(OWNER_FIELD, ""), salt=_OWNER_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != request.path:
        return None
    user = data.get("u")
    return user if isinstance(user, int) else None


def _aad(row_id, user_id: int, path: str) -> bytes:
    return f"{row_id}|{user_id}|{path}".encode()


def purge_expired() -> None:
    HeldFormValues.objects.filter(expires_at__lte=timezone.now()).delete()


def holds_values(view_func) -> bool:
    """Whether ``view_func`` is a record form's (the views say so:
    ``holds_values_when_signed_out``)."""
    view_class = getattr(view_func, "view_class", None)
    return bool(getattr(view_class or view_func, "holds_values_when_signed_out", False))


def _is_record_form(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return holds_values(match.func)


def hold(request):
    """Keep the POSTed values of a record form whose session ended, and answer with the way to
    get them back (the sign-in page, or the form itself for its signed-in owner). None when the
    POST carries no valid owner token (then nothing is kept)."""
    if request.method != "POST" or is_autosave(request):
        return None
    owner = _owner(request)
    if owner is None:
        return None
    if request.user.is_authenticated and request.user.pk != owner:
        return None  # someone else is signed in on this browser now: not theirs to see
    values = {name: request.POST.getlist(name) for name in request.POST if name not in _NOT_KEPT}
    plain = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
    if len(plain) > MAX_BYTES:
        return None
    purge_expired()
    HeldFormValues.objects.filter(user_id=owner, path=request.path).delete()
    row = HeldFormValues(user_id=owner, path=request.path, expires_at=timezone.now() + lifetime())
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    row.sealed = nonce + AESGCM(key).encrypt(nonce, plain, _aad(row.pk, owner, request.path))
    row.save(force_insert=True)

    form_url = request.get_full_path()
    if request.user.is_authenticated:
        response = redirect(form_url)
    else:
        query = urlencode({"next": form_url, "held": "1"})
        response = redirect(f"{reverse('login')}?{query}")
    response.set_signed_cookie(
        COOKIE,
        f"{row.pk.hex}.{key.hex()}",
        salt=_COOKIE_SALT,
        max_age=int(lifetime().total_seconds()),
        path=request.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def take(request) -> QueryDict | None:
    """The values held for the signed-in user on this form, deleted as they are taken; None
    when there are none (or they are someone else's: then they are deleted too)."""
    raw = request.get_signed_cookie(COOKIE, default=None, salt=_COOKIE_SALT)
    if raw is None:
        return None
    request._thb_held_seen = True  # the cookie goes (HeldValuesMiddleware)
    row_hex, _, key_hex = raw.partition(".")
    try:
        key = bytes.fromhex(key_hex)
        row = HeldFormValues.objects.filter(
            pk=row_hex, expires_at__gt=timezone.now(), path=request.path
        ).first()
    except (ValueError, ValidationError):
        return None
    if row is None:
        return None
    aad, owner, blob = _aad(row.pk, row.user_id, row.path), row.user_id, bytes(row.sealed)
    row.delete()  # shown once, or never when it is someone else's
    if owner != request.user.pk:
        return None
    try:
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        return None
    data = QueryDict(mutable=True)
    for name, values in json.loads(plain).items():
        data.setlist(name, [str(value) for value in values])
    return data


class HeldValuesMiddleware:
    """A record form's save without a session keeps its values (``hold``); after the values were
    looked for, the cookie that pointed to them goes. After CsrfViewMiddleware (its
    ``process_view`` runs first: a save this one keeps passed the CSRF check) and after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_thb_held_seen", False) and not response.cookies.get(COOKIE):
            response.delete_cookie(COOKIE, path=request.path, samesite="Strict")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if not holds_values(view_func):
            return None
        if is_autosave(request):
            return JsonResponse({"saved": False, "signed_in": False}, status=401)
        return hold(request)  # None: Django's sign-in redirect, nothing kept


def hold_at_session_end(request):
    """The absolute session limit ended the session on this request: a record form's save keeps
    its values (``SessionLifetimeMiddleware``)."""
    if request.method == "POST" and _is_record_form(request):
        return hold(request)
    return None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a record form's save whose CSRF token is no longer the browser's (the
    person signed in again in another tab, which renews the token) keeps its values for the
    form's owner, exactly as a save without a session does; everything else is refused as
    before (templates/403_csrf.html). The values are never saved by this: only a new, valid POST
    saves."""
    if request.method == "POST" and _is_record_form(request):
        response = hold(request)
        if response is not None:
            return response
    return django_csrf_failure(request, reason=reason)
