"""Who must have a second factor, and that nobody else is stopped: heads of mission and chiefs
of staff (the roles that approve, sign off, run or reopen reviews) and staff, when
REQUIRE_SECOND_FACTOR is on."""

from __future__ import annotations

import pytest

from accounts.second_factor import SECOND_FACTOR_ROLES, second_factor_required
from missions.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_factor_on(settings):
    settings.REQUIRE_SECOND_FACTOR = True


def member(mission, role: str):
    return MembershipFactory(mission=mission, role=role).user


def test_the_roles_come_from_the_policy_actions():
    assert {Role.HEAD_OF_MISSION, Role.CHIEF_OF_STAFF} == SECOND_FACTOR_ROLES


@pytest.mark.usefixtures("second_factor_on")
def test_who_must_have_one(mission, editor, reader, outsider):
    assert second_factor_required(member(mission, "head_of_mission"))
    assert second_factor_required(member(mission, "chief_of_staff"))
    assert second_factor_required(UserFactory(username="staffer", is_staff=True))
    assert second_factor_required(UserFactory(username="root", is_superuser=True))
    assert not second_factor_required(editor)
    assert not second_factor_required(reader)
    assert not second_factor_required(outsider)
    assert not second_factor_required(member(mission, "desk_officer"))


def test_nobody_must_with_the_setting_off(mission):
    assert not second_factor_required(member(mission, "head_of_mission"))
    assert not second_factor_required(UserFactory(username="root", is_superuser=True))


@pytest.mark.usefixtures("second_factor_on")
def test_a_head_of_mission_is_sent_to_enrolment_after_the_password(client, mission):
    hom = member(mission, "head_of_mission")
    response = client.post(
        "/accounts/login/", {"username": hom.username, "password": "pass-word-123"}
    )
    assert response.status_code == 302 and response.url == "/"
    response = client.get("/missions/UNTEST/")
    assert response.status_code == 302
    assert response.url == "/accounts/second-factor/set-up/?next=%2Fmissions%2FUNTEST%2F"


@pytest.mark.usefixtures("second_factor_on")
def test_staff_must_enrol_before_the_admin(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/second-factor/set-up/")


@pytest.mark.usefixtures("second_factor_on")
def test_people_who_need_none_go_straight_on(client, editor, reader, outsider):
    for user in (editor, reader, outsider):
        client.force_login(user)
        assert client.get("/").status_code == 200


def test_with_the_setting_off_the_demo_roles_go_straight_on(client, mission):
    client.force_login(member(mission, "head_of_mission"))
    assert client.get("/").status_code == 200
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("second_factor_on")
def test_the_api_answers_403_to_a_session_that_owes_the_second_factor(client, mission):
    client.force_login(member(mission, "head_of_mission"))
    response = client.get("/api/v1/missions/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Enter your second-factor code first."}


@pytest.mark.usefixtures("second_factor_on")
def test_an_htmx_request_is_sent_to_the_page_by_htmx(client, mission):
    client.force_login(member(mission, "head_of_mission"))
    response = client.get("/missions/UNTEST/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/accounts/second-factor/set-up/")
