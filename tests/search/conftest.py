"""One member of the test mission per role, and a client for each."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import ComponentFactory, MembershipFactory, UserFactory

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


def search(client: Client, words: str, acronym: str = "UNTEST", **extra: str):
    return client.get(f"/missions/{acronym}/search/", {"q": words, **extra})
