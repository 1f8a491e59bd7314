"""Which review the history page puts first: of those planned or open, the one due first (an
overdue one before the next); a review concluded earlier and still waiting for the head of
mission is labelled as awaiting sign-off, never as the current review."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reviews.selectors.review_list import awaiting_sign_off, current_row, review_history
from tests.reviews.cycle_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def list_url(world) -> str:
    return f"/missions/{world.mission.acronym}/reviews/"


def eyebrows(html: str) -> list[tuple[str, str]]:
    """(label, review link) of each review card at the top of the page, in order."""
    import re

    cards = re.findall(
        r'<p class="eyebrow" id="focus-\d+-title">([^<]+)</p>\s*'
        r'<h2 class="review-current__label"><a href="([^"]+)"',
        html,
    )
    return [(label.strip(), href) for label, href in cards]


def test_an_overdue_open_review_is_current_before_an_older_one_awaiting_sign_off(client, world):
    today = world.mission.today()
    world.review("planned", due_on=today + timedelta(days=80))  # the next one
    overdue = world.review("open", due_on=today - timedelta(days=12))
    awaiting = world.review("concluded", due_on=today - timedelta(days=100))
    world.review("signed_off", due_on=today - timedelta(days=200))

    rows = review_history(world.mission)
    assert current_row(rows).review == overdue
    assert [r.review for r in awaiting_sign_off(rows)] == [awaiting]

    client.force_login(world.users["hom"])
    response = client.get(list_url(world))
    assert response.context["current"].review == overdue
    assert response.context["step"].label == "See this review"
    [(row, step)] = response.context["awaiting"]
    assert row.review == awaiting and step.label == "Read and sign off"
    html = response.content.decode()
    assert eyebrows(html) == [
        ("Current review", world.url(overdue)),
        ("Awaiting sign-off", world.url(awaiting)),
    ]
    assert "Overdue by 12 days" in html


def test_of_two_reviews_not_concluded_the_one_due_first_is_current(world):
    today = world.mission.today()
    later = world.review("open", due_on=today + timedelta(days=30))
    skipped = world.review("planned", due_on=today - timedelta(days=3))
    assert current_row(review_history(world.mission)).review == skipped
    assert later.pk != skipped.pk


def test_with_nothing_planned_or_open_the_review_awaiting_sign_off_leads(client, world):
    today = world.mission.today()
    newer = world.review("concluded", due_on=today - timedelta(days=5))
    older = world.review("concluded", due_on=today - timedelta(days=95))
    client.force_login(world.users["viewer"])
    response = client.get(list_url(world))
    assert response.context["current"].review == older
    html = response.content.decode()
    assert eyebrows(html) == [
        ("Awaiting sign-off", world.url(older)),
        ("Awaiting sign-off", world.url(newer)),
    ]
    assert "Current review" not in html


def test_with_every_review_signed_off_there_is_no_card(client, world):
    world.review("signed_off")
    client.force_login(world.users["viewer"])
    response = client.get(list_url(world))
    assert response.context["current"] is None and response.context["awaiting"] == []
    assert eyebrows(response.content.decode()) == []
