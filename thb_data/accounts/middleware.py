"""Session lifetime and the second factor, enforced on every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from thb_data.accounts.held import hold_at_session_end

SIGNED_IN_AT = "thb_signed_in_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours (SESSION_ABSOLUTE_HOURS) after sign-in, however active it is.

    Inactivity (30 minutes) is handled by SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                # A record form's save keeps what was typed for the next sign-in.
                held = hold_at_session_end(request)
                if held is not None:
                    return held
                return redirect(f"{reverse('login')}?expired=1")
        return self.get_response(request)


# Paths a signed-in user who still owes the second factor may reach.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/favicon.ico")


class SecondFactorMiddleware:
    """Coordinators and administrators reach nothing but the sign-in pages until they have
    confirmed a TOTP code in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.THB_REQUIRE_SECOND_FACTOR
            and user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('second_factor')}?{query}")
        return self.get_response(request)


# The session key of a signed-in user's language (set at sign-in and by the language switcher).
LANGUAGE_SESSION_KEY = "thb_language"


def remember_language(request, user) -> str:
    """Keep ``user``'s language in the session (read on every request without a query)."""
    language = user.preferred_language()
    request.session[LANGUAGE_SESSION_KEY] = language
    return language


class UserLanguageMiddleware:
    """Pages of a signed-in user are in their own language, or else their territory's.

    LocaleMiddleware (before this one) chose the browser's language; that stays the choice of
    the sign-in page and of anonymous requests.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            language = request.session.get(LANGUAGE_SESSION_KEY) or remember_language(request, user)
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
