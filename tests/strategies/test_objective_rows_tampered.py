"""The objective editor's rows (assumptions, risks, markers) are looked up among the objective's
own: a posted row id of another mission's or another objective's record is refused on the row,
exactly as an id that does not exist, and nothing is created or changed."""

from __future__ import annotations

import re

import pytest

from strategies.models import Assumption, ProgressMarker, Risk
from tests.factories import EndStateFactory, MarkerFactory, ObjectiveFactory
from tests.strategies.test_objective_editor import edit_data, objective_data

pytestmark = pytest.mark.django_db

REFUSED = "This row is not one of this objective&#x27;s: it may have been removed meanwhile."

ROWS = {
    "markers": (
        ProgressMarker,
        lambda objective: MarkerFactory(objective=objective),
        {"statement": "Half the disputes settled", "baseline": "10%", "target": "50%"},
    ),
    "assumptions": (
        Assumption,
        lambda objective: Assumption.objects.create(objective=objective, statement="Talks go on"),
        {"statement": "Talks go on", "rating": "holds"},
    ),
    "risks": (
        Risk,
        lambda objective: Risk.objects.create(
            objective=objective, description="Spoilers", severity="high"
        ),
        {"description": "Spoilers", "severity": "high", "mitigation": ""},
    ),
}


def row_data(prefix: str, pk: int, values: dict, *, initial: int = 1) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": initial}
    data.update({f"{prefix}-0-{key}": value for key, value in values.items()})
    data.update({f"{prefix}-0-id": pk, f"{prefix}-0-revision": 1})
    return data


def page(response) -> str:
    """The page without what differs between two answers anyway (nonces, CSRF tokens)."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf token>", html)


@pytest.fixture
def foreign_objective(other_mission):
    EndStateFactory(mission=other_mission)
    return ObjectiveFactory(mission=other_mission, code="X1")


@pytest.mark.parametrize("prefix", ROWS)
def test_a_row_of_another_mission_is_refused_as_a_missing_one(
    client, editor, mission, foreign_objective, prefix
):
    model, make, values = ROWS[prefix]
    objective = ObjectiveFactory(mission=mission, code="O1")
    foreign = make(foreign_objective)
    before = model.objects.count()
    client.force_login(editor)
    url = f"/missions/UNTEST/objectives/{objective.pk}/"

    tampered = client.post(url, edit_data(objective, **row_data(prefix, foreign.pk, values)))
    missing_id = foreign.pk + 10_000
    missing = client.post(url, edit_data(objective, **row_data(prefix, missing_id, values)))

    assert tampered.status_code == missing.status_code == 400
    assert REFUSED in tampered.content.decode()
    # The posted id comes back in the row's hidden input; all else is the same.
    posted_id = re.compile(rf'name="{prefix}-0-id" value="\d+"')
    assert posted_id.sub("", page(tampered)) == posted_id.sub("", page(missing))
    # Nothing was created, and the other mission's row is as it was.
    assert model.objects.count() == before
    assert not model.objects.filter(objective=objective).exists()
    foreign.refresh_from_db()
    assert foreign.objective_id == foreign_objective.pk and foreign.revision == 1


@pytest.mark.parametrize("prefix", ROWS)
def test_a_row_of_another_objective_of_the_mission_is_refused(client, editor, mission, prefix):
    model, make, values = ROWS[prefix]
    objective = ObjectiveFactory(mission=mission, code="O1")
    neighbour = make(ObjectiveFactory(mission=mission, code="O2"))
    client.force_login(editor)
    response = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/",
        edit_data(objective, **row_data(prefix, neighbour.pk, values)),
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert model.objects.filter(objective=objective).count() == 0
    neighbour.refresh_from_db()
    assert neighbour.revision == 1


def test_an_id_in_a_new_row_or_on_a_new_objective_is_refused(
    client, editor, mission, foreign_objective
):
    objective = ObjectiveFactory(mission=mission, code="O1")
    foreign = MarkerFactory(objective=foreign_objective)
    client.force_login(editor)
    values = ROWS["markers"][2]
    extra_row = row_data("markers", foreign.pk, values, initial=0)
    edited = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/", edit_data(objective, **extra_row)
    )
    created = client.post("/missions/UNTEST/objectives/new/", objective_data(**extra_row))
    for response in (edited, created):
        assert response.status_code == 400
        assert REFUSED in response.content.decode()
    assert ProgressMarker.objects.count() == 1
    assert not mission.objectives.filter(code="O9").exists()


def test_the_objectives_own_rows_still_save(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1")
    marker = MarkerFactory(objective=objective)
    client.force_login(editor)
    values = {**ROWS["markers"][2], "target": "75%"}
    response = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/",
        edit_data(objective, **row_data("markers", marker.pk, values)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    marker.refresh_from_db()
    assert marker.target == "75%" and marker.revision == 2
