"""Each person chooses per mission: immediately, weekly digest, or off (escalations always)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from notifications import services as notifications
from notifications.models import Notification, NotificationDigest, NotificationPreference
from reviews.models import Reminder
from reviews.reminders.delivery import Result, send_reminders
from tests.factories import MandateFactory, ReviewFactory
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)
MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


def choose(user, mission, delivery: str) -> None:
    NotificationPreference.objects.create(user=user, mission=mission, delivery=delivery)


def test_weekly_digest_gets_the_notification_now_and_one_email_on_monday(east, west):
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    MandateFactory(mission=west.mission, expires_on=TODAY + timedelta(days=30))
    ReviewFactory(mission=east.mission, opens_on=TODAY + timedelta(days=7))
    choose(east.chief, east.mission, "weekly")

    run = send_reminders(today=TODAY)

    # The chief chose the digest for UNEAST: nothing by email to them now...
    assert east.chief.email not in {m.to[0] for m in delivered()}
    assert run.counts[Result.DIGEST] == 2
    # ... but both reminders are in the app already, waiting for the digest.
    waiting = Notification.objects.filter(user=east.chief, awaits_digest=True, digest=None)
    assert waiting.count() == 2
    assert set(Reminder.objects.filter(recipient=east.chief).values_list("status", flat=True)) == {
        "digest"
    }
    # Others, and the chief's other choices, are untouched.
    assert east.editor.email in {m.to[0] for m in delivered()}

    mail.outbox = []
    digest_run = notifications.send_weekly_digests(now=MONDAY)
    again = notifications.send_weekly_digests(now=MONDAY + timedelta(hours=1))

    assert digest_run.queued == 1 and again.queued == 0
    assert len(delivered()) == 1
    digest = delivered()[0]
    assert digest.to == [east.chief.email]
    assert digest.subject == "Your weekly digest (2026-W49): 2 reminders"
    assert "UNEAST: the mandate expires in 60 days" in digest.body
    assert "opens in 7 days" in digest.body
    assert "http://" in digest.body  # each item links to its page
    assert not Notification.objects.filter(awaits_digest=True, digest=None).exists()
    assert NotificationDigest.objects.get().email.status == "sent"


def test_a_new_reminder_after_this_weeks_digest_waits_for_next_week(east):
    choose(east.editor, east.mission, "weekly")
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    send_reminders(today=TODAY)
    notifications.send_weekly_digests(now=MONDAY)
    assert len([m for m in delivered() if m.to == [east.editor.email]]) == 1

    ReviewFactory(mission=east.mission, status="open", due_on=TODAY - timedelta(days=3))
    MandateFactory(  # a renewal, expiring in 30 days
        mission=east.mission, adopted_on=date(2026, 6, 1), expires_on=TODAY + timedelta(days=30)
    )
    send_reminders(today=TODAY + timedelta(days=5))
    notifications.send_weekly_digests(now=MONDAY + timedelta(days=2))
    assert len([m for m in delivered() if m.to == [east.editor.email]]) == 1

    notifications.send_weekly_digests(now=MONDAY + timedelta(days=7))
    digests = [m for m in delivered() if m.to == [east.editor.email]]
    assert len(digests) == 2
    assert "expires in 25 days" in digests[1].body


def test_off_means_nothing_at_all(east):
    choose(east.editor, east.mission, "off")
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))

    run = send_reminders(today=TODAY)

    assert run.counts[Result.OFF] == 1
    assert east.editor.email not in {m.to[0] for m in delivered()}
    assert not Notification.objects.filter(user=east.editor).exists()
    assert not Reminder.objects.filter(recipient=east.editor).exists()
    assert {m.to[0] for m in delivered()} == {east.chief.email, east.desk.email}


def test_off_does_not_stop_an_escalation(east):
    choose(east.hom, east.mission, "off")
    choose(east.chief, east.mission, "off")
    ReviewFactory(mission=east.mission, status="open", due_on=TODAY - timedelta(days=8))

    send_reminders(today=TODAY)

    assert [m.to for m in delivered()] == [[east.hom.email]]
    assert "8 days overdue" in delivered()[0].subject
    assert Notification.objects.filter(user=east.hom).count() == 1
    assert not Reminder.objects.filter(recipient=east.chief).exists()


def test_weekly_digest_does_not_hold_back_an_escalation(east):
    choose(east.hom, east.mission, "weekly")
    ReviewFactory(mission=east.mission, status="open", due_on=TODAY - timedelta(days=7))
    send_reminders(today=TODAY)
    assert [m.to for m in delivered() if m.to == [east.hom.email]] == [[east.hom.email]]
    assert Reminder.objects.get(recipient=east.hom).email.status == "sent"


def test_a_choice_holds_for_its_mission_only(east):
    from tests.factories import MembershipFactory
    from tests.reminders.conftest import make_cast

    other = make_cast("UNOTHER2", "Africa/Nairobi")
    MembershipFactory(mission=other.mission, user=east.editor, role="strategy_editor")
    choose(east.editor, east.mission, "off")
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=60))
    MandateFactory(mission=other.mission, expires_on=TODAY + timedelta(days=60))

    send_reminders(today=TODAY)

    to_editor = [m.subject for m in delivered() if m.to == [east.editor.email]]
    assert to_editor == ["UNOTHER2: the mandate expires in 60 days"]


def key(n: str) -> dict[str, str]:
    return {"purpose": "test", "object_key": f"nudge:{n}"}


def test_notify_honours_the_choice(east, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        now = notifications.notify(
            user=east.lead, mission=east.mission, subject="Nudge", url="/x/", **key("1")
        )
    assert now is not None and [m.to for m in delivered()] == [[east.lead.email]]

    choose(east.lead, east.mission, "weekly")
    with django_capture_on_commit_callbacks(execute=True):
        later = notifications.notify(
            user=east.lead, mission=east.mission, subject="Nudge 2", **key("2")
        )
    assert later.awaits_digest and len(delivered()) == 1

    NotificationPreference.objects.filter(user=east.lead).update(delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        none = notifications.notify(
            user=east.lead, mission=east.mission, subject="Nudge 3", **key("3")
        )
        urgent = notifications.notify(
            user=east.lead, mission=east.mission, subject="Escalated", escalation=True, **key("4")
        )
    assert none is None and urgent is not None
    assert [m.subject for m in delivered()] == ["Nudge", "Escalated"]
