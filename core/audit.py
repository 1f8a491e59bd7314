"""The audit log: sign-ins, failed sign-ins, lockouts, downloads and API token events.

``audit_record`` never lets a failure reach the request it describes: the event is written in
its own savepoint and a failure is logged, not raised. Sign-in events come from Django's and
django-axes' signals (connected in ``CoreConfig.ready``); views and the token code call
``audit_record`` directly.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.lockout import client_ip
from core.models import AuditEvent, AuditKind

log = logging.getLogger(__name__)

USER_AGENT_LENGTH = AuditEvent._meta.get_field("user_agent").max_length
TARGET_LENGTH = AuditEvent._meta.get_field("target").max_length
ANONYMOUS_KINDS = {AuditKind.SIGN_IN_FAILED, AuditKind.LOCKED_OUT}


def request_ip(request: HttpRequest) -> str | None:
    """The client's address by the same rule as django-axes and the throttles (PROXY_COUNT);
    whatever is not an IP address (a forged header) is kept as none."""
    try:
        ip = client_ip(request)
        return str(ipaddress.ip_address((ip or "").strip())) if ip else None
    except ValueError:
        return None


def audit_record(
    *,
    kind: AuditKind,
    request: HttpRequest | None = None,
    user: Any = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Record one event; ``user`` defaults to the request's signed-in user (not for a failed
    sign-in: whoever is signed in is not the one who failed). Returns None when the event could
    not be written (logged)."""
    try:
        if user is None and request is not None and kind not in ANONYMOUS_KINDS:
            # The session user only: a DRF request's user would authenticate again.
            candidate = getattr(request, "user", None)
            if candidate is not None and candidate.is_authenticated:
                user = candidate
        ip, agent = None, ""
        if request is not None:
            ip = request_ip(request)
            agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
        with transaction.atomic():
            return AuditEvent.objects.create(
                kind=kind,
                user=user if user is not None and user.pk else None,
                target=target[:TARGET_LENGTH],
                ip_address=ip,
                user_agent=agent,
                detail=detail or {},
            )
    except Exception:
        log.exception("Could not record the audit event %s", kind)
        return None


def audit_first_in(key: str, *, hours: int) -> bool:
    """Whether this is the first occurrence of ``key`` in ``hours`` (for repeated events such
    as a polled feed). Without a working cache every occurrence counts as first."""
    try:
        return bool(cache.add(f"audit-first:{key}", 1, timeout=hours * 3600))
    except Exception:
        log.warning("Cache unavailable: audit event %s recorded without deduplication", key)
        return True


def audit_purge(*, batch: int = 5000, now: Any = None) -> int:
    """Delete the events older than AUDIT_RETENTION_DAYS, ``batch`` rows per statement so a
    large backlog never holds one long lock. Returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted = 0
    while True:
        ids = list(
            AuditEvent.objects.filter(at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return deleted
        deleted += AuditEvent.objects.filter(pk__in=ids).delete()[0]


# -- Signal receivers (connected in CoreConfig.ready)


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # How: the backend that let the person in (a password, the organisation's provider).
    backend = str(getattr(user, "backend", "") or "").rsplit(".", 1)[-1]
    audit_record(kind=AuditKind.SIGN_IN, request=request, user=user, detail={"backend": backend})


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")[:150]
    audit_record(
        kind=AuditKind.SIGN_IN_FAILED,
        request=request,
        user=_user_named(username),
        target=username,
        detail={"username": username},
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    username = str(username or "")[:150]
    audit_record(
        kind=AuditKind.LOCKED_OUT,
        request=request,
        user=_user_named(username),
        target=username,
        detail={"username": username, "ip_address": kwargs.get("ip_address")},
    )


def _user_named(username: str) -> Any:
    """The account a failed attempt aimed at, if it exists, so the admin can filter by it."""
    if not username:
        return None
    try:
        model = get_user_model()
        return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    except Exception:
        log.exception("Could not look up the user of an audit event")
        return None
