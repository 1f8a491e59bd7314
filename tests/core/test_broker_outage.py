"""The broker is unreachable while people work: what they did is saved and the pages answer
success, saying what will follow; when the broker is back a real worker completes it all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from briefs.models import Brief
from briefs.services import subscription_set
from core.models import OutboxEmail
from tests.conftest import wait_for
from tests.reviews.cycle_world import build_world

pytestmark = pytest.mark.worker


@pytest.mark.django_db(transaction=True)
def test_approve_and_export_succeed_without_a_broker_and_complete_when_it_is_back(
    client, broker_down, request, settings, tmp_path, monkeypatch
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))  # the worker stores briefs there too
    world = build_world()
    users, mission = world.users, world.mission
    subscription_set(mission=mission, user=users["desk"], subscribed=True)

    client.force_login(users["hom"])
    response = client.post(
        reverse("strategies:version_approve", args=[mission.acronym]), {"note": "Approved."}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Version 1 approved" in page
    assert "the brief will render when the worker is back" in page
    assert mission.versions.count() == 1

    client.force_login(users["desk"])
    response = client.post(
        reverse("briefs:export", args=[mission.acronym]),
        {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
    )
    assert response.status_code == 302
    assert "Deferred-Work" in response
    page = client.get(response.url).content.decode()
    assert "the brief will render when the worker is back" in page
    briefs = Brief.objects.filter(mission=mission)
    assert list(briefs.values_list("status", flat=True)) == ["queued", "queued"]

    broker_down.restore()
    worker = request.getfixturevalue("celery_worker_process")
    try:
        wait_for(lambda: set(briefs.values_list("status", flat=True)) == {"ready"}, timeout=120)
        notice = OutboxEmail.objects.filter(purpose="brief_ready", recipient=users["desk"])
        wait_for(lambda: notice.filter(status="sent").exists(), timeout=60)
    except AssertionError:
        worker.terminate()
        raise AssertionError(worker.communicate(timeout=15)[0][-4000:]) from None
