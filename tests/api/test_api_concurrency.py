"""Optimistic concurrency over the API: ETag on reads; If-Match on writes (428 without it,
412 with a stale one and nothing changed, 200 and a new ETag with the right one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F
from rest_framework.serializers import BaseSerializer

from strategies.models import Objective
from tests.api.conftest import Strategy

pytestmark = pytest.mark.django_db


@dataclass
class Editable:
    resource: str
    attr: str
    change: dict[str, Any]
    field: str  # a model field the change sets, to check in the database


EDITABLE = [
    Editable("objectives", "objective", {"title": "Inclusive dialogue"}, "title"),
    Editable("contributions", "own_contribution", {"narrative": "Opens the roads."}, "narrative"),
    Editable("stakeholders", "stakeholder", {"notes": "Met in March."}, "notes"),
    Editable("drivers", "driver", {"entry_points": "Land commissions."}, "entry_points"),
    Editable("exit-conditions", "exit_condition", {"evidence": "Electoral report."}, "evidence"),
]
IDS = [e.resource for e in EDITABLE]


def _url(e: Editable, strategy: Strategy) -> str:
    return f"/api/v1/{e.resource}/{getattr(strategy, e.attr).pk}/"


@pytest.fixture
def as_editor(api, editor):
    api.force_authenticate(editor)
    return api


@pytest.mark.parametrize("e", EDITABLE, ids=IDS)
def test_a_read_carries_the_revision_as_etag(as_editor, strategy, e):
    response = as_editor.get(_url(e, strategy))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["revision"] == 1
    rows = as_editor.get(f"/api/v1/{e.resource}/").json()["results"]
    assert all(row["revision"] == 1 for row in rows)


@pytest.mark.parametrize("e", EDITABLE, ids=IDS)
def test_a_write_without_if_match_gets_428_naming_the_header(as_editor, strategy, e):
    response = as_editor.patch(_url(e, strategy), e.change, format="json")
    assert response.status_code == 428
    body = response.json()
    assert "If-Match" in body["detail"]
    assert body["errors"] == {"If-Match": ["This header is required."]}
    record = getattr(strategy, e.attr)
    record.refresh_from_db()
    assert getattr(record, e.field) != e.change[e.field]
    assert as_editor.delete(_url(e, strategy)).status_code == 428
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("e", EDITABLE, ids=IDS)
def test_a_stale_write_gets_412_with_the_current_record_and_changes_nothing(as_editor, strategy, e):
    record = getattr(strategy, e.attr)
    # Someone else saved meanwhile: the row is now at revision 2.
    type(record).objects.filter(pk=record.pk).update(revision=F("revision") + 1)
    response = as_editor.patch(_url(e, strategy), e.change, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    body = response.json()
    assert body["current"]["id"] == record.pk
    assert body["current"]["revision"] == 2
    assert body["errors"] == {"If-Match": ['The record is now at "2".']}
    assert response["ETag"] == '"2"'
    record.refresh_from_db()
    assert record.revision == 2
    assert getattr(record, e.field) != e.change[e.field]


@pytest.mark.parametrize("e", EDITABLE, ids=IDS)
def test_the_right_if_match_writes_and_answers_with_the_new_etag(as_editor, strategy, e):
    response = as_editor.patch(_url(e, strategy), e.change, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert response.json()["revision"] == 2
    record = getattr(strategy, e.attr)
    record.refresh_from_db()
    assert record.revision == 2
    assert getattr(record, e.field) == e.change[e.field]
    # The old ETag is now stale.
    again = as_editor.patch(_url(e, strategy), e.change, format="json", HTTP_IF_MATCH='"1"')
    assert again.status_code == 412


@pytest.mark.parametrize("header", ['"1"', "1", 'W/"1"', ' "1" ', '"7", "1"'])
def test_if_match_is_accepted_in_its_usual_forms(as_editor, strategy, header):
    response = as_editor.patch(
        f"/api/v1/objectives/{strategy.objective.pk}/",
        {"phase": 2},
        format="json",
        HTTP_IF_MATCH=header,
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("header", ["*", "abc", '"v1"', "", 'W/1"', '"1', 'w/"1"', '"1",'])
def test_if_match_that_names_no_revision_is_refused(as_editor, strategy, header):
    response = as_editor.patch(
        f"/api/v1/objectives/{strategy.objective.pk}/",
        {"phase": 2},
        format="json",
        HTTP_IF_MATCH=header,
    )
    assert response.status_code in (400, 428)
    assert "If-Match" in response.json()["errors"]
    strategy.objective.refresh_from_db()
    assert strategy.objective.phase == 1


def test_put_replaces_the_record_under_if_match(as_editor, strategy):
    body = {
        "code": "O1",
        "title": "A new title",
        "description": "",
        "levels": ["regional", "national"],
        "parent": None,
        "priority": 1,
        "phase": 3,
        "owner": None,
        "status": "active",
    }
    url = f"/api/v1/objectives/{strategy.objective.pk}/"
    assert as_editor.put(url, body, format="json").status_code == 428
    response = as_editor.put(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    assert response.json()["levels"] == ["regional", "national"]
    assert response["ETag"] == '"2"'


def test_a_delete_checks_the_revision_too(as_editor, strategy):
    url = f"/api/v1/drivers/{strategy.driver.pk}/"
    stale = as_editor.delete(url, HTTP_IF_MATCH='"9"')
    assert stale.status_code == 412
    assert stale.json()["current"]["title"] == strategy.driver.title
    assert as_editor.delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert as_editor.get(url).status_code == 404


def test_a_change_landing_between_check_and_write_still_gets_412(as_editor, strategy, monkeypatch):
    """The If-Match check is the conditional UPDATE itself, not only a read before it."""
    objective = strategy.objective
    validate = BaseSerializer.is_valid

    def someone_saves_first(self, *args, **kwargs):
        # After the view compared If-Match with the row, before it writes.
        Objective.objects.filter(pk=objective.pk).update(title="Theirs", revision=F("revision") + 1)
        return validate(self, *args, **kwargs)

    monkeypatch.setattr(BaseSerializer, "is_valid", someone_saves_first)
    response = as_editor.patch(
        f"/api/v1/objectives/{objective.pk}/",
        {"title": "Mine"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 412
    assert response.json()["current"]["title"] == "Theirs"
    objective.refresh_from_db()
    assert (objective.title, objective.revision) == ("Theirs", 2)


def test_a_write_to_a_record_deleted_meanwhile_is_404(as_editor, strategy):
    url = f"/api/v1/stakeholders/{strategy.stakeholder.pk}/"
    strategy.stakeholder.delete()
    assert (
        as_editor.patch(url, {"notes": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
    )


def test_invalid_input_is_400_and_does_not_bump_the_revision(as_editor, strategy):
    response = as_editor.patch(
        f"/api/v1/objectives/{strategy.objective.pk}/",
        {"phase": 12, "levels": []},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert body["errors"]["phase"] == ["The phase is a number from 1 to 9."]
    assert body["errors"]["levels"] == ["Choose at least one level of engagement."]
    strategy.objective.refresh_from_db()
    assert strategy.objective.revision == 1


def test_members_without_the_right_get_403_not_428(api, member, strategy):
    """The role is judged before the precondition: a viewer learns nothing about ETags."""
    api.force_authenticate(member("viewer"))
    response = api.patch(
        f"/api/v1/objectives/{strategy.objective.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_changing_only_the_linked_objectives_bumps_the_driver_revision(as_editor, strategy):
    url = f"/api/v1/drivers/{strategy.driver.pk}/"
    response = as_editor.patch(url, {"objectives": ["O2"]}, format="json", HTTP_IF_MATCH="1")
    assert response.status_code == 200
    assert response.json()["objective_codes"] == ["O2"]
    assert response["ETag"] == '"2"'
