"""A small mission for the review cycle screens' tests: one person per role, two components
(one with a lead), three objectives with contributions, a mandate with tasks, and reviews
made in any state on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from missions.models import Component, Mission
from reviews.models import ObjectiveAssessment, Review
from strategies.models import Objective
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MandateFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    TaskFactory,
    UserFactory,
)

ROLES = {
    "hom": "head_of_mission",
    "chief": "chief_of_staff",
    "editor": "strategy_editor",
    "lead": "component_lead",
    "desk": "desk_officer",
    "viewer": "viewer",
}


@dataclass
class World:
    mission: Mission
    users: dict[str, Any]
    led: Component
    unled: Component
    objectives: list[Objective]
    tasks: list[Any]
    _periods: int = field(default=0)

    def url(self, review: Review, action: str = "") -> str:
        base = f"/missions/{self.mission.acronym}/reviews/{review.pk}/"
        return f"{base}{action}/" if action else base

    def review(self, status: str = "planned", *, quarters_back: int = 0, **values: Any) -> Review:
        """A review of a quarter of its own, in ``status`` (set directly: not what is tested)."""
        self._periods += 1
        start = date(2030 - self._periods - quarters_back, 1, 1)
        now = timezone.now()
        fields: dict[str, Any] = {
            "mission": self.mission,
            "period_start": start,
            "period_end": start + timedelta(days=89),
            "opens_on": start + timedelta(days=75),
            "due_on": start + timedelta(days=104),
            "status": status,
        }
        if status != "planned":
            fields.update(led_by=self.users["chief"], opened_at=now)
        if status in ("concluded", "signed_off"):
            fields.update(concluded_at=now, summary="What the review found.")
        if status == "signed_off":
            fields.update(signed_off_at=now, signed_off_by=self.users["hom"])
        fields.update(values)
        return Review.objects.create(**fields)

    def rate_all(self, review: Review, progress: str = "on_track") -> None:
        for objective in self.objectives:
            ObjectiveAssessment.objects.create(
                review=review,
                objective=objective,
                progress=progress,
                assessed_by=self.users["chief"],
            )


def build_world(mission: Mission | None = None) -> World:
    mission = mission or MissionFactory(acronym="UNCYC")
    if mission.current_end_state is None:
        from tests.factories import EndStateFactory

        EndStateFactory(mission=mission)
    led = ComponentFactory(mission=mission, name="Civil Affairs")
    unled = ComponentFactory(mission=mission, name="Force")
    users = {}
    for username, role in ROLES.items():
        user = UserFactory(username=f"{username}-{mission.acronym.lower()}")
        MembershipFactory(
            mission=mission,
            user=user,
            role=role,
            component=led if role == "component_lead" else None,
        )
        users[username] = user
    objectives = [
        ObjectiveFactory(mission=mission, code=code, title=f"Objective {code}")
        for code in ("O1", "O2", "O3")
    ]
    for objective in objectives:
        ContributionFactory(objective=objective, component=led)
    ContributionFactory(objective=objectives[0], component=unled, role="support")
    mandate = MandateFactory(mission=mission)
    tasks = [TaskFactory(mandate=mandate, reference=f"{n}", phase=1) for n in (1, 2, 3)]
    outsider_mission = MissionFactory(acronym=f"X{mission.acronym}"[:20])
    outsider = UserFactory(username=f"outsider-{mission.acronym.lower()}")
    MembershipFactory(mission=outsider_mission, user=outsider, role="chief_of_staff")
    users["outsider"] = outsider
    return World(mission, users, led, unled, objectives, tasks)


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    return build_world()
