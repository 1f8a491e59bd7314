"""/api/v1/versions/ (read-only) and /api/v1/versions/compare/ (two versions, or the draft)."""

from __future__ import annotations

import pytest

from strategies.models import Objective
from strategies.services.versions import version_approve
from tests.factories import MembershipFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hom(member):
    return member("head_of_mission")


@pytest.fixture
def two_versions(mission, hom):
    """v1 with O1 at medium priority; v2 after O1 became high priority and O2 was added."""
    objective = ObjectiveFactory(mission=mission, code="O1", title="Dialogue", priority=2)
    first = version_approve(mission=mission, by=hom, note="First strategy.")
    Objective.objects.filter(pk=objective.pk).update(priority=1)
    ObjectiveFactory(mission=mission, code="O2", title="Elections")
    second = version_approve(mission=mission, by=hom, note="Recalibrated.")
    return first, second


def test_versions_are_listed_newest_first_without_snapshots(api, reader, two_versions):
    api.force_authenticate(reader)
    rows = api.get("/api/v1/versions/").json()["results"]
    assert [r["number"] for r in rows] == [2, 1]
    assert rows[0]["mission"] == "UNTEST"
    assert rows[0]["note"] == "Recalibrated."
    assert "snapshot" not in rows[0]


def test_a_version_detail_has_its_snapshot(api, reader, two_versions):
    first, _second = two_versions
    api.force_authenticate(reader)
    body = api.get(f"/api/v1/versions/{first.pk}/").json()
    assert body["number"] == 1
    assert [o["code"] for o in body["snapshot"]["objectives"]] == ["O1"]
    assert body["snapshot"]["objectives"][0]["priority"] == 2


def test_versions_are_read_only(api, editor, hom, two_versions):
    first, _ = two_versions
    for user in (editor, hom):
        api.force_authenticate(user)
        assert api.post("/api/v1/versions/", {"note": "x"}, format="json").status_code == 405
        url = f"/api/v1/versions/{first.pk}/"
        assert api.patch(url, {"note": "x"}, format="json").status_code == 405
        assert api.delete(url).status_code == 405


def test_versions_filter_by_mission_and_number(api, editor, two_versions, other_mission):
    MembershipFactory(mission=other_mission, user=editor, role="viewer")
    api.force_authenticate(editor)
    rows = api.get("/api/v1/versions/?mission=untest&number=1").json()["results"]
    assert [(r["mission"], r["number"]) for r in rows] == [("UNTEST", 1)]
    assert api.get("/api/v1/versions/?mission=UNOTHER").json()["results"] == []


def test_outsiders_see_no_versions(api, outsider, two_versions):
    first, _ = two_versions
    api.force_authenticate(outsider)
    assert api.get("/api/v1/versions/").json()["results"] == []
    assert api.get(f"/api/v1/versions/{first.pk}/").status_code == 404
    response = api.get("/api/v1/versions/compare/?mission=UNTEST&from=1&to=2")
    assert response.status_code == 404


def test_comparing_two_versions_says_what_changed_in_words(api, reader, two_versions):
    api.force_authenticate(reader)
    response = api.get("/api/v1/versions/compare/?mission=untest&from=1&to=2")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mission"] == "UNTEST"
    assert (body["from"]["number"], body["to"]["number"]) == (1, 2)
    assert body["from"]["label"] == "Version 1"
    assert body["to"]["approved_by"]
    sections = {s["key"]: s for s in body["sections"]}
    objectives = sections["objectives"]
    assert (objectives["added"], objectives["changed"], objectives["removed"]) == (1, 1, 0)
    changes = {c["subject"]: c for c in objectives["changes"]}
    assert changes["O1 Dialogue"]["kind"] == "changed"
    assert {"label": "Priority", "before": "Medium", "after": "High"} in changes["O1 Dialogue"][
        "details"
    ]
    assert changes["O2 Elections"]["kind"] == "added"
    assert sections["end_state"]["changes"] == []


def test_comparing_with_the_working_draft(api, reader, mission, two_versions):
    ObjectiveFactory(mission=mission, code="O3", title="Local peace")
    api.force_authenticate(reader)
    body = api.get("/api/v1/versions/compare/?mission=UNTEST&from=2").json()
    assert body["to"] == {
        "number": None,
        "label": "Working draft",
        "approved_at": None,
        "approved_by": None,
    }
    objectives = next(s for s in body["sections"] if s["key"] == "objectives")
    assert [(c["kind"], c["subject"]) for c in objectives["changes"]] == [
        ("added", "O3 Local peace")
    ]
    explicit = api.get("/api/v1/versions/compare/?mission=UNTEST&from=2&to=draft").json()
    assert explicit == body


def test_compare_names_what_is_wrong_with_the_query(api, reader, two_versions):
    api.force_authenticate(reader)
    response = api.get("/api/v1/versions/compare/?from=one")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"mission", "from"}
    response = api.get("/api/v1/versions/compare/?mission=UNTEST&from=1&to=7")
    assert response.status_code == 404
    assert response.json() == {"detail": "UNTEST has no version 7.", "errors": {}}
    response = api.get("/api/v1/versions/compare/?mission=UNKNOWN&from=1")
    assert response.status_code == 404
