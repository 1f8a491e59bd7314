"""The mail server refuses connections while people work: every page still answers success,
and once the server accepts again each message arrives exactly once, even with four senders
draining the outbox at the same time. A real SMTP server (aiosmtpd) on a real port."""

from __future__ import annotations

import email
import socket
import threading
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from briefs.services import brief_produce, subscription_set
from core.models import OutboxEmail
from core.outbox import outbox_deliver_due
from mandates.models import Mandate
from reviews.reminders.delivery import send_reminders
from tests.reviews.cycle_world import build_world


class Inbox:
    """aiosmtpd handler: keeps every message the server accepted."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings) -> int:
    """Django talks SMTP to 127.0.0.1:<port>, where nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return port


def drain_concurrently(senders: int) -> list[int]:
    """``senders`` threads send what is due (an hour on: every backoff has passed)."""
    later = timezone.now() + timedelta(hours=1)
    sent: list[int] = []

    def drain() -> None:
        try:
            sent.append(outbox_deliver_due(now=later))
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sent


@pytest.mark.django_db(transaction=True)
def test_mail_refused_then_accepted_arrives_once_and_pages_answer_success(
    client, smtp, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    users, mission = world.users, world.mission
    subscription_set(mission=mission, user=users["desk"], subscribed=True)
    Mandate.objects.filter(mission=mission).update(expires_on=mission.today() + timedelta(days=60))

    # A nudge, from the review workspace, while the mail server refuses connections.
    review = world.review("open")
    client.force_login(users["chief"])
    response = client.post(
        world.url(review, "nudge"), {"component": world.led.pk, "lead": users["lead"].pk}
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200

    # A version approved: its brief renders (what the worker runs) and the subscriber's
    # notice is queued.
    client.force_login(users["hom"])
    response = client.post(
        reverse("strategies:version_approve", args=[mission.acronym]), {"note": "Approved."}
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    brief = Brief.objects.get(version__mission=mission)
    assert brief_produce(brief.pk) == "ready"

    # The mandate-expiry reminders (the hourly job).
    send_reminders(today=mission.today())

    purposes = Counter(OutboxEmail.objects.values_list("purpose", flat=True))
    assert purposes["review_nudge"] == 1
    assert purposes["brief_ready"] == 1
    assert purposes["mandate_expires"] >= 2
    # The worker tries while the server is down: every email waits for a retry.
    assert outbox_deliver_due() == 0
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {("queued", 1)}
    assert "ConnectionRefusedError" in OutboxEmail.objects.first().last_error
    assert client.get("/healthz").json()["outbox"]["retrying"] == sum(purposes.values())

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp)
    server.start()
    try:
        sent = drain_concurrently(4)
    finally:
        server.stop()

    expected = list(OutboxEmail.objects.values_list("to", "subject"))
    received = [(m["To"], m["Subject"]) for m in inbox.messages]
    assert sorted(received) == sorted(expected)
    assert len(set(received)) == len(received), "a message arrived twice"
    assert sum(sent) == len(expected)
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert any(s.startswith(f"{mission.acronym} review: please assess") for _, s in received)
    assert any("its brief is ready" in s for _, s in received)
