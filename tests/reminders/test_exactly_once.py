"""Each reminder goes out once: run twice, or twice at the same time, one email per person."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from core.models import OutboxEmail
from notifications.models import Notification
from reviews.models import Reminder
from reviews.reminders.delivery import Result, send_reminders
from reviews.reminders.engine import due_reminders
from tests.factories import (
    ExitConditionFactory,
    MandateFactory,
    MembershipFactory,
    ReviewFactory,
    UserFactory,
)
from tests.mailbox import delivered
from tests.reminders.conftest import make_cast

TODAY = date(2026, 11, 26)


def busy_mission():
    """A mission due many reminders at once: opening review, overdue review, mandate, stale."""
    cast = make_cast("UNBUSY", "Africa/Nairobi")
    mission = cast.mission
    review = ReviewFactory(mission=mission, opens_on=TODAY + timedelta(days=5))
    ReviewFactory(
        mission=mission,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        status="open",
        due_on=TODAY - timedelta(days=9),
    )
    for n in range(12):
        user = MembershipFactory(
            mission=mission, role="strategy_editor", user=UserFactory(username=f"busy-ed{n}")
        ).user
        review.participants.add(user)
    MandateFactory(mission=mission, expires_on=TODAY + timedelta(days=20))
    ExitConditionFactory(end_state=mission.current_end_state)  # never assessed
    return cast


@pytest.mark.django_db
def test_running_twice_sends_each_reminder_once():
    busy_mission()
    due = due_reminders(today=TODAY)
    assert len(due) > 30

    first = send_reminders(today=TODAY)
    second = send_reminders(today=TODAY)

    assert first.counts[Result.EMAILED] == len(due)
    assert second.counts[Result.EMAILED] == 0
    assert second.counts[Result.ALREADY] == len(due)
    assert len(delivered()) == len(due)
    keys = [(m.to[0], m.subject) for m in delivered()]
    assert len(set(keys)) == len(keys)
    assert OutboxEmail.objects.filter(status="sent").count() == len(due)
    assert Notification.objects.count() == len(due)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once():
    """Two runs in threads with their own PostgreSQL connections, started together."""
    busy_mission()
    due = due_reminders(today=TODAY)
    start = threading.Barrier(2)
    runs: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            runs.append(send_reminders(today=TODAY))
        except BaseException as error:  # surfaced below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(runs) == 2
    assert sum(r.counts[Result.EMAILED] for r in runs) == len(due)
    assert len(delivered()) == len(due)
    keys = [(m.to[0], m.subject) for m in delivered()]
    assert len(set(keys)) == len(keys)
    assert Reminder.objects.count() == len(due)
    assert Notification.objects.count() == len(due)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_processes_send_each_reminder_once(tmp_path):
    """The command, twice at once in two processes, against the same database."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT, database_url_for_children

    busy_mission()
    due = due_reminders(today=TODAY)
    env = dict(
        os.environ,
        DATABASE_URL=database_url_for_children(),
        APP_ENV="test",
        EMAIL_URL=f"filemail:///{tmp_path}",  # four slashes: an absolute path
    )
    command = [
        sys.executable,
        "manage.py",
        "send_review_reminders",
        "--today",
        TODAY.isoformat(),
    ]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    # The emails wait in the outbox; four senders at once send each one once.
    senders = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_outbox"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in senders]
    assert [p.returncode for p in senders] == [0] * 4, outputs

    messages = [
        block
        for path in tmp_path.iterdir()
        for block in path.read_text().split("-" * 79)
        if "Subject:" in block
    ]
    assert len(messages) == len(due)
    assert OutboxEmail.objects.filter(status="sent").count() == len(due)


@pytest.mark.django_db
def test_dry_run_claims_and_sends_nothing():
    busy_mission()
    due = due_reminders(today=TODAY)

    run = send_reminders(today=TODAY, dry_run=True)

    assert run.counts[Result.WOULD_SEND] == len(due)
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    assert delivered() == []
