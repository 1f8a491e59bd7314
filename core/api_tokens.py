"""Personal API tokens: issue, list, revoke, and the DRF authentication class that reads them.

A token is ``swb_`` followed by 43 random URL-safe characters. Only its SHA-256 is stored (a
random secret of 256 bits needs no slow hash), with its first characters as a recognisable,
non-secret prefix. Clients send it as before: ``Authorization: Token <token>``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from core.audit import audit_record
from core.models import ApiToken, AuditKind

log = logging.getLogger(__name__)

TOKEN_START = "swb_"
PREFIX_LENGTH = len(TOKEN_START) + 8
# The last-used time is written at most this often, and a token's use reaches the audit log at
# most once per period: the API's hot path does not write on every call.
LAST_USED_EVERY = timedelta(minutes=1)
USE_LOGGED_EVERY = timedelta(hours=1)
# One message whatever went wrong, so a caller cannot tell a revoked token from a made-up one.
INVALID_TOKEN = _("Invalid, expired or revoked token.")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def max_expiry(now: Any = None) -> Any:
    """The latest expiry a new token may have: API_TOKEN_MAX_DAYS from now."""
    return (now or timezone.now()) + timedelta(days=settings.API_TOKEN_MAX_DAYS)


@transaction.atomic
def api_token_create(
    *, user: Any, name: str, expires_at: Any, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Issue a token; the returned secret is the only copy there will ever be."""
    expires_at = min(expires_at, max_expiry())
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
        expires_at=expires_at,
    )
    audit_record(
        kind=AuditKind.TOKEN_CREATED,
        request=request,
        user=user,
        target=token.prefix,
        detail={"token": token.pk, "name": name, "expires_at": expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any, request: HttpRequest | None = None) -> ApiToken:
    """Revoke a token (its owner on their page, an administrator in the admin)."""
    if token.revoked_at is not None:
        return token
    token.revoke()
    audit_record(
        kind=AuditKind.TOKEN_REVOKED,
        request=request,
        user=by,
        target=token.prefix,
        detail={"token": token.pk, "name": token.name, "owner": token.user_id},
    )
    return token


def api_token_list(user: Any) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first: nobody lists another's."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_api_token_for_user(user: Any, pk: int) -> ApiToken:
    """One of the person's own tokens; another's is a 404, as if it did not exist."""
    return get_object_or_404(api_token_list(user), pk=pk)


def api_token_note_use(*, token: ApiToken, request: HttpRequest | None) -> None:
    """Keep last-used (once a minute) and log the first use of each hour, each with one
    conditional UPDATE, so concurrent calls never log twice. A failure here is logged: the
    call it describes goes on."""
    now = timezone.now()
    try:
        if token.last_used_at is None or token.last_used_at <= now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        if token.use_logged_at is None or token.use_logged_at <= now - USE_LOGGED_EVERY:
            claimed = (
                ApiToken.objects.filter(pk=token.pk)
                .filter(
                    Q(use_logged_at__isnull=True) | Q(use_logged_at__lte=now - USE_LOGGED_EVERY)
                )
                .update(use_logged_at=now)
            )
            if claimed:
                token.use_logged_at = now
                audit_record(
                    kind=AuditKind.TOKEN_USED,
                    request=request,
                    user=token.user,
                    target=token.prefix,
                    detail={"token": token.pk, "name": token.name},
                )
    except Exception:
        log.exception("Could not record the use of API token %s", token.pk)


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <token>`` against the hashed tokens: an unknown, expired or
    revoked token (or one of a deactivated account) is a 401 with one and the same message."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        # Kept for the audit event of the token's use (the header parsing is DRF's own).
        self.request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(key), revoked_at__isnull=True)
            .filter(expires_at__gt=timezone.now())
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        request = getattr(self, "request", None)
        api_token_note_use(token=token, request=getattr(request, "_request", request))
        return token.user, token
