"""What moved since the last review, and the agenda that follows from it.

The previous review concluded 30 days ago. Since then: O1 went from on track to off track,
one stakeholder turned against O1, one assumption broke in this review, another broke with no
review rating it (read from the change history), and two exit conditions changed status.
Everything else stayed as it was, and must not be listed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import (
    AssumptionAssessment,
    Decision,
    ExitConditionAssessment,
    ObjectiveAssessment,
)
from reviews.selectors.what_moved import ratings_in, what_moved
from strategies.models import Assumption, ExitCondition
from strategies.selectors.activity import event_model
from tests.factories import ExitConditionFactory, PositionFactory, StakeholderFactory
from tests.reviews.cycle_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def backdate(record, days: int) -> None:
    """Make the record's creation in the change history ``days`` old."""
    event_model(type(record)).objects.filter(pgh_obj_id=record.pk, pgh_label="insert").update(
        pgh_created_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def story(world):
    mission = world.mission
    o1, o2, o3 = world.objectives
    today = mission.today()
    current = world.review("open")
    previous = world.review("signed_off", concluded_at=timezone.now() - timedelta(days=30))

    for review, ratings in (
        (previous, {o1: "on_track", o2: "at_risk"}),
        (current, {o1: "off_track", o2: "at_risk", o3: "stalled"}),
    ):
        for objective, progress in ratings.items():
            ObjectiveAssessment.objects.create(
                review=review, objective=objective, progress=progress
            )

    s1, s2, s3 = (
        StakeholderFactory(mission=mission, name=n) for n in ("Alpha", "Bravo", "Charlie")
    )
    PositionFactory(stakeholder=s1, objective=o1, stance="supports", as_of=today - timedelta(40))
    PositionFactory(stakeholder=s1, objective=o1, stance="opposes", as_of=today - timedelta(5))
    PositionFactory(stakeholder=s2, objective=o2, stance="supports", as_of=today - timedelta(40))
    PositionFactory(stakeholder=s2, objective=o2, stance="supports", as_of=today - timedelta(5))
    PositionFactory(stakeholder=s3, objective=o1, stance="ambivalent", as_of=today - timedelta(5))
    PositionFactory(stakeholder=s1, objective=o3, stance="opposes", as_of=today - timedelta(40))

    a1 = Assumption.objects.create(objective=o1, statement="The parties keep talking.")
    a2 = Assumption.objects.create(objective=o2, statement="Donors fund the DDR.", rating="broken")
    a3 = Assumption.objects.create(objective=o3, statement="The census is held.")
    a4 = Assumption.objects.create(
        objective=o2, statement="Guarantors stay engaged.", rating="broken"
    )
    a5 = Assumption.objects.create(
        objective=o3, statement="The opposition stays in.", rating="broken"
    )
    backdate(a4, 40)  # broken long before the last review, never rated in one
    AssumptionAssessment.objects.create(review=previous, assumption=a1, rating="holds")
    AssumptionAssessment.objects.create(review=current, assumption=a1, rating="broken")
    AssumptionAssessment.objects.create(review=previous, assumption=a2, rating="broken")

    end_state = mission.current_end_state
    e1, e2, e3 = (
        ExitConditionFactory(end_state=end_state, description=f"Condition {n}") for n in (1, 2, 3)
    )
    ExitConditionAssessment.objects.create(review=previous, exit_condition=e1, status="not_met")
    ExitConditionAssessment.objects.create(review=current, exit_condition=e1, status="partly_met")
    ExitConditionAssessment.objects.create(review=previous, exit_condition=e2, status="met")
    ExitCondition.objects.filter(pk=e2.pk).update(status="met")
    backdate(e3, 40)  # not met then (as created), met now (by an edit outside any review)
    ExitCondition.objects.filter(pk=e3.pk).update(status="met")
    return {
        "world": world,
        "current": current,
        "previous": previous,
        "a": (a1, a2, a3, a4, a5),
        "e": (e1, e2, e3),
        "s": (s1, s2, s3),
    }


def moved_for(review, world):
    objectives = {o.pk: o for o in world.objectives}
    return what_moved(review, objectives, ratings_in(review))


def test_it_compares_with_the_previous_concluded_review(story):
    world = story["world"]
    moved = moved_for(story["current"], world)
    o1, _, o3 = world.objectives
    assert moved.previous == story["previous"]
    assert [(m.objective, m.before, m.after) for m in moved.objectives] == [
        (o1, "on_track", "off_track"),
        (o3, None, "stalled"),
    ]
    s1, _, s3 = story["s"]
    assert [
        (s.position.stakeholder, s.before.stance, s.position.stance) for s in moved.shifted
    ] == [(s1, "supports", "opposes")]
    assert [s.position.stakeholder for s in moved.first_positions] == [s3]
    a1, a2, _, a4, a5 = story["a"]
    assert [(b.assumption, b.new) for b in moved.assumptions] == [
        (a1, True),
        (a2, False),
        (a4, False),
        (a5, True),
    ]
    assert [b.assumption for b in moved.newly_broken] == [a1, a5]
    e1, _, e3 = story["e"]
    assert [(m.condition, m.before, m.after) for m in moved.exit_conditions] == [
        (e1, "not_met", "partly_met"),
        (e3, "not_met", "met"),
    ]


def test_a_concluded_review_keeps_the_picture_at_its_conclusion(story):
    world, current = story["world"], story["current"]
    current.status, current.concluded_at = "concluded", timezone.now() - timedelta(days=2)
    current.save()
    s1, s2, _ = story["s"]
    # Bravo turns against O2 after this review concluded: that is the next review's news.
    PositionFactory(
        stakeholder=s2, objective=world.objectives[1], stance="opposes", as_of=world.mission.today()
    )
    moved = moved_for(current, world)
    assert [s.position.stakeholder for s in moved.shifted] == [s1]


def test_the_first_review_has_nothing_to_compare_with(world):
    review = world.review("open")
    ObjectiveAssessment.objects.create(
        review=review, objective=world.objectives[0], progress="at_risk"
    )
    moved = moved_for(review, world)
    assert moved.previous is None and not moved.anything
    assert moved.objectives == [] and moved.shifted == [] and moved.exit_conditions == []


def test_the_workspace_shows_what_moved_and_the_agenda_in_order(client, story):
    world, current = story["world"], story["current"]
    o1, o2, _ = world.objectives
    Decision.objects.create(review=current, kind="keep", objective=o1, rationale="Keep O1.")
    client.force_login(world.users["chief"])
    response = client.get(world.url(current))
    assert response.status_code == 200
    text = response.content.decode()
    section = text.split('id="moved-since"')[1].split("</section>")[0]
    assert "Objectives whose rating changed" in section and "not rated then" in section
    assert "Alpha" in section and "Bravo" not in section and "Charlie" not in section
    assert "1 position was recorded for the first time since then." in section
    assert "The parties keep talking." in section and "The opposition stays in." in section
    assert "Donors fund the DDR." not in section  # broken already at the last review
    assert "Condition 1" in section and "Condition 3" in section and "Condition 2" not in section

    agenda = response.context["agenda"]
    kinds = [item.kind for item in agenda]
    assert kinds == sorted(
        kinds, key=["objective", "assumption", "position", "contributions", "decision"].index
    )
    objectives = [item.text for item in agenda if item.kind == "objective"]
    assert objectives[0].startswith("O1 ") and "off track" in objectives[0]
    assert objectives[1].startswith("O3 ") and "stalled" in objectives[1]
    assert objectives[2].startswith("O2 ") and "at risk" in objectives[2]
    assert len([i for i in agenda if i.kind == "assumption"]) == 4
    assert [i.text for i in agenda if i.kind == "position"] == ["Alpha now opposes O1."]
    assert [i.text.split(":")[0] for i in agenda if i.kind == "contributions"] == [
        "Civil Affairs",
        "Force",
    ]
    # O1 has a decision; O2 (at risk, broken assumptions) and O3 (stalled) still need one.
    pending = [i for i in agenda if i.kind == "decision"]
    assert [i.text.split()[4] for i in pending] == ["O2", "O3"]
    assert pending[0].url.endswith(f"decisions/new/?objective={o2.pk}")
    assert "/reviews/" in agenda[0].url and "O1" in agenda[0].url
