"""What the app wrote for later (reminders, notices) is read in the reader's language, and every
time is in the mission's zone with its label, dates written one way per language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.utils import formats, translation
from django.utils.html import escape

from core.times import month_text, when
from core.words import Day, freeze, said, thaw
from notifications.models import Notification
from reviews.reminders.delivery import send_reminders
from reviews.reminders.rules import RULES
from tests.reminders.conftest import east  # noqa: F401
from tests.reminders.test_rules_in_mission_time import AUDIENCE, D, place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "4 Dec 2026", "Dec"),
        ("fr", "4 déc. 2026", "déc."),
        ("es", "4 dic 2026", "dic"),
        ("ar", "4 ديسمبر 2026", "ديسمبر"),
    ],
)
def test_one_date_format_per_language_months_in_lower_case(language, day, month):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 4)) == day
        assert month_text(date(2026, 12, 4)) == month


def test_a_time_is_in_the_missions_zone_with_its_label():
    from missions.models import Mission

    lagos = Mission(time_zone="Africa/Lagos")
    moment = datetime(2026, 12, 4, 15, 7, tzinfo=UTC)
    with translation.override("en"):
        assert when(moment, lagos) == "4 Dec 2026, 16:07 WAT"
    with translation.override("fr"):
        assert when(moment, lagos) == "4 déc. 2026, 16:07 WAT"
        assert when(moment) == "4 déc. 2026, 15:07 UTC"


def test_words_kept_for_later_are_said_in_the_language_of_the_reader():
    from django.utils.translation import gettext_lazy

    kept = freeze(said(gettext_lazy("%(start)s to %(end)s"), start=Day(date(2026, 10, 1)), end="x"))
    with translation.override("fr"):
        assert str(thaw(kept)) == "du 1 oct. 2026 au x"
    with translation.override("en"):
        assert str(thaw(kept)) == "1 Oct 2026 to x"


@pytest.mark.parametrize("rule", [r.code for r in RULES])
def test_every_reminder_reads_in_the_readers_language(client, east, rule):  # noqa: F811
    """Sent by the job in English, each reminder reads in French and Spanish in the app."""
    place(rule, east)
    with translation.override("en"):
        send_reminders(today=D)
    notes = Notification.objects.filter(mission=east.mission)
    assert notes.exists(), rule
    note = notes.first()
    english = note.subject
    assert note.words, "the words are kept to be said again"
    seat = next(iter(AUDIENCE[rule]))
    user = getattr(east, seat)
    client.force_login(user)
    for language in ("fr", "es"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        with translation.override(language):
            expected = Notification.objects.get(pk=note.pk).subject_text
        assert expected != english, (rule, language, expected)
        page = client.get("/notifications/").content.decode()
        mine = Notification.objects.filter(user=user, mission=east.mission).first()
        with translation.override(language):
            assert escape(mine.subject_text) in page, (rule, language)
