"""A review's conclusions carry a level of their own: written at the mission's, kept for the
people named when Strictly confidential, hidden from everyone else (pages, API, briefs) as if
none were written, and lowered by the head of mission only."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from briefs.audiences import as_exporter
from briefs.content import Subject
from briefs.rendering import compose
from reviews.models import Review
from tests.api.tokens import api_token_for
from tests.reviews.cycle_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
SECRET = "CANARY-the real reason we are asking for more time"


def test_strictly_confidential_conclusions_reach_only_the_named(client, world):
    review = world.review("open")
    world.rate_all(review)
    chief = world.users["chief"]
    mission = review.mission
    mission.default_classification = 1
    mission.save()
    client.force_login(chief)
    form = client.get(world.url(review)).content.decode()
    assert 'id="conclude"' in form and 'value="1" selected' in form
    response = client.post(
        world.url(review, "conclude"),
        {"summary": SECRET, "classification": "2", "named_readers": [chief.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review = Review.objects.get(pk=review.pk)
    assert (review.summary_classification, review.summary_readers) == (2, [chief.pk])
    assert SECRET in client.get(world.url(review)).content.decode()

    for name, user in world.users.items():
        if name in ("chief", "hom"):
            continue
        client.force_login(user)
        assert SECRET not in client.get(world.url(review)).content.decode(), name
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
        response = api.get(f"/api/v1/reviews/{review.pk}/")
        assert SECRET not in response.content.decode(), name
        if response.status_code == 200:  # a member: the review, without its conclusions
            assert response.json()["summary"] == "", name
    client.force_login(world.users["hom"])
    assert SECRET in client.get(world.url(review, "sign-off")).content.decode()

    # A brief for troop contributors, made by the chief, says the conclusions were withheld.
    with as_exporter(chief):
        html, cut = compose(Subject(mission, review=review), audience="tcc_pcc")
    assert SECRET not in html
    assert [item.kind for item in cut.withheld if item.kind == "conclusions"] == ["conclusions"]
    assert cut.readers == {chief.pk}
    with as_exporter(chief):
        html, _cut = compose(Subject(mission, review=review), audience="leadership")
    assert SECRET in html
