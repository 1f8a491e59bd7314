"""A mandate of the test mission expiring in 200 days, with a small paragraph tree (a header
with two sub-paragraphs, and two plain paragraphs), a benchmark, and one member per role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import (
    ComponentFactory,
    ExitConditionFactory,
    MandateFactory,
    MembershipFactory,
    TaskFactory,
    UserFactory,
)
from transition.models import Handover

ROLES = [
    "head_of_mission",
    "chief_of_staff",
    "strategy_editor",
    "component_lead",
    "desk_officer",
    "viewer",
]
URL = "/missions/UNTEST/transition/"


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
    """1 (a header) with 1 (a) and 1 (b); 2; 3. Expires in 200 days."""
    mandate = MandateFactory(
        mission=mission,
        symbol="S/RES/2800 (2026)",
        adopted_on=date(2026, 1, 15),
        expires_on=date.today() + timedelta(days=200),
    )
    one = TaskFactory(
        mandate=mandate, reference="1", position=1, text="Decides that the tasks shall be:"
    )
    TaskFactory(
        mandate=mandate,
        reference="1 (a)",
        parent=one,
        position=2,
        text="To support the rule of law and the justice sector;",
    )
    TaskFactory(
        mandate=mandate,
        reference="1 (b)",
        parent=one,
        position=3,
        text="To support the electoral commission;",
    )
    TaskFactory(mandate=mandate, reference="2", position=4, text="To protect civilians;")
    TaskFactory(mandate=mandate, reference="3", position=5, text="To monitor human rights;")
    return mandate


def task(mandate, reference: str):
    return mandate.tasks.get(reference=reference)


@pytest.fixture
def benchmark(mission):
    return ExitConditionFactory(
        end_state=mission.current_end_state,
        kind="political",
        description="Courts sit in every province.",
        status="partly_met",
    )


def handover(mandate, reference: str, **values) -> Handover:
    target = task(mandate, reference)
    fields = {
        "receiver_kind": "unct",
        "receiver": "UNDP",
        "phase": 2,
        "status": "not_started",
        **values,
    }
    return Handover.objects.create(mission=mandate.mission, task=target, **fields)
