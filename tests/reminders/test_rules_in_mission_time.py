"""Each rule fires on the day it should, counted in the mission's own time zone.

Two missions, one at UTC+3 (Nairobi) and one at UTC-5 (Bogota), share the same UTC instant;
near midnight their dates differ, and so do the reminders they are due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from mandates.models import ReportingObligation
from reviews.models import Reminder
from reviews.reminders.delivery import send_reminders
from reviews.reminders.rules import BY_CODE, RULES
from tests.factories import (
    ContributionFactory,
    ExitConditionFactory,
    MandateFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
)
from tests.mailbox import delivered
from tests.reminders.conftest import Cast

pytestmark = pytest.mark.django_db

D = date(2026, 11, 26)  # the day each rule is set up to fire on

# Who each rule tells, by seat in the cast.
AUDIENCE = {
    "review_opens": {"chief", "participant"},
    "contributions_unassessed": {"lead"},
    "objectives_unrated": {"chief"},
    "review_overdue": {"chief"},
    "review_overdue_escalated": {"hom"},
    "sign_off_pending": {"hom"},
    "mandate_expires": {"editor", "chief", "desk"},
    "report_due": {"chief", "desk"},
    "stale_positions": {"editor"},
    "stale_exit_evidence": {"editor"},
}


def place(rule: str, cast: Cast, day: date = D) -> None:
    """The object that makes ``rule`` fire first on ``day`` at ``cast``'s mission."""
    mission = cast.mission
    if rule == "review_opens":
        review = ReviewFactory(mission=mission, opens_on=day + timedelta(days=14))
        review.participants.add(cast.participant, cast.chief)
    elif rule in {"contributions_unassessed", "objectives_unrated"}:
        ContributionFactory(objective=ObjectiveFactory(mission=mission), component=cast.component)
        ReviewFactory(mission=mission, status="open", due_on=day + timedelta(days=3))
    elif rule == "review_overdue":
        ReviewFactory(mission=mission, status="open", due_on=day - timedelta(days=1))
    elif rule == "review_overdue_escalated":
        ReviewFactory(mission=mission, status="planned", due_on=day - timedelta(days=7))
    elif rule == "sign_off_pending":
        concluded = datetime.combine(day - timedelta(days=5), datetime.min.time(), UTC)
        ReviewFactory(
            mission=mission,
            status="concluded",
            due_on=day,
            concluded_at=concluded + timedelta(hours=12),  # same date at UTC+3 and UTC-5
        )
    elif rule == "mandate_expires":
        MandateFactory(mission=mission, expires_on=day + timedelta(days=90))
    elif rule == "report_due":
        mandate = MandateFactory(mission=mission, expires_on=day + timedelta(days=400))
        ReportingObligation.objects.create(
            mandate=mandate, reference="7", kind="report", every_days=90, due_on=day + timedelta(30)
        )
        # Sent already: no reminder, however close.
        ReportingObligation.objects.create(
            mandate=mandate, kind="update", due_on=day + timedelta(14), submitted_on=day
        )
    elif rule == "stale_positions":
        PositionFactory(
            stakeholder=StakeholderFactory(mission=mission), as_of=day - timedelta(days=181)
        )
    elif rule == "stale_exit_evidence":
        ExitConditionFactory(
            end_state=mission.current_end_state, last_assessed_on=day - timedelta(days=181)
        )
    else:
        raise AssertionError(f"no set-up for {rule}")


def told(cast: Cast, rule: str) -> set[str]:
    """Seats in ``cast`` that got ``rule``'s reminder."""
    seats = {person.pk: name for name, person in cast.people().items()}
    return {
        seats[user_id]
        for user_id in Reminder.objects.filter(mission=cast.mission, rule=rule).values_list(
            "recipient_id", flat=True
        )
    }


def test_every_rule_has_a_set_up_here():
    assert {rule.code for rule in RULES} == set(AUDIENCE)


# (instant, is it D at UTC+3, is it D at UTC-5)
INSTANTS = [
    pytest.param(datetime(2026, 11, 25, 20, 59, tzinfo=UTC), False, False, id="23:59-at-UTC+3"),
    pytest.param(datetime(2026, 11, 25, 21, 0, tzinfo=UTC), True, False, id="00:00-at-UTC+3"),
    pytest.param(datetime(2026, 11, 26, 4, 59, tzinfo=UTC), True, False, id="23:59-at-UTC-5"),
    pytest.param(datetime(2026, 11, 26, 5, 0, tzinfo=UTC), True, True, id="00:00-at-UTC-5"),
]


@pytest.mark.parametrize("rule", sorted(AUDIENCE))
@pytest.mark.parametrize(("instant", "east_fires", "west_fires"), INSTANTS)
def test_rule_fires_on_the_missions_own_day(east, west, rule, instant, east_fires, west_fires):
    place(rule, east)
    place(rule, west)

    send_reminders(now=instant)

    assert told(east, rule) == (AUDIENCE[rule] if east_fires else set())
    assert told(west, rule) == (AUDIENCE[rule] if west_fires else set())
    expected_emails = {
        getattr(cast, seat).email
        for cast, fires in ((east, east_fires), (west, west_fires))
        if fires
        for seat in AUDIENCE[rule]
    }
    sent = {
        to
        for message in delivered()
        for to in message.to
        if Reminder.objects.filter(rule=rule, subject=message.subject).exists()
    }
    assert sent == expected_emails


def test_same_instant_different_dates_give_different_reminders(east, west):
    """Seven days before opening at UTC+3 is eight days before at UTC-5: two offsets."""
    instant = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # 26 Nov at UTC+3, 25 Nov at UTC-5
    opens = date(2026, 12, 3)
    for cast in (east, west):
        ReviewFactory(mission=cast.mission, opens_on=opens)

    send_reminders(now=instant)

    east_periods = set(
        Reminder.objects.filter(mission=east.mission, rule="review_opens").values_list(
            "period", flat=True
        )
    )
    west_periods = set(
        Reminder.objects.filter(mission=west.mission, rule="review_opens").values_list(
            "period", flat=True
        )
    )
    assert east_periods == {"2026-12-03/7d"}
    assert west_periods == {"2026-12-03/14d"}
    subjects = {m.to[0]: m.subject for m in delivered()}
    assert "opens in 7 days" in subjects[east.chief.email]
    assert "opens in 8 days" in subjects[west.chief.email]


@pytest.mark.parametrize(
    ("days_before", "offset"),
    [(15, None), (14, 14), (10, 14), (8, 14), (7, 7), (2, 7), (1, 1), (0, 1), (-1, None)],
)
def test_opening_offsets_fire_each_once_and_catch_up(east, days_before, offset):
    """14, 7 and 1 days: a run that missed the exact day still sends the one now due."""
    today = date(2026, 11, 26)
    ReviewFactory(mission=east.mission, opens_on=today + timedelta(days=days_before))

    send_reminders(today=today)

    periods = set(Reminder.objects.filter(rule="review_opens").values_list("period", flat=True))
    expected = (
        {f"{(today + timedelta(days=days_before)).isoformat()}/{offset}d"} if offset else set()
    )
    assert periods == expected


def test_three_opening_reminders_over_the_fortnight(east):
    opens = date(2026, 12, 10)
    ReviewFactory(mission=east.mission, opens_on=opens)
    for days_before in range(20, -1, -1):
        send_reminders(today=opens - timedelta(days=days_before))
    subjects = [m.subject for m in delivered() if m.to == [east.chief.email]]
    assert len(subjects) == 3
    assert [s.rsplit(" in ", 1)[1] for s in subjects] == ["14 days", "7 days", "1 day"]


def test_mandate_expiry_at_90_60_and_30_days_to_the_right_people(east):
    expires = date(2027, 3, 1)
    MandateFactory(mission=east.mission, expires_on=expires, adopted_on=date(2025, 3, 1))
    for days_before in range(100, 0, -1):
        send_reminders(today=expires - timedelta(days=days_before))
    periods = sorted(Reminder.objects.filter(recipient=east.desk).values_list("period", flat=True))
    assert periods == [f"{expires}/30d", f"{expires}/60d", f"{expires}/90d"]
    assert {m.to[0] for m in delivered()} == {east.editor.email, east.chief.email, east.desk.email}
    assert len(delivered()) == 9


def test_only_the_latest_mandate_counts(east):
    today = date(2026, 11, 26)
    MandateFactory(
        mission=east.mission, adopted_on=date(2024, 1, 1), expires_on=today + timedelta(days=30)
    )
    MandateFactory(
        mission=east.mission, adopted_on=date(2025, 1, 1), expires_on=today + timedelta(days=300)
    )
    send_reminders(today=today)
    assert not Reminder.objects.filter(rule="mandate_expires").exists()


def test_escalation_to_the_head_of_mission_after_seven_days_overdue(east):
    due = date(2026, 11, 10)
    ReviewFactory(mission=east.mission, status="open", due_on=due)
    told_by_day = {}
    for days_after in range(0, 10):
        mail.outbox = []
        send_reminders(today=due + timedelta(days=days_after))
        told_by_day[days_after] = sorted(m.to[0] for m in delivered())
    assert told_by_day[0] == []
    assert told_by_day[1] == [east.chief.email]
    assert all(told_by_day[d] == [] for d in range(2, 7))
    assert told_by_day[7] == [east.hom.email]
    assert all(told_by_day[d] == [] for d in range(8, 10))
    escalation = Reminder.objects.get(rule="review_overdue_escalated")
    assert escalation.escalation is True
    assert escalation.recipient == east.hom


def test_no_reminders_for_signed_off_reviews_or_closed_missions(east, west):
    ReviewFactory(mission=east.mission, status="signed_off", due_on=date(2026, 11, 1))
    west.mission.status = "closed"
    west.mission.save()
    ReviewFactory(mission=west.mission, status="open", due_on=date(2026, 11, 1))
    send_reminders(today=date(2026, 11, 26))
    assert not Reminder.objects.exists()
    assert delivered() == []


def test_stale_evidence_is_one_reminder_per_mission_per_week_listing_what_is_stale(east):
    today = date(2026, 11, 26)  # a Thursday
    old = today - timedelta(days=200)
    objective = ObjectiveFactory(mission=east.mission, code="O7", title="Dialogue")
    for name in ("Council of Elders", "Youth Forum", "Chamber of Commerce"):
        PositionFactory(
            stakeholder=StakeholderFactory(mission=east.mission, name=name),
            objective=objective,
            as_of=old,
        )
    fresh = StakeholderFactory(mission=east.mission, name="Women's Network")
    PositionFactory(stakeholder=fresh, objective=objective, as_of=old)
    PositionFactory(stakeholder=fresh, objective=objective, as_of=today - timedelta(days=10))

    for day in range(0, 4):  # Thursday to Sunday: the same ISO week
        send_reminders(today=today + timedelta(days=day))
    assert len(delivered()) == 1
    body = delivered()[0].body
    assert "Council of Elders on O7" in body and "Youth Forum on O7" in body
    assert "Women's Network" not in body  # its latest position is recent
    assert delivered()[0].subject == "UNEAST: 3 stakeholder positions not updated for 180 days"

    send_reminders(today=today + timedelta(days=4))  # Monday: a new week
    assert len(delivered()) == 2


def test_assessment_missing_tells_only_the_leads_of_components_with_gaps(east):
    from missions.models import Membership
    from reviews.models import ContributionAssessment
    from tests.factories import ComponentFactory, UserFactory

    done = ComponentFactory(mission=east.mission, name="Police")
    done_lead = UserFactory(username="police-lead")
    Membership.objects.create(
        user=done_lead, mission=east.mission, role="component_lead", component=done
    )
    objective = ObjectiveFactory(mission=east.mission, code="O1", title="Elections")
    ContributionFactory(objective=objective, component=east.component)
    assessed = ContributionFactory(objective=objective, component=done)
    review = ReviewFactory(mission=east.mission, status="open", due_on=date(2026, 11, 29))
    ContributionAssessment.objects.create(review=review, contribution=assessed, strength="some")

    send_reminders(today=date(2026, 11, 26))

    leads = Reminder.objects.filter(rule="contributions_unassessed")
    assert {r.recipient for r in leads} == {east.lead}
    assert "O1 Elections" in leads.get().body
    assert "UNEAST Civil Affairs" in leads.get().subject
    assert BY_CODE["contributions_unassessed"].link == "reviews:assess_contributions"
