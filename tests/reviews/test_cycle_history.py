"""Changes a signed-off review makes to the working draft are tracked to that review."""

from __future__ import annotations

import pytest

from reviews.models import Decision
from reviews.services.cycle import review_sign_off
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed_history")]


def test_the_activity_feed_names_the_review_that_decided_a_change(client, world: World):
    review = world.review("concluded")
    objective = world.objectives[0]
    Decision.objects.create(
        review=review, kind="drop", objective=objective, rationale="Overtaken by events."
    )
    review_sign_off(review=review, by=world.users["hom"])

    client.force_login(world.users["viewer"])
    page = client.get(f"/missions/{world.mission.acronym}/activity/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "decided in" in html
    assert f'href="/missions/{world.mission.acronym}/reviews/{review.pk}/"' in html
    assert str(review.label) in html


def test_an_ordinary_edit_names_no_review(client, world: World):
    objective = world.objectives[0]
    objective.title = "Renamed by hand"
    objective.save()
    client.force_login(world.users["viewer"])
    html = client.get(f"/missions/{world.mission.acronym}/activity/").content.decode()
    assert "Renamed by hand" in html or "changed" in html
    assert "decided in" not in html
