"""Keeping a session alive while a person types (the record forms' keep-alive).

The idle session lasts SESSION_COOKIE_AGE (30 minutes) and is saved on every request
(SESSION_SAVE_EVERY_REQUEST): a request from the page resets it. It never goes beyond the absolute
limit (SESSION_ABSOLUTE_HOURS after sign-in): SessionLifetimeMiddleware ends the session first,
so a keep-alive past that limit signs the person out like any other request.
"""

import time

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from thb_data.accounts.middleware import SIGNED_IN_AT


def seconds_left(request) -> int:
    """How long the session lasts without further activity: the idle time, or what remains of
    the absolute limit when that is shorter."""
    started = request.session.get(SIGNED_IN_AT, time.time())
    absolute = settings.SESSION_ABSOLUTE_SECONDS - (time.time() - started)
    return max(0, int(min(settings.SESSION_COOKIE_AGE, absolute)))


@never_cache
@require_POST
def keep_alive(request):
    """POST (with the CSRF token) from a signed-in person's page: the session goes on. Anonymous:
    401, nothing started. The answer says how many seconds are left without activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})
