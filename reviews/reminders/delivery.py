"""Delivering reminders exactly once: claim, with the in-app notification and the email.

The claim is a unique Reminder row (recipient, rule, object, period) inserted in its own
transaction with the in-app notification and the email's outbox row: the database's unique
constraint decides which run owns a reminder, so running the job twice, or two workers at once,
tells each person once. A worker sends the email from the outbox, retrying while the mail server
is down (``core.outbox``).

Call these outside a transaction (commands and tasks run in autocommit), so that each claim
commits on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from core.outbox import email_enqueue
from missions.models import Mission
from notifications import services as notifications
from notifications.services import Delivery
from reviews.models import Reminder, ReminderStatus
from reviews.reminders.engine import Candidate, due_reminders


class Result:
    """What happened to one candidate in a run (or would happen, in a dry run)."""

    EMAILED = "emailed (in the outbox)"
    NO_EMAIL = "no email address"
    DIGEST = "queued for the weekly digest"
    OFF = "off (the person switched this mission's reminders off)"
    ALREADY = "already sent"
    WOULD_SEND = "would send now"
    WOULD_QUEUE = "would queue for the weekly digest"


@dataclass
class Outcome:
    candidate: Candidate
    delivery: str
    result: str
    url: str = ""


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(outcome.result for outcome in self.outcomes)

    def summary(self) -> dict[str, int]:
        """Figures for logs and the task result."""
        counts = self.counts
        return {
            "emailed": counts[Result.EMAILED],
            "queued_for_digest": counts[Result.DIGEST],
            "no_email": counts[Result.NO_EMAIL],
            "off": counts[Result.OFF],
            "already_sent": counts[Result.ALREADY],
            "would_send": counts[Result.WOULD_SEND] + counts[Result.WOULD_QUEUE],
        }


def send_reminders(
    *,
    now: datetime | None = None,
    today: date | None = None,
    missions: Iterable[Mission] | None = None,
    dry_run: bool = False,
) -> Run:
    """Evaluate the rules for each mission's day and deliver what is due.

    ``today`` replaces every mission's own date (commands and tests); ``now`` is the instant
    whose date in each mission's time zone counts. A dry run claims and sends nothing.
    """
    missions = None if missions is None else list(missions)
    candidates = due_reminders(now=now, today=today, missions=missions)
    chosen = notifications.deliveries(
        (c.recipient.pk for c in candidates), (c.mission.pk for c in candidates)
    )
    claimed = _claimed_keys(candidates)
    run = Run()
    for candidate in candidates:
        delivery = notifications.delivery_for(
            candidate.recipient, candidate.mission, escalation=candidate.escalation, chosen=chosen
        )
        run.outcomes.append(_deliver(candidate, delivery, claimed, dry_run=dry_run))
    return run


def _deliver(candidate: Candidate, delivery: str, claimed: set[tuple], *, dry_run: bool) -> Outcome:
    if candidate.key in claimed:
        return Outcome(candidate, delivery, Result.ALREADY)
    if delivery == Delivery.OFF:
        return Outcome(candidate, delivery, Result.OFF)
    url = link_for(candidate)
    weekly = delivery == Delivery.WEEKLY
    if dry_run:
        return Outcome(
            candidate, delivery, Result.WOULD_QUEUE if weekly else Result.WOULD_SEND, url
        )
    reminder = claim(candidate, url=url, weekly=weekly)
    if reminder is None:
        return Outcome(candidate, delivery, Result.ALREADY, url)
    results = {
        ReminderStatus.DIGEST: Result.DIGEST,
        ReminderStatus.QUEUED: Result.EMAILED,
        ReminderStatus.SKIPPED: Result.NO_EMAIL,
    }
    return Outcome(candidate, delivery, results[reminder.status], url)


def claim(candidate: Candidate, *, url: str, weekly: bool) -> Reminder | None:
    """Insert the reminder's unique row, its in-app notification and its email in one
    committed transaction; None when another run holds the row already."""
    user = candidate.recipient
    emailed = not weekly and bool(user.email)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                recipient=user,
                mission=candidate.mission,
                rule=candidate.rule.code,
                object_key=candidate.object_key,
                period=candidate.period,
                status=(
                    ReminderStatus.DIGEST
                    if weekly
                    else ReminderStatus.QUEUED
                    if emailed
                    else ReminderStatus.SKIPPED
                ),
                escalation=candidate.escalation,
                subject=candidate.subject,
                body=candidate.body,
                url=url,
            )
            notifications.record(
                user=user,
                mission=candidate.mission,
                subject=candidate.subject,
                body=candidate.body,
                url=url,
                awaits_digest=weekly,
            )
            if emailed:
                reminder.email = email_enqueue(
                    recipient=user,
                    purpose=candidate.rule.code,
                    object_key=candidate.object_key,
                    period=candidate.period,
                    subject=candidate.subject,
                    text=notifications.email_text(body=candidate.body, url=url),
                )
                reminder.save(update_fields=["email"])
    except IntegrityError:
        return None
    return reminder


def link_for(candidate: Candidate) -> str:
    """The page to act on, reversed now (pages come and go with releases); the mission's
    overview when the page does not exist in this release."""
    try:
        return reverse(candidate.rule.link, kwargs=candidate.link_kwargs)
    except NoReverseMatch:
        return candidate.mission.get_absolute_url()


def _claimed_keys(candidates: list[Candidate]) -> set[tuple[int, str, str, str]]:
    """Keys already claimed, read in one query (the insert still decides under concurrency)."""
    if not candidates:
        return set()
    return set(
        Reminder.objects.filter(
            recipient_id__in={c.recipient.pk for c in candidates},
            rule__in={c.rule.code for c in candidates},
            period__in={c.period for c in candidates},
        ).values_list("recipient_id", "rule", "object_key", "period")
    )
