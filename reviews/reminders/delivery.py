"""Delivering reminders exactly once: claim, with the in-app notification and the email.

The claim is a unique Reminder row (recipient, rule, object, period). A run claims its
reminders a chunk at a time: one ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` says which
rows this run holds, and only for those the in-app notifications and the emails' outbox rows
are inserted, in bulk, in the same transaction, so a claim never exists without them. The
database's unique constraint decides which run owns a reminder, so running the job twice, or
four workers at once, tells each person once; a run costs a fixed number of queries per chunk
of ``CHUNK`` reminders. Workers send the emails from the outbox in batches, retrying while the
mail server is down (``core.outbox``).

Call these outside a transaction (commands and tasks run in autocommit), so that each chunk
commits on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.bulk import insert_new
from core.outbox import EmailDraft, email_enqueue_many
from missions.models import Mission
from notifications import services as notifications
from notifications.services import Delivery, NotificationDraft
from reviews.models import Reminder, ReminderStatus
from reviews.reminders.engine import Candidate, due_reminders

# Reminders claimed per transaction: a few statements each, whatever their number.
CHUNK = 500


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
    languages = notifications.languages_of(c.recipient.pk for c in candidates)
    run = Run()
    pending: list[tuple[Outcome, Claim]] = []
    for candidate in candidates:
        delivery = notifications.delivery_for(
            candidate.recipient, candidate.mission, escalation=candidate.escalation, chosen=chosen
        )
        outcome = _decide(candidate, delivery, claimed, dry_run=dry_run)
        run.outcomes.append(outcome)
        if outcome.result == _CLAIMING:
            weekly = delivery == Delivery.WEEKLY
            language = languages[candidate.recipient.pk]
            pending.append((outcome, Claim(candidate, outcome.url, weekly, language)))
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        reminders = claim_many([item for _outcome, item in chunk])
        for (outcome, _item), reminder in zip(chunk, reminders, strict=True):
            outcome.result = Result.ALREADY if reminder is None else _RESULTS[reminder.status]
    return run


# An outcome's result until its chunk of claims is inserted.
_CLAIMING = "claiming"

_RESULTS = {
    ReminderStatus.DIGEST: Result.DIGEST,
    ReminderStatus.QUEUED: Result.EMAILED,
    ReminderStatus.SKIPPED: Result.NO_EMAIL,
}


def _decide(candidate: Candidate, delivery: str, claimed: set[tuple], *, dry_run: bool) -> Outcome:
    if candidate.key in claimed:
        return Outcome(candidate, delivery, Result.ALREADY)
    if delivery == Delivery.OFF:
        return Outcome(candidate, delivery, Result.OFF)
    url = link_for(candidate)
    if dry_run:
        weekly = delivery == Delivery.WEEKLY
        return Outcome(
            candidate, delivery, Result.WOULD_QUEUE if weekly else Result.WOULD_SEND, url
        )
    return Outcome(candidate, delivery, _CLAIMING, url)


@dataclass(frozen=True)
class Claim:
    """A reminder to claim: ``weekly`` when it waits for the person's digest, not emailed."""

    candidate: Candidate
    url: str
    weekly: bool
    language: str = settings.LANGUAGE_CODE  # the recipient's: their email is written in it

    def reminder(self) -> Reminder:
        c = self.candidate
        if self.weekly:
            status = ReminderStatus.DIGEST
        elif c.recipient.email:
            status = ReminderStatus.QUEUED
        else:
            status = ReminderStatus.SKIPPED
        return Reminder(
            recipient=c.recipient,
            mission=c.mission,
            rule=c.rule.code,
            object_key=c.object_key,
            period=c.period,
            status=status,
            escalation=c.escalation,
            subject=str(c.subject)[:200],
            body=str(c.body),
            url=self.url,
        )


def _email(item: Claim) -> EmailDraft:
    """The reminder's email, written in the recipient's chosen language."""
    candidate = item.candidate
    with translation.override(item.language):
        return EmailDraft(
            recipient=candidate.recipient,
            purpose=candidate.rule.code,
            object_key=candidate.object_key,
            period=candidate.period,
            subject=str(candidate.subject),
            text=notifications.email_text(body=str(candidate.body), url=item.url),
        )


def claim(candidate: Candidate, *, url: str, weekly: bool) -> Reminder | None:
    """Claim one reminder, as ``claim_many`` does; None when another run holds it already."""
    language = notifications.languages_of([candidate.recipient.pk])[candidate.recipient.pk]
    (reminder,) = claim_many([Claim(candidate, url, weekly, language)])
    return reminder


@transaction.atomic
def claim_many(claims: Sequence[Claim]) -> list[Reminder | None]:
    """Insert the reminders' unique rows and, for those this run claimed, their in-app
    notifications and their emails, in one transaction; each in the place of its claim, None
    where another run holds the row already."""
    reminders = insert_new(
        [item.reminder() for item in claims], unique=("recipient", "rule", "object_key", "period")
    )
    mine = [(item, r) for item, r in zip(claims, reminders, strict=True) if r is not None]
    notifications.record_many(
        notifications=[
            NotificationDraft(
                user=item.candidate.recipient,
                mission=item.candidate.mission,
                subject=item.candidate.subject,
                body=item.candidate.body,
                url=item.url,
                awaits_digest=item.weekly,
            )
            for item, _reminder in mine
        ]
    )
    emailed = [(item, r) for item, r in mine if r.status == ReminderStatus.QUEUED]
    emails = email_enqueue_many(emails=[_email(item) for item, _r in emailed])
    links = []
    for (_item, reminder), email in zip(emailed, emails, strict=True):
        if email is not None:
            reminder.email = email
            links.append((reminder.pk, email.pk))
    _link_emails(links)
    return reminders


def _link_emails(links: list[tuple[int, int]]) -> None:
    """Each reminder's email (reminder id, email id), in one UPDATE from two arrays:
    ``bulk_update``'s CASE over hundreds of rows costs more to build than to run."""
    if not links:
        return
    meta = Reminder._meta
    table, email = connection.ops.quote_name(meta.db_table), meta.get_field("email")
    ids, emails = zip(*links, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(email.column)} = v.email "
            f"FROM unnest(%s::{meta.pk.db_type(connection)}[], "
            f"%s::{email.db_type(connection)}[]) AS v(id, email) "
            f"WHERE {table}.{connection.ops.quote_name(meta.pk.column)} = v.id",
            [list(ids), list(emails)],
        )


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
