"""The overview and the contribution matrix cost the same queries at 5 and at 200 objectives."""

import pytest

from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MandateFactory,
    MarkerFactory,
    ObjectiveFactory,
    TaskFactory,
)
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


def grow(mission, objectives: int, components: int, tasks: int) -> None:
    have = mission.objectives.count()
    comps = list(mission.components.all()) or []
    comps += [ComponentFactory(mission=mission) for _ in range(components - len(comps))]
    mandate = mission.mandates.first() or MandateFactory(mission=mission)
    for _ in range(tasks - mandate.tasks.count()):
        TaskFactory(mandate=mandate)
    for i in range(have, objectives):
        objective = ObjectiveFactory(
            mission=mission, levels=[["national"], ["local", "regional"]][i % 2]
        )
        ContributionFactory(objective=objective, component=comps[i % len(comps)])
        if i % 3:
            MarkerFactory(objective=objective)


@pytest.mark.parametrize("page", ["", "contributions/"])
def test_query_count_is_the_same_at_5_and_200_objectives(client, editor, mission, page):
    client.force_login(editor)
    url = f"/missions/UNTEST/{page}"
    grow(mission, objectives=5, components=4, tasks=10)
    page_queries(client, url)  # warm the per-process caches
    small = page_queries(client, url)
    grow(mission, objectives=200, components=20, tasks=150)
    large = page_queries(client, url)
    assert_same_count(small, large)
    # The overview's autopilot panel reads two queries; the reader's missions by level, one.
    assert len(small) <= 17
