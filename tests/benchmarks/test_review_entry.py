"""A benchmark measured through a review: a reading entered on the review's exit conditions
crosses the threshold, and the readiness summary and the brief follow; a status a person sets
by hand on a measured condition becomes an override with its reason, which the next reading
does not undo."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils.formats import date_format
from pghistory.models import Events

from benchmarks.models import IndicatorReading, StatusOverride
from benchmarks.services import reading_add
from briefs.content import Subject
from briefs.rendering import render_subject
from reviews.services.assessments import exit_condition_assess as review_assess
from strategies.selectors.findings import findings_for_mission
from strategies.services.exit_conditions import exit_condition_assess as page_assess
from tests.benchmarks.conftest import add_indicator, client_for
from tests.factories import ReviewFactory
from tests.transition.test_documents import pdf_text

pytestmark = pytest.mark.django_db


def test_a_reading_entered_in_a_review_crosses_the_threshold(people, condition, mission, tmp_path):
    chief = people["chief_of_staff"]
    indicator = add_indicator(condition, chief, target_date=mission.today() - timedelta(days=30))
    reading_add(
        indicator=indicator,
        value=Decimal("64"),
        read_on=mission.today() - timedelta(days=100),
        by=chief,
    )

    def overdue() -> list[str]:
        return [
            f.subject
            for f in findings_for_mission(mission.pk, "UNTEST")
            if f.rule.code == "indicator_overdue"
        ]

    assert overdue() == [
        "Civilian deaths from armed violence, per quarter (Human Rights Division): target date "
        f"{date_format(mission.today() - timedelta(days=30))}"
    ]
    (finding,) = [
        f for f in findings_for_mission(mission.pk, "UNTEST") if f.rule.code == "indicator_overdue"
    ]
    landing = client_for(people["viewer"]).get(finding.url)
    assert landing["Location"] == (
        f"/missions/UNTEST/benchmarks/{condition.pk}/#indicator-{indicator.pk}"
    )
    review = ReviewFactory(mission=mission, status="open")
    client = client_for(chief)
    screen = f"/missions/UNTEST/reviews/{review.pk}/exit-conditions/"
    page = client.get(screen).content.decode()
    assert "Benchmark readings" in page
    assert f'name="reading-{indicator.pk}-review" value="{review.pk}"' in page

    response = client.post(
        f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/readings/",
        {
            f"reading-{indicator.pk}-value": "17",
            f"reading-{indicator.pk}-read_on": mission.today().isoformat(),
            f"reading-{indicator.pk}-note": "JMAC quarterly count",
            f"reading-{indicator.pk}-review": review.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{screen}#exit-condition-{condition.pk}"
    assert IndicatorReading.objects.latest("read_on").review == review
    condition.refresh_from_db()
    assert condition.status == "met"
    assert overdue() == []  # the finding follows the reading

    readiness = client_for(people["desk_officer"]).get("/missions/UNTEST/exit-conditions/")
    row = readiness.content.decode().split("Measured benchmarks", 1)[1]
    assert "1 / 1" in row and "improving" in row

    text = pdf_text(render_subject(Subject(mission)).pdf, tmp_path)
    part = text[text.rindex("Measured progress: benchmarks and markers") :]
    assert "Armed groups no longer threaten civilians" in part
    assert "1 of 1 indicators met" in part
    assert "Civilian deaths from armed violence, per quarter" in part
    assert "17 deaths" in part and "64 deaths" in part


def test_a_reading_in_a_review_needs_the_reviews_assessor(people, condition, mission):
    indicator = add_indicator(condition, people["chief_of_staff"])
    review = ReviewFactory(mission=mission, status="open")
    data = {
        f"reading-{indicator.pk}-value": "17",
        f"reading-{indicator.pk}-read_on": mission.today().isoformat(),
        f"reading-{indicator.pk}-review": review.pk,
    }
    url = f"/missions/UNTEST/benchmarks/indicators/{indicator.pk}/readings/"
    for role in ("strategy_editor", "desk_officer", "viewer"):
        assert client_for(people[role]).post(url, data).status_code == 403
    assert client_for(people["outsider"]).post(url, data).status_code == 404
    assert not IndicatorReading.objects.exists()


@pytest.mark.parametrize("where", ["exit conditions page", "review"])
def test_a_status_set_by_hand_becomes_an_override_the_next_reading_keeps(
    people, condition, mission, where
):
    chief = people["chief_of_staff"]
    indicator = add_indicator(condition, chief)
    reading_add(indicator=indicator, value=Decimal("64"), read_on=mission.today(), by=chief)
    condition.refresh_from_db()
    assert condition.status == "not_met"

    reason = "The last armed group signed the ceasefire; the count lags by a quarter."
    if where == "review":
        review = ReviewFactory(mission=mission, status="open")
        review_assess(
            review=review, exit_condition=condition, by=chief, status="met", evidence=reason
        )
    else:
        page_assess(
            condition=condition,
            values={"status": "met", "evidence": reason},
            expected_revision=condition.revision,
            by=chief,
        )
    override = StatusOverride.objects.get(exit_condition=condition)
    assert (override.status, override.reason, override.set_by) == ("met", reason, chief)
    assert Events.objects.references(override).filter(pgh_data__reason=reason).exists()

    reading_add(indicator=indicator, value=Decimal("60"), read_on=mission.today(), by=chief)
    condition.refresh_from_db()
    assert condition.status == "met"  # the judgement holds over the new reading

    # Setting by hand what the readings say takes the condition back to them.
    condition.refresh_from_db()
    page_assess(
        condition=condition,
        values={"status": "not_met"},
        expected_revision=condition.revision,
        by=chief,
    )
    assert not StatusOverride.objects.exists()
    reading_add(indicator=indicator, value=Decimal("15"), read_on=mission.today(), by=chief)
    condition.refresh_from_db()
    assert condition.status == "met"
