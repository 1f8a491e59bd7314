"""The overview and the contribution matrix cost the same queries at 5 and at 200 objectives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MandateFactory,
    MarkerFactory,
    ObjectiveFactory,
    TaskFactory,
)

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


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["", "contributions/"])
def test_query_count_is_the_same_at_5_and_200_objectives(client, editor, mission, page):
    client.force_login(editor)
    url = f"/missions/UNTEST/{page}"
    grow(mission, objectives=5, components=4, tasks=10)
    small = queries(client, url)
    grow(mission, objectives=200, components=20, tasks=150)
    large = queries(client, url)
    assert large == small
    # The overview's autopilot panel reads two queries; the reader's missions by level, one.
    assert small <= 17
