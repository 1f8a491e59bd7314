"""The review workspace and the review history cost the same number of queries with 5 or 40
objectives, 2 or 12 components, 2 or 10 reviews, and many positions, assumptions, exit
conditions, assessments, decisions and reopenings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    ObjectiveAssessment,
    ReviewReopening,
)
from strategies.models import Assumption, Contribution
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    ExitConditionFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.querycount import page_queries
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def grow(
    world: World, current, previous, *, objectives: int, components: int, reviews: int
) -> None:
    mission, today = world.mission, world.mission.today()
    comps = list(mission.components.all())
    for n in range(len(comps), components):
        component = ComponentFactory(mission=mission)
        MembershipFactory(
            mission=mission,
            role="component_lead",
            component=component,
            user=UserFactory(username=f"lead{n}"),
        )
        comps.append(component)
    have = mission.objectives.count()
    for i in range(have, objectives):
        objective = ObjectiveFactory(mission=mission, code=f"O{i + 1}")
        for component in comps[i % len(comps) :][:2]:
            ContributionFactory(objective=objective, component=component)
        stakeholder = StakeholderFactory(mission=mission)
        PositionFactory(
            stakeholder=stakeholder,
            objective=objective,
            stance="supports",
            as_of=today - timedelta(days=60),
        )
        PositionFactory(
            stakeholder=stakeholder,
            objective=objective,
            stance="opposes",
            as_of=today - timedelta(days=2),
        )
        broken = Assumption.objects.create(
            objective=objective, statement="It holds.", rating="broken"
        )
        AssumptionAssessment.objects.create(review=previous, assumption=broken, rating="holds")
        ExitConditionFactory(end_state=mission.current_end_state, description=f"Condition {i}")
        for review, progress in (
            (previous, "on_track"),
            (current, "off_track" if i % 2 else "at_risk"),
        ):
            ObjectiveAssessment.objects.create(
                review=review, objective=objective, progress=progress
            )
        Decision.objects.create(review=current, kind="keep", objective=objective, rationale="Keep.")
    for condition in mission.current_end_state.exit_conditions.all():
        ExitConditionAssessment.objects.get_or_create(
            review=current, exit_condition=condition, defaults={"status": "partly_met"}
        )
    for contribution in Contribution.objects.filter(objective__mission=mission)[::3]:
        ContributionAssessment.objects.get_or_create(
            review=current, contribution=contribution, defaults={"strength": "some"}
        )
    while mission.reviews.count() < reviews:
        old = world.review("signed_off", quarters_back=5)
        ReviewReopening.objects.create(review=old, reason="Again.")
        Decision.objects.create(
            review=old, kind="drop", objective=world.objectives[0], rationale="No."
        )
        world.rate_all(old)


def count(client, url: str) -> int:
    return len(page_queries(client, url))


@pytest.mark.parametrize("role", ["chief", "viewer", "lead"])
def test_workspace_and_history_queries_do_not_grow(client, world, role):
    current = world.review("open")
    previous = world.review("signed_off", concluded_at=timezone.now() - timedelta(days=30))
    client.force_login(world.users[role])
    urls = [world.url(current), f"/missions/{world.mission.acronym}/reviews/"]
    grow(world, current, previous, objectives=5, components=2, reviews=2)
    small = [count(client, url) for url in urls]
    grow(world, current, previous, objectives=40, components=12, reviews=10)
    large = [count(client, url) for url in urls]
    assert large == small
    assert small[0] <= 40, small
    assert small[1] <= 12, small


def test_a_planned_review_with_its_open_form_does_not_grow_either(client, world):
    review = world.review("planned")
    client.force_login(world.users["chief"])
    small = count(client, world.url(review))
    for n in range(30):
        MembershipFactory(mission=world.mission, role="viewer", user=UserFactory(username=f"p{n}"))
    review.participants.set(world.mission.memberships.values_list("user", flat=True))
    assert count(client, world.url(review)) == small
