"""Sending email exactly once, from the background, whatever the mail server does.

``email_enqueue`` writes the row inside the caller's transaction and publishes the send task
after it commits; nothing in a web request talks to the mail server. ``email_send`` (the task)
claims the row with a conditional update, so of several workers, retries and sweeps holding
the same id exactly one sends it; a failure is recorded and tried again after a backoff, up to
``EMAIL_MAX_ATTEMPTS`` attempts. ``outbox_sweep`` (beat, every minute, and each worker as it
starts) re-publishes what waits: messages lost while the broker was down, retries that are due,
claims left by a worker that died mid-send.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import queueing
from core.models import EmailStatus, OutboxEmail

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

EMAIL_SEND_TASK = "core.tasks.email_send"

# A row "sending" for longer than this belongs to a worker that died before it could record.
STALE_SENDING = timedelta(minutes=10)
# A queued row older than this has surely lost its message (or the broker was down).
LOST_AFTER = timedelta(seconds=60)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: the base, doubling, at most an hour."""
    base = settings.EMAIL_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


# --- Queueing ------------------------------------------------------------------------------


def email_enqueue(
    *,
    recipient: AbstractBaseUser,
    purpose: str,
    object_key: str,
    period: str,
    subject: str,
    text: str,
) -> OutboxEmail | None:
    """The email's row, in the caller's transaction; None when this email is queued already.

    A person with no address gets a row marked skipped, so the record shows why nothing went.
    """
    to = getattr(recipient, "email", "") or ""
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                recipient=recipient,
                purpose=purpose[:60],
                object_key=object_key[:80],
                period=period[:40],
                to=to,
                subject=subject[:200],
                text=text,
                status=EmailStatus.QUEUED if to else EmailStatus.SKIPPED,
                last_error="" if to else "no email address",
            )
    except IntegrityError:
        return None
    if to:
        email_dispatch(email.pk)
    return email


def email_dispatch(email_id: int) -> None:
    """Publish the send task once the row is committed."""
    queueing.enqueue_on_commit(
        EMAIL_SEND_TASK,
        email_id,
        later=_("the email will go out when the background worker is back"),
    )


# --- Sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """How one call went: ``retry_in`` is set when the email waits for another attempt."""

    result: str
    retry_in: timedelta | None = None


def email_claim(email_id: int, *, now: datetime | None = None) -> OutboxEmail | None:
    """Take the row for one attempt; None when it is not due, or another sender has it."""
    now = now or timezone.now()
    taken = (
        OutboxEmail.objects.filter(pk=email_id, attempts__lt=settings.EMAIL_MAX_ATTEMPTS)
        .filter(
            models.Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now)
            | models.Q(status=EmailStatus.SENDING, claimed_at__lt=now - STALE_SENDING)
        )
        .update(status=EmailStatus.SENDING, attempts=models.F("attempts") + 1, claimed_at=now)
    )
    return OutboxEmail.objects.get(pk=email_id) if taken else None


def email_send(email_id: int, *, now: datetime | None = None) -> Attempt:
    """Send one email if it is due and nobody else is sending it; record how it went."""
    email = email_claim(email_id, now=now)
    if email is None:
        return Attempt("not due or taken")
    try:
        send_mail(
            email.subject, email.text, settings.DEFAULT_FROM_EMAIL, [email.to], fail_silently=False
        )
    except Exception as error:  # any backend failure: refused, timed out, rejected
        return _failed(email, f"{type(error).__name__}: {error}", now=now)
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return Attempt("sent")


def _failed(email: OutboxEmail, error: str, *, now: datetime | None) -> Attempt:
    if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        logger.error("Gave up on email %s after %s attempts: %s", email.pk, email.attempts, error)
        OutboxEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED, last_error=error)
        return Attempt("failed")
    wait = backoff(email.attempts)
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.QUEUED,
        last_error=error,
        next_attempt_at=(now or timezone.now()) + wait,
    )
    logger.warning(
        "Email %s failed (attempt %s), retrying in %s: %s", email.pk, email.attempts, wait, error
    )
    return Attempt("retrying", retry_in=wait)


def outbox_due(
    *, now: datetime | None = None, grace: timedelta = LOST_AFTER
) -> models.QuerySet[OutboxEmail]:
    """Rows due for ``grace`` already (their message lost), or abandoned mid-send."""
    now = now or timezone.now()
    return OutboxEmail.objects.filter(
        models.Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now - grace)
        | models.Q(status=EmailStatus.SENDING, claimed_at__lt=now - STALE_SENDING),
        attempts__lt=settings.EMAIL_MAX_ATTEMPTS,
    ).order_by("next_attempt_at", "pk")


def outbox_sweep(
    *, now: datetime | None = None, grace: timedelta = LOST_AFTER, limit: int = 500
) -> int:
    """Publish a send task for each row that waits too long (a worker starting takes every
    due row: ``grace`` 0); returns how many."""
    ids = list(outbox_due(now=now, grace=grace).values_list("pk", flat=True)[:limit])
    for email_id in ids:
        queueing.enqueue(EMAIL_SEND_TASK, email_id)
    return len(ids)


def outbox_deliver_due(*, now: datetime | None = None) -> int:
    """Send, here and now, every row that is due; returns how many went. For the
    ``send_outbox`` command and tests: the worker's path is ``email_send`` per row."""
    now = now or timezone.now()
    ids = list(outbox_due(now=now, grace=timedelta(0)).values_list("pk", flat=True))
    return sum(email_send(pk, now=now).result == "sent" for pk in ids)


def email_retry(*, email: OutboxEmail) -> OutboxEmail:
    """An administrator's "try again now" for an email that was given up on."""
    OutboxEmail.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(
        status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    email.refresh_from_db()
    if email.status == EmailStatus.QUEUED:
        email_dispatch(email.pk)
    return email


# --- Health --------------------------------------------------------------------------------


def outbox_health(*, now: datetime | None = None) -> dict[str, object]:
    """Figures for /healthz: what waits, what is being retried, what was given up."""
    now = now or timezone.now()
    pending = OutboxEmail.objects.filter(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])
    figures = pending.aggregate(
        waiting=models.Count("pk"),
        retrying=models.Count("pk", filter=models.Q(attempts__gt=0)),
        oldest=models.Min("created_at"),
    )
    failed = OutboxEmail.objects.filter(status=EmailStatus.FAILED)
    last = (
        OutboxEmail.objects.exclude(last_error="")
        .filter(status__in=[EmailStatus.QUEUED, EmailStatus.FAILED])
        .order_by("-claimed_at")
        .values_list("last_error", flat=True)
        .first()
    )
    oldest = figures["oldest"]
    return {
        "waiting": figures["waiting"],
        "retrying": figures["retrying"],
        "failed": failed.count(),
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "last_error": last or "",
    }
