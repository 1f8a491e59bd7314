"""Desk officers subscribe to a mission's briefs: a version approved or a review signed off is
rendered, and each subscriber gets an email with the link, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from briefs.models import Brief, BriefSubscription
from briefs.services import brief_produce, subscription_set
from missions.models import Membership
from notifications.models import Notification
from reviews.services.cycle import review_sign_off
from strategies.services.versions import version_approve
from tests.briefs.data import rate
from tests.factories import MembershipFactory, UserFactory
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(mission, desk):
    subscription_set(mission=mission, user=desk, subscribed=True)
    return desk


def test_the_toggle_subscribes_and_unsubscribes(client, desk, mission):
    client.force_login(desk)
    address = reverse("briefs:subscription", args=[mission.acronym])
    response = client.post(address, {"subscribe": "on"}, HTTP_HX_REQUEST="true")
    assert "Stop sending me briefs" in response.content.decode()
    assert BriefSubscription.objects.filter(user=desk, mission=mission).exists()
    client.post(address, {"subscribe": "on"})  # twice is still one subscription
    assert BriefSubscription.objects.filter(user=desk, mission=mission).count() == 1
    response = client.post(address, {"subscribe": ""}, follow=True)
    assert "no longer be sent" in response.content.decode()
    assert not BriefSubscription.objects.filter(user=desk).exists()


def test_an_approved_version_is_rendered_and_each_subscriber_emailed_once(
    mission, strategy, subscribed, hom, reader, brief_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = version_approve(mission=mission, by=hom, note="First approved strategy.")
    brief = Brief.objects.get(version=version)
    assert brief.status == "queued" and brief.notify_subscribers and brief.requested_by is None
    assert delivered() == []  # nothing is said before the PDF exists

    with django_capture_on_commit_callbacks(execute=True):
        assert brief_produce(brief.pk) == "ready"  # what the worker runs

    assert len(delivered()) == 1
    message = delivered()[0]
    assert message.to == [subscribed.email]
    assert message.subject == "UNTEST: version 1 approved; its brief is ready"
    download = reverse("briefs:download", args=[mission.acronym, brief.pk])
    assert f"{settings.SITE_URL}{download}" in message.body
    assert Notification.objects.get(user=subscribed).url == download
    assert not Notification.objects.filter(user=reader).exists()  # not subscribed

    with django_capture_on_commit_callbacks(execute=True):
        assert brief_produce(brief.pk) == "skipped"
        Brief.objects.filter(pk=brief.pk).update(status="queued")
        brief_produce(brief.pk)  # even rendered again, nobody is told twice
    assert len(delivered()) == 1


def test_a_signed_off_review_is_rendered_for_subscribers(
    mission, strategy, subscribed, hom, brief_media, django_capture_on_commit_callbacks
):
    review = rate(
        mission,
        strategy["objectives"],
        period_start=date(2026, 4, 1),
        progress="on_track",
        status="concluded",
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_sign_off(review=review, by=hom)
    brief = Brief.objects.get(review=review)
    with django_capture_on_commit_callbacks(execute=True):
        brief_produce(brief.pk)
    assert len(delivered()) == 1
    assert "signed off; its brief is ready" in delivered()[0].subject
    assert review.label in delivered()[0].subject


def test_nothing_is_rendered_when_nobody_subscribed(
    mission, strategy, hom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version_approve(mission=mission, by=hom, note="v1")
    assert not Brief.objects.exists()


def test_a_subscriber_who_lost_their_role_is_not_told(
    mission, strategy, subscribed, hom, brief_media, django_capture_on_commit_callbacks
):
    other = UserFactory(username="still-here")
    MembershipFactory(mission=mission, role="desk_officer", user=other)
    subscription_set(mission=mission, user=other, subscribed=True)
    Membership.objects.filter(user=subscribed).delete()
    with django_capture_on_commit_callbacks(execute=True):
        version = version_approve(mission=mission, by=hom, note="v1")
    with django_capture_on_commit_callbacks(execute=True):
        brief_produce(Brief.objects.get(version=version).pk)
    assert [m.to for m in delivered()] == [[other.email]]


def test_the_subscribers_brief_of_a_version_is_made_once_and_announced_once(
    mission, strategy, subscribed, hom, desk, brief_media, django_capture_on_commit_callbacks
):
    """The signal run again (a redelivery) finds the brief made: the same PDF, one email.
    A desk officer's own export is not it: it is for the recipient they named."""
    from briefs.services import brief_request, briefs_for_subscribers

    version = version_approve(mission=mission, by=hom, note="v1")  # on_commit not run
    own = brief_request(mission=mission, by=desk, version=version, recipient="Desk").brief
    with django_capture_on_commit_callbacks(execute=True):
        made = briefs_for_subscribers(mission=mission, version=version)
    assert made.pk != own.pk and made.requested_by is None
    brief_produce(made.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert briefs_for_subscribers(mission=mission, version=version).pk == made.pk
    assert len(delivered()) == 1
