"""The database itself rejects bad rows, whatever code path writes them."""

from datetime import date

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from mandates.models import Mandate
from missions.models import Membership, Mission
from strategies.models import Objective, StakeholderPosition, StrategyVersion
from tests.factories import (
    ComponentFactory,
    MandateFactory,
    ObjectiveFactory,
    PositionFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rejected(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_objective_codes_are_unique_per_mission(mission, other_mission):
    first = ObjectiveFactory(mission=mission, code="O1")
    assert rejected(lambda: ObjectiveFactory(mission=mission, code="O1", end_state=first.end_state))
    # The same code in another mission is fine.
    ObjectiveFactory(mission=other_mission, code="O1")


def test_paragraph_references_are_unique_per_mandate():
    task = TaskFactory(reference="29 (i) (a)")
    assert rejected(lambda: TaskFactory(mandate=task.mandate, reference="29 (i) (a)"))


def test_one_position_per_stakeholder_objective_and_date():
    position = PositionFactory(as_of=date(2026, 5, 1))
    assert rejected(
        lambda: StakeholderPosition.objects.create(
            stakeholder=position.stakeholder,
            objective=position.objective,
            stance="opposes",
            as_of=date(2026, 5, 1),
        )
    )


def test_a_mandate_cannot_expire_before_its_adoption(mission):
    assert rejected(
        lambda: Mandate.objects.create(
            mission=mission,
            symbol="S/RES/9999 (2026)",
            adopted_on=date(2026, 6, 1),
            expires_on=date(2026, 5, 1),
        )
    )


def test_bad_choices_are_rejected_by_the_database(mission):
    objective = ObjectiveFactory(mission=mission)
    assert rejected(lambda: Objective.objects.filter(pk=objective.pk).update(priority=7))
    assert rejected(lambda: Objective.objects.filter(pk=objective.pk).update(levels=["galactic"]))
    assert rejected(lambda: Mission.objects.filter(pk=mission.pk).update(kind="xyz"))
    assert rejected(lambda: Mission.objects.filter(pk=mission.pk).update(review_cadence_months=0))


def test_an_objective_needs_at_least_one_level(mission):
    objective = ObjectiveFactory(mission=mission)
    assert rejected(lambda: Objective.objects.filter(pk=objective.pk).update(levels=[]))


def test_only_component_leads_name_a_component(mission):
    component = ComponentFactory(mission=mission)
    user = UserFactory()
    assert rejected(
        lambda: Membership.objects.create(user=user, mission=mission, role="component_lead")
    )
    assert rejected(
        lambda: Membership.objects.create(
            user=user, mission=mission, role="viewer", component=component
        )
    )


def test_one_current_end_state_per_mission(mission):
    from missions.models import EndState

    assert rejected(
        lambda: EndState.objects.create(
            mission=mission, statement="Another", adopted_on=date.today()
        )
    )


def test_an_approved_version_cannot_be_changed(mission):
    user = UserFactory()
    version = StrategyVersion.objects.create(
        mission=mission,
        number=1,
        end_state=mission.current_end_state,
        approved_by=user,
        approved_at="2026-01-01T00:00:00Z",
        snapshot={"objectives": []},
    )
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        StrategyVersion.objects.filter(pk=version.pk).update(note="rewritten")


def test_mandate_symbols_are_unique_per_mission(mission):
    MandateFactory(mission=mission, symbol="S/RES/2409 (2018)")
    assert rejected(lambda: MandateFactory(mission=mission, symbol="S/RES/2409 (2018)"))
