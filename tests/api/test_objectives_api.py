"""/api/v1/objectives/: created, read and changed with the objective editor's rules."""

from __future__ import annotations

import pytest
from pghistory.models import Context

from missions.models import EndState
from strategies.models import Objective
from tests.factories import (
    EndStateFactory,
    MarkerFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/objectives/"


@pytest.fixture
def as_editor(api, editor):
    api.force_authenticate(editor)
    return api


def new(**extra):
    return {
        "mission": "untest",
        "code": " o7 ",
        "title": "Local peace",
        "levels": ["local"],
    } | extra


def test_editor_creates_an_objective_serving_the_current_end_state(as_editor, mission):
    response = as_editor.post(URL, new(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mission"] == "UNTEST"
    assert body["code"] == "O7"
    assert body["end_state"] == mission.current_end_state.pk
    assert (body["phase"], body["priority"], body["status"]) == (1, 2, "active")
    assert body["revision"] == 1
    assert response["ETag"] == '"1"'
    assert Objective.objects.get(pk=body["id"]).end_state == mission.current_end_state


def test_api_changes_are_kept_in_history_under_the_mission(as_editor, mission):
    as_editor.post(URL, new(), format="json")
    assert Context.objects.filter(metadata__mission="UNTEST").exists()


def test_a_code_is_unique_in_its_mission_ignoring_case(as_editor, mission, other_mission):
    ObjectiveFactory(mission=mission, code="O7")
    ObjectiveFactory(mission=other_mission, code="O8")
    response = as_editor.post(URL, new(code="o7"), format="json")
    # Well formed, but the code is taken: a conflict with the other objective.
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"code": ["Another objective of this mission already has code O7."]},
    }
    # Another mission's codes do not clash.
    assert as_editor.post(URL, new(code="O8"), format="json").status_code == 201


def test_renaming_to_a_taken_code_is_refused(as_editor, mission):
    ObjectiveFactory(mission=mission, code="O1")
    second = ObjectiveFactory(mission=mission, code="O2")
    response = as_editor.patch(
        f"{URL}{second.pk}/", {"code": "O1"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["code"]
    # Keeping its own code is fine.
    response = as_editor.patch(
        f"{URL}{second.pk}/", {"code": "o2"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200


def test_the_parent_must_be_of_the_same_mission(as_editor, editor, mission, other_mission):
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    EndStateFactory(mission=other_mission)
    foreign = ObjectiveFactory(mission=other_mission)
    response = as_editor.post(URL, new(parent=foreign.pk), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "parent": ["The parent must be an objective of the same mission."]
    }


def test_a_parent_the_caller_cannot_see_does_not_exist(as_editor, other_mission):
    hidden = ObjectiveFactory(mission=other_mission)
    response = as_editor.post(URL, new(parent=hidden.pk), format="json")
    assert response.status_code == 404
    assert "does not exist" in response.json()["errors"]["parent"][0]


def test_an_objective_cannot_feed_itself_or_its_descendants(as_editor, mission):
    top = ObjectiveFactory(mission=mission, code="O1")
    middle = ObjectiveFactory(mission=mission, code="O1.1", parent=top)
    ObjectiveFactory(mission=mission, code="O1.1.1", parent=middle)
    grandchild = Objective.objects.get(code="O1.1.1")
    for parent in (top, grandchild):
        response = as_editor.patch(
            f"{URL}{top.pk}/", {"parent": parent.pk}, format="json", HTTP_IF_MATCH='"1"'
        )
        assert response.status_code == 400
        assert response.json()["errors"]["parent"] == [
            "An objective cannot feed itself or one of the objectives that feed it."
        ]
    top.refresh_from_db()
    assert top.parent is None


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([], "Choose at least one level of engagement."),
        (["galactic"], '"galactic" is not a valid choice.'),
        ("national", 'Expected a list of items but got type "str".'),
    ],
)
def test_levels_come_from_the_list_of_levels(as_editor, mission, levels, message):
    response = as_editor.post(URL, new(levels=levels), format="json")
    assert response.status_code == 400
    # An item's errors are under its path, such as "levels.0".
    errors = response.json()["errors"]
    flat = [m for name, ms in errors.items() if name.split(".")[0] == "levels" for m in ms]
    assert message in flat


def test_repeated_levels_are_kept_once(as_editor, mission):
    response = as_editor.post(URL, new(levels=["local", "national", "local"]), format="json")
    assert response.json()["levels"] == ["local", "national"]


@pytest.mark.parametrize("phase", [0, 10])
def test_the_phase_is_from_1_to_9(as_editor, mission, phase):
    response = as_editor.post(URL, new(phase=phase), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"phase": ["The phase is a number from 1 to 9."]}


def test_the_owner_must_hold_a_role_in_the_mission(as_editor, editor, mission, outsider):
    response = as_editor.post(URL, new(owner=UserFactory().pk), format="json")
    assert response.status_code == 404
    assert "owner" in response.json()["errors"]
    # Who else may own one (not a viewer or desk officer): tests/strategies/test_objective_owner.py
    response = as_editor.post(URL, new(owner=editor.pk), format="json")
    assert response.status_code == 201
    assert response.json()["owner"] == editor.pk
    assert response.json()["owner_name"] == editor.get_full_name()


def test_an_objective_needs_an_end_state_to_serve(as_editor, editor):
    mission = MissionFactory(acronym="UNBARE")
    MembershipFactory(mission=mission, user=editor, role="strategy_editor")
    response = as_editor.post(URL, new(mission="UNBARE"), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["mission"]
    assert not EndState.objects.filter(mission=mission).exists()


def test_required_fields_are_named(as_editor, mission):
    response = as_editor.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"mission", "code", "title", "levels"}


def test_the_mission_of_an_objective_does_not_change(as_editor, editor, mission, other_mission):
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    objective = ObjectiveFactory(mission=mission)
    response = as_editor.patch(
        f"{URL}{objective.pk}/", {"mission": "UNOTHER"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response.json()["mission"] == "UNTEST"


def test_detail_nests_assumptions_risks_and_markers(as_editor, mission):
    objective = ObjectiveFactory(mission=mission)
    objective.assumptions.create(statement="The parties stay at the table.", rating="holds")
    objective.risks.create(description="Spoilers walk out.", severity="high")
    MarkerFactory(objective=objective, baseline="None", target="Monthly")
    body = as_editor.get(f"{URL}{objective.pk}/").json()
    assert [a["statement"] for a in body["assumptions"]] == ["The parties stay at the table."]
    assert body["risks"][0]["severity"] == "high"
    assert body["markers"][0]["target"] == "Monthly"
    assert set(body["markers"][0]) >= {"id", "statement", "baseline", "latest_reading", "revision"}


def test_nested_records_are_read_only_here(as_editor, mission):
    objective = ObjectiveFactory(mission=mission)
    response = as_editor.patch(
        f"{URL}{objective.pk}/",
        {"markers": [{"statement": "Planted"}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    assert not objective.markers.exists()


def test_filters(as_editor, editor, mission, other_mission):
    MembershipFactory(mission=other_mission, user=editor, role="viewer")
    EndStateFactory(mission=other_mission)
    top = ObjectiveFactory(mission=mission, code="O1", levels=["national", "local"])
    ObjectiveFactory(mission=mission, code="O2", levels=["regional"], status="achieved")
    ObjectiveFactory(mission=mission, code="O3", levels=["local"], parent=top, priority=1)
    ObjectiveFactory(mission=other_mission, code="X1", levels=["local"])

    def codes(query: str) -> list[str]:
        response = as_editor.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert codes("") == ["X1", "O1", "O2", "O3"]  # by mission acronym, then code
    assert codes("mission=untest") == ["O1", "O2", "O3"]
    assert codes("mission=UNTEST&level=local") == ["O1", "O3"]
    assert codes("status=achieved") == ["O2"]
    assert codes(f"parent={top.pk}") == ["O3"]
    assert codes("priority=1") == ["O3"]
    assert codes("code=o2") == ["O2"]
    bad = as_editor.get(f"{URL}?level=galactic")
    assert bad.status_code == 400
    assert "level" in bad.json()["errors"]


def test_deleting_an_objective(as_editor, mission):
    objective = ObjectiveFactory(mission=mission)
    url = f"{URL}{objective.pk}/"
    assert as_editor.delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert not Objective.objects.filter(pk=objective.pk).exists()
