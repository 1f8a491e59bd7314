"""Pages use a number of queries that does not grow with the data."""

import pytest

from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    DriverFactory,
    EndStateFactory,
    ExitConditionFactory,
    MandateFactory,
    MarkerFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
    TaskFactory,
    UserFactory,
)
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db


def fill_mission(mission, objectives: int) -> None:
    """A mission with ``objectives`` objectives and proportionate everything else."""
    end_state = mission.current_end_state or EndStateFactory(mission=mission)
    mandate = MandateFactory(mission=mission)
    for i in range(objectives):
        objective = ObjectiveFactory(
            mission=mission, end_state=end_state, levels=["national", "local"][: 1 + i % 2]
        )
        component = ComponentFactory(mission=mission)
        ContributionFactory(objective=objective, component=component)
        MarkerFactory(objective=objective)
        TaskFactory(mandate=mandate)
        PositionFactory(stakeholder=StakeholderFactory(mission=mission), objective=objective)
        DriverFactory(mission=mission)
        ExitConditionFactory(end_state=end_state, evidence="")
    if not mission.reviews.exists():
        ReviewFactory(mission=mission)


def count_queries(client, url: str) -> int:
    return len(page_queries(client, url))


def test_my_missions_costs_the_same_for_2_and_30_missions(client):
    user = UserFactory()
    client.force_login(user)
    missions = [MissionFactory() for _ in range(30)]
    for m in missions[:2]:
        MembershipFactory(user=user, mission=m, role="desk_officer")
        fill_mission(m, 2)
    small = count_queries(client, "/")

    for m in missions[2:]:
        MembershipFactory(user=user, mission=m, role="desk_officer")
        fill_mission(m, 2)
    client.force_login(user)
    large = count_queries(client, "/")
    assert large == small
    assert small <= 20


def test_overview_costs_the_same_for_2_and_30_objectives(client, mission, editor):
    client.force_login(editor)
    fill_mission(mission, 2)
    small = count_queries(client, f"/missions/{mission.acronym}/")
    fill_mission(mission, 28)
    large = count_queries(client, f"/missions/{mission.acronym}/")
    assert large == small
    assert small <= 25


def test_api_list_costs_the_same_for_2_and_30_missions(client):
    user = UserFactory()
    client.force_login(user)
    for _ in range(2):
        MembershipFactory(user=user, mission=MissionFactory(), role="viewer")
    small = count_queries(client, "/api/v1/missions/")
    for _ in range(28):
        MembershipFactory(user=user, mission=MissionFactory(), role="viewer")
    large = count_queries(client, "/api/v1/missions/")
    assert large == small
