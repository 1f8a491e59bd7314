"""Who may do what over the API: the one policy, role by role and write by write; outsiders
see nothing; lists cost the same number of queries at any size; every path is in the schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategies.models import StrategyVersion, TaskAlignment
from tests.api.conftest import ROLES, Strategy, if_match, make_strategy
from tests.factories import (
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
    UserFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Write:
    method: str
    url: Callable[[Strategy], str]
    body: Callable[[Strategy], dict[str, Any]] | None
    # "strategy": EDIT_STRATEGY; "own"/"other": EDIT_CONTRIBUTION on the lead's / another
    # component's row.
    right: str
    record: Callable[[Strategy], Any] | None = None  # sends If-Match for this record

    @property
    def success(self) -> int:
        return {"post": 201, "patch": 200, "delete": 204}[self.method]


def _detail(resource: str, attr: str) -> Callable[[Strategy], str]:
    return lambda s: f"/api/v1/{resource}/{getattr(s, attr).pk}/"


WRITES: dict[str, Write] = {
    "create objective": Write(
        "post",
        lambda s: "/api/v1/objectives/",
        lambda s: {"mission": "UNTEST", "code": "O9", "title": "New", "levels": ["national"]},
        "strategy",
    ),
    "change objective": Write(
        "patch",
        _detail("objectives", "objective"),
        lambda s: {"priority": 1},
        "strategy",
        lambda s: s.objective,
    ),
    "delete objective": Write(
        "delete", _detail("objectives", "spare"), None, "strategy", lambda s: s.spare
    ),
    "create own contribution": Write(
        "post",
        lambda s: "/api/v1/contributions/",
        lambda s: {"component": s.own.pk, "objective": s.spare.pk, "role": "support"},
        "own",
    ),
    "create other contribution": Write(
        "post",
        lambda s: "/api/v1/contributions/",
        lambda s: {"component": s.other.pk, "objective": s.spare.pk, "role": "support"},
        "other",
    ),
    "change own contribution": Write(
        "patch",
        _detail("contributions", "own_contribution"),
        lambda s: {"narrative": "Patrols open the roads the dialogue needs."},
        "own",
        lambda s: s.own_contribution,
    ),
    "change other contribution": Write(
        "patch",
        _detail("contributions", "other_contribution"),
        lambda s: {"role": "support"},
        "other",
        lambda s: s.other_contribution,
    ),
    "delete own contribution": Write(
        "delete",
        _detail("contributions", "own_contribution"),
        None,
        "own",
        lambda s: s.own_contribution,
    ),
    "delete other contribution": Write(
        "delete",
        _detail("contributions", "other_contribution"),
        None,
        "other",
        lambda s: s.other_contribution,
    ),
    "align task": Write(
        "post",
        lambda s: "/api/v1/alignments/",
        lambda s: {"task": s.task.pk, "objective": s.spare.pk},
        "strategy",
    ),
    "unalign task": Write("delete", _detail("alignments", "alignment"), None, "strategy"),
    "create stakeholder": Write(
        "post",
        lambda s: "/api/v1/stakeholders/",
        lambda s: {
            "mission": "UNTEST",
            "name": "Council of Elders",
            "kind": "civil_society",
            "level": "local",
            "influence": "high",
        },
        "strategy",
    ),
    "change stakeholder": Write(
        "patch",
        _detail("stakeholders", "stakeholder"),
        lambda s: {"influence": "low"},
        "strategy",
        lambda s: s.stakeholder,
    ),
    "delete stakeholder": Write(
        "delete",
        _detail("stakeholders", "stakeholder"),
        None,
        "strategy",
        lambda s: s.stakeholder,
    ),
    "record position": Write(
        "post",
        lambda s: "/api/v1/positions/",
        lambda s: {"stakeholder": s.stakeholder.pk, "objective": s.spare.pk, "stance": "opposes"},
        "strategy",
    ),
    "create driver": Write(
        "post",
        lambda s: "/api/v1/drivers/",
        lambda s: {"mission": "UNTEST", "level": "local", "title": "Land", "objectives": ["O1"]},
        "strategy",
    ),
    "change driver": Write(
        "patch",
        _detail("drivers", "driver"),
        lambda s: {"objectives": [s.spare.pk]},
        "strategy",
        lambda s: s.driver,
    ),
    "delete driver": Write(
        "delete", _detail("drivers", "driver"), None, "strategy", lambda s: s.driver
    ),
    "create exit condition": Write(
        "post",
        lambda s: "/api/v1/exit-conditions/",
        lambda s: {"mission": "UNTEST", "kind": "political", "description": "Elections held."},
        "strategy",
    ),
    "change exit condition": Write(
        "patch",
        _detail("exit-conditions", "exit_condition"),
        lambda s: {"status": "partly_met"},
        "strategy",
        lambda s: s.exit_condition,
    ),
    "delete exit condition": Write(
        "delete",
        _detail("exit-conditions", "exit_condition"),
        None,
        "strategy",
        lambda s: s.exit_condition,
    ),
}

RIGHTS = {
    "strategy_editor": {"strategy", "own", "other"},
    "chief_of_staff": {"strategy", "own", "other"},
    "component_lead": {"own"},
    "head_of_mission": set(),
    "desk_officer": set(),
    "viewer": set(),
}


def send(api, write: Write, strategy: Strategy):
    headers = if_match(write.record(strategy)) if write.record else {}
    body = write.body(strategy) if write.body else None
    return getattr(api, write.method)(write.url(strategy), body, format="json", **headers)


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_make_exactly_its_writes(api, member, strategy, role, name):
    write = WRITES[name]
    api.force_authenticate(member(role, component=strategy.own))
    response = send(api, write, strategy)
    expected = write.success if write.right in RIGHTS[role] else 403
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response.json()["errors"] == {}


def test_a_refused_write_changes_nothing(api, member, strategy):
    api.force_authenticate(member("viewer"))
    api.patch(
        f"/api/v1/objectives/{strategy.objective.pk}/",
        {"title": "Hijacked"},
        format="json",
        **if_match(strategy.objective),
    )
    strategy.objective.refresh_from_db()
    assert strategy.objective.title != "Hijacked"
    assert strategy.objective.revision == 1


def test_a_lead_cannot_move_a_contribution_to_their_component(api, member, strategy):
    """Component and objective are fixed at creation: a PATCH cannot re-home a row."""
    api.force_authenticate(member("component_lead", component=strategy.own))
    response = api.patch(
        f"/api/v1/contributions/{strategy.other_contribution.pk}/",
        {"component": strategy.own.pk},
        format="json",
        **if_match(strategy.other_contribution),
    )
    assert response.status_code == 403


def test_administrators_read_every_mission_but_write_nothing(api, strategy):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    api.force_authenticate(admin)
    assert api.get(f"/api/v1/objectives/{strategy.objective.pk}/").status_code == 200
    response = send(api, WRITES["change objective"], strategy)
    assert response.status_code == 403


DETAILS = {
    "objectives": "objective",
    "contributions": "own_contribution",
    "alignments": "alignment",
    "stakeholders": "stakeholder",
    "positions": "position",
    "drivers": "driver",
    "exit-conditions": "exit_condition",
}


@pytest.mark.parametrize("resource", sorted(DETAILS))
def test_outsider_gets_404_and_sees_no_rows(api, strategy, outsider, other_mission, resource):
    make_strategy(other_mission)  # the outsider's own mission has rows of every kind
    api.force_authenticate(outsider)
    record = getattr(strategy, DETAILS[resource])
    url = f"/api/v1/{resource}/{record.pk}/"
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "errors": {}}
    assert api.patch(url, {}, format="json", HTTP_IF_MATCH='"1"').status_code in (404, 405)
    assert api.delete(url, HTTP_IF_MATCH='"1"').status_code in (404, 405)
    assert record.__class__.objects.filter(pk=record.pk).exists()
    rows = api.get(f"/api/v1/{resource}/").json()["results"]
    assert rows, "the outsider sees their own mission's rows"
    assert {row["mission"] for row in rows} == {"UNOTHER"}
    assert api.get(f"/api/v1/{resource}/?mission=UNTEST").json()["results"] == []


def test_outsider_cannot_create_in_a_mission_they_do_not_hold(api, strategy, outsider):
    """The mission and records named are not found for them: 404 naming the fields."""
    api.force_authenticate(outsider)
    response = api.post(
        "/api/v1/objectives/",
        {"mission": "UNTEST", "code": "O9", "title": "Planted", "levels": ["national"]},
        format="json",
    )
    assert response.status_code == 404
    assert "mission" in response.json()["errors"]
    response = api.post(
        "/api/v1/contributions/",
        {"component": strategy.own.pk, "objective": strategy.spare.pk, "role": "lead"},
        format="json",
    )
    assert response.status_code == 404
    assert set(response.json()["errors"]) == {"component", "objective"}


def test_anonymous_callers_get_401(api, strategy):
    assert api.get("/api/v1/objectives/").status_code == 401
    assert api.post("/api/v1/objectives/", {}, format="json").status_code == 401


# -- list query counts ----------------------------------------------------------------------


def _objectives(mission, n):
    parent = ObjectiveFactory(mission=mission)
    for _ in range(n - 1):
        objective = ObjectiveFactory(mission=mission, parent=parent, owner=UserFactory())
        MarkerFactory(objective=objective)
        objective.assumptions.create(statement="The parties stay at the table.")
        objective.risks.create(description="Spoilers.", severity="high")


def _contributions(mission, n):
    for _ in range(n):
        ContributionFactory(objective=ObjectiveFactory(mission=mission))


def _alignments(mission, n):
    mandate = MandateFactory(mission=mission)
    objective = ObjectiveFactory(mission=mission)
    for _ in range(n):
        TaskAlignment.objects.create(task=TaskFactory(mandate=mandate), objective=objective)


def _stakeholders(mission, n):
    for _ in range(n):
        StakeholderFactory(mission=mission)


def _positions(mission, n):
    objective = ObjectiveFactory(mission=mission)
    for _ in range(n):
        PositionFactory(stakeholder=StakeholderFactory(mission=mission), objective=objective)


def _drivers(mission, n):
    objectives = [ObjectiveFactory(mission=mission) for _ in range(2)]
    for _ in range(n):
        DriverFactory(mission=mission).objectives.add(*objectives)


def _exit_conditions(mission, n):
    for _ in range(n):
        ExitConditionFactory(end_state=mission.current_end_state)


def _versions(mission, n):
    approver = UserFactory()
    start = StrategyVersion.objects.filter(mission=mission).count()
    for number in range(start + 1, start + n + 1):
        StrategyVersion.objects.create(
            mission=mission,
            number=number,
            end_state=mission.current_end_state,
            approved_by=approver,
            approved_at="2026-01-01T00:00Z",
            snapshot={"objectives": []},
        )


MAKERS = {
    "objectives": _objectives,
    "contributions": _contributions,
    "alignments": _alignments,
    "stakeholders": _stakeholders,
    "positions": _positions,
    "drivers": _drivers,
    "exit-conditions": _exit_conditions,
    "versions": _versions,
}


def _count_queries(api, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("resource", sorted(MAKERS))
def test_list_queries_do_not_grow_with_rows(api, editor, mission, resource):
    api.force_authenticate(editor)
    url = f"/api/v1/{resource}/?mission=UNTEST"
    MAKERS[resource](mission, 3)
    few, shown_few = _count_queries(api, url)
    MAKERS[resource](mission, 37)
    many, shown_many = _count_queries(api, url)
    assert shown_many > shown_few >= 3
    assert many == few, f"{resource}: {few} queries for {shown_few} rows, {many} for {shown_many}"


# -- schema ---------------------------------------------------------------------------------


def test_the_schema_has_every_path_and_documents_preconditions(api, editor):
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for resource in [*DETAILS, "versions"]:
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/versions/compare/" in paths
    patch = paths["/api/v1/objectives/{id}/"]["patch"]
    assert {"412", "428", "400", "403", "404"} <= set(patch["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert "ETag" in paths["/api/v1/objectives/{id}/"]["get"]["responses"]["200"]["headers"]
    assert "post" not in paths["/api/v1/versions/"]


def test_component_lead_sees_the_whole_matrix(api, member, strategy):
    """Leads write their own row but read every row of their mission."""
    api.force_authenticate(member("component_lead", component=strategy.own))
    rows = api.get("/api/v1/contributions/").json()["results"]
    assert {row["component"] for row in rows} == {strategy.own.pk, strategy.other.pk}


def test_members_of_two_missions_see_both(api, editor, other_mission, strategy):
    MembershipFactory(mission=other_mission, user=editor, role="viewer")
    other = make_strategy(other_mission)
    api.force_authenticate(editor)
    rows = api.get("/api/v1/objectives/").json()["results"]
    assert {row["mission"] for row in rows} == {"UNTEST", "UNOTHER"}
    # ...but write only where their role lets them.
    response = send(api, WRITES["change objective"], other)
    assert response.status_code == 403
