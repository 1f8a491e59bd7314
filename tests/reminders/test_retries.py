"""A failed send is recorded and retried on the next runs, at most three attempts in all.

``Failing`` is a test double of Django's mail backend (the SMTP server), not of our code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as Locmem

from missions import notifications
from missions.models import NotificationDigest, NotificationPreference
from reviews.models import Reminder
from reviews.reminders.delivery import send_reminders
from tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)
FAILURES = {"left": 0}


class Failing(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class FailingThenWorking(Locmem):
    """Fails while ``FAILURES['left']`` is above zero, then delivers to the outbox."""

    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


HERE = "tests.reminders.test_retries"


def test_failed_send_is_retried_then_capped(east, settings):
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    settings.EMAIL_BACKEND = f"{HERE}.Failing"

    send_reminders(today=TODAY)
    reminders = Reminder.objects.filter(rule="mandate_expires")
    assert reminders.count() == 3
    assert set(reminders.values_list("status", "attempts")) == {("failed", 1)}
    assert "SMTPServerDisconnected" in reminders.first().last_error

    send_reminders(today=TODAY + timedelta(days=1))
    assert set(reminders.values_list("status", "attempts")) == {("failed", 2)}
    send_reminders(today=TODAY + timedelta(days=2))
    assert set(reminders.values_list("status", "attempts")) == {("failed", 3)}
    run = send_reminders(today=TODAY + timedelta(days=3))
    assert run.retried == 0
    assert set(reminders.values_list("status", "attempts")) == {("failed", 3)}

    # The mail server is back, but the cap holds: the record says it was given up.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders(today=TODAY + timedelta(days=4))
    assert mail.outbox == []
    # The in-app notification was there from the first run, once per person.
    assert east.editor.notifications.count() == 1


def test_a_retry_that_works_sends_once(east, settings):
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    settings.EMAIL_BACKEND = f"{HERE}.FailingThenWorking"
    FAILURES["left"] = 1  # the first of the three emails fails

    send_reminders(today=TODAY)
    assert len(mail.outbox) == 2
    failed = Reminder.objects.get(status="failed")

    run = send_reminders(today=TODAY)
    assert run.retried == 1 and run.retried_sent == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("sent", 2, "")
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [east.editor.email, east.chief.email, east.desk.email]
    )

    send_reminders(today=TODAY)
    assert len(mail.outbox) == 3


def test_a_claim_abandoned_by_a_dead_run_is_taken_up_again(east):
    from missions.models import Notification

    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    Reminder.objects.create(
        recipient=east.editor,
        mission=east.mission,
        rule="mandate_expires",
        object_key=f"mandate:{east.mission.mandates.get().pk}",
        period=f"{TODAY + timedelta(days=60)}/60d",
        attempts=1,
        subject="UNEAST: the mandate expires in 60 days",
        url="/missions/UNEAST/mandates/",
        claimed_at=datetime.now(UTC) - timedelta(hours=2),  # claimed, never sent: the run died
    )

    send_reminders(today=TODAY)

    editor_mail = [m for m in mail.outbox if m.to == [east.editor.email]]
    assert len(editor_mail) == 1
    reminder = Reminder.objects.get(recipient=east.editor)
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert not Notification.objects.filter(user=east.editor).exists()  # was the dead run's


def test_a_failed_digest_is_retried_then_capped(east, settings):
    NotificationPreference.objects.create(user=east.chief, mission=east.mission, delivery="weekly")
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    send_reminders(today=TODAY)
    settings.EMAIL_BACKEND = f"{HERE}.Failing"
    monday = datetime(2026, 11, 30, 6, tzinfo=UTC)

    for hour in range(5):
        notifications.send_weekly_digests(now=monday + timedelta(hours=hour))

    digest = NotificationDigest.objects.get()
    assert (digest.status, digest.attempts) == ("failed", 3)
    assert digest.notifications.count() == 1
