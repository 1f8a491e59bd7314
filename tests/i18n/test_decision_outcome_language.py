"""A decision's outcome is worded when read, in the reader's language, whoever signed it off
and in whatever language they worked."""

from __future__ import annotations

import pytest

from reviews.models import Review
from strategies.services.versions import version_approve
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def add_url(world: World, review) -> str:
    return f"{world.url(review)}decisions/new/"


def _sign_off(client, world: World, language: str) -> Review:
    """The chief records an adjustment and a contribution change, the head signs off,
    both working in ``language``."""
    mission, chief, hom = world.mission, world.users["chief"], world.users["hom"]
    version_approve(mission=mission, by=hom, note="Before the review.")
    review = world.review("open")
    world.rate_all(review)
    client.force_login(chief)
    objective = world.objectives[0]
    for data in (
        {
            "kind": "adjust",
            "objective": objective.pk,
            "adjust_priority": "1",
            "adjust_phase": "2",
            "rationale": "Sharper focus.",
        },
        {"kind": "keep", "objective": world.objectives[1].pk, "rationale": "On track."},
        {
            "kind": "contribution",
            "objective": objective.pk,
            "component": world.unled.pk,
            "role": "support",
            "rationale": "Needed.",
        },
    ):
        response = client.post(add_url(world, review), data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302, response.content.decode()[:2000]
    client.post(
        world.url(review, "conclude"), {"summary": "Recalibrated."}, HTTP_ACCEPT_LANGUAGE=language
    )
    client.force_login(hom)
    review.refresh_from_db()
    response = client.post(
        world.url(review, "sign-off"), {"revision": review.revision}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302
    return review


@pytest.mark.parametrize(
    ("signed_in", "read_in", "expected", "foreign"),
    [
        (
            "fr",
            "en",
            ["O1 adjusted: priority, phase.", "O2 kept as it is.", "now contributes to O1 as"],
            ["ajusté", "maintenu en l"],
        ),
        (
            "en",
            "fr",
            ["O1 ajusté", "O2 maintenu en l", "contribue désormais à O1"],
            ["adjusted:", "kept as it is"],
        ),
    ],
)
def test_the_outcome_is_in_the_readers_language(
    client, world, signed_in, read_in, expected, foreign
):
    review = _sign_off(client, world, signed_in)
    client.force_login(world.users["desk"])
    page = client.get(world.url(review), HTTP_ACCEPT_LANGUAGE=read_in).content.decode()
    log = page.split('id="decisions"')[1].split("</section>")[0]
    for words in expected:
        assert words in log, words
    for words in foreign:
        assert words not in log, words
    api = client.get(f"/api/v1/decisions/?review={review.pk}", HTTP_ACCEPT_LANGUAGE=read_in).json()
    outcomes = " ".join(row["outcome"] for row in api["results"])
    assert expected[0].split(" ")[0] in outcomes and expected[1] in outcomes
