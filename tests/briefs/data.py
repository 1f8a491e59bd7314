"""A small strategy with one of everything a brief prints, scalable for query-count tests."""

from __future__ import annotations

from datetime import date

from reviews.models import ObjectiveAssessment, Review
from strategies.models import Assumption, DriverObjective, Risk, TaskAlignment
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    DriverFactory,
    ExitConditionFactory,
    MandateFactory,
    MarkerFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
    TaskFactory,
)


def build_strategy(mission, *, size: int = 1) -> dict:
    """Objectives O1..O(2*size+1) with markers and assumptions, a component per objective,
    a mandate whose last task serves nothing, positions and drivers; ``size`` scales it."""
    end_state = mission.current_end_state
    ExitConditionFactory(end_state=end_state, description="Elections held peacefully.")
    ExitConditionFactory(
        end_state=end_state, kind="political", status="met", description="A ceasefire holds."
    )
    objectives = []
    for n in range(1, 2 * size + 2):
        objective = ObjectiveFactory(
            mission=mission,
            code=f"O{n}",
            title=f"Objective number {n} of the strategy",
            priority=1 + n % 3,
            phase=1 + n % 2,
        )
        Assumption.objects.create(objective=objective, statement=f"Assumption {n} holds.")
        Risk.objects.create(objective=objective, description=f"Risk {n}.", severity="high")
        MarkerFactory(objective=objective, statement=f"Marker {n} is read.", baseline="0")
        objectives.append(objective)
    components = []
    for n, objective in enumerate(objectives):
        component = ComponentFactory(mission=mission, name=f"Section {chr(65 + n % 26)}{n}")
        ContributionFactory(component=component, objective=objective, role="lead")
        components.append(component)
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2026)")
    tasks = []
    for n, objective in enumerate(objectives, start=1):
        task = TaskFactory(
            mandate=mandate, reference=f"{28 + n} (a)", text=f"To pursue task {n}.", position=n
        )
        TaskAlignment.objects.create(task=task, objective=objective)
        tasks.append(task)
    unaligned = TaskFactory(
        mandate=mandate,
        reference="41 (c)",
        text="To report on the arms embargo.",
        position=len(objectives) + 1,
    )
    for n, objective in enumerate(objectives):
        stakeholder = StakeholderFactory(mission=mission, name=f"Stakeholder {n}")
        PositionFactory(
            stakeholder=stakeholder, objective=objective, stance="opposes", as_of=date(2026, 3, 1)
        )
    for n, objective in enumerate(objectives):
        driver = DriverFactory(mission=mission, title=f"Driver {n}", level="local")
        DriverObjective.objects.create(driver=driver, objective=objective)
    return {
        "objectives": objectives,
        "components": components,
        "mandate": mandate,
        "tasks": tasks,
        "unaligned": unaligned,
    }


def rate(mission, objectives, *, period_start: date, progress: str, status: str) -> Review:
    """A review of the mission that rated every objective ``progress``."""
    review = ReviewFactory(
        mission=mission,
        period_start=period_start,
        period_end=date(period_start.year, period_start.month + 2, 28),
        due_on=date(period_start.year, period_start.month + 2, 28),
        status=status,
    )
    for objective in objectives:
        ObjectiveAssessment.objects.create(
            review=review,
            objective=objective,
            progress=progress,
            political_environment=f"Climate around {objective.code}.",
            evidence="Field reports.",
        )
    return review
