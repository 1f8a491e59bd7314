"""Markers as series: a marker measured in numbers or on a scale, its dated values as a chart
with a table, entered on its page or in a review, printed in the brief."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from benchmarks.marker_services import measure_set, value_add
from benchmarks.models import MarkerMeasure, MarkerValue
from reviews.models import MarkerReading
from tests.benchmarks.conftest import client_for
from tests.factories import MarkerFactory, ObjectiveFactory, ReviewFactory
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def marker(mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Inclusive local dialogue")
    return MarkerFactory(
        objective=objective,
        statement="Prefectures where a local peace committee meets every month",
        baseline="3",
        target="12",
    )


def _url(marker, tail: str = "") -> str:
    return f"/missions/UNTEST/benchmarks/markers/{marker.pk}/{tail}"


def test_an_editor_measures_a_marker_and_its_values_become_a_chart_and_a_table(people, marker):
    editor = client_for(people["strategy_editor"])
    page = editor.get(_url(marker)).content.decode()
    assert "This marker is read in words" in page

    response = editor.post(
        _url(marker, "measure/"),
        {
            "unit": "prefectures",
            "scale": "",
            "baseline": "3",
            "target": "12",
            "direction": "at_least",
        },
    )
    assert response.status_code == 302
    assert MarkerMeasure.objects.get(marker=marker).target == Decimal("12")

    today = marker.objective.mission.today()
    for days_ago, value in ((90, "4"), (45, "7"), (5, "9")):
        response = editor.post(
            _url(marker, "values/"),
            {
                f"value-{marker.pk}-value": value,
                f"value-{marker.pk}-read_on": (today - timedelta(days=days_ago)).isoformat(),
                f"value-{marker.pk}-note": "Civil Affairs field reports",
            },
        )
        assert response.status_code == 302, response.content.decode()[:400]

    page = editor.get(_url(marker)).content.decode()
    assert '<svg class="chart"' in page
    table = page[page.index('class="data-table series-table"') :]
    # Newest first.
    assert re.findall(r"<td>(\d+ prefectures)</td>", table) == [
        "9 prefectures",
        "7 prefectures",
        "4 prefectures",
    ]
    assert "target: 12 prefectures" in page
    assert "improving" in page
    marker.refresh_from_db()
    # Every page that prints the marker's latest reading reads the newest value.
    assert marker.latest_reading == "9 prefectures"
    assert marker.reading_on == today - timedelta(days=5)

    objective_page = editor.get(f"/missions/UNTEST/objectives/{marker.objective.pk}/").content
    assert b"Readings over time" in objective_page
    assert objective_page.decode().count('<svg class="chart"') == 1


def test_bad_values_are_refused_next_to_the_field_and_nothing_is_saved(people, marker, mission):
    editor = people["strategy_editor"]
    measure_set(
        marker=marker,
        values={"scale": ["None", "Some", "Most", "All"], "target": Decimal(3)},
        expected_revision=None,
        by=editor,
    )
    client = client_for(editor)
    future = (mission.today() + timedelta(days=3)).isoformat()
    response = client.post(
        _url(marker, "values/"),
        {f"value-{marker.pk}-value": "7", f"value-{marker.pk}-read_on": future},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "future" in page
    assert not MarkerValue.objects.exists()

    # A target off the scale is refused next to it; the measure stays as it was.
    measure = MarkerMeasure.objects.get()
    response = client.post(
        _url(marker, "measure/"),
        {"scale": "None\nSome\nMost\nAll", "target": "9", "revision": measure.revision},
    )
    assert response.status_code == 400
    assert "give a step number from 1 to 4" in response.content.decode()
    assert MarkerMeasure.objects.get().target == 3


def test_a_scale_value_reads_as_its_step(people, marker, mission):
    editor = people["strategy_editor"]
    measure_set(
        marker=marker,
        values={"scale": ["None", "Some", "Most", "All"], "baseline": Decimal(1), "target": 4},
        expected_revision=None,
        by=editor,
    )
    value_add(marker=marker, value=Decimal(3), read_on=mission.today(), by=editor)
    marker.refresh_from_db()
    assert marker.latest_reading == "Most"
    page = client_for(editor).get(_url(marker)).content.decode()
    assert "<td>Most</td>" in page


@pytest.mark.parametrize("role", ["component_lead", "desk_officer", "viewer", "outsider"])
def test_who_may_not_measure_or_enter_values(people, marker, mission, role):
    editor = people["strategy_editor"]
    measure_set(marker=marker, values={"target": Decimal(12)}, expected_revision=None, by=editor)
    client = client_for(people[role])
    expected_read = 404 if role == "outsider" else 200
    assert client.get(_url(marker)).status_code == expected_read
    assert b"Add the reading" not in client.get(_url(marker)).content
    answer = client.post(
        _url(marker, "values/"),
        {f"value-{marker.pk}-value": "5", f"value-{marker.pk}-read_on": mission.today()},
    )
    assert answer.status_code in (403, 404)
    answer = client.post(_url(marker, "measure/"), {"target": "1"})
    assert answer.status_code in (403, 404)
    assert not MarkerValue.objects.exists()
    assert MarkerMeasure.objects.get().target == 12


def test_a_value_entered_in_a_review_is_the_reviews_reading(people, marker, mission):
    chief = people["chief_of_staff"]
    measure_set(marker=marker, values={"target": Decimal(12)}, expected_revision=None, by=chief)
    review = ReviewFactory(mission=mission, status="open")
    client = client_for(chief)
    sheet = f"/missions/UNTEST/reviews/{review.pk}/objectives/O1/"
    page = client.get(sheet).content.decode()
    assert "Measured markers" in page
    assert "One of these markers is measured as a series" in page
    assert f'name="value-{marker.pk}-review" value="{review.pk}"' in page
    response = client.post(
        _url(marker, "values/"),
        {
            f"value-{marker.pk}-value": "8",
            f"value-{marker.pk}-read_on": mission.today().isoformat(),
            f"value-{marker.pk}-review": review.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{sheet}#marker-{marker.pk}"
    assert MarkerValue.objects.get().review == review
    assert MarkerReading.objects.get(review=review, marker=marker).reading == "8"

    # A review signed off takes no more values.
    review.status = "signed_off"
    review.save()
    response = client.post(
        _url(marker, "values/"),
        {
            f"value-{marker.pk}-value": "9",
            f"value-{marker.pk}-read_on": mission.today().isoformat(),
            f"value-{marker.pk}-review": review.pk,
        },
    )
    assert response.status_code == 403
    assert MarkerValue.objects.count() == 1


def test_the_marker_page_costs_the_same_at_3_and_60_values(people, marker, mission):
    editor = people["strategy_editor"]
    measure_set(marker=marker, values={"target": Decimal(12)}, expected_revision=None, by=editor)
    client = client_for(editor)
    start = mission.today() - timedelta(days=400)
    for n in range(3):
        value_add(marker=marker, value=Decimal(n), read_on=start + timedelta(days=n), by=editor)
    page_queries(client, _url(marker))  # warm the per-process caches
    small = page_queries(client, _url(marker))
    for n in range(3, 60):
        value_add(marker=marker, value=Decimal(n), read_on=start + timedelta(days=n), by=editor)
    assert_same_count(small, page_queries(client, _url(marker)))


def test_series_render_with_a_data_table_for_any_reader(people, marker, mission):
    """The chart is hidden from screen readers; the same numbers are in the table."""
    editor = people["strategy_editor"]
    measure_set(
        marker=marker, values={"unit": "%", "target": 50}, expected_revision=None, by=editor
    )
    value_add(marker=marker, value=Decimal("12.5"), read_on=date(2026, 3, 1), by=editor)
    value_add(marker=marker, value=Decimal("30"), read_on=date(2026, 6, 1), by=editor)
    page = client_for(people["viewer"]).get(_url(marker)).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'aria-hidden="true"' in svg
    assert "30%" in svg  # the latest value, written beside its point
    assert "<td>12.5%</td>" in page and "<td>30%</td>" in page
    assert "Readings of Prefectures where a local peace committee" in page
