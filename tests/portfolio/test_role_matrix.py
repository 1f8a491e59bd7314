"""Each mission role against each thing that exists: list, overview, admin, API list and detail,
for the persona's own mission and for a mission the role holds no part in.

The personas are built here (one per role on one mission, a desk officer holding two more, an
outsider mission nobody here holds a role in, and an administrator), not taken from the demo."""

import pytest
from django.http import HttpRequest
from rest_framework.test import APIClient

from missions.models import Membership, Mission, Role
from tests.factories import (
    ComponentFactory,
    EndStateFactory,
    MembershipFactory,
    MissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # UserFactory's
ROLES = ["hom", "chief", "editor", "lead", "desk", "viewer"]
EXPECTED_ROLE = {
    "hom": "head_of_mission",
    "chief": "chief_of_staff",
    "editor": "strategy_editor",
    "lead": "component_lead",
    "desk": "desk_officer",
    "viewer": "viewer",
}


def mission_with_end_state(acronym: str) -> Mission:
    mission = MissionFactory(acronym=acronym)
    EndStateFactory(mission=mission)
    return mission


@pytest.fixture
def main_mission() -> Mission:
    """One persona per role on UNMAIN; the desk officer also covers UNDESKA and UNDESKB;
    UNFAR belongs to someone else; ``admin`` is a superuser with no role."""
    mission = mission_with_end_state("UNMAIN")
    section = ComponentFactory(mission=mission, name="Civil Affairs Section")
    for username, role in EXPECTED_ROLE.items():
        user = UserFactory(username=username)
        component = section if role == Role.COMPONENT_LEAD else None
        MembershipFactory(user=user, mission=mission, role=role, component=component)
    for acronym in ("UNDESKA", "UNDESKB"):
        MembershipFactory(
            user=UserFactory(username="desk"),
            mission=mission_with_end_state(acronym),
            role=Role.DESK_OFFICER,
        )
    MembershipFactory(
        user=UserFactory(username="someone"),
        mission=mission_with_end_state("UNFAR"),
        role=Role.STRATEGY_EDITOR,
    )
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    return mission


def own_and_foreign(username: str):
    own = set(
        Mission.objects.filter(memberships__user__username=username).values_list(
            "acronym", flat=True
        )
    )
    foreign = set(Mission.objects.exclude(acronym__in=own).values_list("acronym", flat=True))
    return own, foreign


@pytest.mark.parametrize("username", ROLES)
def test_each_role_holds_its_role_on_the_main_mission(username, main_mission):
    membership = Membership.objects.get(user__username=username, mission=main_mission)
    assert membership.role == EXPECTED_ROLE[username]


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_exactly_its_missions_in_pages_and_api(client, username, main_mission):
    assert client.login(request=HttpRequest(), username=username, password=PASSWORD)
    own, foreign = own_and_foreign(username)
    assert main_mission.acronym in own
    assert foreign, "every role must have a mission it cannot see"

    listed = {row.mission.acronym for row in client.get("/").context["rows"]}
    assert listed == own

    for acronym in own:
        assert client.get(f"/missions/{acronym}/").status_code == 200
    for acronym in foreign:
        assert client.get(f"/missions/{acronym}/").status_code == 404

    api = APIClient()
    api.force_authenticate(client.get("/").wsgi_request.user)
    api_listed = {m["acronym"] for m in api.get("/api/v1/missions/").json()["results"]}
    assert api_listed == own
    for acronym in own:
        assert api.get(f"/api/v1/missions/{acronym}/").status_code == 200
    for acronym in foreign:
        assert api.get(f"/api/v1/missions/{acronym}/").status_code == 404


@pytest.mark.parametrize("username", ROLES)
def test_no_mission_role_reaches_the_admin(client, username, main_mission):
    client.login(request=HttpRequest(), username=username, password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_admin_reaches_the_admin_and_reads_every_mission(client, main_mission):
    assert client.login(request=HttpRequest(), username="admin", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/strategies/objective/").status_code == 200
    listed = {row.mission.acronym for row in client.get("/").context["rows"]}
    assert listed == set(Mission.objects.values_list("acronym", flat=True))
    for acronym in listed:
        assert client.get(f"/missions/{acronym}/").status_code == 200


def test_the_desk_officer_holds_three_missions(main_mission):
    own, _ = own_and_foreign("desk")
    assert len(own) == 3
