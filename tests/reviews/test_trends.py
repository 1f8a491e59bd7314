"""Trends: each objective's rating across the concluded reviews, as data and as a page."""

from datetime import date, timedelta

import pytest

from reviews.models import ContributionAssessment, ObjectiveAssessment, Progress, Review
from reviews.selectors.trends import (
    IMPROVING,
    PROGRESS_RANK,
    WORSENING,
    objective_trends,
    sparkline,
)
from tests.factories import ContributionFactory, ObjectiveFactory, ReviewFactory
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db


def quarter(mission, n: int, status=Review.Status.SIGNED_OFF) -> Review:
    """The n-th quarter from January 2024."""
    year, index = divmod(n, 4)
    start = date(2024 + year, index * 3 + 1, 1)
    end = date(start.year + (index == 3), (index * 3 + 3) % 12 + 1, 1) - timedelta(days=1)
    return ReviewFactory(
        mission=mission,
        period_start=start,
        period_end=end,
        due_on=end + timedelta(days=14),
        status=status,
    )


def rate(review, objective, progress) -> None:
    ObjectiveAssessment.objects.create(review=review, objective=objective, progress=progress)


def test_objective_trends_lists_concluded_ratings_oldest_first(mission):
    o1, o2 = ObjectiveFactory(mission=mission), ObjectiveFactory(mission=mission)
    q1, q2, q3 = (quarter(mission, n) for n in (0, 1, 2))
    Review.objects.filter(pk=q2.pk).update(status=Review.Status.CONCLUDED)
    still_open = quarter(mission, 3, status=Review.Status.OPEN)
    rate(q3, o1, Progress.OFF_TRACK)
    rate(q1, o1, Progress.ON_TRACK)
    rate(q2, o1, Progress.AT_RISK)
    rate(still_open, o1, Progress.ACHIEVED)
    rate(q2, o2, Progress.STALLED)
    trends = objective_trends(mission)
    assert [(r.pk, p) for r, p in trends[o1.pk]] == [
        (q1.pk, "on_track"),
        (q2.pk, "at_risk"),
        (q3.pk, "off_track"),
    ]
    assert [(r.pk, p) for r, p in trends[o2.pk]] == [(q2.pk, "stalled")]


def test_a_sparkline_rises_as_the_objective_gets_better():
    spark = sparkline(["off_track", None, "achieved"], PROGRESS_RANK)
    (x1, y1), (x2, y2) = spark.dots
    assert x2 > x1 and y2 < y1  # SVG y grows downwards
    assert sparkline([None, None], PROGRESS_RANK) is None


def test_the_page_shows_each_objective_across_reviews_in_words(client, mission, reader):
    kept = ObjectiveFactory(mission=mission, code="O1", title="Parties talk")
    dropped = ObjectiveFactory(mission=mission, code="O2", title="Old aim", status="dropped")
    ObjectiveFactory(mission=mission, code="O3", title="Never rated, dropped", status="dropped")
    ObjectiveFactory(mission=mission, code="O4", title="New aim")
    first, second = quarter(mission, 0), quarter(mission, 1)
    rate(first, kept, Progress.AT_RISK)
    rate(second, kept, Progress.ON_TRACK)
    rate(first, dropped, Progress.OFF_TRACK)
    contribution = ContributionFactory(objective=kept)
    for review, strength in ((first, "none"), (second, "strong")):
        ContributionAssessment.objects.create(
            review=review, contribution=contribution, strength=strength
        )
    client.force_login(reader)
    response = client.get(f"/missions/{mission.acronym}/reviews/trends/")
    assert response.status_code == 200
    table = response.context["table"]
    rows = {row.code: row for row in table.objectives}
    assert list(rows) == ["O1", "O2", "O4"]
    assert [c.label for c in rows["O1"].cells] == ["At risk", "On track"]
    assert rows["O1"].trend == IMPROVING
    assert not rows["O2"].is_current and rows["O2"].status_label == "Dropped"
    assert [c.value for c in rows["O4"].cells] == [None, None]
    [group] = table.contributions
    assert [c.label for c in group.rows[0].cells] == ["None", "Strong"]
    html = response.content.decode()
    assert 'class="rating rating--at_risk">At risk</td>' in html
    assert 'class="trend-row--past" data-objective="O2"' in html
    assert "<polyline" in html


def test_worsening_is_said_in_words(client, mission, reader):
    objective = ObjectiveFactory(mission=mission)
    for n, progress in enumerate((Progress.ON_TRACK, Progress.STALLED)):
        rate(quarter(mission, n), objective, progress)
    client.force_login(reader)
    response = client.get(f"/missions/{mission.acronym}/reviews/trends/")
    assert response.context["table"].objectives[0].trend == WORSENING
    assert "worsening" in response.content.decode()


def test_no_concluded_review_yet(client, mission, reader):
    quarter(mission, 0, status=Review.Status.OPEN)
    client.force_login(reader)
    response = client.get(f"/missions/{mission.acronym}/reviews/trends/")
    assert "No concluded review yet" in response.content.decode()


def test_outsiders_do_not_learn_the_mission_exists(client, mission, outsider):
    client.force_login(outsider)
    assert client.get(f"/missions/{mission.acronym}/reviews/trends/").status_code == 404
    client.logout()
    assert client.get(f"/missions/{mission.acronym}/reviews/trends/").status_code == 302


def fill(mission, reviews: int, objectives: int) -> None:
    made = [ObjectiveFactory(mission=mission) for _ in range(objectives)]
    contributions = [ContributionFactory(objective=o) for o in made]
    for n in range(reviews):
        review = quarter(mission, n)
        for objective, contribution in zip(made, contributions, strict=True):
            rate(review, objective, Progress.values[(n + objective.pk) % 5])
            ContributionAssessment.objects.create(
                review=review, contribution=contribution, strength="some"
            )


def count_queries(client, url: str) -> int:
    return len(page_queries(client, url))


def test_the_page_costs_the_same_for_few_and_many_reviews_and_objectives(
    client, mission, other_mission, reader
):
    from tests.factories import MembershipFactory

    MembershipFactory(mission=other_mission, user=reader, role="viewer")
    fill(mission, reviews=2, objectives=2)
    fill(other_mission, reviews=8, objectives=20)
    client.force_login(reader)
    small = count_queries(client, f"/missions/{mission.acronym}/reviews/trends/")
    large = count_queries(client, f"/missions/{other_mission.acronym}/reviews/trends/")
    assert small == large <= 15
