"""The outbox: each email once, retried with backoff while the mail server fails, given up
after the cap (then visible, and retryable, in the admin), taken up again after a dead worker.

``Failing`` is a test double of Django's mail backend (the mail server), not of our code; a
real SMTP server is in ``test_mail_outage``.
"""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from core import queueing
from core.models import OutboxEmail
from core.outbox import (
    EMAIL_SEND_TASK,
    backoff,
    email_enqueue,
    email_send,
    outbox_deliver_due,
    outbox_sweep,
)
from notifications.models import NotificationDigest, NotificationPreference
from tests.factories import UserFactory
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db

HERE = "tests.core.test_outbox"


class Failing(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def queue(user, key: str = "o:1") -> OutboxEmail:
    return email_enqueue(
        recipient=user, purpose="test", object_key=key, period="p", subject="Hello", text="Body"
    )


def test_the_same_email_is_queued_once():
    user = UserFactory()
    assert queue(user) is not None
    assert queue(user) is None
    assert OutboxEmail.objects.count() == 1
    assert [m.subject for m in delivered()] == ["Hello"]
    assert [m.subject for m in delivered()] == ["Hello"]  # draining again sends nothing


def test_a_person_without_an_address_is_recorded_as_skipped():
    email = queue(UserFactory(email=""))
    assert (email.status, email.last_error) == ("skipped", "no email address")
    assert delivered() == []


def test_a_failure_waits_its_backoff_then_is_given_up_after_the_cap(settings):
    settings.EMAIL_BACKEND = f"{HERE}.Failing"
    settings.EMAIL_MAX_ATTEMPTS = 3
    email = queue(UserFactory())
    now = timezone.now()

    first = email_send(email.pk, now=now)
    assert first.result == "retrying" and first.retry_in == backoff(1)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert email_send(email.pk, now=now).result == "not due or taken"  # waits its backoff

    later = now + backoff(1)
    assert email_send(email.pk, now=later).retry_in == backoff(2) > backoff(1)
    last = email_send(email.pk, now=later + backoff(2))
    assert last.result == "failed" and last.retry_in is None
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 3)
    assert email_send(email.pk, now=later + timedelta(days=1)).result == "not due or taken"


def test_the_backoff_doubles_and_stops_at_an_hour(settings):
    settings.EMAIL_RETRY_SECONDS = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == timedelta(hours=1)


def test_an_email_left_sending_by_a_dead_worker_is_taken_up_again():
    email = queue(UserFactory())
    long_ago = timezone.now() - timedelta(hours=1)
    OutboxEmail.objects.filter(pk=email.pk).update(
        status="sending", attempts=1, claimed_at=long_ago
    )
    assert outbox_deliver_due() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_an_email_being_sent_right_now_is_not_sent_again():
    email = queue(UserFactory())
    OutboxEmail.objects.filter(pk=email.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now()
    )
    assert email_send(email.pk).result == "not due or taken"
    assert mail.outbox == []


def test_the_sweep_publishes_only_what_waited_too_long(broker_down):
    fresh = queue(UserFactory(), "o:fresh")
    lost = queue(UserFactory(), "o:lost")
    OutboxEmail.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    # With the broker down publishing fails, is logged, and the rows stay queued.
    assert outbox_sweep() == 1
    assert set(OutboxEmail.objects.values_list("pk", "status")) == {
        (fresh.pk, "queued"),
        (lost.pk, "queued"),
    }


def test_a_digest_is_one_email_sent_by_the_outbox(settings):
    from notifications.services import send_weekly_digests
    from tests.factories import MissionFactory

    user, mission = UserFactory(), MissionFactory()
    NotificationPreference.objects.create(user=user, mission=mission, delivery="weekly")
    from notifications.services import notify

    for n in range(3):
        notify(user=user, mission=mission, subject=f"Item {n}", purpose="t", object_key=str(n))
    assert delivered() == []
    assert send_weekly_digests().queued == 1
    assert send_weekly_digests().queued == 0
    digest = NotificationDigest.objects.get()
    assert digest.notifications.count() == 3
    (message,) = delivered()
    assert "Item 0" in message.body and "Item 2" in message.body
    digest.refresh_from_db()
    assert digest.email.status == "sent"


def test_the_admin_lists_failures_and_tries_them_again(admin_client, settings):
    email = queue(UserFactory())
    OutboxEmail.objects.filter(pk=email.pk).update(
        status="failed", attempts=10, last_error="SMTPConnectError: refused"
    )
    changelist = reverse("admin:core_outboxemail_changelist")
    page = admin_client.get(f"{changelist}?status__exact=failed").content.decode()
    assert "Hello" in page and "Failed (gave up)" in page
    response = admin_client.post(
        changelist, {"action": "retry_now", "_selected_action": [email.pk]}, follow=True
    )
    assert "1 email queued again." in response.content.decode()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 0)
    assert [m.subject for m in delivered()] == ["Hello"]


def test_healthz_shows_what_waits_and_the_last_error(client, settings):
    settings.EMAIL_BACKEND = f"{HERE}.Failing"
    for n in range(2):
        queue(UserFactory(), f"o:{n}")
    outbox_deliver_due()
    body = client.get("/healthz").json()
    assert body["outbox"]["waiting"] == 2
    assert body["outbox"]["retrying"] == 2
    assert body["outbox"]["failed"] == 0
    assert "SMTPServerDisconnected" in body["outbox"]["last_error"]


def test_a_broker_that_refuses_the_message_fails_nothing(broker_down):
    queueing.deferred_reset()
    assert queueing.enqueue(EMAIL_SEND_TASK, 123, later="it will go out later") is False
    assert queueing.deferred() == ("it will go out later",)
    queueing.deferred_reset()
