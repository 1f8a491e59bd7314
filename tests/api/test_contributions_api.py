"""/api/v1/contributions/: the matrix cells; component leads write only their own row."""

from __future__ import annotations

import pytest

from strategies.models import Contribution
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    EndStateFactory,
    MembershipFactory,
    ObjectiveFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions/"


@pytest.fixture
def cells(mission):
    """Two components and two objectives of UNTEST."""
    return (
        ComponentFactory(mission=mission, name="Civil Affairs"),
        ComponentFactory(mission=mission, name="Force"),
        ObjectiveFactory(mission=mission, code="O1"),
        ObjectiveFactory(mission=mission, code="O2"),
    )


def test_editor_creates_a_contribution(api, editor, cells):
    civil, _force, o1, _o2 = cells
    api.force_authenticate(editor)
    response = api.post(
        URL,
        {"component": civil.pk, "objective": o1.pk, "role": "lead", "narrative": "Mediates."},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body | {"id": 0} == {
        "id": 0,
        "mission": "UNTEST",
        "component": civil.pk,
        "component_name": "Civil Affairs",
        "objective": o1.pk,
        "objective_code": "O1",
        "role": "lead",
        "narrative": "Mediates.",
        # Created without a level: the mission's default.
        "classification": 0,
        "named_readers": [],
        "revision": 1,
    }


def test_one_contribution_per_cell(api, editor, cells):
    civil, _force, o1, _o2 = cells
    ContributionFactory(component=civil, objective=o1)
    api.force_authenticate(editor)
    response = api.post(
        URL, {"component": civil.pk, "objective": o1.pk, "role": "support"}, format="json"
    )
    assert response.status_code == 409  # well formed, but that one exists already
    assert response.json()["errors"] == {
        "objective": ["Civil Affairs already contributes to O1: change that contribution instead."]
    }


def test_component_and_objective_must_share_a_mission(api, editor, cells, other_mission):
    civil, *_ = cells
    MembershipFactory(mission=other_mission, user=editor, role="strategy_editor")
    EndStateFactory(mission=other_mission)
    foreign = ObjectiveFactory(mission=other_mission)
    api.force_authenticate(editor)
    response = api.post(
        URL, {"component": civil.pk, "objective": foreign.pk, "role": "lead"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "objective": ["The objective must belong to the component's mission."]
    }


def test_role_is_lead_or_support(api, editor, cells):
    civil, _force, o1, _o2 = cells
    api.force_authenticate(editor)
    response = api.post(
        URL, {"component": civil.pk, "objective": o1.pk, "role": "boss"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]


def test_component_lead_writes_their_own_row_only(api, member, cells):
    civil, force, o1, o2 = cells
    lead = member("component_lead", component=civil)
    theirs = ContributionFactory(component=force, objective=o1)
    api.force_authenticate(lead)

    mine = api.post(URL, {"component": civil.pk, "objective": o2.pk, "role": "lead"}, format="json")
    assert mine.status_code == 201
    url = f"{URL}{mine.json()['id']}/"
    assert (
        api.patch(url, {"narrative": "Ours."}, format="json", HTTP_IF_MATCH="1").status_code == 200
    )

    refused = api.post(
        URL, {"component": force.pk, "objective": o2.pk, "role": "lead"}, format="json"
    )
    assert refused.status_code == 403
    assert not Contribution.objects.filter(component=force, objective=o2).exists()
    other_url = f"{URL}{theirs.pk}/"
    assert (
        api.patch(other_url, {"narrative": "x"}, format="json", HTTP_IF_MATCH="1").status_code
        == 403
    )
    assert api.delete(other_url, HTTP_IF_MATCH="1").status_code == 403
    assert api.delete(url, HTTP_IF_MATCH="2").status_code == 204


def test_the_cell_of_a_contribution_is_fixed(api, editor, cells):
    civil, force, o1, o2 = cells
    contribution = ContributionFactory(component=civil, objective=o1)
    api.force_authenticate(editor)
    response = api.patch(
        f"{URL}{contribution.pk}/",
        {"component": force.pk, "objective": o2.pk, "role": "support"},
        format="json",
        HTTP_IF_MATCH="1",
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert (contribution.component, contribution.objective, contribution.role) == (
        civil,
        o1,
        "support",
    )


def test_filters(api, editor, cells, other_mission):
    civil, force, o1, o2 = cells
    ContributionFactory(component=civil, objective=o1, role="lead")
    ContributionFactory(component=force, objective=o1, role="support")
    ContributionFactory(component=force, objective=o2, role="lead")
    MembershipFactory(mission=other_mission, user=editor, role="viewer")
    ContributionFactory(objective=ObjectiveFactory(mission=other_mission, code="X1"))
    api.force_authenticate(editor)

    def cells_for(query: str) -> list[tuple[str, str]]:
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [(r["component_name"], r["objective_code"]) for r in response.json()["results"]]

    assert len(cells_for("")) == 4
    assert len(cells_for("mission=UNTEST")) == 3
    assert cells_for(f"component={force.pk}") == [("Force", "O1"), ("Force", "O2")]
    assert cells_for(f"objective={o1.pk}") == [("Civil Affairs", "O1"), ("Force", "O1")]
    assert cells_for("objective_code=o2") == [("Force", "O2")]
    assert cells_for("mission=UNTEST&role=support") == [("Force", "O1")]
