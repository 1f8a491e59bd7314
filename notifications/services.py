"""Telling people something: an in-app notification, and an email as each person chose.

The reminders job (issue 7) decides who is told what and when; a nudge from the review
workspace tells one lead now. Both end here, so a message always reaches both places, and
each person's choice per mission holds: immediately, in a weekly digest, or not at all
(escalations always go through).

Every email goes through the outbox (``core.outbox``): its row is written with the action that
caused it and a worker sends it, once, retrying while the mail server is down. Nothing here
talks to the mail server.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import OutboxEmail
from core.outbox import email_enqueue
from core.words import Said, freeze
from missions.models import Mission
from notifications.models import (
    CalendarFeed,
    ChosenLanguage,
    Notification,
    NotificationDigest,
    NotificationPreference,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Delivery = NotificationPreference.Delivery


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


@dataclass(frozen=True)
class NotificationDraft:
    """One in-app notification to record."""

    user: AbstractBaseUser
    mission: Mission | None
    subject: str | Said
    body: str | Said = ""
    url: str = ""
    awaits_digest: bool = False

    def row(self) -> Notification:
        # Said words are kept as message and values too, so each reader reads their language.
        words = {
            part: freeze(value)
            for part, value in (("subject", self.subject), ("body", self.body))
            if isinstance(value, Said)
        }
        return Notification(
            user=self.user,
            mission=self.mission,
            subject=str(self.subject)[:200],
            body=str(self.body),
            words=words,
            url=self.url[:300],
            awaits_digest=self.awaits_digest,
        )


def record(
    *,
    user: AbstractBaseUser,
    mission: Mission | None,
    subject: str | Said,
    body: str | Said = "",
    url: str = "",
    awaits_digest: bool = False,
) -> Notification:
    """The in-app notification alone (the caller sees to the email)."""
    (notification,) = record_many(
        notifications=[NotificationDraft(user, mission, subject, body, url, awaits_digest)]
    )
    return notification


def record_many(*, notifications: Sequence[NotificationDraft]) -> list[Notification]:
    """The in-app notifications alone, in one INSERT (the reminders job's hundreds)."""
    return Notification.objects.bulk_create([draft.row() for draft in notifications])


def notify(
    *,
    user: AbstractBaseUser,
    mission: Mission | None,
    subject: str | Said,
    purpose: str,
    object_key: str,
    period: str = "",
    body: str | Said = "",
    url: str = "",
    email: bool = True,
    escalation: bool = False,
    language: str | None = None,
) -> Notification | None:
    """Record the notification now; queue its email in the outbox (sent once per
    ``purpose``, ``object_key`` and ``period``), or keep it for the weekly digest, as the person
    chose for this mission. ``None`` when they switched the mission off (an ``escalation``
    reaches them anyway)."""
    delivery = delivery_for(user, mission, escalation=escalation)
    if delivery == Delivery.OFF:
        return None
    weekly = email and delivery == Delivery.WEEKLY and bool(user.email)
    notification = record(
        user=user, mission=mission, subject=subject, body=body, url=url, awaits_digest=weekly
    )
    if email and delivery == Delivery.IMMEDIATE:
        # ``language``: the caller telling many people looked theirs up at once.
        with translation.override(language or languages_of([user.pk])[user.pk]):
            email_enqueue(
                recipient=user,
                purpose=purpose,
                object_key=object_key,
                period=period,
                subject=str(subject),
                text=email_text(body=str(body), url=url),
            )
    return notification


# --- Email ---------------------------------------------------------------------------------


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's chosen language (the site's for those who chose none), in one query."""
    chosen = dict(
        ChosenLanguage.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "language")
    )
    offered = {code for code, _name in settings.LANGUAGES}
    return defaultdict(
        lambda: settings.LANGUAGE_CODE,
        {pk: code for pk, code in chosen.items() if code in offered},
    )


def remember_language(user: AbstractBaseUser, language: str) -> None:
    """Keep the language a person chose, for what is written to them later."""
    if language in {code for code, _name in settings.LANGUAGES}:
        ChosenLanguage.objects.update_or_create(user=user, defaults={"language": language})


def email_text(*, body: str, url: str = "") -> str:
    """The body, the link to act on, and where to change how reminders arrive (in the
    language active: the recipient's)."""
    footer = _("Choose how reminders reach you, mission by mission: %(url)s") % {
        "url": absolute(reverse("notifications:preferences"))
    }
    return "\n\n".join(part for part in (body, absolute(url) if url else "", "-- ", footer) if part)


# --- Weekly digest -------------------------------------------------------------------------


@dataclass
class DigestRun:
    queued: int = 0
    recipients: list[str] = field(default_factory=list)


def pending_digest() -> QuerySet[Notification]:
    return Notification.objects.filter(awaits_digest=True, digest__isnull=True)


def send_weekly_digests(*, now: datetime | None = None) -> DigestRun:
    """Queue one email per person with everything that waited for their digest this week.

    Safe to run any number of times and concurrently: the (user, week) claim decides; what
    arrives after this week's digest was made waits for next week's.
    """
    period = week_of(timezone.localdate(now or timezone.now(), timezone=UTC))
    run = DigestRun()
    for user_id in pending_digest().values_list("user_id", flat=True).distinct().order_by():
        email = _claim_digest(user_id, period)
        if email is not None:
            run.queued += 1
            run.recipients.append(email.to)
    return run


def _claim_digest(user_id: int, period: str) -> OutboxEmail | None:
    """The week's digest row, its notifications and its email, in one transaction."""
    try:
        with transaction.atomic():
            digest = NotificationDigest.objects.create(user_id=user_id, period=period)
            pending_digest().filter(user_id=user_id).update(digest=digest)
            items = list(
                digest.notifications.select_related("mission").order_by("mission__acronym", "pk")
            )
            with translation.override(languages_of([user_id])[user_id]):
                subject, text = digest_email(items, period=period)
            digest.email = email_enqueue(
                recipient=digest.user,
                purpose="digest",
                object_key=f"user:{user_id}",
                period=period,
                subject=subject,
                text=text,
            )
            digest.save(update_fields=["email"])
    except IntegrityError:
        return None  # this week's digest is another run's, or already made
    return digest.email


def digest_email(items: list[Notification], *, period: str) -> tuple[str, str]:
    """Subject and text of a digest (in the language active: the recipient's): each message
    with its link, grouped by mission."""
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
        lines.append(f"* {item.subject_text}")
        if item.body_text:
            lines += [f"  {line}" for line in item.body_text.splitlines()]
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
