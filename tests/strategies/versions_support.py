"""A small strategy with one of everything a snapshot holds, for the version tests."""

from __future__ import annotations

from datetime import date

from strategies.models import (
    Assumption,
    DriverObjective,
    ProgressMarker,
    Risk,
    TaskAlignment,
)
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    DriverFactory,
    ExitConditionFactory,
    MandateFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    TaskFactory,
    UserFactory,
)


def build_strategy(mission) -> dict[str, object]:
    """A small strategy with one of everything a snapshot holds."""
    end_state = mission.current_end_state
    ExitConditionFactory(end_state=end_state, description="Elections held peacefully.")
    owner = UserFactory(username="owner", first_name="Ada", last_name="Njoroge")
    o1 = ObjectiveFactory(
        mission=mission, code="O1", title="A political settlement", priority=2, owner=owner
    )
    o2 = ObjectiveFactory(
        mission=mission, code="O2", title="Local peace", levels=["local", "national"], parent=o1
    )
    o10 = ObjectiveFactory(mission=mission, code="O10", title="Last by number")
    Assumption.objects.create(objective=o1, statement="The parties stay at the table.")
    Risk.objects.create(objective=o1, description="Spoilers walk out.", severity="high")
    ProgressMarker.objects.create(
        objective=o1, statement="Monthly meetings.", baseline="none", reading_on=date(2026, 1, 5)
    )
    component = ComponentFactory(mission=mission, name="Civil Affairs")
    ContributionFactory(component=component, objective=o2, role="support")
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2026)")
    task = TaskFactory(mandate=mandate, reference="29 (a)", is_strategic_priority=True, phase=1)
    TaskFactory(mandate=mandate, reference="29 (b)")
    TaskAlignment.objects.create(task=task, objective=o1)
    TaskAlignment.objects.create(task=task, objective=o2)
    stakeholder = StakeholderFactory(mission=mission, name="African Union")
    PositionFactory(stakeholder=stakeholder, objective=o1, stance="opposes", as_of=date(2025, 1, 1))
    PositionFactory(
        stakeholder=stakeholder, objective=o1, stance="supports", as_of=date(2026, 2, 1)
    )
    driver = DriverFactory(mission=mission, title="Land disputes", level="local")
    DriverObjective.objects.create(driver=driver, objective=o2)
    return {"o1": o1, "o2": o2, "o10": o10}
