"""Two-factor sign-in (TOTP, django-otp) for the privileged: centre staff, administrators and
anyone who may reveal full ID numbers. Level-3 protection (等保三级) asks for it.

With ``TWO_FACTOR_REQUIRED`` (on by default when DEBUG is off), such a user who has signed in
with their password reaches nothing but the enrolment page (no device yet: QR code, then a first
code, then ten one-time recovery codes shown once) or the verification page (a code from the app
or a recovery code). An administrator can reset a user's second factor (audited); the user then
enrols again at their next sign-in.
"""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhuqiao.audit import audit_record
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import AuditEntry, User, UserSession

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

RECOVERY_CODES = 10
SETUP_URL_NAME = "two_factor_setup"
VERIFY_URL_NAME = "two_factor_verify"
# Reachable before the second factor: the two pages themselves, signing out, static files,
# the language switch and the health check.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


def needs_two_factor(user: User | AnonymousUser | None) -> bool:
    """Whether the user must sign in with a second factor (when the setting requires it)."""
    if not (user and user.is_authenticated):
        return False
    return bool(user.is_superuser or user.role in (User.Role.CENTRE, User.Role.ADMIN) or user.can_reveal)


# --- services -------------------------------------------------------------------------------


def totp_device_pending(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def totp_enrol_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with its first code; returns fresh recovery codes, or None if refused."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    audit_record(action=AuditEntry.Action.OTP_ENROLLED, obj=device.user, user=device.user, detail="TOTP")
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, by: User | None) -> None:
    """Remove the user's devices and recovery codes and end their sessions (audited)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    audit_record(
        action=AuditEntry.Action.OTP_RESET, obj=user, user=by, detail=f"second factor reset, {len(keys)} sessions ended"
    )


def qr_data_uri(url: str) -> str:
    """The QR code of an otpauth:// URL as an SVG data URI (the CSP allows data: images)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


# --- middleware -------------------------------------------------------------------------------


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: the privileged reach nothing before the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # the User or AnonymousUser (or none at all), with django-otp's is_verified() added by
        # OTPMiddleware: not a type the stubs know
        user: Any = getattr(request, "user", None)
        if (
            settings.TWO_FACTOR_REQUIRED
            and needs_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(_("需要完成两步验证。"))}, status=403)
            target = VERIFY_URL_NAME if user_has_device(user) else SETUP_URL_NAME
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


# --- views ------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@never_cache
@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code, type the first code, note the recovery codes (shown once)."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(VERIFY_URL_NAME)
    device = totp_device_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrol_confirm(device=device, token=form.cleaned_data["code"].strip())
        if codes is not None:
            otp_login(request, device)
            return render(request, "zhuqiao/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("验证码不正确，请核对手机时间后重试。"))
    context = {
        "form": form,
        "qr": qr_data_uri(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "zhuqiao/two_factor_setup.html", context)


@never_cache
@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verification at sign-in: a code from the authenticator app, or one recovery code."""
    user = request.user
    if not user_has_device(user):
        return redirect(SETUP_URL_NAME)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"].strip().lower())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                audit_record(action=AuditEntry.Action.LOGIN, obj=user, user=user, detail="recovery code used")
            return redirect(_next_url(request))
        audit_record(action=AuditEntry.Action.OTP_FAILED, obj=user, user=user)
        form.add_error("code", _("验证码不正确。"))
    return render(request, "zhuqiao/two_factor_verify.html", {"form": form, "next": _next_url(request)})
