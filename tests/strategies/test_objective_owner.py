"""An objective's owner is someone who can act on the mission's strategy: never a desk officer
or a viewer, in the objective editor and in the API alike."""

import re

import pytest
from rest_framework.test import APIClient

from strategies.models import Objective
from tests.factories import ComponentFactory, MembershipFactory, ObjectiveFactory, UserFactory
from tests.strategies.test_objective_editor import edit_data, objective_data

pytestmark = pytest.mark.django_db

NEW = "/missions/UNTEST/objectives/new/"
API = "/api/v1/objectives/"


def member(mission, role: str, username: str, **extra):
    user = UserFactory(username=username, first_name=username.title(), last_name="Member")
    MembershipFactory(mission=mission, role=role, user=user, **extra)
    return user


@pytest.fixture
def people(mission, editor, reader, outsider):
    """One person per role in the mission (the editor and the viewer ``reader`` included)."""
    return {
        "head_of_mission": member(mission, "head_of_mission", "hana"),
        "chief_of_staff": member(mission, "chief_of_staff", "cleo"),
        "strategy_editor": editor,
        "component_lead": member(
            mission, "component_lead", "lars", component=ComponentFactory(mission=mission)
        ),
        "desk_officer": member(mission, "desk_officer", "dara"),
        "viewer": reader,
        "outsider": outsider,
    }


def owner_options(html: str) -> set[int]:
    select = re.search(r'<select name="owner"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_the_owner_list_offers_only_people_who_can_act_on_the_strategy(client, people):
    client.force_login(people["strategy_editor"])

    offered = owner_options(client.get(NEW).content.decode())

    may_own = ("head_of_mission", "chief_of_staff", "strategy_editor", "component_lead")
    assert offered == {people[role].pk for role in may_own}
    for role in ("desk_officer", "viewer", "outsider"):
        assert people[role].pk not in offered


def test_an_inactive_member_is_not_offered(client, people, mission):
    gone = member(mission, "strategy_editor", "gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(people["strategy_editor"])

    assert gone.pk not in owner_options(client.get(NEW).content.decode())


@pytest.mark.parametrize("role", ["desk_officer", "viewer", "outsider"])
def test_a_posted_owner_who_cannot_own_gets_an_error_beside_the_field(client, people, role):
    client.force_login(people["strategy_editor"])

    response = client.post(NEW, objective_data(owner=people[role].pk))

    assert response.status_code == 400
    html = response.content.decode()
    field = re.search(r'<div class="field[^"]*"[^>]*>\s*<label for="id_owner".*?</div>', html, re.S)
    assert "desk officers, viewers and people outside the mission cannot own" in field.group(0)
    assert not Objective.objects.filter(code="O9").exists()


def test_a_component_lead_can_own_an_objective(client, people):
    client.force_login(people["strategy_editor"])

    response = client.post(NEW, objective_data(owner=people["component_lead"].pk))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Objective.objects.get(code="O9").owner == people["component_lead"]


def test_a_change_of_owner_to_a_desk_officer_is_refused(client, people, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", owner=people["chief_of_staff"])
    client.force_login(people["strategy_editor"])

    response = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/",
        edit_data(objective, owner=people["desk_officer"].pk),
    )

    assert response.status_code == 400
    objective.refresh_from_db()
    assert objective.owner == people["chief_of_staff"]


def test_an_owner_whose_role_changed_is_kept_when_other_fields_are_saved(client, people, mission):
    owner = people["desk_officer"]  # once the chief of staff, say
    objective = ObjectiveFactory(mission=mission, code="O1", owner=owner)
    client.force_login(people["strategy_editor"])
    url = f"/missions/UNTEST/objectives/{objective.pk}/"

    # Still shown as the owner, so a save of another field does not silently drop them.
    assert owner.pk in owner_options(client.get(url).content.decode())
    response = client.post(url, edit_data(objective, owner=owner.pk, title="A new title"))

    assert response.status_code == 302, response.content.decode()[:2000]
    objective.refresh_from_db()
    assert (objective.title, objective.owner) == ("A new title", owner)


@pytest.fixture
def api(people):
    client = APIClient()
    client.force_authenticate(people["strategy_editor"])
    return client


def api_new(**extra):
    return {"mission": "UNTEST", "code": "O7", "title": "Local peace", "levels": ["local"]} | extra


@pytest.mark.parametrize("role", ["desk_officer", "viewer"])
def test_the_api_refuses_an_owner_who_cannot_own(api, people, role):
    response = api.post(API, api_new(owner=people[role].pk), format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["owner"]
    assert "cannot own an objective" in response.json()["errors"]["owner"][0]
    assert not Objective.objects.filter(code="O7").exists()


@pytest.mark.parametrize("role", ["head_of_mission", "component_lead"])
def test_the_api_accepts_an_owner_who_can_act_on_the_strategy(api, people, role):
    response = api.post(API, api_new(owner=people[role].pk), format="json")

    assert response.status_code == 201, response.content
    assert Objective.objects.get(code="O7").owner == people[role]


def test_the_api_refuses_a_change_of_owner_to_a_desk_officer(api, people, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", owner=people["chief_of_staff"])
    url = f"{API}{objective.pk}/"

    response = api.patch(
        url, {"owner": people["desk_officer"].pk}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["owner"]
    objective.refresh_from_db()
    assert objective.owner == people["chief_of_staff"]
