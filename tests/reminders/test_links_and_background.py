"""Reminders link straight to the page to act on; the beat runs them hourly in a worker."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import OutboxEmail
from notifications.models import Notification
from reviews.models import Reminder
from reviews.reminders.delivery import send_reminders
from tests.conftest import wait_for
from tests.factories import (
    ContributionFactory,
    MandateFactory,
    ObjectiveFactory,
    ReviewFactory,
)
from tests.mailbox import delivered

TODAY = date(2026, 11, 26)


@pytest.mark.django_db
def test_each_reminder_links_to_the_page_to_act_on(east):
    ContributionFactory(objective=ObjectiveFactory(mission=east.mission), component=east.component)
    review = ReviewFactory(mission=east.mission, status="open", due_on=TODAY + timedelta(days=2))

    send_reminders(today=TODAY)

    acronym = east.mission.acronym
    detail = reverse("reviews:detail", kwargs={"acronym": acronym, "pk": review.pk})
    assess = reverse("reviews:assess_contributions", kwargs={"acronym": acronym, "pk": review.pk})
    by_person = {m.to[0]: m.body for m in delivered()}
    assert f"{settings.SITE_URL}{assess}" in by_person[east.lead.email]
    assert f"{settings.SITE_URL}{detail}" in by_person[east.chief.email]
    assert Notification.objects.get(user=east.lead).url == assess
    assert Reminder.objects.get(recipient=east.lead).url == assess


@pytest.mark.django_db
def test_a_report_reminder_links_to_the_missions_input(east):
    from mandates.models import ReportingObligation

    mandate = MandateFactory(mission=east.mission, expires_on=TODAY + timedelta(days=300))
    due = ReportingObligation.objects.create(
        mandate=mandate, kind="report", every_days=90, due_on=TODAY + timedelta(days=14)
    )

    send_reminders(today=TODAY)

    url = reverse(
        "council:for_obligation", kwargs={"acronym": east.mission.acronym, "obligation_pk": due.pk}
    )
    assert Reminder.objects.get(recipient=east.chief, rule="report_due").url == url
    subject = Reminder.objects.get(recipient=east.desk, rule="report_due").subject
    assert subject == f"{east.mission.acronym}: Report due to the Council in 14 days"


def test_the_beat_runs_reminders_hourly_and_digests_weekly():
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["reviews.tasks.send_review_reminders"] == 3600
    weekly = schedule["reviews.tasks.send_weekly_digests"]
    assert weekly.day_of_week == {1} and weekly.hour == {6} and weekly.minute == {0}


@pytest.mark.worker
def test_the_task_sends_reminders_in_a_real_worker(celery_worker_process):
    from reviews.tasks import send_review_reminders
    from tests.reminders.conftest import make_cast

    cast = make_cast("UNWORK", "Asia/Kabul")
    MandateFactory(mission=cast.mission, expires_on=cast.mission.today() + timedelta(days=60))

    send_review_reminders.delay()

    try:
        # The reminders task claims them; the worker then sends each email from the outbox.
        sent = OutboxEmail.objects.filter(purpose="mandate_expires", status="sent")
        wait_for(lambda: sent.count() == 3, timeout=60)
    except AssertionError:
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=15)[0]
        raise AssertionError(f"the worker did not send the reminders:\n{output}") from None
    assert {r.recipient for r in Reminder.objects.all()} == {cast.editor, cast.chief, cast.desk}
