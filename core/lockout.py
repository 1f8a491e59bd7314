"""Login lockout (django-axes, configured in settings): how long it lasts, who the client is, and
the page a locked-out login gets."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``: ``LOGIN_LOCKOUT_MINUTES``, read at each request."""
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def client_ip(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address the API throttles count too.

    With ``PROXY_COUNT`` (DRF's ``NUM_PROXIES``) at N, the client is the Nth address from the
    right of X-Forwarded-For, the one our own proxy appended; whatever the client wrote to the
    left of it is ignored. At 0 (development, tests) the header is ignored altogether.
    """
    return BaseThrottle().get_ident(request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with the lockout page and Retry-After.

    The failure that led here started the cool-off again (AXES_RESET_COOL_OFF_ON_FAILURE_
    DURING_LOCKOUT), so the login opens again a full cool-off from now at the latest.
    """
    seconds = int(cool_off(request).total_seconds())
    response = render(
        request,
        "registration/lockout.html",
        {"minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
