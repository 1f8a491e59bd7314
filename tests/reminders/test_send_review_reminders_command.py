"""``manage.py send_review_reminders [--dry-run] [--mission X] [--today YYYY-MM-DD]``."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from notifications.models import Notification
from reviews.models import Reminder
from tests.factories import MandateFactory, ReviewFactory
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(east, west):
    MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=30))
    ReviewFactory(mission=west.mission, status="open", due_on=TODAY - timedelta(days=7))
    return east, west


def test_dry_run_lists_who_would_get_what_and_claims_nothing(due):
    east, _west = due
    out = run("--dry-run", "--today", TODAY.isoformat())

    assert f"UNEAST  mandate_expires  uneast-desk <{east.desk.email}>" in out
    assert "UNEAST: the mandate expires in 30 days" in out
    assert "/missions/UNEAST/renewal/" in out
    assert "UNWEST  review_overdue_escalated [escalation]  unwest-hom" in out
    assert "Dry run: 5 to deliver" in out
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    assert delivered() == []


def test_twice_for_real_sends_once(due):
    first = run("--today", TODAY.isoformat())
    second = run("--today", TODAY.isoformat())

    assert "5 emailed" in first
    assert "0 emailed" in second and "5 already sent" in second
    assert len(delivered()) == 5
    assert "already sent" in run("--dry-run", "--today", TODAY.isoformat())


def test_one_mission_only(due):
    east, _west = due
    out = run("--mission", "uneast", "--today", TODAY.isoformat())
    assert "UNWEST" not in out
    assert {m.to[0] for m in delivered()} == {east.editor.email, east.chief.email, east.desk.email}


def test_an_unknown_mission_is_an_error(due):
    with pytest.raises(CommandError, match="No mission with acronym NOPE"):
        run("--mission", "NOPE")


def test_without_today_each_mission_uses_its_own_date(east):
    from django.utils import timezone

    MandateFactory(mission=east.mission, expires_on=east.mission.today() + timedelta(days=60))
    out = run("--dry-run")
    assert "the mandate expires in 60 days" in out
    assert east.mission.today() == timezone.localdate(timezone=east.mission.zone)


def test_links_point_at_the_page_to_act_on(due, settings):
    east, _west = due
    run("--today", TODAY.isoformat())
    message = next(m for m in delivered() if m.to == [east.desk.email])
    assert f"{settings.SITE_URL}/missions/UNEAST/renewal/" in message.body
    assert f"{settings.SITE_URL}/notifications/preferences/" in message.body
