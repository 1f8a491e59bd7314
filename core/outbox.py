"""Sending email exactly once, from the background, whatever the mail server does.

``email_enqueue`` (one email) and ``email_enqueue_many`` (a job's hundreds, in one INSERT) write
the rows inside the caller's transaction and publish a send task per batch after it commits;
nothing in a web request talks to the mail server. ``outbox_send`` (the tasks) takes a batch of
due rows with ``SELECT ... FOR UPDATE SKIP LOCKED``, so of several workers, retries and sweeps
holding the same ids exactly one sends each, and none waits for another; it sends the batch
over one connection to the mail server and records the results in bulk. A failure is
tried again after a backoff, up to ``EMAIL_MAX_ATTEMPTS`` attempts. ``outbox_sweep`` (beat,
every minute, and each worker as it starts) re-publishes what waits: messages lost while the
broker was down, retries that are due, claims left by a worker that died mid-send.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import queueing
from core.bulk import insert_new
from core.models import EmailStatus, OutboxEmail

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

EMAIL_SEND_TASK = "core.tasks.email_send"
EMAIL_SEND_BATCH_TASK = "core.tasks.email_send_batch"

# Emails per send task and per connection to the mail server.
SEND_BATCH = 100
# A row "sending" for longer than this belongs to a worker that died before it could record.
STALE_SENDING = timedelta(minutes=10)
# A queued row older than this has surely lost its message (or the broker was down).
LOST_AFTER = timedelta(seconds=60)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: the base, doubling, at most an hour."""
    base = settings.EMAIL_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


# --- Inserting what is not there yet -------------------------------------------------------


@dataclass(frozen=True)
class EmailDraft:
    """One email to queue: to whom, why (``purpose``, ``object_key``, ``period``: what makes
    it once) and what it says."""

    recipient: AbstractBaseUser
    purpose: str
    object_key: str
    period: str
    subject: str
    text: str

    def row(self) -> OutboxEmail:
        """The outbox row; a person with no address gets one marked skipped, so the record
        shows why nothing went."""
        to = getattr(self.recipient, "email", "") or ""
        return OutboxEmail(
            recipient=self.recipient,
            purpose=self.purpose[:60],
            object_key=self.object_key[:80],
            period=self.period[:40],
            to=to,
            subject=self.subject[:200],
            text=self.text,
            status=EmailStatus.QUEUED if to else EmailStatus.SKIPPED,
            last_error="" if to else "no email address",
        )


def email_enqueue(
    *,
    recipient: AbstractBaseUser,
    purpose: str,
    object_key: str,
    period: str,
    subject: str,
    text: str,
) -> OutboxEmail | None:
    """The email's row, in the caller's transaction; None when this email is queued already."""
    (email,) = email_enqueue_many(
        emails=[EmailDraft(recipient, purpose, object_key, period, subject, text)]
    )
    return email


def email_enqueue_many(*, emails: Sequence[EmailDraft]) -> list[OutboxEmail | None]:
    """The emails' rows in one INSERT, in the caller's transaction, each in the place of its
    draft; None for each queued already. Their send tasks, one per ``SEND_BATCH``, are
    published once the caller's transaction commits."""
    rows = insert_new(
        [draft.row() for draft in emails], unique=("recipient", "purpose", "object_key", "period")
    )
    email_dispatch(*(row.pk for row in rows if row is not None and row.to))
    return rows


def email_dispatch(*email_ids: int) -> None:
    """Publish the send tasks, a batch of ids each, once the rows are committed."""
    for start in range(0, len(email_ids), SEND_BATCH):
        queueing.enqueue_on_commit(
            EMAIL_SEND_BATCH_TASK,
            list(email_ids[start : start + SEND_BATCH]),
            later=_("the email will go out when the background worker is back"),
        )


# --- Sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """How one email's attempt went: ``retry_in`` is set when it waits for another attempt."""

    result: str
    retry_in: timedelta | None = None


NOT_DUE = Attempt("not due or taken")


def outbox_claim(
    *, now: datetime | None = None, ids: Collection[int] | None = None, limit: int = SEND_BATCH
) -> list[OutboxEmail]:
    """Take up to ``limit`` due rows (of ``ids`` only, if given) for one attempt each. Rows
    another sender is taking are skipped, not waited for (``SKIP LOCKED``); rows it has taken
    are no longer due."""
    now = now or timezone.now()
    with transaction.atomic():
        due = outbox_due(now=now, grace=timedelta(0))
        if ids is not None:
            due = due.filter(pk__in=ids)
        emails = list(due.select_for_update(skip_locked=True)[:limit])
        if emails:
            OutboxEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
                status=EmailStatus.SENDING, attempts=models.F("attempts") + 1, claimed_at=now
            )
    for email in emails:
        email.status, email.attempts, email.claimed_at = (
            EmailStatus.SENDING,
            email.attempts + 1,
            now,
        )
    return emails


def outbox_send(
    *, now: datetime | None = None, ids: Collection[int] | None = None, limit: int = SEND_BATCH
) -> dict[int, Attempt]:
    """Send a batch of due emails (``outbox_claim``) over one connection to the mail server and
    record how each went, in bulk; by email id. Empty when nothing was due."""
    emails = outbox_claim(now=now, ids=ids, limit=limit)
    if not emails:
        return {}
    errors = _send_over_one_connection(emails)
    return _record(emails, errors, now=now or timezone.now())


def email_send(email_id: int, *, now: datetime | None = None) -> Attempt:
    """Send one email if it is due and nobody else is sending it; record how it went."""
    return outbox_send(now=now, ids=[email_id], limit=1).get(email_id, NOT_DUE)


def _send_over_one_connection(emails: list[OutboxEmail]) -> dict[int, str]:
    """Send each email; the error of each one that failed, by id. When the server cannot be
    reached every email still unsent fails with that error (one timeout, not one each); after
    an email fails, the next opens a new connection (the failure may have broken this one)."""
    errors: dict[int, str] = {}
    mailer = get_connection(fail_silently=False)
    is_open = False
    try:
        for index, email in enumerate(emails):
            try:
                if not is_open:
                    mailer.open()
                    is_open = True
            except Exception as error:  # refused, timed out, authentication failed
                errors.update((e.pk, _describe(error)) for e in emails[index:])
                break
            message = EmailMessage(
                email.subject,
                email.text,
                settings.DEFAULT_FROM_EMAIL,
                [email.to],
                connection=mailer,
            )
            try:
                mailer.send_messages([message])
            except Exception as error:  # any backend failure: rejected, disconnected
                errors[email.pk] = _describe(error)
                _close_quietly(mailer)
                is_open = False
    finally:
        if is_open:
            _close_quietly(mailer)
    return errors


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _close_quietly(mailer) -> None:
    try:
        mailer.close()
    except Exception:  # a broken connection may fail to close too; it is dropped either way
        logger.debug("Closing the mail connection failed", exc_info=True)


def _record(
    emails: list[OutboxEmail], errors: dict[int, str], *, now: datetime
) -> dict[int, Attempt]:
    """Write how each email went: one UPDATE for those sent, one for each kind of failure
    (usually one: the server was down for the whole batch)."""
    attempts: dict[int, Attempt] = {}
    sent: list[int] = []
    failed: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for email in emails:
        error = errors.get(email.pk)
        if error is None:
            attempts[email.pk] = Attempt("sent")
            sent.append(email.pk)
            continue
        if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            attempts[email.pk] = Attempt("failed")
        else:
            attempts[email.pk] = Attempt("retrying", retry_in=backoff(email.attempts))
        failed[(attempts[email.pk].result, error, email.attempts)].append(email.pk)
    if sent:
        OutboxEmail.objects.filter(pk__in=sent).update(
            status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    for (result, error, tries), ids in failed.items():
        rows = OutboxEmail.objects.filter(pk__in=ids)
        if result == "failed":
            logger.error("Gave up on emails %s after %s attempts: %s", ids, tries, error)
            rows.update(status=EmailStatus.FAILED, last_error=error)
        else:
            wait = backoff(tries)
            rows.update(status=EmailStatus.QUEUED, last_error=error, next_attempt_at=now + wait)
            logger.warning(
                "Emails %s failed (attempt %s), retrying in %s: %s", ids, tries, wait, error
            )
    return attempts


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
    """Publish send tasks for the rows that wait too long (a worker starting takes every due
    row: ``grace`` 0); returns how many rows."""
    ids = list(outbox_due(now=now, grace=grace).values_list("pk", flat=True)[:limit])
    for start in range(0, len(ids), SEND_BATCH):
        queueing.enqueue(EMAIL_SEND_BATCH_TASK, ids[start : start + SEND_BATCH])
    return len(ids)


def outbox_deliver_due(*, now: datetime | None = None) -> int:
    """Send, here and now, every row that is due, a batch at a time; returns how many went.
    For the ``send_outbox`` command and tests: the worker's path is ``outbox_send`` per task.
    Stops when nothing is due: a failed email waits its backoff past ``now``."""
    now = now or timezone.now()
    sent = 0
    while attempts := outbox_send(now=now):
        sent += sum(attempt.result == "sent" for attempt in attempts.values())
    return sent


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
