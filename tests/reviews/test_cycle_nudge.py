"""The nudge: the chief of staff reminds a component lead, in the app and by email, at most
once per lead, review and day; the Reminder row claimed first is what decides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from notifications.models import Notification
from reviews.models import Reminder
from tests.mailbox import delivered
from tests.reviews.cycle_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def nudge(client, world, review, lead=None, component=None):
    return client.post(
        world.url(review, "nudge"),
        {
            "component": (component or world.led).pk,
            "lead": (lead or world.users["lead"]).pk,
        },
    )


def test_a_nudge_reaches_the_lead_once_a_day(client, world, django_capture_on_commit_callbacks):
    review = world.review("open")
    lead = world.users["lead"]
    client.force_login(world.users["chief"])
    page = client.get(world.url(review)).content.decode()
    assert world.url(review, "nudge") in page and "nudged today" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = nudge(client, world, review)
    assert response.status_code == 302
    assert response.url == f"{world.url(review)}#completeness"
    notification = Notification.objects.get(user=lead)
    assert "Civil Affairs" in notification.subject and world.mission.acronym in notification.subject
    assert "3 contributions are not assessed yet" in notification.body
    # The link leads to where the lead enters the assessments.
    assert notification.url == reverse(
        "reviews:assess_contributions", args=[world.mission.acronym, review.pk]
    )
    assert notification.url in delivered()[0].body
    assert len(delivered()) == 1 and delivered()[0].to == [lead.email]
    reminder = Reminder.objects.get(recipient=lead)
    assert reminder.rule == "review_nudge"
    assert reminder.object_key == f"review:{review.pk}:component:{world.led.pk}"
    assert reminder.period == world.mission.today().isoformat()
    assert reminder.status == "queued" and reminder.email.status == "sent"

    page = client.get(world.url(review)).content.decode()
    assert "nudged today" in page
    assert world.url(review, "nudge") not in page  # the button is gone for today

    with django_capture_on_commit_callbacks(execute=True):
        again = nudge(client, world, review)
    assert again.status_code == 302
    assert Notification.objects.filter(user=lead).count() == 1
    assert len(delivered()) == 1
    assert Reminder.objects.filter(recipient=lead).count() == 1
    follow = client.get(world.url(review))
    assert "was already reminded today" in follow.content.decode()


def test_the_next_day_the_lead_can_be_nudged_again(client, world):
    review = world.review("open")
    client.force_login(world.users["chief"])
    assert nudge(client, world, review).status_code == 302
    yesterday = (world.mission.today() - timedelta(days=1)).isoformat()
    Reminder.objects.update(period=yesterday)
    assert "nudged today" not in client.get(world.url(review)).content.decode()
    assert nudge(client, world, review).status_code == 302
    assert Notification.objects.filter(user=world.users["lead"]).count() == 2
    assert Reminder.objects.count() == 2


def test_a_nudge_in_another_review_is_another_reminder(client, world):
    first, second = world.review("open"), world.review("open")
    client.force_login(world.users["chief"])
    assert nudge(client, world, first).status_code == 302
    assert nudge(client, world, second).status_code == 302
    assert Reminder.objects.count() == 2


def test_someone_who_does_not_lead_the_component_is_not_nudged(client, world):
    review = world.review("open")
    client.force_login(world.users["chief"])
    response = nudge(client, world, review, lead=world.users["editor"])
    assert response.status_code == 400
    assert "does not lead this component" in response.content.decode()
    response = nudge(client, world, review, component=world.unled)
    assert response.status_code == 400
    assert not Reminder.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("role", ["hom", "editor", "lead", "desk", "viewer"])
def test_only_the_chief_of_staff_nudges(client, world, role):
    review = world.review("open")
    client.force_login(world.users[role])
    assert nudge(client, world, review).status_code == 403
    assert not Reminder.objects.exists()
    assert world.url(review, "nudge") not in client.get(world.url(review)).content.decode()


def test_outsiders_get_404_and_anonymous_visitors_log_in(client, world):
    review = world.review("open")
    client.force_login(world.users["outsider"])
    assert nudge(client, world, review).status_code == 404
    client.logout()
    response = nudge(client, world, review)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_no_nudge_in_a_review_that_is_not_open(client, world, status):
    review = world.review(status)
    client.force_login(world.users["chief"])
    response = nudge(client, world, review)
    assert response.status_code == 403
    assert "read-only" in response.content.decode()
    assert not Reminder.objects.exists()
    assert world.url(review, "nudge") not in client.get(world.url(review)).content.decode()
