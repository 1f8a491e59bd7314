"""The nudge looks people up among the mission's members only: a person with no role in the
mission answers exactly as one who does not exist, and as a member who does not lead the
component; a component of another mission answers as a missing one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from missions.models import Component
from notifications.models import Notification
from reviews.models import Reminder
from tests.factories import MissionFactory
from tests.reviews.cycle_world import build_world, world_fixture  # noqa: F401
from tests.strategies.test_objective_rows_tampered import page

pytestmark = pytest.mark.django_db

NOT_THE_LEAD = "That person does not lead this component."


def nudge(client, world, review, *, lead: int, component: int | None = None):
    return client.post(
        world.url(review, "nudge"),
        {"component": component or world.led.pk, "lead": lead},
    )


def test_a_lead_of_another_mission_answers_as_a_missing_person(client, world):
    review = world.review("open")
    elsewhere = build_world(
        MissionFactory(acronym="UNELSE")
    )  # the lead of the same component name, in another mission
    client.force_login(world.users["chief"])
    missing = (get_user_model().objects.order_by("-pk").first().pk or 0) + 10_000

    answers = [
        nudge(client, world, review, lead=lead)
        for lead in (elsewhere.users["lead"].pk, world.users["outsider"].pk, missing)
    ]
    assert {response.status_code for response in answers} == {400}
    pages = {page(response) for response in answers}
    assert len(pages) == 1
    assert NOT_THE_LEAD in pages.pop()
    # A member who does not lead the component is told the same.
    member = nudge(client, world, review, lead=world.users["editor"].pk)
    assert member.status_code == 400 and page(member) == page(answers[0])
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_a_component_of_another_mission_answers_as_a_missing_one(client, world):
    review = world.review("open")
    elsewhere = build_world(MissionFactory(acronym="UNELSE"))
    client.force_login(world.users["chief"])
    missing = Component.objects.order_by("-pk").first().pk + 10_000
    lead = world.users["lead"].pk
    foreign = nudge(client, world, review, lead=lead, component=elsewhere.led.pk)
    absent = nudge(client, world, review, lead=lead, component=missing)
    assert foreign.status_code == absent.status_code == 400
    assert page(foreign) == page(absent)
    assert "Choose whom to remind." in page(foreign)
    assert not Reminder.objects.exists()


def test_the_lead_of_the_component_is_still_nudged(client, world):
    review = world.review("open")
    client.force_login(world.users["chief"])
    response = nudge(client, world, review, lead=world.users["lead"].pk)
    assert response.status_code == 302
    assert Reminder.objects.get().recipient == world.users["lead"]
