"""A benchmark of the test mission (an exit condition of its end state in force) and one
member per role, named after it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from benchmarks.services import indicator_create
from tests.factories import ComponentFactory, ExitConditionFactory, MembershipFactory, UserFactory

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


@pytest.fixture
def people(mission, outsider) -> dict[str, object]:
    found = {}
    for role in ROLES:
        extra = {"component": ComponentFactory(mission=mission)} if role == "component_lead" else {}
        found[role] = MembershipFactory(
            mission=mission, role=role, user=UserFactory(username=role), **extra
        ).user
    found["outsider"] = outsider
    return found


@pytest.fixture
def condition(mission):
    return ExitConditionFactory(
        end_state=mission.current_end_state,
        description="Armed groups no longer threaten civilians in the Karsh Plateau.",
    )


def add_indicator(condition, by, **values):
    defaults = {
        "name": "Civilian deaths from armed violence, per quarter",
        "unit": "deaths",
        "baseline": Decimal("120"),
        "threshold": Decimal("20"),
        "direction": "at_most",
        "source": "Joint Mission Analysis Centre",
        "owner_kind": "component",
        "owner_name": "Human Rights Division",
    }
    return indicator_create(condition=condition, values={**defaults, **values}, by=by)
