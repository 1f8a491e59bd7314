"""API fixtures: a client, members of UNTEST in any role, and one of each strategy record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from benchmarks.models import Indicator, MarkerMeasure
from mandates.models import MandatedTask
from missions.models import Component, Mission, Stakeholder
from strategies.models import (
    ConflictDriver,
    Contribution,
    ExitCondition,
    Objective,
    StakeholderPosition,
    TaskAlignment,
)
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    DriverFactory,
    ExitConditionFactory,
    MandateFactory,
    MarkerFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    TaskFactory,
)
from transition.models import Handover

ROLES = [
    "strategy_editor",
    "chief_of_staff",
    "component_lead",
    "head_of_mission",
    "desk_officer",
    "viewer",
]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@dataclass
class Strategy:
    """One of each strategy record in a mission; ``own`` is the component lead's component."""

    mission: Mission
    own: Component
    other: Component
    objective: Objective
    spare: Objective
    own_contribution: Contribution
    other_contribution: Contribution
    task: MandatedTask
    alignment: TaskAlignment
    stakeholder: Stakeholder
    position: StakeholderPosition
    driver: ConflictDriver
    exit_condition: ExitCondition


def make_strategy(mission: Mission) -> Strategy:
    own, other = ComponentFactory(mission=mission), ComponentFactory(mission=mission)
    objective = ObjectiveFactory(mission=mission, code="O1")
    spare = ObjectiveFactory(mission=mission, code="O2")
    marker = MarkerFactory(objective=objective)
    # Measured, so a value may be posted for it (/api/v1/marker-values/).
    MarkerMeasure.objects.create(mission=mission, marker=marker, unit="prefectures", target=12)
    task = TaskFactory(mandate=MandateFactory(mission=mission))
    stakeholder = StakeholderFactory(mission=mission)
    driver = DriverFactory(mission=mission)
    driver.objectives.add(objective)
    exit_condition = ExitConditionFactory(end_state=mission.current_end_state)
    Indicator.objects.create(
        mission=mission,
        exit_condition=exit_condition,
        name="Prefectures with a functioning administration",
        unit="prefectures",
        threshold=12,
        owner_kind="government",
        owner_name="Ministry of Territorial Administration",
    )
    # The contract test's world has a handover of the task, as it has an indicator.
    Handover.objects.create(
        mission=mission,
        task=task,
        receiver_kind="unct",
        receiver="UNDP",
        phase=2,
        depends_on=exit_condition,
    )
    return Strategy(
        mission=mission,
        own=own,
        other=other,
        objective=objective,
        spare=spare,
        own_contribution=ContributionFactory(objective=objective, component=own),
        other_contribution=ContributionFactory(objective=objective, component=other),
        task=task,
        alignment=TaskAlignment.objects.create(task=task, objective=objective),
        stakeholder=stakeholder,
        position=PositionFactory(stakeholder=stakeholder, objective=objective),
        driver=driver,
        exit_condition=exit_condition,
    )


@pytest.fixture
def strategy(mission) -> Strategy:
    return make_strategy(mission)


@pytest.fixture
def member(mission):
    """``member(role)``: a user holding ``role`` in UNTEST (a lead leads ``component``)."""

    def make(role: str, component: Component | None = None) -> Any:
        if role == "component_lead" and component is None:
            component = ComponentFactory(mission=mission)
        return MembershipFactory(
            mission=mission,
            role=role,
            component=component if role == "component_lead" else None,
        ).user

    return make


def if_match(record: Any) -> dict[str, str]:
    """The header a client sends after reading ``record`` (as it is in the database now)."""
    record.refresh_from_db()
    return {"HTTP_IF_MATCH": f'"{record.revision}"'}
