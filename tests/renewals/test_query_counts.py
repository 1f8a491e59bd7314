"""The workspace and the documents cost the same number of queries for 10 tasks as for 100."""

from __future__ import annotations

import difflib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from renewals.models import Recommendation, Renewal, RenewalComment
from strategies.models import TaskAlignment
from tests.factories import MandateFactory, ObjectiveFactory, TaskFactory
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


def _queries(client, url: str) -> list[str]:
    """The page's own queries: the session's (read from the cache, or from the database when
    another test emptied the shared cache) are the same for every page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"][:400] for q in captured.captured_queries if "django_session" not in q["sql"]]


def _same_count(small: list[str], large: list[str]) -> None:
    diff = "\n".join(difflib.unified_diff(small, large, lineterm="", n=0))
    assert len(small) == len(large), diff


@pytest.mark.parametrize("path", ["", "export.docx", "export.xlsx"])
def test_queries_do_not_grow_with_the_tasks(people, mission, path):
    objectives = [ObjectiveFactory(mission=mission, code=f"O{i}") for i in range(1, 4)]
    small = _mandate_with(mission, 10, objectives)
    large = _mandate_with(mission, 100, objectives)
    client = as_role("strategy_editor")
    url = f"/missions/UNTEST/renewal/{path}?mandate="
    _queries(client, url + str(small.pk))  # warm the per-process caches
    _same_count(*(_queries(client, url + str(m.pk)) for m in (small, large)))


def test_the_outcome_page_costs_the_same_for_10_and_100_tasks(people, mission):
    objectives = [ObjectiveFactory(mission=mission, code=f"O{i}") for i in range(1, 4)]
    client = as_role("desk_officer")
    counts = []
    for n in (10, 100):
        old = _mandate_with(mission, n, objectives)
        new = _mandate_with(mission, n, objectives)
        url = f"/missions/UNTEST/renewal/outcome/?old={old.pk}&new={new.pk}"
        _queries(client, url)
        counts.append(_queries(client, url))
    _same_count(*counts)
