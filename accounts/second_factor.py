"""The second factor: a TOTP authenticator app (django-otp) with single-use recovery codes.

Who MUST set one up: people who may approve, sign off, run or reopen reviews in some mission
(the roles holding those actions in missions/policy.py: head of mission, chief of staff) and
staff, when REQUIRE_SECOND_FACTOR is on. Whoever HAS one is asked for it after signing in,
before any page, whatever that setting says. A sign-in through an organisation whose provider
enforces MFA counts as verified when OIDC_PROVIDER_ENFORCES_MFA is on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from missions.policy import ROLE_ACTIONS, Action, seats

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser

# Roles holding any of these actions must have a second factor.
DECISIVE_ACTIONS = frozenset(
    {
        Action.APPROVE_VERSION,
        Action.SIGN_OFF_REVIEW,
        Action.RUN_REVIEW,
        Action.REOPEN_REVIEW,
        Action.APPROVE_COUNCIL_INPUT,
    }
)
SECOND_FACTOR_ROLES = frozenset(
    role for role, actions in ROLE_ACTIONS.items() if actions & DECISIVE_ACTIONS
)
RECOVERY_CODE_COUNT = 10

# Whether the signed-in user has a confirmed authenticator: read at login, updated on changes,
# so a request by someone without one costs no query.
HAS_DEVICE_SESSION_KEY = "accounts_has_second_factor"
# Set when the organisation's provider signed the person in (its MFA may count, see above).
PROVIDER_SIGN_IN_SESSION_KEY = "accounts_provider_sign_in"
# Recovery codes just made, shown once by the next page and then gone.
NEW_RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"

# Pages a person who still owes the second factor may open.
EXEMPT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "admin:logout",
        "set_language",
        "healthz",
        "accounts:second_factor_verify",
        "accounts:second_factor_enrol",
        "accounts:oidc_start",
        "accounts:oidc_callback",
    }
)


class SecondFactorThrottled(Exception):
    """Too many wrong codes in a row: django-otp makes the next try wait."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def second_factor_required(user: AbstractBaseUser) -> bool:
    """Must this person have a second factor (REQUIRE_SECOND_FACTOR on)?"""
    if not settings.REQUIRE_SECOND_FACTOR or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(held.role in SECOND_FACTOR_ROLES for held in seats(user).values())


def authenticator_for(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_second_factor_state(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """``user_logged_in``: note in the new session whether a code will be asked."""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_SESSION_KEY] = has_second_factor(user)


def session_verified(request: HttpRequest) -> bool:
    """Did this session pass a second factor (ours, or the provider's when it counts)?"""
    if settings.OIDC_PROVIDER_ENFORCES_MFA and request.session.get(PROVIDER_SIGN_IN_SESSION_KEY):
        return True
    return request.user.is_verified()


def pending_step(request: HttpRequest) -> str | None:
    """``"verify"`` or ``"enrol"`` when the session owes a second factor, else None."""
    has_device = request.session.get(HAS_DEVICE_SESSION_KEY)
    if has_device is None:  # a session that began before this check existed
        has_device = request.session[HAS_DEVICE_SESSION_KEY] = has_second_factor(request.user)
    if has_device:
        return None if session_verified(request) else "verify"
    if second_factor_required(request.user) and not session_verified(request):
        return "enrol"
    return None


def step_url(step: str, next_url: str | None) -> str:
    url = reverse(f"accounts:second_factor_{step}")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """Sends a signed-in person who owes the second factor to the code or enrolment page.

    After django-otp's OTPMiddleware. The API answers 403 instead (token callers are not
    session users and are not affected).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Enter your second-factor code first.")}, status=403)
        next_url = request.get_full_path() if request.method in {"GET", "HEAD"} else None
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(step_url(step, next_url))
        return redirect(step_url(step, next_url))


def _retry_seconds(device: Device) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or dashes, recovery codes in either case."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def second_factor_check(*, user: AbstractBaseUser, code: str) -> Device | None:
    """The device that accepts ``code`` (a 6-digit TOTP code or a recovery code, used up).

    Raises SecondFactorThrottled while django-otp makes the next try wait.
    """
    code = normalise_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = model.objects.filter(user=user, confirmed=True).select_for_update().order_by("pk")
    for device in devices:
        seconds = _retry_seconds(device)
        if seconds is not None:
            raise SecondFactorThrottled(seconds)
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def authenticator_enrolment_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up: the same one (and QR code) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def authenticator_enrolment_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm the new authenticator with its first code; it replaces any earlier one.

    Raises SecondFactorThrottled while django-otp makes the next try wait.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    seconds = _retry_seconds(device)
    if seconds is not None:
        raise SecondFactorThrottled(seconds)
    if not device.verify_token(normalise_code(code)):
        return False
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_regenerate(*, user: AbstractBaseUser) -> list[str]:
    """New recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user: AbstractBaseUser) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
