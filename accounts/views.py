"""Sign-in pages: the login page (password and/or organisation), logout, the second-factor
code and enrolment, the recovery codes, and the "Sign-in security" page."""

from __future__ import annotations

import logging
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import requests
import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts.forms import SecondFactorCodeForm
from accounts.oidc import (
    ProviderUnavailable,
    Refusal,
    end_session_url,
    oidc_configured,
    provider_endpoints,
    remember_end_session,
)
from accounts.second_factor import (
    HAS_DEVICE_SESSION_KEY,
    NEW_RECOVERY_CODES_SESSION_KEY,
    PROVIDER_SIGN_IN_SESSION_KEY,
    SecondFactorThrottled,
    authenticator_enrolment_confirm,
    authenticator_enrolment_start,
    authenticator_for,
    normalise_code,
    recovery_codes_left,
    recovery_codes_regenerate,
    second_factor_check,
    second_factor_remove,
    second_factor_required,
    session_verified,
    step_url,
)
from core.audit import audit_record
from core.models import AuditKind

logger = logging.getLogger(__name__)


def _next_url(request: HttpRequest, default: str | None = None) -> str:
    """The ``next`` parameter when it stays on this site, else ``default`` (LOGIN_REDIRECT_URL)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default or settings.LOGIN_REDIRECT_URL)


def _throttled_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)s second, then try again.",
        "Too many wrong codes. Wait %(seconds)s seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def sign_in_options(request: HttpRequest) -> dict[str, Any]:
    """What the login page offers: the password form and/or the organisation's sign-in."""
    context: dict[str, Any] = {"local_login_enabled": settings.LOCAL_LOGIN_ENABLED}
    if oidc_configured():
        next_url = request.GET.get("next") or request.POST.get("next") or ""
        start = reverse("accounts:oidc_start")
        context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        context["oidc_start_url"] = f"{start}?{_query(next=next_url)}" if next_url else start
    return context


def _query(**params: str) -> str:
    return urlencode(params)


class SignInView(auth_views.LoginView):
    """The login page. With LOCAL_LOGIN_ENABLED off the password form is gone and POSTs to it
    are refused (django-axes still counts every password tried while it is on)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN_ENABLED:
            context = self.get_context_data(local_login_refused=True)
            return self.render_to_response(context, status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **sign_in_options(self.request)}


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login while passwords are on; otherwise the login page."""
    if settings.LOCAL_LOGIN_ENABLED:
        return admin.site.login(request)
    if request.method == "POST":
        raise PermissionDenied(_("Password sign-in is switched off."))
    login_url = resolve_url(settings.LOGIN_URL)
    return redirect(f"{login_url}?{_query(next=_next_url(request, 'admin:index'))}")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session; after an organisational sign-in, the provider's session too."""
    provider_logout = end_session_url(request)
    if not provider_logout:
        response = auth_views.LogoutView.as_view()(request)
    else:
        logout(request)
        response = redirect(provider_logout)
    messages.info(request, _("You are signed out."))
    return response


class OrganisationSignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization
        except ProviderUnavailable:
            logger.exception("OpenID Connect provider unavailable")
            messages.error(request, _unavailable_message())
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


def _unavailable_message() -> str:
    return _("%(provider)s cannot be reached right now. Try again in a few minutes.") % {
        "provider": settings.OIDC_PROVIDER_NAME
    }


class OrganisationSignInCallback(OIDCAuthenticationCallbackView):
    """The provider's answer: exchange the code, validate the token, sign the person in."""

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_configured():
            raise Http404
        try:
            return super().get(request)
        except (ProviderUnavailable, requests.RequestException):
            logger.exception("OpenID Connect sign-in failed at the provider")
            messages.error(request, _unavailable_message())
        except SuspiciousOperation as exc:
            logger.warning("OpenID Connect sign-in refused: %s", exc)
            messages.error(request, _failed_message())
        return redirect(self.failure_url)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[PROVIDER_SIGN_IN_SESSION_KEY] = True
        remember_end_session(self.request)
        return response

    def login_failure(self) -> HttpResponse:
        reason, email = getattr(self.request, "oidc_refusal", (None, ""))
        provider = settings.OIDC_PROVIDER_NAME
        if reason == Refusal.UNKNOWN_EMAIL:
            message = _(
                "%(provider)s signed you in as %(email)s, but no account here uses that email "
                "address. Ask an administrator to add it to your account."
            ) % {"provider": provider, "email": email}
        elif reason == Refusal.AMBIGUOUS_EMAIL:
            message = _(
                "Several accounts here use the email address %(email)s. Ask an administrator "
                "to keep it on one account only."
            ) % {"email": email}
        elif reason == Refusal.NO_EMAIL:
            message = _(
                "%(provider)s did not give a verified email address, so we cannot tell which "
                "account is yours."
            ) % {"provider": provider}
        else:
            message = _failed_message()
        messages.error(self.request, message)
        return super().login_failure()


def _failed_message() -> str:
    return _("Signing in with %(provider)s did not complete. Try again.") % {
        "provider": settings.OIDC_PROVIDER_NAME
    }


@never_cache
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Asks for the authenticator's code (or a recovery code) before any other page."""
    next_url = _next_url(request)
    if session_verified(request):
        return redirect(next_url)
    if authenticator_for(request.user) is None:
        # Removed meanwhile (by an administrator): enrol if still required, else go on.
        request.session[HAS_DEVICE_SESSION_KEY] = False
        if second_factor_required(request.user):
            return redirect(step_url("enrol", next_url))
        return redirect(next_url)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_check(user=request.user, code=form.cleaned_data["code"])
        except SecondFactorThrottled as throttled:
            form.add_error("code", _throttled_message(throttled.seconds))
            audit_record(
                kind=AuditKind.SECOND_FACTOR_FAILED,
                request=request,
                detail={"step": "sign-in", "throttled": True},
            )
        else:
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    audit_record(kind=AuditKind.RECOVERY_CODE_USED, request=request)
                    left = recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)s left. Make new ones on the "
                            "Sign-in security page if you are running out."
                        )
                        % {"left": left},
                    )
                return redirect(next_url)
            code = normalise_code(form.cleaned_data["code"])
            if code.isdigit() and len(code) == 6:
                message = _(
                    "That code is not right. Enter the code your authenticator app shows now."
                )
            else:
                message = _("That recovery code is not right, or it was used already.")
            form.add_error("code", message)
            audit_record(
                kind=AuditKind.SECOND_FACTOR_FAILED, request=request, detail={"step": "sign-in"}
            )
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": next_url})


def _qr_svg(config_url: str) -> str:
    return segno.make(config_url, error="m").svg_inline(
        scale=5, border=4, light="#fff", title=_("QR code for your authenticator app")
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code (or the secret typed in), confirmed by a code."""
    next_url = _next_url(request)
    if authenticator_for(request.user) is not None and not session_verified(request):
        # Someone with only the password must not replace the authenticator.
        return redirect(step_url("verify", next_url))
    device = authenticator_enrolment_start(user=request.user)
    form = SecondFactorCodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = authenticator_enrolment_confirm(
                device=device, code=form.cleaned_data["code"]
            )
        except SecondFactorThrottled as throttled:
            form.add_error("code", _throttled_message(throttled.seconds))
        else:
            if confirmed:
                device.refresh_from_db()
                otp_login(request, device)
                request.session[HAS_DEVICE_SESSION_KEY] = True
                request.session[NEW_RECOVERY_CODES_SESSION_KEY] = recovery_codes_regenerate(
                    user=request.user
                )
                audit_record(kind=AuditKind.SECOND_FACTOR_SET_UP, request=request)
                return redirect(f"{reverse('accounts:recovery_codes')}?{_query(next=next_url)}")
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that your phone's clock is set automatically, "
                    "then enter the code the app shows now."
                ),
            )
            audit_record(
                kind=AuditKind.SECOND_FACTOR_FAILED, request=request, detail={"step": "set-up"}
            )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(secret),
            "required": second_factor_required(request.user),
        },
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_url(request, "accounts:security")},
    )


@never_cache
@login_required
def sign_in_security(request: HttpRequest) -> HttpResponse:
    """The person's second factor: see it, make new recovery codes, remove it if allowed."""
    device = authenticator_for(request.user)
    required = second_factor_required(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "codes_left": recovery_codes_left(request.user) if device else 0,
            "required": required,
            "can_remove": device is not None and not required,
            "signed_in_with_provider": bool(request.session.get(PROVIDER_SIGN_IN_SESSION_KEY)),
            "provider_counts": settings.OIDC_PROVIDER_ENFORCES_MFA,
            "provider_name": settings.OIDC_PROVIDER_NAME,
        },
    )


@require_POST
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if authenticator_for(request.user) is None:
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("accounts:security")
    request.session[NEW_RECOVERY_CODES_SESSION_KEY] = recovery_codes_regenerate(user=request.user)
    audit_record(kind=AuditKind.RECOVERY_CODES_RENEWED, request=request)
    return redirect("accounts:recovery_codes")


@require_POST
@login_required
def second_factor_delete(request: HttpRequest) -> HttpResponse:
    if second_factor_required(request.user):
        raise PermissionDenied(_("Your role requires a second factor."))
    second_factor_remove(user=request.user)
    audit_record(kind=AuditKind.SECOND_FACTOR_REMOVED, request=request)
    request.session[HAS_DEVICE_SESSION_KEY] = False
    messages.success(request, _("Your second factor is removed."))
    return redirect("accounts:security")
