"""A record the caller may not read, named by id in a write, answers exactly as a record of
another mission: the same status (404) and message on that field, and nothing is written.

Every writable related field of the API (``ScopedPrimaryKeyRelatedField``) applies the
need-to-know rule for the request's user, as the models' managers do for every read: an
objective marked Strictly confidential and naming nobody is hidden from the strategy editor
and the chief of staff (the mission does not let the chief read every such record), and so
is everything hanging on it. Named on the record, the same caller may write against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from benchmarks.models import MarkerMeasure, MarkerValue
from missions.classification import Classification
from reviews.models import Decision
from strategies.models import Contribution, Objective, StakeholderPosition, TaskAlignment
from tests.factories import MarkerFactory, ObjectiveFactory, TaskFactory
from tests.reviews.assess_data import Sheet, make_sheet

pytestmark = pytest.mark.django_db

HIDDEN = {"classification": Classification.STRICTLY_CONFIDENTIAL, "named_readers": []}


@dataclass
class World:
    sheet: Sheet
    hidden: Objective  # UNTEST's, Strictly confidential, naming nobody
    foreign: Objective  # UNOTHER's, where nobody of the sheet holds a role


@pytest.fixture
def world(mission, other_mission) -> World:
    sheet = make_sheet(mission)
    hidden = ObjectiveFactory(mission=mission, code="O9", title="Talks with the KLF", **HIDDEN)
    foreign = ObjectiveFactory(mission=other_mission, code="O9", title="Talks elsewhere")
    return World(sheet=sheet, hidden=hidden, foreign=foreign)


def _measured_marker(objective: Objective) -> int:
    marker = MarkerFactory(objective=objective, statement="Rounds of talks held")
    MarkerMeasure.objects.create(mission=objective.mission, marker=marker, unit="rounds", target=6)
    return marker.pk


@dataclass
class Case:
    """One write naming an objective (or a record on one) by id in ``field``."""

    prefix: str
    role: str
    field: str
    model: type[models.Model]  # the rows the write would add
    body: Any  # (world, objective) -> the request body

    def __str__(self) -> str:
        return f"{self.prefix}.{self.field}"


CASES = [
    Case(
        "contributions",
        "strategy_editor",
        "objective",
        Contribution,
        lambda w, o: {
            "component": w.sheet.own.pk,
            "objective": o.pk,
            "role": "lead",
            "narrative": "Brings the parties together.",
        },
    ),
    Case(
        "alignments",
        "strategy_editor",
        "objective",
        TaskAlignment,
        lambda w, o: {"task": TaskFactory(mandate__mission=w.sheet.mission).pk, "objective": o.pk},
    ),
    Case(
        "positions",
        "strategy_editor",
        "objective",
        StakeholderPosition,
        lambda w, o: {
            "stakeholder": w.sheet.stakeholders[0].pk,
            "objective": o.pk,
            "stance": "supports",
        },
    ),
    Case(
        "decisions",
        "chief_of_staff",
        "objective",
        Decision,
        lambda w, o: {
            "review": w.sheet.review.pk,
            "kind": "keep",
            "objective": o.pk,
            "rationale": "Still the right objective.",
        },
    ),
    # A marker hangs on its objective: hidden with it.
    Case(
        "marker-values",
        "strategy_editor",
        "marker",
        MarkerValue,
        lambda w, o: {
            "marker": _measured_marker(o),
            "value": "2",
            "read_on": (w.sheet.mission.today() - timedelta(days=1)).isoformat(),
        },
    ),
]


def _answer(response, probe: Any) -> tuple[int, str]:
    """Status and body, the probed id itself blanked (a message may quote it)."""
    body = json.dumps(response.json(), sort_keys=True)
    return response.status_code, body.replace(str(probe), "<probed>")


def _rows(model: type[models.Model]) -> set[int]:
    # The base manager: what is in the table, whoever reads.
    return set(model._base_manager.values_list("pk", flat=True))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_hidden_record_is_refused_as_one_of_another_mission(api, world, case):
    caller = world.sheet.people[case.role]
    api.force_authenticate(caller)
    url = f"/api/v1/{case.prefix}/"
    before = _rows(case.model)

    hidden_body = case.body(world, world.hidden)
    foreign_body = case.body(world, world.foreign)
    by_hidden = api.post(url, hidden_body, format="json")
    by_foreign = api.post(url, foreign_body, format="json")

    # The API's answer to a record the caller cannot see: 404, the field named (api_errors).
    assert by_hidden.status_code == 404, by_hidden.content
    assert list(by_hidden.json()["errors"]) == [case.field]
    assert _answer(by_hidden, hidden_body[case.field]) == _answer(
        by_foreign, foreign_body[case.field]
    )
    assert _rows(case.model) == before

    # Named on the objective, the same caller reads it and may write against it.
    Objective._base_manager.filter(pk=world.hidden.pk).update(named_readers=[caller.pk])
    created = api.post(url, case.body(world, world.hidden), format="json")
    assert created.status_code == 201, created.content
    assert _rows(case.model) - before == {created.json()["id"]}


def test_a_decision_cannot_be_moved_onto_a_hidden_objective(api, world):
    """A change names its record through the same field: refused, the decision unchanged."""
    sheet = world.sheet
    decision = Decision.objects.create(
        review=sheet.review, kind="keep", objective=sheet.o2, rationale="Still right."
    )
    api.force_authenticate(sheet.people["chief_of_staff"])
    url = f"/api/v1/decisions/{decision.pk}/"

    def move_to(objective: Objective):
        decision.refresh_from_db()
        return api.patch(
            url,
            {"objective": objective.pk},
            format="json",
            HTTP_IF_MATCH=f'"{decision.revision}"',
        )

    by_hidden, by_foreign = move_to(world.hidden), move_to(world.foreign)
    assert by_hidden.status_code == 404, by_hidden.content
    assert list(by_hidden.json()["errors"]) == ["objective"]
    assert _answer(by_hidden, world.hidden.pk) == _answer(by_foreign, world.foreign.pk)
    decision.refresh_from_db()
    assert decision.objective_id == sheet.o2.pk


def test_refusing_a_hidden_record_costs_what_refusing_a_foreign_one_does(api, world):
    """Flat: the check is a condition of the one lookup, on the missions the reader reads
    (read once per request, for the policy), not queries of its own."""
    editor = world.sheet.people["strategy_editor"]
    url = "/api/v1/alignments/"
    task = TaskFactory(mandate__mission=world.sheet.mission).pk

    def queries(objective_id: int) -> int:
        # A fresh user object each time, as an API token gives every request.
        api.force_authenticate(get_user_model().objects.get(pk=editor.pk))
        with CaptureQueriesContext(connection) as captured:
            response = api.post(url, {"task": task, "objective": objective_id}, format="json")
        assert response.status_code == 404
        return len(captured)

    queries(world.foreign.pk)  # warm what a first request reads once (throttle, caches)
    missing = Objective._base_manager.order_by("-pk").first().pk + 10_000
    assert queries(world.hidden.pk) == queries(world.foreign.pk) == queries(missing)
