"""The transition view costs the same number of queries for 10 tasks as for 200."""

from __future__ import annotations

import pytest

from tests.factories import ExitConditionFactory, MandateFactory, TaskFactory
from tests.querycount import assert_same_count, page_queries
from tests.transition.conftest import URL, as_role
from transition.models import Handover

pytestmark = pytest.mark.django_db
KINDS = ["unct", "government", "regional", "ends"]
STATUSES = ["not_started", "in_preparation", "handed_over"]


def _mandate_with(mission, n: int, benchmarks):
    """``n`` tasks in a tree; two in three with a handover, to several receivers, each
    waiting on a benchmark; the rest without."""
    mandate = MandateFactory(mission=mission)
    parent = None
    for i in range(n):
        task = TaskFactory(
            mandate=mandate, reference=f"{i + 1}", position=i, parent=parent if i % 5 else None
        )
        parent = task if i % 5 == 0 else parent
        if i % 3:
            kind = KINDS[i % 4]
            status = STATUSES[i % 3]
            Handover.objects.create(
                mission=mission,
                task=task,
                receiver_kind=kind,
                receiver="" if kind == "ends" else f"Receiver {i % 7}",
                phase=1 + i % 9,
                status=status,
                handed_over_on=mandate.adopted_on if status == "handed_over" else None,
                depends_on=benchmarks[i % len(benchmarks)],
            )
    return mandate


@pytest.mark.parametrize("role", ["strategy_editor", "viewer"])
def test_the_view_does_not_grow_with_the_tasks(people, mission, role):
    benchmarks = [ExitConditionFactory(end_state=mission.current_end_state) for _ in range(3)]
    client = as_role(role)
    counts = []
    for n in (10, 200):
        Handover.objects.all().delete()
        mission.mandates.all().delete()
        _mandate_with(mission, n, benchmarks)  # an earlier mandate: the carry-over is read
        _mandate_with(mission, n, benchmarks)
        page_queries(client, URL)  # warm the per-process caches
        counts.append(page_queries(client, URL))
    small, large = counts
    assert_same_count(small, large)
