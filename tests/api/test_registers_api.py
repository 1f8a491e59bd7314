"""Stakeholders, positions, drivers, exit conditions and alignments over the API."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta

import pytest
from django.utils import timezone

from missions.models import Stakeholder
from strategies.models import ConflictDriver, ExitCondition, StakeholderPosition, TaskAlignment
from tests.factories import (
    DriverFactory,
    EndStateFactory,
    ExitConditionFactory,
    MandateFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_editor(api, editor):
    api.force_authenticate(editor)
    return api


# -- stakeholders ---------------------------------------------------------------------------


def test_stakeholders_are_created_in_a_mission_by_acronym(as_editor, mission):
    response = as_editor.post(
        "/api/v1/stakeholders/",
        {
            "mission": "UNTEST",
            "name": " African Union ",
            "kind": "regional_org",
            "level": "regional",
            "influence": "high",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "African Union"
    assert Stakeholder.objects.get(mission=mission, name="African Union").kind == "regional_org"


def test_stakeholder_names_are_unique_per_mission(as_editor, mission):
    StakeholderFactory(mission=mission, name="African Union")
    response = as_editor.post(
        "/api/v1/stakeholders/",
        {
            "mission": "UNTEST",
            "name": "african union",
            "kind": "regional_org",
            "level": "regional",
            "influence": "high",
        },
        format="json",
    )
    assert response.status_code == 409  # well formed, but that one exists already
    assert response.json()["errors"] == {
        "name": ["This mission already has a stakeholder called african union."]
    }


def test_stakeholder_choices_are_checked(as_editor, mission):
    response = as_editor.post(
        "/api/v1/stakeholders/",
        {"mission": "UNTEST", "name": "X", "kind": "alien", "level": "cosmic", "influence": "?"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "level", "influence"}


def test_stakeholder_filters(as_editor, mission):
    StakeholderFactory(mission=mission, name="Government", kind="host_government")
    StakeholderFactory(mission=mission, name="Youth network", influence="low")
    rows = as_editor.get("/api/v1/stakeholders/?mission=UNTEST&kind=host_government").json()
    assert [r["name"] for r in rows["results"]] == ["Government"]
    rows = as_editor.get("/api/v1/stakeholders/?influence=low&name=youth").json()
    assert [r["name"] for r in rows["results"]] == ["Youth network"]


def test_deleting_a_stakeholder_deletes_their_positions(as_editor, mission):
    position = PositionFactory(stakeholder=StakeholderFactory(mission=mission))
    url = f"/api/v1/stakeholders/{position.stakeholder_id}/"
    assert as_editor.delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert not StakeholderPosition.objects.filter(pk=position.pk).exists()


# -- positions ------------------------------------------------------------------------------


@pytest.fixture
def pair(mission):
    return StakeholderFactory(mission=mission, name="Government"), ObjectiveFactory(
        mission=mission, code="O1"
    )


def test_a_position_is_a_new_dated_row(as_editor, pair):
    stakeholder, objective = pair
    PositionFactory(
        stakeholder=stakeholder, objective=objective, as_of=date(2025, 1, 10), stance="opposes"
    )
    response = as_editor.post(
        "/api/v1/positions/",
        {
            "stakeholder": stakeholder.pk,
            "objective": objective.pk,
            "stance": "ambivalent",
            "as_of": "2025-06-01",
            "note": "Softened after the summit.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json() | {"id": 0} == {
        "id": 0,
        "mission": "UNTEST",
        "stakeholder": stakeholder.pk,
        "stakeholder_name": "Government",
        "objective": objective.pk,
        "objective_code": "O1",
        "stance": "ambivalent",
        "as_of": "2025-06-01",
        "note": "Softened after the summit.",
        "classification": 0,
        "named_readers": [],
        "revision": 1,
    }
    assert StakeholderPosition.objects.filter(stakeholder=stakeholder).count() == 2


def test_a_position_without_a_date_is_dated_today_in_the_mission(as_editor, pair):
    stakeholder, objective = pair
    response = as_editor.post(
        "/api/v1/positions/",
        {"stakeholder": stakeholder.pk, "objective": objective.pk, "stance": "supports"},
        format="json",
    )
    assert response.status_code == 201
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Africa/Nairobi"))
    assert response.json()["as_of"] == today.isoformat()


def test_one_position_per_stakeholder_objective_and_day(as_editor, pair):
    stakeholder, objective = pair
    PositionFactory(stakeholder=stakeholder, objective=objective, as_of=date(2025, 6, 1))
    response = as_editor.post(
        "/api/v1/positions/",
        {
            "stakeholder": stakeholder.pk,
            "objective": objective.pk,
            "stance": "opposes",
            "as_of": "2025-06-01",
        },
        format="json",
    )
    assert response.status_code == 409  # well formed, but that one exists already
    assert response.json()["errors"] == {
        "as_of": [
            "Government already has a position on O1 as of 2025-06-01. Positions are dated "
            "rows: record the new stance under another date."
        ]
    }


def test_a_position_cannot_be_dated_in_the_future(as_editor, pair):
    stakeholder, objective = pair
    response = as_editor.post(
        "/api/v1/positions/",
        {
            "stakeholder": stakeholder.pk,
            "objective": objective.pk,
            "stance": "supports",
            "as_of": (date.today() + timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]


def test_stakeholder_and_objective_must_share_a_mission(as_editor, editor, pair, other_mission):
    stakeholder, _objective = pair
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    EndStateFactory(mission=other_mission)
    foreign = ObjectiveFactory(mission=other_mission)
    response = as_editor.post(
        "/api/v1/positions/",
        {"stakeholder": stakeholder.pk, "objective": foreign.pk, "stance": "supports"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["objective"]


def test_positions_are_never_changed_only_added(as_editor, pair):
    position = PositionFactory(stakeholder=pair[0], objective=pair[1])
    url = f"/api/v1/positions/{position.pk}/"
    assert as_editor.patch(url, {"stance": "opposes"}, HTTP_IF_MATCH="1").status_code == 405
    assert as_editor.delete(url, HTTP_IF_MATCH="1").status_code == 405


def test_position_filters(as_editor, mission, pair):
    stakeholder, objective = pair
    other = StakeholderFactory(mission=mission, name="Opposition")
    PositionFactory(stakeholder=stakeholder, objective=objective, as_of=date(2025, 1, 1))
    PositionFactory(
        stakeholder=stakeholder, objective=objective, as_of=date(2025, 5, 1), stance="opposes"
    )
    PositionFactory(stakeholder=other, objective=objective, as_of=date(2025, 2, 1))

    def rows(query: str) -> list[tuple[str, str]]:
        response = as_editor.get(f"/api/v1/positions/?{query}")
        assert response.status_code == 200, response.content
        return [(r["stakeholder_name"], r["as_of"]) for r in response.json()["results"]]

    assert rows("mission=UNTEST") == [
        ("Government", "2025-05-01"),
        ("Government", "2025-01-01"),
        ("Opposition", "2025-02-01"),
    ]
    assert rows("stance=opposes") == [("Government", "2025-05-01")]
    assert rows(f"stakeholder={other.pk}") == [("Opposition", "2025-02-01")]
    assert rows("latest=true") == [("Government", "2025-05-01"), ("Opposition", "2025-02-01")]
    assert rows("latest=false") == [("Government", "2025-01-01")]
    assert rows("since=2025-02-01&until=2025-04-30") == [("Opposition", "2025-02-01")]
    assert rows(f"objective={objective.pk}&objective_code=o1") == rows("mission=UNTEST")


# -- drivers --------------------------------------------------------------------------------


def test_drivers_name_their_objectives_by_code_or_id(as_editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    response = as_editor.post(
        "/api/v1/drivers/",
        {
            "mission": "UNTEST",
            "level": "local",
            "title": "Land disputes",
            "leverage_points": "Customary chiefs",
            "objectives": ["o1", o2.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(body["objectives"]) == sorted([o1.pk, o2.pk])
    assert body["objective_codes"] == ["O1", "O2"]
    driver = ConflictDriver.objects.get(pk=body["id"])
    assert set(driver.objectives.all()) == {o1, o2}


def test_a_driver_cannot_name_an_objective_of_another_mission(
    as_editor, editor, mission, other_mission
):
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    EndStateFactory(mission=other_mission)
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    response = as_editor.post(
        "/api/v1/drivers/",
        {"mission": "UNTEST", "level": "local", "title": "T", "objectives": [foreign.pk, "O9"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "objectives": [
            f"UNTEST has no objective {foreign.pk}.",
            "UNTEST has no objective O9.",
        ]
    }
    response = as_editor.post(
        "/api/v1/drivers/",
        {"mission": "UNTEST", "level": "local", "title": "T", "objectives": [True]},
        format="json",
    )
    assert response.status_code == 400


def test_updating_a_driver_replaces_its_objectives(as_editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    driver = DriverFactory(mission=mission)
    driver.objectives.add(o1)
    url = f"/api/v1/drivers/{driver.pk}/"
    response = as_editor.patch(url, {"objectives": ["O2"]}, format="json", HTTP_IF_MATCH='"1"')
    assert response.json()["objective_codes"] == ["O2"]
    assert list(driver.objectives.all()) == [o2]
    # Leaving objectives out keeps them.
    response = as_editor.patch(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH='"2"')
    assert response.json()["objective_codes"] == ["O2"]
    response = as_editor.patch(url, {"objectives": []}, format="json", HTTP_IF_MATCH='"3"')
    assert response.json()["objectives"] == []


def test_driver_filters(as_editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    addressed = DriverFactory(mission=mission, title="Land", level="local")
    addressed.objectives.add(o1)
    DriverFactory(mission=mission, title="Arms flows", level="regional")

    def titles(query: str) -> list[str]:
        response = as_editor.get(f"/api/v1/drivers/?{query}")
        assert response.status_code == 200, response.content
        return [r["title"] for r in response.json()["results"]]

    assert titles("mission=UNTEST") == ["Land", "Arms flows"]  # by level, then title
    assert titles("level=regional") == ["Arms flows"]
    assert titles("addressed=false") == ["Arms flows"]
    assert titles("addressed=true") == ["Land"]
    assert titles(f"objective={o1.pk}") == ["Land"]
    assert titles("objective_code=o1") == ["Land"]


# -- exit conditions ------------------------------------------------------------------------


def test_exit_conditions_join_the_current_end_state(as_editor, mission):
    response = as_editor.post(
        "/api/v1/exit-conditions/",
        {"mission": "UNTEST", "kind": "political", "description": "Elections held peacefully."},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["end_state"] == mission.current_end_state.pk
    assert (body["mission"], body["status"]) == ("UNTEST", "not_met")


def test_conditions_of_a_superseded_end_state_are_history(as_editor, mission):
    old = mission.current_end_state
    kept = ExitConditionFactory(end_state=old, description="Old condition")
    old.superseded_on = date(2025, 1, 1)
    old.save()
    EndStateFactory(mission=mission, adopted_on=date(2025, 1, 1))
    current = ExitConditionFactory(end_state=mission.current_end_state, description="New")
    rows = as_editor.get("/api/v1/exit-conditions/").json()["results"]
    assert [r["id"] for r in rows] == [current.pk]
    assert as_editor.get(f"/api/v1/exit-conditions/{kept.pk}/").status_code == 404


def test_an_exit_condition_needs_an_end_state(as_editor, editor):
    MembershipFactory(mission=MissionFactory(acronym="UNBARE"), user=editor, role="chief_of_staff")
    response = as_editor.post(
        "/api/v1/exit-conditions/",
        {"mission": "UNBARE", "kind": "security", "description": "Calm"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["mission"]


def test_an_assessment_is_not_dated_in_the_future(as_editor, mission):
    condition = ExitConditionFactory(end_state=mission.current_end_state)
    response = as_editor.patch(
        f"/api/v1/exit-conditions/{condition.pk}/",
        {"status": "met", "last_assessed_on": (date.today() + timedelta(days=3)).isoformat()},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["last_assessed_on"]
    condition.refresh_from_db()
    assert condition.status == "not_met"


def test_exit_condition_filters(as_editor, mission):
    ExitConditionFactory(end_state=mission.current_end_state, kind="political", status="met")
    ExitConditionFactory(end_state=mission.current_end_state, kind="security")
    rows = as_editor.get("/api/v1/exit-conditions/?mission=untest&status=met").json()
    assert [r["kind"] for r in rows["results"]] == ["political"]
    rows = as_editor.get("/api/v1/exit-conditions/?kind=security").json()
    assert [r["status"] for r in rows["results"]] == ["not_met"]
    assert ExitCondition.objects.count() == 2


# -- alignments -----------------------------------------------------------------------------


@pytest.fixture
def task(mission):
    return TaskFactory(mandate=MandateFactory(mission=mission, symbol="S/RES/2800 (2025)"))


def test_a_task_is_aligned_to_an_objective_and_unaligned(as_editor, mission, task):
    objective = ObjectiveFactory(mission=mission, code="O1")
    response = as_editor.post(
        "/api/v1/alignments/", {"task": task.pk, "objective": objective.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body | {"id": 0} == {
        "id": 0,
        "mission": "UNTEST",
        "mandate": "S/RES/2800 (2025)",
        "task": task.pk,
        "task_reference": task.reference,
        "objective": objective.pk,
        "objective_code": "O1",
    }
    assert as_editor.delete(f"/api/v1/alignments/{body['id']}/").status_code == 204
    assert not TaskAlignment.objects.exists()


def test_an_alignment_is_made_once(as_editor, mission, task):
    objective = ObjectiveFactory(mission=mission, code="O1")
    TaskAlignment.objects.create(task=task, objective=objective)
    response = as_editor.post(
        "/api/v1/alignments/", {"task": task.pk, "objective": objective.pk}, format="json"
    )
    assert response.status_code == 409  # well formed, but that one exists already
    assert response.json()["errors"] == {
        "objective": [f"OP {task.reference} is already aligned to O1."]
    }


def test_task_and_objective_must_share_a_mission(as_editor, editor, task, other_mission):
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    EndStateFactory(mission=other_mission)
    foreign = ObjectiveFactory(mission=other_mission)
    response = as_editor.post(
        "/api/v1/alignments/", {"task": task.pk, "objective": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "objective": ["The task and the objective must belong to the same mission."]
    }


def test_alignments_are_not_edited_in_place(as_editor, mission, task):
    alignment = TaskAlignment.objects.create(task=task, objective=ObjectiveFactory(mission=mission))
    url = f"/api/v1/alignments/{alignment.pk}/"
    assert as_editor.patch(url, {"objective": 1}, format="json").status_code == 405


def test_alignment_filters(as_editor, mission, task):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    second = TaskFactory(mandate=task.mandate)
    TaskAlignment.objects.create(task=task, objective=o1)
    TaskAlignment.objects.create(task=second, objective=o1)
    TaskAlignment.objects.create(task=second, objective=o2)

    def pairs(query: str) -> list[tuple[str, str]]:
        response = as_editor.get(f"/api/v1/alignments/?{query}")
        assert response.status_code == 200, response.content
        return [(r["task_reference"], r["objective_code"]) for r in response.json()["results"]]

    assert len(pairs("mission=UNTEST")) == 3
    assert pairs(f"objective={o2.pk}") == [(second.reference, "O2")]
    assert pairs(f"task={task.pk}") == [(task.reference, "O1")]
    assert pairs("objective_code=o1") == [(task.reference, "O1"), (second.reference, "O1")]
    assert len(pairs(f"mandate={task.mandate_id}")) == 3


def test_an_exit_condition_is_assessed_not_reworded(as_editor, mission):
    """As on the exit conditions screen: wording and kind are set once (versions match on them)."""
    condition = ExitConditionFactory(end_state=mission.current_end_state, kind="security")
    response = as_editor.patch(
        f"/api/v1/exit-conditions/{condition.pk}/",
        {"description": "Reworded", "kind": "political", "status": "partly_met"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    condition.refresh_from_db()
    assert (condition.kind, condition.status) == ("security", "partly_met")
    assert condition.description != "Reworded"


def test_a_write_naming_only_an_unknown_record_is_404_and_a_malformed_id_400(
    as_editor, pair, other_mission
):
    _stakeholder, objective = pair
    elsewhere = StakeholderFactory(mission=other_mission)
    answers = []
    for named in (elsewhere.pk, elsewhere.pk + 10_000):
        response = as_editor.post(
            "/api/v1/positions/",
            {"stakeholder": named, "objective": objective.pk, "stance": "supports"},
            format="json",
        )
        assert response.status_code == 404, response.content
        assert list(response.json()["errors"]) == ["stakeholder"]
        answers.append(response.json()["errors"]["stakeholder"][0].replace(str(named), "#"))
    assert answers[0] == answers[1]
    malformed = as_editor.post(
        "/api/v1/positions/",
        {"stakeholder": "one", "objective": objective.pk, "stance": "supports"},
        format="json",
    )
    assert malformed.status_code == 400
    listed = as_editor.get("/api/v1/positions/", {"stakeholder": elsewhere.pk + 10_000})
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert as_editor.get("/api/v1/positions/", {"stakeholder": "one"}).status_code == 400
