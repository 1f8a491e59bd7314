"""The reminders job claims in bulk and the outbox sends in batches (issue 15): still exactly
once with four processes at once, a fixed number of queries per chunk of claims whatever the
number of missions and people, and one connection to the mail server per batch, which is
retried when the server is down and sends each email once when it is back."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import OutboxEmail
from core.outbox import SEND_BATCH, outbox_deliver_due
from notifications.models import Notification
from reviews.models import Reminder
from reviews.reminders import delivery
from reviews.reminders.delivery import Result, send_reminders
from reviews.reminders.engine import due_reminders
from tests.core.test_mail_outage import free_port
from tests.reminders.crowd import crowd

TODAY = date(2026, 11, 26)


def queries_of(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def delivery_queries(missions) -> int:
    """A first run's queries less the engine's reading (whose cost is the engine's business):
    what claiming, notifying and queueing the emails costs."""
    reading = queries_of(lambda: due_reminders(today=TODAY, missions=missions))
    return queries_of(lambda: send_reminders(today=TODAY, missions=missions)) - reading


def assert_each_once() -> None:
    """One notification per reminder, one email per reminder emailed, and nothing else."""
    reminders = list(
        Reminder.objects.values_list("recipient_id", "rule", "object_key", "period", "subject")
    )
    notes = Counter(Notification.objects.values_list("user_id", "subject"))
    assert notes == Counter((user, subject) for user, *_key, subject in reminders)
    emails = Counter(
        OutboxEmail.objects.values_list("recipient_id", "purpose", "object_key", "period")
    )
    queued = Reminder.objects.filter(status="queued")
    assert emails == Counter(queued.values_list("recipient_id", "rule", "object_key", "period"))
    assert not queued.filter(email__isnull=True).exists()


# What each of the four processes runs: once all are up, the job at the same instant, in
# chunks of ten so that their claims interleave.
RUN_AT_ONCE = """
import json, os, time
from datetime import date
from reviews.reminders import delivery
delivery.CHUNK = 10
open(os.path.join(os.environ["SYNC"], f"ready-{os.getpid()}"), "w").close()
while not os.path.exists(os.path.join(os.environ["SYNC"], "go")):
    time.sleep(0.005)
print(json.dumps(delivery.send_reminders(today=date.fromisoformat(os.environ["TODAY"])).summary()))
"""


@pytest.mark.django_db(transaction=True)
def test_four_processes_at_once_claim_notify_and_email_each_reminder_once(tmp_path):
    from tests.conftest import ROOT, database_url_for_children, wait_for

    crowd(6, today=TODAY, people=14, participants=4)
    due = due_reminders(today=TODAY)
    assert len(due) > SEND_BATCH
    sync, mailbox = tmp_path / "sync", tmp_path / "mail"
    sync.mkdir()
    env = dict(
        os.environ,
        DATABASE_URL=database_url_for_children(),
        APP_ENV="test",
        EMAIL_URL=f"filemail:///{mailbox}",  # four slashes: an absolute path
        SYNC=str(sync),
        TODAY=TODAY.isoformat(),
    )

    def four(*command: str) -> list[subprocess.Popen]:
        return [
            subprocess.Popen(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]

    def outputs(processes: list[subprocess.Popen]) -> list[str]:
        found = [p.communicate(timeout=180)[0] for p in processes]
        assert [p.returncode for p in processes] == [0] * 4, found
        return found

    runs = four("shell", "-c", RUN_AT_ONCE)
    wait_for(lambda: len(list(sync.glob("ready-*"))) == 4, timeout=120)
    (sync / "go").touch()
    figures = [json.loads(out.strip().splitlines()[-1]) for out in outputs(runs)]

    # Each process accounts for every reminder; together they claimed each once.
    for summary in figures:
        told = summary["emailed"] + summary["queued_for_digest"] + summary["no_email"]
        assert told + summary["already_sent"] == len(due)
    assert sum(f["emailed"] for f in figures) == Reminder.objects.filter(status="queued").count()
    assert sum(f["queued_for_digest"] for f in figures) == 6
    assert Reminder.objects.count() == len(due)
    assert_each_once()

    # Four senders drain the outbox at once, a batch each at a time: each email goes once.
    outputs(four("send_outbox"))
    messages = [
        block
        for path in mailbox.iterdir()
        for block in path.read_text().split("-" * 79)
        if "Subject:" in block
    ]
    assert len(messages) == OutboxEmail.objects.count()
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db
def test_a_runs_queries_do_not_grow_with_missions_or_people():
    """Constant per chunk of ``CHUNK`` claims: the same at 3 missions of 17 people (81
    reminders) as at 12 missions of 30 (324)."""
    small = crowd(3, today=TODAY, people=17, prefix="UNS")
    large = crowd(12, today=TODAY, people=30, prefix="UNL")
    assert len(due_reminders(today=TODAY, missions=large)) == 12 * 27

    assert delivery_queries(small) == delivery_queries(large)
    assert Reminder.objects.count() == 15 * 27
    assert_each_once()


@pytest.mark.django_db
def test_each_chunk_of_claims_costs_the_same_few_queries(monkeypatch):
    """Insert the claims, then for those claimed the notifications, the emails and the
    reminders' links to them: four statements per chunk (and two for its savepoint here)."""
    missions = crowd(4, today=TODAY, people=17)
    first = delivery_queries(missions[:2])  # 54 reminders: one chunk
    monkeypatch.setattr(delivery, "CHUNK", 10)
    second = delivery_queries(missions[2:])  # 54 reminders: six chunks

    assert second - first == 5 * 6
    assert_each_once()


@pytest.mark.django_db
def test_a_second_run_claims_nothing_and_queues_nothing():
    missions = crowd(2, today=TODAY, people=17)
    first = send_reminders(today=TODAY, missions=missions)
    second = send_reminders(today=TODAY, missions=missions)

    assert first.counts[Result.EMAILED] == 2 * 26
    assert first.counts[Result.DIGEST] == 2
    assert second.counts[Result.ALREADY] == 2 * 27
    assert Reminder.objects.count() == Notification.objects.count() == 2 * 27
    assert OutboxEmail.objects.count() == 2 * 26


class Server:
    """aiosmtpd handler: every message accepted, and the connection it came over, except to
    the addresses in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list = []
        self.connections: list[tuple] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if session.peer not in self.connections:
            self.connections.append(session.peer)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings) -> int:
    """Django talks SMTP to 127.0.0.1:<port>, where nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return port


@pytest.mark.django_db
def test_mail_server_down_then_back_sends_each_email_once_one_connection_a_batch(smtp):
    missions = crowd(5, today=TODAY, people=17)
    run = send_reminders(today=TODAY, missions=missions)
    emailed = run.counts[Result.EMAILED]
    assert emailed == 5 * 26 > SEND_BATCH

    # Refused: every email waits for its retry, none lost, none given up.
    assert outbox_deliver_due() == 0
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {("queued", 1)}
    assert "ConnectionRefusedError" in OutboxEmail.objects.first().last_error

    handler = Server()
    server = Controller(handler, hostname="127.0.0.1", port=smtp)
    server.start()
    try:
        later = timezone.now() + timedelta(hours=1)
        assert outbox_deliver_due(now=later) == emailed
        assert outbox_deliver_due(now=later + timedelta(hours=1)) == 0
    finally:
        server.stop()

    received = [(m["To"], m["Subject"]) for m in handler.messages]
    assert len(received) == len(set(received)) == emailed
    assert sorted(received) == sorted(OutboxEmail.objects.values_list("to", "subject"))
    assert len(handler.connections) == math.ceil(emailed / SEND_BATCH)
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {("sent", 2)}


@pytest.mark.django_db
def test_an_address_refused_in_a_batch_waits_alone_and_the_rest_go(smtp):
    missions = crowd(1, today=TODAY, people=17)
    send_reminders(today=TODAY, missions=missions)
    emails = list(OutboxEmail.objects.order_by("pk"))
    refused = emails[3].to
    handler = Server()
    handler.refuse = {refused}
    server = Controller(handler, hostname="127.0.0.1", port=smtp)
    server.start()
    try:
        sent = outbox_deliver_due()
        waiting = list(OutboxEmail.objects.exclude(status="sent").order_by("pk"))
        assert [(e.to, e.status, e.attempts) for e in waiting] == [
            (e.to, "queued", 1) for e in emails if e.to == refused
        ]
        assert "SMTPRecipientsRefused" in waiting[0].last_error
        assert sent == len(emails) - len(waiting)

        handler.refuse = set()
        assert outbox_deliver_due(now=timezone.now() + timedelta(hours=1)) == len(waiting)
    finally:
        server.stop()

    received = [(m["To"], m["Subject"]) for m in handler.messages]
    assert len(received) == len(set(received)) == len(emails)
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_any_text_is_queued_as_written():
    """The rows go as arrays: quotes, braces, backslashes, NULL and accents come back intact."""
    from core.outbox import EmailDraft, email_enqueue_many
    from tests.factories import UserFactory

    texts = ['He said "no", then {left}', "C:\\path\\n NULL", "NULL", "", "Côte d'Ivoire\n\t— ok"]
    user = UserFactory()
    drafts = [
        EmailDraft(user, "t", f"o:{n}", "p", text or "x", text) for n, text in enumerate(texts)
    ]
    drafts.append(drafts[0])  # the same email twice: queued once

    rows = email_enqueue_many(emails=drafts)

    assert rows[-1] is None and None not in rows[:-1]
    stored = dict(OutboxEmail.objects.values_list("pk", "text"))
    assert [stored[row.pk] for row in rows[:-1]] == texts
