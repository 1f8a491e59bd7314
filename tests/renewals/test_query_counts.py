"""The workspace and the documents cost the same number of queries for 10 tasks as for 100."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F

from renewals.models import Recommendation, Renewal, RenewalComment
from strategies.models import TaskAlignment
from tests.factories import MandateFactory, ObjectiveFactory, TaskFactory
from tests.querycount import assert_same_count, page_queries
from tests.renewals.conftest import as_role

pytestmark = pytest.mark.django_db


def _mandate_with(mission, n: int, objectives):
    """``n`` tasks in a tree, each aligned, each with a recommendation and a comment on it."""
    mandate = MandateFactory(mission=mission)
    renewal = Renewal.objects.create(mission=mission, mandate=mandate)
    parent = None
    for i in range(n):
        task = TaskFactory(
            mandate=mandate, reference=f"{i + 1}", position=i, parent=parent if i % 3 else None
        )
        parent = task if i % 3 == 0 else parent
        TaskAlignment.objects.create(task=task, objective=objectives[i % len(objectives)])
        recommendation = Recommendation.objects.create(
            renewal=renewal, task=task, action="keep", rationale="Core."
        )
        RenewalComment.objects.create(renewal=renewal, recommendation=recommendation, body="Ok")
    # The latest changes (a page's worth, whatever the size) are of one kind in both. In the
    # test's transaction every change bears the same time, so these are dated a moment later:
    # otherwise which changes come first depends on each history table's sequence.
    for _ in range(25):
        RenewalComment.objects.create(renewal=renewal, body="On the whole.")
    RenewalComment.pgh_event_model.objects.filter(
        pgh_obj__renewal=renewal, body="On the whole."
    ).update(pgh_created_at=F("pgh_created_at") + timedelta(seconds=1))
    return mandate


@pytest.mark.parametrize("path", ["", "export.docx", "export.xlsx"])
def test_queries_do_not_grow_with_the_tasks(people, mission, path):
    objectives = [ObjectiveFactory(mission=mission, code=f"O{i}") for i in range(1, 4)]
    small = _mandate_with(mission, 10, objectives)
    large = _mandate_with(mission, 100, objectives)
    client = as_role("strategy_editor")
    url = f"/missions/UNTEST/renewal/{path}?mandate="
    page_queries(client, url + str(small.pk))  # warm the per-process caches
    assert_same_count(*(page_queries(client, url + str(m.pk)) for m in (small, large)))


def test_the_outcome_page_costs_the_same_for_10_and_100_tasks(people, mission):
    objectives = [ObjectiveFactory(mission=mission, code=f"O{i}") for i in range(1, 4)]
    client = as_role("desk_officer")
    counts = []
    for n in (10, 100):
        old = _mandate_with(mission, n, objectives)
        new = _mandate_with(mission, n, objectives)
        url = f"/missions/UNTEST/renewal/outcome/?old={old.pk}&new={new.pk}"
        page_queries(client, url)
        counts.append(page_queries(client, url))
    assert_same_count(*counts)
