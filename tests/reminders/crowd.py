"""Many missions with every reminder rule due on the same day, built in bulk: for the batched
delivery tests and ``bench/reminders.py``.

Each mission has ``people`` members: a head of mission, a chief of staff, three strategy
editors, two desk officers, two component leads and viewers; ``participants`` of the viewers
take part in the review that opens in a week, and one of them reads reminders in the weekly
digest. Four reviews (opening, due in two days, overdue, concluded) with a mandate close to
expiry, a stale stakeholder position and an exit condition never assessed make every rule fire:
27 reminders per mission with the defaults.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model

from missions.models import Membership, Mission
from notifications.models import NotificationPreference
from reviews.models import Review
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    EndStateFactory,
    ExitConditionFactory,
    MandateFactory,
    MissionFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
)

ROLES = (
    ["head_of_mission", "chief_of_staff"]
    + ["strategy_editor"] * 3
    + ["desk_officer"] * 2
    + ["component_lead"] * 2
)


def crowd(
    count: int, *, today: date, people: int = 30, participants: int = 8, prefix: str = "UNC"
) -> list[Mission]:
    """``count`` missions, each with every rule due on ``today``."""
    assert people >= len(ROLES) + participants
    User = get_user_model()
    missions = []
    for n in range(count):
        mission = MissionFactory(acronym=f"{prefix}{n:03d}", time_zone="Africa/Nairobi")
        _things_due(mission, today)
        missions.append(mission)
    users = User.objects.bulk_create(
        User(
            username=f"{m.acronym.lower()}-{k:02d}",
            email=f"{m.acronym.lower()}-{k:02d}@example.org",
            password="!",
        )
        for m in missions
        for k in range(people)
    )
    components = {c.mission_id: c for c in _components(missions)}
    memberships = []
    for i, mission in enumerate(missions):
        seats = users[i * people : (i + 1) * people]
        for user, role in zip(seats, ROLES + ["viewer"] * (people - len(ROLES)), strict=True):
            lead = role == "component_lead"
            memberships.append(
                Membership(
                    user=user,
                    mission=mission,
                    role=role,
                    component=components[mission.pk] if lead else None,
                )
            )
    Membership.objects.bulk_create(memberships)
    reviews = Review.objects.bulk_create(
        review for mission in missions for review in _reviews(mission, today)
    )
    opening = {r.mission_id: r for r in reviews if r.status == "planned"}
    through = Review.participants.through
    taking_part = []
    weekly = []
    for i, mission in enumerate(missions):
        viewers = users[i * people + len(ROLES) : i * people + len(ROLES) + participants]
        taking_part += [through(review=opening[mission.pk], user=user) for user in viewers]
        weekly.append(NotificationPreference(user=viewers[0], mission=mission, delivery="weekly"))
    through.objects.bulk_create(taking_part)
    NotificationPreference.objects.bulk_create(weekly)
    return missions


def _things_due(mission: Mission, today: date) -> None:
    end_state = EndStateFactory(mission=mission)
    objective = ObjectiveFactory(mission=mission, end_state=end_state, code="O1")
    PositionFactory(
        stakeholder=StakeholderFactory(mission=mission),
        objective=objective,
        as_of=today - timedelta(days=400),
    )
    ExitConditionFactory(end_state=end_state)  # never assessed
    MandateFactory(mission=mission, expires_on=today + timedelta(days=20))


def _components(missions: list[Mission]) -> list:
    made = []
    for mission in missions:
        component = ComponentFactory(mission=mission, name=f"{mission.acronym} Civil Affairs")
        ContributionFactory(objective=mission.objectives.get(), component=component)
        made.append(component)
    return made


def _reviews(mission: Mission, today: date) -> list[Review]:
    concluded = datetime.combine(today - timedelta(days=6), time(12), tzinfo=mission.zone)
    return [
        Review(
            mission=mission,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 3, 31),
            opens_on=today + timedelta(days=7),
            due_on=today + timedelta(days=60),
        ),
        Review(
            mission=mission,
            period_start=date(2026, 7, 1),
            period_end=date(2026, 9, 30),
            status="open",
            due_on=today + timedelta(days=2),
        ),
        Review(
            mission=mission,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 30),
            status="open",
            due_on=today - timedelta(days=9),
        ),
        Review(
            mission=mission,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            status="concluded",
            due_on=today - timedelta(days=20),
            concluded_at=concluded,
        ),
    ]
