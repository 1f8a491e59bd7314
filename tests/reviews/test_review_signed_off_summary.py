"""Once signed off, a review's workspace has nothing left to act on: no agenda of links to
record decisions, a summary of what it concluded instead. The sign-off page counts only the
decisions that change the draft (keeping an objective does not). And an assumption added
since the last review and broken now reads as a sentence, not as "added since → Broken"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import AssumptionAssessment, Decision, ObjectiveAssessment
from strategies.models import Assumption
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def concerned(world: World, review) -> None:
    """O1 off track, O2 at risk with a keep decision, O3 on track; a broken assumption on O3."""
    o1, o2, o3 = world.objectives
    for objective, progress in ((o1, "off_track"), (o2, "at_risk"), (o3, "on_track")):
        ObjectiveAssessment.objects.create(review=review, objective=objective, progress=progress)
    Decision.objects.create(review=review, kind="keep", objective=o2, rationale="Hold the course.")
    broken = Assumption.objects.create(objective=o3, statement="Donors stay.", rating="broken")
    AssumptionAssessment.objects.create(review=review, assumption=broken, rating="broken")


def section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_an_open_review_has_an_agenda_with_its_actions(client, world):
    review = world.review("open")
    concerned(world, review)
    client.force_login(world.users["chief"])
    agenda = section(client.get(world.url(review)).content.decode(), "agenda")
    assert "Record a decision" in agenda
    assert f"{world.url(review)}decisions/new/?objective={world.objectives[0].pk}" in agenda


@pytest.mark.parametrize("role", ["chief", "hom", "viewer"])
def test_a_signed_off_review_shows_what_it_concluded_and_no_actions(client, world, role):
    review = world.review("signed_off")
    concerned(world, review)
    Decision.objects.create(
        review=review, kind="drop", objective=world.objectives[0], rationale="Overtaken."
    )
    client.force_login(world.users[role])
    response = client.get(world.url(review))
    assert response.context["agenda"] == []
    html = response.content.decode()
    summary = section(html, "agenda")
    assert "What the review concluded" in summary
    assert "nothing in it is waiting for action" in summary
    assert "1 off track" in summary and "1 at risk" in summary and "1 on track" in summary
    assert "1 changed the draft; 1 kept an objective as it was." in summary
    # O3's broken assumption had no decision: said once, as a fact, with no link to act on.
    assert "Left without a decision" in summary and "Objective O3" in summary
    assert "<a " not in summary.split("Left without a decision")[1]
    assert "Record a decision" not in html
    assert "decisions/new/" not in html
    assert 'class="agenda"' not in html


def test_a_concluded_review_awaiting_sign_off_keeps_its_agenda_to_read(client, world):
    review = world.review("concluded")
    concerned(world, review)
    client.force_login(world.users["hom"])
    response = client.get(world.url(review))
    assert response.context["agenda"]
    html = response.content.decode()
    assert "What the review concluded" not in html
    assert "decisions/new/" not in html


def test_the_sign_off_page_counts_only_the_decisions_that_change_the_draft(client, world):
    review = world.review("concluded")
    o1, o2, _o3 = world.objectives
    Decision.objects.create(review=review, kind="keep", objective=o1, rationale="As it is.")
    Decision.objects.create(
        review=review, kind="adjust", objective=o2, rationale="Sharper.", details={"priority": 1}
    )
    client.force_login(world.users["hom"])
    response = client.get(world.url(review, "sign-off"))
    heading = response.content.decode().split('id="sign-decisions-title">')[1].split("</h2>")[0]
    assert heading == "1 decision will change the draft; 1 keeps an objective as it is"


@pytest.mark.parametrize(
    ("kinds", "heading"),
    [
        (["keep", "keep"], "No decision changes the draft: 2 keep objectives as they are"),
        (["drop", "adjust"], "2 decisions will change the draft"),
        ([], "This review took no decision: the draft stays as it is"),
    ],
)
def test_the_sign_off_heading_in_every_case(client, world, kinds, heading):
    review = world.review("concluded")
    for kind, objective in zip(kinds, world.objectives, strict=False):
        Decision.objects.create(
            review=review,
            kind=kind,
            objective=objective,
            rationale="Why.",
            details={"title": "New"} if kind == "adjust" else {},
        )
    client.force_login(world.users["hom"])
    html = client.get(world.url(review, "sign-off")).content.decode()
    assert f'id="sign-decisions-title">{heading}</h2>' in html


def test_an_assumption_added_since_the_last_review_and_broken_reads_naturally(client, world):
    review = world.review("open")
    world.review("signed_off", concluded_at=timezone.now() - timedelta(days=30))
    Assumption.objects.create(
        objective=world.objectives[0], statement="The border stays open.", rating="broken"
    )
    client.force_login(world.users["viewer"])
    moved = section(client.get(world.url(review)).content.decode(), "moved-since")
    line = moved.split("The border stays open.")[1].split("</li>")[0]
    assert "New since the last review, judged broken." in line
    assert "added since" not in moved
    assert "→" not in line
