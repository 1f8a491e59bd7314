"""A mission with every grid at full size, built in bulk: for the scale tests and
``bench/scale.py`` (issue 15's 200 stakeholders x 200 objectives, 40 components, 20 reviews)."""

from __future__ import annotations

from datetime import date, timedelta

from missions.models import Component, Mission, Stakeholder
from reviews.models import ObjectiveAssessment, Review
from strategies.models import Contribution, Objective, StakeholderPosition
from tests.factories import EndStateFactory, MembershipFactory, MissionFactory

KINDS = Stakeholder.Kind.values
LEVELS = ["national", "local", "regional"]
STANCES = StakeholderPosition.Stance.values


def build_large_mission(
    user,
    *,
    acronym: str,
    stakeholders: int,
    objectives: int,
    components: int,
    reviews: int,
    filled: int | None = None,
) -> Mission:
    """A mission with every grid at full size, built in bulk. ``filled``: only the first
    objectives in code order (the grids' first columns) have positions and contributions,
    for tests that read the first window and cannot wait for every cell to be written."""
    mission = MissionFactory(acronym=acronym)
    MembershipFactory(user=user, mission=mission, role="chief_of_staff")
    end_state = mission.current_end_state or EndStateFactory(mission=mission)
    objective_rows = Objective.objects.bulk_create(
        Objective(
            mission=mission,
            end_state=end_state,
            code=f"O{n}",
            title=f"Objective {n}",
            levels=[LEVELS[n % len(LEVELS)]],
        )
        for n in range(1, objectives + 1)
    )
    with_data = sorted(objective_rows, key=lambda o: o.code)[:filled]
    stakeholder_rows = Stakeholder.objects.bulk_create(
        Stakeholder(
            mission=mission,
            name=f"Stakeholder {n:03}",
            kind=KINDS[n % len(KINDS)],
            level=LEVELS[n % len(LEVELS)],
            influence=Stakeholder.Influence.MEDIUM,
        )
        for n in range(1, stakeholders + 1)
    )
    StakeholderPosition.objects.bulk_create(
        (
            StakeholderPosition(
                stakeholder=s,
                objective=o,
                stance=STANCES[(s.pk + o.pk) % len(STANCES)],
                as_of=date(2026, 1, 1) - timedelta(days=(s.pk * o.pk) % 400),
                note="Said so at the last consultation with the mission's political affairs team.",
            )
            for s in stakeholder_rows
            for o in with_data
        ),
        batch_size=5_000,
    )
    component_rows = Component.objects.bulk_create(
        Component(mission=mission, name=f"Component {n:02}", kind=Component.Kind.CIVILIAN)
        for n in range(1, components + 1)
    )
    Contribution.objects.bulk_create(
        (
            Contribution(
                component=c,
                objective=o,
                role="lead" if (c.pk + o.pk) % 7 == 0 else "support",
                narrative=f"{c.name} convenes the parties on {o.code} and reports what moved.",
            )
            for c in component_rows
            for o in with_data
        ),
        batch_size=5_000,
    )
    start = date(2021, 1, 1)
    for n in range(reviews):
        period = start + timedelta(days=91 * n)
        review = Review.objects.create(
            mission=mission,
            period_start=period,
            period_end=period + timedelta(days=90),
            due_on=period + timedelta(days=100),
            status="signed_off",
        )
        ObjectiveAssessment.objects.bulk_create(
            ObjectiveAssessment(review=review, objective=o, progress="on_track")
            for o in objective_rows
        )
    return mission
