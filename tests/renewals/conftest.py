"""A mandate of the test mission with a small paragraph tree, an objective rated in two
concluded reviews, a review decision about a task, and one member per role."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from reviews.models import Decision, ObjectiveAssessment, Progress
from strategies.models import TaskAlignment
from tests.factories import (
    ComponentFactory,
    MandateFactory,
    MembershipFactory,
    ObjectiveFactory,
    ReviewFactory,
    TaskFactory,
    UserFactory,
)

ROLES = [
    "head_of_mission",
    "chief_of_staff",
    "strategy_editor",
    "component_lead",
    "desk_officer",
    "viewer",
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_role(role: str) -> Client:
    return client_for(get_user_model().objects.get(username=role))


@pytest.fixture
def people(mission, outsider) -> dict[str, object]:
    """One member per role, named after it, and the outsider of another mission."""
    found = {}
    for role in ROLES:
        extra = {"component": ComponentFactory(mission=mission)} if role == "component_lead" else {}
        found[role] = MembershipFactory(
            mission=mission, role=role, user=UserFactory(username=role), **extra
        ).user
    found["outsider"] = outsider
    return found


@pytest.fixture
def mandate(mission):
    """S/RES/2729-like: 1, 2, 3 with 3 (a) and 3 (a) (i), 4; 3 (a) is a strategic priority."""
    mandate = MandateFactory(
        mission=mission,
        symbol="S/RES/2729 (2024)",
        adopted_on=date(2024, 4, 30),
        expires_on=date(2025, 4, 30),
    )
    one = TaskFactory(mandate=mandate, reference="1", position=1, text="Decides to extend.")
    TaskFactory(mandate=mandate, reference="2", position=2, text="Decides the priority.")
    three = TaskFactory(mandate=mandate, reference="3", position=3, text="Decides the tasks:")
    three_a = TaskFactory(
        mandate=mandate,
        reference="3 (a)",
        parent=three,
        position=4,
        text="Protection of civilians:",
        is_strategic_priority=True,
    )
    TaskFactory(
        mandate=mandate,
        reference="3 (a) (i)",
        parent=three_a,
        position=5,
        text="To ensure the protection of civilians under threat of physical violence;",
        phase=1,
    )
    TaskFactory(
        mandate=mandate, reference="4", position=6, text="To support security sector reform;"
    )
    del one
    return mandate


def task(mandate, reference: str):
    return mandate.tasks.get(reference=reference)


@pytest.fixture
def rated(mission, mandate):
    """O1 serves 3 (a) (i): at risk, then on track in two concluded reviews (improving);
    the later review decided to resequence the task."""
    objective = ObjectiveFactory(mission=mission, code="O1", title="Civilians are protected")
    TaskAlignment.objects.create(task=task(mandate, "3 (a) (i)"), objective=objective)
    first = ReviewFactory(
        mission=mission,
        period_start=date(2024, 7, 1),
        period_end=date(2024, 9, 30),
        due_on=date(2024, 10, 15),
        status="concluded",
    )
    second = ReviewFactory(
        mission=mission,
        period_start=date(2024, 10, 1),
        period_end=date(2024, 12, 31),
        due_on=date(2025, 1, 15),
        status="signed_off",
    )
    ObjectiveAssessment.objects.create(review=first, objective=objective, progress=Progress.AT_RISK)
    ObjectiveAssessment.objects.create(
        review=second, objective=objective, progress=Progress.ON_TRACK
    )
    Decision.objects.create(
        review=second,
        kind=Decision.Kind.RESEQUENCE,
        task=task(mandate, "3 (a) (i)"),
        rationale="Protection first: move the task to the first phase everywhere.",
    )
    return objective
