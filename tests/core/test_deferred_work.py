"""With the broker down, an action still succeeds and says what will follow: inline in an
HTMX fragment, as a message on the next page, and in the ``Deferred-Work`` header."""

from __future__ import annotations

import pytest
from django.urls import reverse

from briefs.models import Brief
from tests.reviews.cycle_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

LATER = "the brief will render when the worker is back"


def test_an_htmx_export_carries_the_notice_in_its_fragment(client, world, broker_down):
    client.force_login(world.users["desk"])
    response = client.post(
        reverse("briefs:export", args=[world.mission.acronym]),
        {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="message message--warning" role="status"' in html
    assert LATER in html and LATER in response["Deferred-Work"]
    assert Brief.objects.get(mission=world.mission).status == "queued"
    # Said once: the next page does not repeat it.
    page = client.get(reverse("briefs:list", args=[world.mission.acronym]))
    assert LATER not in page.content.decode()


def test_nothing_is_said_when_the_broker_takes_the_message(client, world):
    client.force_login(world.users["desk"])
    response = client.post(
        reverse("briefs:export", args=[world.mission.acronym]),
        {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
        follow=True,
    )
    assert response.status_code == 200
    assert LATER not in response.content.decode()
    assert "Deferred-Work" not in response
