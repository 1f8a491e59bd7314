"""/api/v1/marker-values/: a measured marker's values from HQ systems and partners' pipelines,
scoped to the caller's missions, checked as on the page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.marker_services import measure_set, value_add
from benchmarks.models import MarkerValue
from tests.benchmarks.conftest import client_for
from tests.factories import MarkerFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/marker-values/"


@pytest.fixture
def measured(mission, people):
    marker = MarkerFactory(objective=ObjectiveFactory(mission=mission))
    measure_set(
        marker=marker,
        values={"scale": ["None", "Some", "Most", "All"], "target": Decimal(4)},
        expected_revision=None,
        by=people["strategy_editor"],
    )
    return marker


def post(client, **data):
    return client.post(URL, data, content_type="application/json")


def test_a_value_posted_joins_the_series(people, measured, mission):
    editor = client_for(people["strategy_editor"])
    today = mission.today()
    response = post(editor, marker=measured.pk, value="3", read_on=str(today), note="JMAC")
    assert response.status_code == 201, response.content
    assert response.json()["mission"] == "UNTEST"
    measured.refresh_from_db()
    assert measured.latest_reading == "Most"

    # Off the scale, in the future, a marker read in words: 400 naming the field.
    assert (
        "value" in post(editor, marker=measured.pk, value="7", read_on=str(today)).json()["errors"]
    )
    later = str(today + timedelta(days=1))
    assert "read_on" in post(editor, marker=measured.pk, value="2", read_on=later).json()["errors"]
    words = MarkerFactory(objective=measured.objective)
    answer = post(editor, marker=words.pk, value="2", read_on=str(today))
    assert answer.status_code == 400
    assert answer.json()["errors"]["marker"] == ["Say first how this marker is measured."]
    assert MarkerValue.objects.count() == 1


def test_who_may_read_and_post(people, measured, mission, other_mission):
    today = str(mission.today())
    for role in ("component_lead", "desk_officer", "viewer"):
        client = client_for(people[role])
        assert post(client, marker=measured.pk, value="2", read_on=today).status_code == 403
        assert client.get(URL).status_code == 200
    outsider = client_for(people["outsider"])
    assert post(outsider, marker=measured.pk, value="2", read_on=today).status_code == 404
    value_add(
        marker=measured, value=Decimal(2), read_on=mission.today(), by=people["strategy_editor"]
    )
    assert outsider.get(URL).json()["count"] == 0
    assert client_for(people["viewer"]).get(URL).json()["count"] == 1


def test_the_list_costs_the_same_at_3_and_60_values(people, measured, mission):
    editor = people["strategy_editor"]
    client = client_for(editor)
    start = mission.today() - timedelta(days=100)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len([q for q in queries.captured_queries if "django_session" not in q["sql"]])

    for n in range(3):
        value_add(marker=measured, value=Decimal(1), read_on=start + timedelta(days=n), by=editor)
    count()
    small = count()
    for n in range(3, 60):
        value_add(marker=measured, value=Decimal(2), read_on=start + timedelta(days=n), by=editor)
    assert count() == small
