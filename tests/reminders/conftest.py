"""A mission with one person in every seat, for the reminder rules."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import mail

from missions.models import Mission
from tests.factories import (
    ComponentFactory,
    EndStateFactory,
    MembershipFactory,
    MissionFactory,
    UserFactory,
)
from tests.mailbox import delivered


@dataclass
class Cast:
    mission: Mission
    hom: object
    chief: object
    editor: object
    desk: object
    lead: object
    viewer: object
    participant: object
    component: object

    def people(self) -> dict[str, object]:
        seats = ("hom", "chief", "editor", "desk", "lead", "viewer", "participant")
        return {seat: getattr(self, seat) for seat in seats}


def make_cast(acronym: str, time_zone: str) -> Cast:
    mission = MissionFactory(acronym=acronym, time_zone=time_zone)
    EndStateFactory(mission=mission)
    component = ComponentFactory(mission=mission, name=f"{acronym} Civil Affairs")
    low = acronym.lower()
    people = {}
    for seat, role in [
        ("hom", "head_of_mission"),
        ("chief", "chief_of_staff"),
        ("editor", "strategy_editor"),
        ("desk", "desk_officer"),
        ("viewer", "viewer"),
        ("participant", "viewer"),
    ]:
        people[seat] = MembershipFactory(
            mission=mission, role=role, user=UserFactory(username=f"{low}-{seat}")
        ).user
    people["lead"] = MembershipFactory(
        mission=mission,
        role="component_lead",
        component=component,
        user=UserFactory(username=f"{low}-lead"),
    ).user
    return Cast(mission=mission, component=component, **people)


@pytest.fixture
def east(db) -> Cast:
    """A mission at UTC+3 (Nairobi, no daylight saving)."""
    return make_cast("UNEAST", "Africa/Nairobi")


@pytest.fixture
def west(db) -> Cast:
    """A mission at UTC-5 (Bogota, no daylight saving)."""
    return make_cast("UNWEST", "America/Bogota")


@pytest.fixture(autouse=True)
def email_to_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def outbox_by_recipient() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in delivered():
        for to in message.to:
            found.setdefault(to, []).append(message.subject)
    return found
