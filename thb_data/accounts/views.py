"""Sign-in with the second factor, and each role's home page."""

import base64

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from thb_data.accounts.forms import SecondFactorForm, SignInForm
from thb_data.accounts.middleware import LANGUAGE_SESSION_KEY
from thb_data.accounts.models import Role
from thb_data.audit.log import client_ip, record_event
from thb_data.audit.models import Action
from thb_data.home import panels_for

ENROLLING_DEVICE = "thb_enrolling_device"


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        # A record form's save arrived after the session ended: its values wait for the owner.
        context["held"] = self.request.GET.get("held") == "1"
        context["held_minutes"] = settings.THB_HELD_VALUES_MINUTES
        return context


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def second_factor(request):
    """Confirm a TOTP code; enrol an authenticator first when the user has none."""
    user = request.user
    if not user.needs_second_factor or user.is_verified():
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get(ENROLLING_DEVICE)
        ).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
            request.session[ENROLLING_DEVICE] = device.pk
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop(ENROLLING_DEVICE, None)
            otp_login(request, device)
            # Both factors passed: only now is the user signed in (thb_data/audit/signals.py).
            record_event(
                Action.SIGN_IN,
                user=user,
                ip_address=client_ip(request),
                detail={"second_factor": "enrolled" if enrolling else "confirmed"},
            )
            return redirect(_safe_next(request))
        # A wrong (or malformed) code is a failed sign-in: the code itself is never recorded.
        record_event(
            Action.SIGN_IN_FAILED,
            user=user,
            ip_address=client_ip(request),
            detail={"step": "second factor", "reason": "wrong code"},
        )
        if form.is_valid():
            form.add_error(
                "token", _("This code is not valid. Check your device's clock and retry.")
            )
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request, "")}
    if enrolling:
        secret = base64.b32encode(device.bin_key).decode()
        context["secret"] = secret
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(request, "registration/second_factor.html", context)


@login_required
def home(request):
    """Each role's starting page: the next things to do (``thb_data.home``)."""
    user = request.user
    template = {
        Role.CASEWORKER: "home/caseworker.html",
        Role.PROSECUTOR: "home/prosecutor.html",
        Role.COORDINATOR: "home/coordinator.html",
        Role.ANALYST: "home/analyst.html",
        Role.ADMIN: "home/admin.html",
    }[user.role]
    return render(
        request, template, {"role": user.get_role_display(), "panels": panels_for(request)}
    )


@require_POST
def set_language(request):
    """The language switcher: Django's cookie-setting view, and for a signed-in user their
    preference, kept on the user (User.language) and in the session."""
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER, "")
    response = django_set_language(request)
    if language in dict(settings.LANGUAGES) and request.user.is_authenticated:
        user = request.user
        user.language = language
        user.save(update_fields=["language"])
        request.session[LANGUAGE_SESSION_KEY] = language
    return response
