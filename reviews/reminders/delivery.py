"""Sending reminders exactly once: claim, then send, then record; retry failures a few times.

The claim is a unique Reminder row (recipient, rule, object, period) inserted in its own
transaction with the in-app notification: the database's unique constraint decides which run
owns a reminder, so running the job twice, or two workers at once, sends it once. The email
goes out only after the claim has committed; a failure is recorded on the row and retried by
the next runs, at most ``MAX_ATTEMPTS`` attempts in all.

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

from missions import notifications
from missions.models import Mission
from missions.notifications import Delivery
from reviews.models import Reminder, ReminderStatus
from reviews.reminders.engine import Candidate, due_reminders
from reviews.reminders.rules import BY_CODE


class Result:
    """What happened to one candidate in a run (or would happen, in a dry run)."""

    SENT = "sent"
    FAILED = "failed"
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
    retried: int = 0
    retried_sent: int = 0

    @property
    def counts(self) -> Counter:
        return Counter(outcome.result for outcome in self.outcomes)

    def summary(self) -> dict[str, int]:
        """Figures for logs and the task result."""
        counts = self.counts
        return {
            "sent": counts[Result.SENT],
            "queued_for_digest": counts[Result.DIGEST],
            "failed": counts[Result.FAILED],
            "no_email": counts[Result.NO_EMAIL],
            "off": counts[Result.OFF],
            "already_sent": counts[Result.ALREADY],
            "would_send": counts[Result.WOULD_SEND] + counts[Result.WOULD_QUEUE],
            "retried": self.retried,
            "retried_sent": self.retried_sent,
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
    if not dry_run:
        _retry_failed(run, missions)  # first, so what fails in this run waits for the next
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
    if weekly:
        return Outcome(candidate, delivery, Result.DIGEST, url)
    return Outcome(candidate, delivery, _send(reminder), url)


def claim(candidate: Candidate, *, url: str, weekly: bool) -> Reminder | None:
    """Insert the reminder's unique row and its in-app notification in one committed
    transaction; None when another run holds the row already."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                recipient=candidate.recipient,
                mission=candidate.mission,
                rule=candidate.rule.code,
                object_key=candidate.object_key,
                period=candidate.period,
                status=ReminderStatus.DIGEST if weekly else ReminderStatus.CLAIMED,
                attempts=0 if weekly else 1,
                escalation=candidate.escalation,
                subject=candidate.subject,
                body=candidate.body,
                url=url,
            )
            notifications.record(
                user=candidate.recipient,
                mission=candidate.mission,
                subject=candidate.subject,
                body=candidate.body,
                url=url,
                awaits_digest=weekly,
            )
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


def _send(reminder: Reminder) -> str:
    text = notifications.email_text(body=reminder.body, url=reminder.url)
    if notifications.attempt(
        reminder, to=reminder.recipient.email, subject=reminder.subject, text=text
    ):
        return Result.SENT
    return Result.NO_EMAIL if reminder.status == ReminderStatus.SKIPPED else Result.FAILED


def _retry_failed(run: Run, missions: list[Mission] | None) -> None:
    # Only the rules' own rows: other senders (a workspace nudge) keep their own records.
    rows = Reminder.objects.filter(rule__in=BY_CODE).select_related("recipient")
    if missions is not None:
        rows = rows.filter(mission__in=missions)
    for reminder in notifications.retryable(rows):
        if notifications.take_for_retry(reminder):
            run.retried += 1
            if _send(reminder) == Result.SENT:
                run.retried_sent += 1


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
