"""Sign-in, failed sign-in and sign-out go to the audit trail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from thb_data.audit.log import client_ip, record_event
from thb_data.audit.models import Action


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
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
