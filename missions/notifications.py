"""Telling people something: an in-app notification, and an email as each person chose.

The reminders job (issue 7) decides who is told what and when; a nudge from the review
workspace tells one lead now. Both end here, so a message always reaches both places, and
each person's choice per mission holds: immediately, in a weekly digest, or not at all
(escalations always go through).

Emails that must go out exactly once (reminders, digests) are claimed first: a unique row is
inserted in its own transaction, the email is sent after that commits, and the row records
the attempts. ``take_for_retry`` hands a failed or abandoned claim to exactly one later run.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.models import (
    CalendarFeed,
    DeliveryStatus,
    Mission,
    Notification,
    NotificationDigest,
    NotificationPreference,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Delivery = NotificationPreference.Delivery

# A failed email is tried again on the next runs, at most this many attempts in all.
MAX_ATTEMPTS = 3
# A claim still "claimed" after this long belongs to a run that died before it could send.
STALE_CLAIM = timedelta(minutes=30)


def absolute(url: str) -> str:
    """A path made into a link that works from an email or a calendar."""
    return url if "://" in url else f"{settings.SITE_URL}{url}"


def week_of(day: date) -> str:
    """The ISO week a day falls in, as ``2026-W48``: the period of weekly things."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- Preferences ---------------------------------------------------------------------------


def deliveries(user_ids: Iterable[int], mission_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """Each (user, mission) pair's chosen delivery, in one query; absent pairs are immediate."""
    return {
        (user_id, mission_id): delivery
        for user_id, mission_id, delivery in NotificationPreference.objects.filter(
            user_id__in=set(user_ids), mission_id__in=set(mission_ids)
        ).values_list("user_id", "mission_id", "delivery")
    }


def delivery_for(
    user: AbstractBaseUser,
    mission: Mission | None,
    *,
    escalation: bool = False,
    chosen: dict[tuple[int, int], str] | None = None,
) -> str:
    """How a message reaches ``user``: an escalation always immediately, else as they chose."""
    if escalation or mission is None:
        return Delivery.IMMEDIATE
    if chosen is None:
        chosen = deliveries([user.pk], [mission.pk])
    return chosen.get((user.pk, mission.pk), Delivery.IMMEDIATE)


def preference_set(*, user: AbstractBaseUser, mission: Mission, delivery: str) -> str:
    """Record how ``user`` wants ``mission``'s reminders (the caller checked the seat)."""
    NotificationPreference.objects.update_or_create(
        user=user, mission=mission, defaults={"delivery": delivery}
    )
    return delivery


# --- Read state ----------------------------------------------------------------------------


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Private calendar address --------------------------------------------------------------


def calendar_feed_create(*, user: AbstractBaseUser) -> CalendarFeed:
    """A new private address; any earlier one stops working."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


def calendar_feed_revoke(*, user: AbstractBaseUser) -> None:
    CalendarFeed.objects.filter(user=user).delete()


# --- Telling one person now ----------------------------------------------------------------


def record(
    *,
    user: AbstractBaseUser,
    mission: Mission | None,
    subject: str,
    body: str = "",
    url: str = "",
    awaits_digest: bool = False,
) -> Notification:
    """The in-app notification alone (the caller sees to the email)."""
    return Notification.objects.create(
        user=user,
        mission=mission,
        subject=subject[:200],
        body=body,
        url=url[:300],
        awaits_digest=awaits_digest,
    )


def notify(
    *,
    user: AbstractBaseUser,
    mission: Mission | None,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    escalation: bool = False,
) -> Notification | None:
    """Record the notification now; email it after the transaction commits, or in the weekly
    digest, as the person chose for this mission. ``None`` when they switched the mission off
    (an ``escalation`` reaches them anyway)."""
    delivery = delivery_for(user, mission, escalation=escalation)
    if delivery == Delivery.OFF:
        return None
    weekly = email and delivery == Delivery.WEEKLY and bool(user.email)
    notification = record(
        user=user, mission=mission, subject=subject, body=body, url=url, awaits_digest=weekly
    )
    if email and delivery == Delivery.IMMEDIATE and user.email:
        text = email_text(body=body, url=url)
        transaction.on_commit(lambda: send_email(to=user.email, subject=subject, text=text))
    return notification


# --- Email ---------------------------------------------------------------------------------


def email_text(*, body: str, url: str = "") -> str:
    """The body, the link to act on, and where to change how reminders arrive."""
    with translation.override(settings.LANGUAGE_CODE):
        footer = _("Choose how reminders reach you, mission by mission: %(url)s") % {
            "url": absolute(reverse("notifications:preferences"))
        }
    return "\n\n".join(part for part in (body, absolute(url) if url else "", "-- ", footer) if part)


def send_email(*, to: str, subject: str, text: str) -> None:
    """Send through Django's email backend; raises when the backend fails."""
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


# --- Claims: once, with retries ------------------------------------------------------------


def retryable(queryset: models.QuerySet) -> models.QuerySet:
    """Claims worth another attempt: failed under the cap, or abandoned by a dead run."""
    stale = timezone.now() - STALE_CLAIM
    return queryset.filter(
        models.Q(status=DeliveryStatus.FAILED)
        | models.Q(status=DeliveryStatus.CLAIMED, claimed_at__lt=stale),
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("pk")


def take_for_retry(row: models.Model) -> bool:
    """Take a failed or abandoned claim for one more attempt. The conditional update lets
    exactly one of several concurrent runs win it."""
    taken = (
        type(row)
        .objects.filter(
            pk=row.pk, status=row.status, attempts=row.attempts, claimed_at=row.claimed_at
        )
        .update(
            status=DeliveryStatus.CLAIMED,
            attempts=models.F("attempts") + 1,
            claimed_at=timezone.now(),
        )
    )
    if taken:
        row.refresh_from_db()
    return bool(taken)


def attempt(row: models.Model, *, to: str, subject: str, text: str) -> bool:
    """Send one claimed email and record how it went on ``row``; True when it went."""
    if not to:
        row.status, row.last_error = DeliveryStatus.SKIPPED, "no email address"
        row.save(update_fields=["status", "last_error"])
        return False
    try:
        send_email(to=to, subject=subject, text=text)
    except Exception as error:  # any backend failure: SMTP, socket, file system
        row.status, row.last_error = DeliveryStatus.FAILED, f"{type(error).__name__}: {error}"
        row.save(update_fields=["status", "last_error"])
        return False
    row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, timezone.now(), ""
    row.save(update_fields=["status", "sent_at", "last_error"])
    return True


# --- Weekly digest -------------------------------------------------------------------------


@dataclass
class DigestRun:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    recipients: list[str] = field(default_factory=list)


def pending_digest() -> models.QuerySet:
    return Notification.objects.filter(awaits_digest=True, digest__isnull=True)


def send_weekly_digests(*, now: datetime | None = None) -> DigestRun:
    """One email per person with everything that waited for their digest this week.

    Safe to run any number of times and concurrently: the (user, week) claim decides; what
    arrives after this week's digest went out waits for next week's.
    """
    period = week_of(timezone.localdate(now or timezone.now(), timezone=UTC))
    run = DigestRun()
    # Earlier failures first, so what fails in this run waits for the next.
    for digest in retryable(NotificationDigest.objects.select_related("user")):
        if take_for_retry(digest):
            run.retried += 1
            _deliver_digest(digest, run)
    for user_id in pending_digest().values_list("user_id", flat=True).distinct().order_by():
        digest = _claim_digest(user_id, period)
        if digest is not None:
            _deliver_digest(digest, run)
    return run


def _claim_digest(user_id: int, period: str) -> NotificationDigest | None:
    try:
        with transaction.atomic():
            digest = NotificationDigest.objects.create(user_id=user_id, period=period, attempts=1)
            pending_digest().filter(user_id=user_id).update(digest=digest)
    except IntegrityError:
        return None  # this week's digest is another run's, or already sent
    return digest


def _deliver_digest(digest: NotificationDigest, run: DigestRun) -> None:
    user = digest.user
    items = list(digest.notifications.select_related("mission").order_by("mission__acronym", "pk"))
    subject, text = digest_email(items, period=digest.period)
    if attempt(digest, to=user.email, subject=subject, text=text):
        run.sent += 1
        run.recipients.append(user.email)
    elif digest.status == DeliveryStatus.SKIPPED:
        run.skipped += 1
    else:
        run.failed += 1


def digest_email(items: list[Notification], *, period: str) -> tuple[str, str]:
    """Subject and text of a digest: each message with its link, grouped by mission."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Your weekly digest (%(period)s): %(count)d reminder",
            "Your weekly digest (%(period)s): %(count)d reminders",
            len(items),
        ) % {"period": period, "count": len(items)}
        lines: list[str] = []
        current: Any = object()
        for item in items:
            if item.mission_id != current:
                current = item.mission_id
                heading = item.mission.acronym if item.mission else _("General")
                lines += ["", heading, "=" * len(heading)]
            lines.append(f"* {item.subject}")
            if item.body:
                lines += [f"  {line}" for line in item.body.splitlines()]
            if item.url:
                lines.append(f"  {absolute(item.url)}")
        return subject, email_text(body="\n".join(lines).strip())


# --- The header badge ----------------------------------------------------------------------


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def header_badge(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Context processor: the unread count, counted (one query) only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = unread_count(user)
        return request._unread_notifications

    return {"unread_notifications": count}
