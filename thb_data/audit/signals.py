"""Sign-in, failed sign-in and sign-out go to the audit trail.

"Signed in" is written once every factor the user needs has passed: at the password step for
users without a second factor, by the second-factor page (``thb_data.accounts.views``) for the
others, which also writes a "failed sign-in" entry for every wrong code.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from thb_data.audit.log import client_ip, record_event
from thb_data.audit.models import Action


def needs_second_factor(user) -> bool:
    return bool(settings.THB_REQUIRE_SECOND_FACTOR and getattr(user, "needs_second_factor", False))


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    if needs_second_factor(user):
        return  # only the password so far: the second-factor page writes "signed in"
    record_event(Action.SIGN_IN, user=user, ip_address=client_ip(request) if request else None)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(Action.SIGN_OUT, user=user, ip_address=client_ip(request) if request else None)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    known = get_user_model().objects.filter(username=username).only("territory_id").first()
    record_event(
        Action.SIGN_IN_FAILED,
        username=username,
        territory=known.territory_id if known else None,
        ip_address=client_ip(request) if request else None,
    )
