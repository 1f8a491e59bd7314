"""/api/v1/mandates/ and /api/v1/mandates/diff/: read for every role with access, scoped."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.models import Mandate
from mandates.parsing import parse_resolution
from mandates.services import mandate_import
from strategies.models import TaskAlignment
from tests.api.conftest import ROLES
from tests.factories import MandateFactory, ObjectiveFactory, TaskFactory
from tests.mandates.resolutions import RES_2729, RES_2775, as_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(mission) -> tuple[Mandate, Mandate]:
    old = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=None)
    new = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2775)), by=None)
    objective = ObjectiveFactory(mission=mission, code="O1")
    TaskAlignment.objects.create(task=old.tasks.get(reference="3 (b) (ii)"), objective=objective)
    return old, new


def diff_url(mission: str, old: Mandate, new: Mandate) -> str:
    return f"/api/v1/mandates/diff/?mission={mission}&old={old.pk}&new={new.pk}"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_mandates(api, member, renewal, role):
    api.force_authenticate(member(role))
    response = api.get("/api/v1/mandates/")
    assert response.status_code == 200
    assert [row["symbol"] for row in response.json()["results"]] == [
        "S/RES/2775 (2025)",
        "S/RES/2729 (2024)",
    ]


def test_list_is_scoped_and_filters_by_mission(api, editor, outsider, renewal, other_mission):
    MandateFactory(mission=other_mission, symbol="S/RES/9999 (2025)")
    api.force_authenticate(editor)
    symbols = [row["symbol"] for row in api.get("/api/v1/mandates/").json()["results"]]
    assert "S/RES/9999 (2025)" not in symbols
    filtered = api.get("/api/v1/mandates/?mission=untest").json()["results"]
    assert len(filtered) == 2
    assert api.get("/api/v1/mandates/?mission=UNOTHER").json()["results"] == []

    api.force_authenticate(outsider)
    rows = api.get("/api/v1/mandates/").json()["results"]
    assert [row["symbol"] for row in rows] == ["S/RES/9999 (2025)"]


def test_detail_has_the_tasks_nested_with_their_objectives(api, reader, renewal):
    old, _new = renewal
    api.force_authenticate(reader)
    body = api.get(f"/api/v1/mandates/{old.pk}/").json()
    assert body["mission"] == "UNTEST"
    assert body["expires_on"] == "2025-04-30" and body["chapter_vii"] is True
    assert len(body["tasks"]) == 26
    by_reference = {task["reference"]: task for task in body["tasks"]}
    task = by_reference["3 (b) (ii)"]
    assert task["parent_reference"] == "3 (b)"
    assert task["objectives"] == ["O1"]
    assert task["is_strategic_priority"] is True
    assert by_reference["1"]["parent_reference"] is None


def test_mandates_are_read_only(api, editor, renewal):
    old, _new = renewal
    api.force_authenticate(editor)
    assert api.post("/api/v1/mandates/", {"symbol": "x"}).status_code == 405
    assert api.delete(f"/api/v1/mandates/{old.pk}/").status_code == 405


def test_the_diff_as_json(api, reader, renewal):
    old, new = renewal
    api.force_authenticate(reader)
    response = api.get(diff_url("untest", old, new))
    assert response.status_code == 200
    body = response.json()
    assert body["mission"] == "UNTEST"
    assert body["old"]["symbol"] == "S/RES/2729 (2024)"
    assert body["new"]["symbol"] == "S/RES/2775 (2025)"
    assert body["counts"] == {"unchanged": 23, "reworded": 2, "material": 1, "new": 1, "dropped": 1}
    assert [t["reference"] for t in body["new_tasks"]] == ["3"]
    assert [t["reference"] for t in body["dropped_tasks"]] == ["4 (e)"]
    assert body["to_review"] == ["3", "4 (b) (ii)"]
    assert body["alignments_to_carry"] == 1
    material = next(pair for pair in body["reworded"] if pair["material"])
    assert material["old"]["reference"] == "3 (b) (ii)"
    assert material["new"]["reference"] == "4 (b) (ii)"
    assert material["old"]["objectives"] == ["O1"]
    assert {"op": "insert", "words": "and credible"} in material["changes"]
    assert 0.6 <= material["similarity"] < 0.9
    renumbered = next(p for p in body["unchanged"] if p["old"]["reference"] == "8")
    assert renumbered["new"]["reference"] == "9" and renumbered["changes"] == []


def test_diff_names_what_is_wrong_with_the_query(api, reader, renewal):
    api.force_authenticate(reader)
    response = api.get("/api/v1/mandates/diff/?mission=UNTEST&old=x")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"old", "new"}
    old, _new = renewal
    response = api.get(f"/api/v1/mandates/diff/?mission=UNTEST&old={old.pk}&new=999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "UNTEST has no mandate 999999.", "errors": {}}


def test_outsider_gets_404(api, outsider, renewal, other_mission):
    old, new = renewal
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/mandates/{old.pk}/").status_code == 404
    assert api.get(diff_url("UNTEST", old, new)).status_code == 404
    # Nor may they name their own mission with UNTEST's mandates.
    assert api.get(diff_url("UNOTHER", old, new)).status_code == 404


def test_anonymous_is_refused(api, renewal):
    old, new = renewal
    assert api.get("/api/v1/mandates/").status_code in (401, 403)
    assert api.get(diff_url("UNTEST", old, new)).status_code in (401, 403)


def _list_queries(api, user) -> int:
    # A fresh user object each time: the policy caches seats on it.
    api.force_authenticate(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/mandates/").status_code == 200
    return len(queries)


def test_the_list_costs_the_same_for_2_and_20_tasks(api, mission, reader):
    objective = ObjectiveFactory(mission=mission)
    mandate = MandateFactory(mission=mission)
    parent = TaskFactory(mandate=mandate)
    child = TaskFactory(mandate=mandate, parent=parent)
    TaskAlignment.objects.create(task=child, objective=objective)
    few = _list_queries(api, reader)

    second = MandateFactory(mission=mission)
    for _ in range(9):
        task = TaskFactory(mandate=second, parent=TaskFactory(mandate=second))
        TaskAlignment.objects.create(task=task, objective=ObjectiveFactory(mission=mission))
    assert Mandate.objects.get(pk=second.pk).tasks.count() + 2 == 20
    assert _list_queries(api, reader) == few


def test_the_schema_has_the_mandate_paths(api, editor):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"/api/v1/mandates/", "/api/v1/mandates/{id}/", "/api/v1/mandates/diff/"} <= set(paths)
    assert "post" not in paths["/api/v1/mandates/"]
    parameters = {p["name"] for p in paths["/api/v1/mandates/diff/"]["get"]["parameters"]}
    assert {"mission", "old", "new"} <= parameters
