"""A benchmark's status follows its indicators' readings; a person overrides it with a reason
the history keeps; bad input is refused next to the field, nothing saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pghistory.models import Events

from benchmarks.models import IndicatorReading, StatusOverride
from benchmarks.services import override_clear, override_set, reading_add
from tests.benchmarks.conftest import add_indicator, client_for

pytestmark = pytest.mark.django_db


def url(condition, tail: str = "") -> str:
    return f"/missions/UNTEST/benchmarks/{condition.pk}/{tail}"


def test_the_status_follows_the_readings_across_the_threshold(people, condition):
    editor = people["strategy_editor"]
    deaths = add_indicator(condition, editor)
    talks = add_indicator(
        condition,
        editor,
        name="Armed groups in the dialogue",
        unit="",
        scale=["None", "Some", "Most", "All"],
        baseline=Decimal(1),
        threshold=Decimal(3),
        direction="at_least",
        owner_kind="government",
        owner_name="Ministry of National Reconciliation",
    )
    client = client_for(editor)
    today = condition.end_state.mission.today()

    response = client.post(
        f"/missions/UNTEST/benchmarks/indicators/{deaths.pk}/readings/",
        {f"reading-{deaths.pk}-value": "64", f"reading-{deaths.pk}-read_on": str(today)},
    )
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.status, condition.last_assessed_on) == ("not_met", today)

    reading_add(indicator=deaths, value=Decimal("18"), read_on=today, by=editor)
    condition.refresh_from_db()
    assert condition.status == "partly_met"  # one of two indicators meets its threshold

    client.post(
        f"/missions/UNTEST/benchmarks/indicators/{talks.pk}/readings/",
        {f"reading-{talks.pk}-value": "3", f"reading-{talks.pk}-read_on": str(today)},
    )
    condition.refresh_from_db()
    assert condition.status == "met"

    page = client_for(people["viewer"]).get(url(condition)).content.decode()
    assert "18 deaths" in page and "Most" in page
    assert '<svg class="chart"' in page and 'class="data-table series-table"' in page
    assert "improving" in page  # fewer deaths is better for an "at most" indicator

    # A reading deleted: the status goes back with it.
    IndicatorReading.objects.filter(indicator=talks).delete()
    latest = IndicatorReading.objects.filter(indicator=deaths).order_by("-pk").first()
    client.post(f"/missions/UNTEST/benchmarks/readings/{latest.pk}/delete/")
    condition.refresh_from_db()
    assert condition.status == "not_met"


def test_an_override_keeps_its_reason_in_history(people, condition):
    editor = people["chief_of_staff"]
    deaths = add_indicator(condition, editor)
    reading_add(indicator=deaths, value=Decimal("10"), read_on=date(2026, 3, 1), by=editor)
    condition.refresh_from_db()
    assert condition.status == "met"

    client = client_for(editor)
    response = client.post(url(condition, "override/"), {"status": "partly_met", "reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not StatusOverride.objects.exists()

    reason = "Deaths fell because the rainy season closed the roads, not because groups left."
    response = client.post(url(condition, "override/"), {"status": "partly_met", "reason": reason})
    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.status == "partly_met"
    override = StatusOverride.objects.get()
    events = Events.objects.references(override).filter(pgh_label="insert")
    assert [e.pgh_data["reason"] for e in events] == [reason]
    page = client.get(url(condition)).content.decode()
    assert "by judgement" in page and "rainy season" in page and "Readings say" in page

    # Someone read the page before the override: their own override is a conflict.
    with pytest.raises(Exception) as stale:
        override_set(
            condition=condition, status="met", reason="x", expected_revision=None, by=editor
        )
    assert type(stale.value).__name__ == "StaleEdit"

    override_clear(override=override, expected_revision=override.revision, by=editor)
    condition.refresh_from_db()
    assert condition.status == "met"  # back to the readings
    assert Events.objects.references(override).filter(pgh_label="delete").exists()


def test_bad_input_is_refused_next_to_the_field(people, condition):
    editor = people["strategy_editor"]
    client = client_for(editor)
    response = client.post(
        url(condition, "indicators/new/"),
        {
            "name": "Armed groups in the dialogue",
            "scale": "None\nSome\nAll",
            "threshold": "5",
            "direction": "at_least",
            "owner_kind": "government",
            "owner_name": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "On this scale, give a step number from 1 to 3." in page
    assert "This field is required." in page  # the owner
    assert not condition.indicators.exists()

    indicator = add_indicator(condition, editor)
    tomorrow = condition.end_state.mission.today() + timedelta(days=1)
    response = client.post(
        f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/readings/",
        {f"reading-{indicator.pk}-value": "abc", f"reading-{indicator.pk}-read_on": str(tomorrow)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a number." in page and "cannot be in the future" in page
    assert not IndicatorReading.objects.exists()


def test_an_indicator_changed_meanwhile_is_a_conflict(people, condition):
    editor = people["strategy_editor"]
    indicator = add_indicator(condition, editor)
    data = {
        "name": indicator.name,
        "unit": "deaths",
        "threshold": "15",
        "direction": "at_most",
        "owner_kind": "component",
        "owner_name": "Human Rights Division",
        "revision": indicator.revision,
    }
    first = client_for(editor).post(
        f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/edit/", data
    )
    assert first.status_code == 302
    second = client_for(people["chief_of_staff"]).post(
        f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/edit/", {**data, "threshold": "25"}
    )
    assert second.status_code == 409
    indicator.refresh_from_db()
    assert indicator.threshold == Decimal("15")


# role: (view, add indicator, add reading, override)
MATRIX = {
    "head_of_mission": (200, 403, 403, 403),
    "chief_of_staff": (200, 302, 302, 302),
    "strategy_editor": (200, 302, 302, 302),
    "component_lead": (200, 403, 403, 403),
    "desk_officer": (200, 403, 403, 403),
    "viewer": (200, 403, 403, 403),
    "outsider": (404, 404, 404, 404),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_role_against_each_action(role, people, condition):
    view, add, read, override = MATRIX[role]
    indicator = add_indicator(condition, people["strategy_editor"])
    client = client_for(people[role])
    assert client.get(url(condition)).status_code == view
    response = client.post(
        url(condition, "indicators/new/"),
        {
            "name": "Returns of displaced people",
            "threshold": "5000",
            "direction": "at_least",
            "owner_kind": "unct",
            "owner_name": "UNHCR",
        },
    )
    assert response.status_code == add
    today = condition.end_state.mission.today()
    response = client.post(
        f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/readings/",
        {f"reading-{indicator.pk}-value": "30", f"reading-{indicator.pk}-read_on": str(today)},
    )
    assert response.status_code == read
    assert IndicatorReading.objects.exists() is (read == 302)
    response = client.post(url(condition, "override/"), {"status": "met", "reason": "Judged."})
    assert response.status_code == override
    page = client.get(url(condition)).content.decode() if view == 200 else ""
    assert ("Add an indicator" in page) is (add == 302)


def test_readings_by_the_api_move_the_status(people, condition):
    editor = people["strategy_editor"]
    indicator = add_indicator(condition, editor)
    client = client_for(editor)
    today = condition.end_state.mission.today()
    response = client.post(
        "/api/v1/indicator-readings/",
        {"indicator": indicator.pk, "value": "12", "read_on": str(today)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    condition.refresh_from_db()
    assert condition.status == "met"
    response = client.post(
        "/api/v1/indicator-readings/",
        {"indicator": indicator.pk, "value": "12", "read_on": str(today + timedelta(days=2))},
        content_type="application/json",
    )
    assert response.status_code == 400 and "read_on" in response.json()["errors"]
    listed = client_for(people["viewer"]).get("/api/v1/indicators/?mission=UNTEST").json()
    assert [row["name"] for row in listed["results"]] == [indicator.name]
    assert (
        client_for(people["viewer"])
        .post(
            "/api/v1/indicator-readings/",
            {"indicator": indicator.pk, "value": "1", "read_on": str(today)},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    outsider = client_for(people["outsider"])
    assert outsider.get("/api/v1/indicators/").json()["count"] == 0
    assert outsider.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404


def test_the_readiness_summary_shows_each_benchmarks_trend(people, condition):
    editor = people["strategy_editor"]
    deaths = add_indicator(condition, editor)
    reading_add(indicator=deaths, value=Decimal("90"), read_on=date(2026, 1, 1), by=editor)
    reading_add(indicator=deaths, value=Decimal("60"), read_on=date(2026, 4, 1), by=editor)
    page = client_for(people["desk_officer"]).get("/missions/UNTEST/exit-conditions/")
    text = page.content.decode()
    assert "Measured benchmarks" in text
    row = text[text.index('class="data-table readiness-benchmarks"') :]
    assert f'href="/missions/UNTEST/benchmarks/{condition.pk}/"' in row
    assert "0 / 1" in row and "improving" in row
