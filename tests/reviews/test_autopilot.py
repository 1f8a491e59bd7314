"""The autopilot detector: each rule flags what it should and nothing else, for any number of
missions in the same few queries."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews.autopilot import autopilot_flags, months_before
from reviews.models import Decision, ObjectiveAssessment, Progress, Review
from strategies.models import Assumption, StrategyVersion
from tests.factories import (
    EndStateFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
QUARTERS = [
    (date(2026, 1, 1), date(2026, 3, 31)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2026, 7, 1), date(2026, 9, 30)),
    (date(2026, 10, 1), date(2026, 12, 31)),
]


def codes(mission, today=TODAY) -> list[str]:
    return [flag.code for flag in autopilot_flags([mission], today=today)[mission.pk]]


def review(mission, quarter: int, status=Review.Status.SIGNED_OFF, **values) -> Review:
    start, end = QUARTERS[quarter]
    return ReviewFactory(
        mission=mission,
        period_start=start,
        period_end=end,
        due_on=end + timedelta(days=14),
        status=status,
        **values,
    )


def rate(review_: Review, **progress: str) -> None:
    """``rate(r, O1="on_track")``: objectives by code, created on first use."""
    for code, value in progress.items():
        objective = review_.mission.objectives.filter(code=code).first() or ObjectiveFactory(
            mission=review_.mission, code=code
        )
        ObjectiveAssessment.objects.create(review=review_, objective=objective, progress=value)


def decide(review_: Review, kind: str, code: str = "O1") -> Decision:
    objective = review_.mission.objectives.filter(code=code).first() or ObjectiveFactory(
        mission=review_.mission, code=code
    )
    return Decision.objects.create(
        review=review_, kind=kind, objective=objective, rationale="Agreed in the review."
    )


def approve_version(mission, on: date, number: int = 1) -> StrategyVersion:
    return StrategyVersion.objects.create(
        mission=mission,
        number=number,
        end_state=mission.current_end_state or EndStateFactory(mission=mission),
        approved_by=UserFactory(),
        approved_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
        snapshot={},
    )


@pytest.fixture
def healthy():
    """A mission with nothing to flag: the baseline each rule's test departs from."""
    mission = MissionFactory(established_on=date(2015, 1, 1))
    approve_version(mission, TODAY - timedelta(days=90))
    q2, q3 = review(mission, 1), review(mission, 2)
    rate(q2, O1=Progress.ON_TRACK, O2=Progress.AT_RISK)
    rate(q3, O1=Progress.ON_TRACK, O2=Progress.OFF_TRACK)
    review(mission, 3, status=Review.Status.PLANNED)  # due 14 Jan 2027
    return mission


def test_a_healthy_mission_is_not_flagged(healthy):
    assert codes(healthy) == []


# Review overdue ----------------------------------------------------------------------------


def test_a_planned_or_open_review_past_its_due_date_is_flagged(healthy):
    late = healthy.reviews.get(status=Review.Status.PLANNED)
    assert codes(healthy, today=late.due_on) == []  # due today: not late yet
    [flag] = autopilot_flags([healthy], today=late.due_on + timedelta(days=3))[healthy.pk]
    assert flag.code == "review_overdue"
    assert flag.message == "Review overdue by 3 days"
    assert flag.since == late.due_on
    Review.objects.filter(pk=late.pk).update(status=Review.Status.OPEN)
    assert codes(healthy, today=late.due_on + timedelta(days=3)) == ["review_overdue"]
    Review.objects.filter(pk=late.pk).update(status=Review.Status.CONCLUDED)
    assert "review_overdue" not in codes(healthy, today=late.due_on + timedelta(days=3))


def test_overdue_counts_in_the_missions_time_zone():
    """Kiritimati (UTC+14) is always a day or two ahead of Pago Pago (UTC-11): a review due
    on Pago Pago's today is late in Kiritimati and not in Pago Pago, whatever the hour."""
    ahead = MissionFactory(time_zone="Pacific/Kiritimati", established_on=TODAY)
    behind = MissionFactory(time_zone="Pacific/Pago_Pago", established_on=TODAY)
    due = timezone.localdate(timezone=ZoneInfo("Pacific/Pago_Pago"))
    for mission in (ahead, behind):
        ReviewFactory(mission=mission, period_start=due.replace(day=1), due_on=due)
    flags = autopilot_flags([ahead, behind])
    assert [f.code for f in flags[ahead.pk]] == ["review_overdue"]
    assert flags[behind.pk] == []


# Quiet reviews -----------------------------------------------------------------------------


def test_the_last_two_reviews_changing_nothing_is_flagged(healthy):
    q3 = healthy.reviews.get(period_start=QUARTERS[2][0])
    ObjectiveAssessment.objects.filter(review=q3, objective__code="O2").update(
        progress=Progress.AT_RISK
    )  # the same ratings as the quarter before
    assert codes(healthy) == ["quiet_reviews"]
    decide(q3, Decision.Kind.KEEP)
    [flag] = autopilot_flags([healthy], today=TODAY)[healthy.pk]
    assert flag.code == "quiet_reviews"
    assert flag.message == "The last 2 reviews changed nothing"
    assert flag.since == QUARTERS[1][1]


def test_a_decision_other_than_keep_is_a_change(healthy):
    q3 = healthy.reviews.get(period_start=QUARTERS[2][0])
    ObjectiveAssessment.objects.filter(review=q3).update(progress=Progress.ON_TRACK)
    ObjectiveAssessment.objects.filter(review__mission=healthy).update(progress=Progress.ON_TRACK)
    assert codes(healthy) == ["quiet_reviews"]
    decide(healthy.reviews.get(period_start=QUARTERS[1][0]), Decision.Kind.ADJUST)
    assert codes(healthy) == []


def test_an_objective_rated_in_one_review_only_is_a_change(healthy):
    ObjectiveAssessment.objects.filter(review__mission=healthy).update(progress=Progress.ON_TRACK)
    assert codes(healthy) == ["quiet_reviews"]
    rate(healthy.reviews.get(period_start=QUARTERS[2][0]), O3=Progress.ON_TRACK)
    assert codes(healthy) == []


def test_only_the_last_n_concluded_reviews_count(healthy, settings):
    ObjectiveAssessment.objects.filter(review__mission=healthy).update(progress=Progress.ON_TRACK)
    older = review(healthy, 0)
    rate(older, O1=Progress.STALLED)
    decide(older, Decision.Kind.DROP)
    assert codes(healthy) == ["quiet_reviews"]  # the change three reviews ago is too old
    settings.AUTOPILOT_QUIET_REVIEWS = 3
    assert codes(healthy) == []
    settings.AUTOPILOT_QUIET_REVIEWS = 2
    # A reopened review is not concluded: the two concluded are then Q1 and Q2.
    Review.objects.filter(mission=healthy, period_start=QUARTERS[2][0]).update(
        status=Review.Status.OPEN
    )
    assert "quiet_reviews" not in codes(healthy)


def test_fewer_concluded_reviews_than_n_are_not_judged():
    mission = MissionFactory(established_on=TODAY)
    only = review(mission, 2)
    rate(only, O1=Progress.ON_TRACK)
    assert codes(mission) == []


# No recent version -------------------------------------------------------------------------


def test_no_version_in_twelve_months_is_flagged(healthy):
    StrategyVersion.objects.filter(mission=healthy).delete()
    approve_version(healthy, date(2025, 11, 26), number=1)
    assert codes(healthy) == []  # 12 months less a day
    approve_version(healthy, date(2025, 11, 25), number=2)
    StrategyVersion.objects.filter(mission=healthy, number=1).delete()
    [flag] = autopilot_flags([healthy], today=TODAY)[healthy.pk]
    assert flag.code == "no_recent_version"
    assert flag.since == date(2025, 11, 25)
    assert "version 2" in flag.detail
    assert flag.url == f"/missions/{healthy.acronym}/versions/"


def test_the_months_come_from_settings(healthy, settings):
    settings.AUTOPILOT_VERSION_MONTHS = 2
    assert codes(healthy) == ["no_recent_version"]  # approved 90 days ago


def test_never_approving_counts_once_the_mission_is_older_than_the_window(healthy):
    StrategyVersion.objects.filter(mission=healthy).delete()
    assert codes(healthy) == ["no_recent_version"]
    young = MissionFactory(established_on=months_before(TODAY, 12) + timedelta(days=1))
    assert codes(young) == []
    young.established_on = months_before(TODAY, 12)
    young.save()
    assert codes(young) == ["no_recent_version"]


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(date(2026, 11, 25), 12) == date(2025, 11, 25)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)


# Broken assumptions with no decision -------------------------------------------------------


def broken_assumption(mission, code: str = "O1") -> Assumption:
    objective = mission.objectives.filter(code=code).first() or ObjectiveFactory(
        mission=mission, code=code
    )
    assumption = Assumption.objects.create(objective=objective, statement="The parties talk.")
    assumption.rating = Assumption.Rating.BROKEN
    assumption.save()
    assumption.refresh_from_db()
    return assumption


def test_a_broken_assumption_with_no_decision_since_is_flagged(healthy):
    assumption = broken_assumption(healthy)
    assert assumption.rated_at is not None  # set by the database
    [flag] = autopilot_flags([healthy], today=TODAY)[healthy.pk]
    assert flag.code == "broken_assumption_undecided"
    assert flag.message == "1 broken assumption with no decision taken"
    assert flag.detail == "O1: The parties talk."
    planned = healthy.reviews.get(status=Review.Status.PLANNED)
    assert flag.since == timezone.localtime(assumption.rated_at, healthy.zone).date()
    assert flag.url == f"/missions/{healthy.acronym}/reviews/{planned.pk}/"  # decided there


def test_a_decision_on_the_objective_after_the_rating_clears_it(healthy):
    assumption = broken_assumption(healthy)
    q3 = healthy.reviews.get(period_start=QUARTERS[2][0])
    decision = decide(q3, Decision.Kind.KEEP, code="O1")
    assert codes(healthy) == []
    # A decision taken before the assumption broke does not count.
    Decision.objects.filter(pk=decision.pk).update(
        created_at=assumption.rated_at - timedelta(seconds=1)
    )
    assert codes(healthy) == ["broken_assumption_undecided"]
    # Nor does a decision on another objective.
    decide(q3, Decision.Kind.KEEP, code="O2")
    assert codes(healthy) == ["broken_assumption_undecided"]


def test_only_broken_assumptions_of_active_objectives_count(healthy):
    assumption = broken_assumption(healthy)
    Assumption.objects.filter(pk=assumption.pk).update(rating=Assumption.Rating.UNDER_STRAIN)
    assert codes(healthy) == []
    Assumption.objects.filter(pk=assumption.pk).update(rating=Assumption.Rating.BROKEN)
    assert codes(healthy) == ["broken_assumption_undecided"]
    assumption.objective.status = "dropped"
    assumption.objective.save()
    assert codes(healthy) == []


# Costs and display -------------------------------------------------------------------------


def unhealthy_mission() -> None:
    """A mission that trips every rule, with proportionate data."""
    mission = MissionFactory(established_on=date(2015, 1, 1))
    for quarter in (1, 2):
        done = review(mission, quarter)
        rate(done, O1=Progress.ON_TRACK, O2=Progress.AT_RISK, O3=Progress.STALLED)
        decide(done, Decision.Kind.KEEP, code="O2")
    review(mission, 0, status=Review.Status.OPEN)
    broken_assumption(mission, "O3")
    return mission


def test_the_cost_does_not_grow_with_missions():
    few = [unhealthy_mission() for _ in range(2)]
    with CaptureQueriesContext(connection) as small:
        flags = autopilot_flags(few, today=TODAY)
    assert all(len(flags[m.pk]) == 4 for m in few)
    many = few + [unhealthy_mission() for _ in range(28)]
    with CaptureQueriesContext(connection) as large:
        flags = autopilot_flags(many, today=TODAY)
    assert all(len(flags[m.pk]) == 4 for m in many)
    assert len(large.captured_queries) == len(small.captured_queries) == 2


def test_the_overview_shows_the_panel_flagged_or_clear(client, healthy):
    member = MembershipFactory(mission=healthy, role="viewer").user
    client.force_login(member)
    page = client.get(f"/missions/{healthy.acronym}/").content.decode()
    assert 'id="autopilot"' in page
    assert "Not on autopilot" in page
    StrategyVersion.objects.filter(mission=healthy).delete()
    page = client.get(f"/missions/{healthy.acronym}/").content.decode()
    assert 'data-flag="no_recent_version"' in page
    assert "No strategy version approved yet" in page
