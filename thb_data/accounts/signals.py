"""The signed-in user's language is chosen once, at sign-in (thb_data/accounts/middleware.py)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from thb_data.accounts.middleware import remember_language


@receiver(user_logged_in)
def choose_language(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_language(request, user)
