"""Every mission role against every write on the workspace, by direct POST.

A role without the right gets 403 and nothing changes; a role with it gets past the policy
(a redirect, a page with field errors, or the saved fragment); someone with no role in the
mission gets 404 for every URL, whatever the role they hold elsewhere. The personas and the
strategy they act on are built here, not taken from the demo.
"""

import pytest
from django.http import HttpRequest

from missions.models import Mission, Role
from strategies.models import Comment, TaskAlignment
from tests.factories import (
    ComponentFactory,
    DriverFactory,
    EndStateFactory,
    ExitConditionFactory,
    MandateFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    StakeholderFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # UserFactory's
EDITORS = {"chief", "editor"}
COMMENTERS = {"hom", "chief", "editor", "lead", "desk"}
ROLES = ["hom", "chief", "editor", "lead", "desk", "viewer"]
ROLE_OF = {
    "hom": Role.HEAD_OF_MISSION,
    "chief": Role.CHIEF_OF_STAFF,
    "editor": Role.STRATEGY_EDITOR,
    "lead": Role.COMPONENT_LEAD,
    "desk": Role.DESK_OFFICER,
    "viewer": Role.VIEWER,
}


@pytest.fixture
def world():
    """One persona per role on a mission with one of each thing a write can touch; the
    ``observer`` is an editor elsewhere only."""
    mission = MissionFactory(acronym="UNMAIN")
    end_state = EndStateFactory(mission=mission)
    lead_component = ComponentFactory(mission=mission, name="Civil Affairs Section")
    other_component = ComponentFactory(mission=mission, name="Force")
    users = {}
    for username, role in ROLE_OF.items():
        component = lead_component if role == Role.COMPONENT_LEAD else None
        users[username] = MembershipFactory(
            user=UserFactory(username=username), mission=mission, role=role, component=component
        ).user
    # As in a real mission, the component lead also leads the component on record.
    lead_component.lead = users["lead"]
    lead_component.save(update_fields=["lead"])
    MembershipFactory(
        user=UserFactory(username="observer"),
        mission=MissionFactory(acronym="UNFAR"),
        role=Role.STRATEGY_EDITOR,
    )
    objective = ObjectiveFactory(mission=mission, code="O1", status="active")
    task = TaskFactory(mandate=MandateFactory(mission=mission, end_state=end_state))
    TaskAlignment.objects.create(task=task, objective=objective)
    stakeholder = StakeholderFactory(mission=mission)
    driver = DriverFactory(mission=mission)
    condition = ExitConditionFactory(end_state=end_state)
    comment = Comment.objects.create(
        mission=mission, author=users["desk"], objective=objective, body="Question from HQ"
    )
    a = f"/missions/{mission.acronym}"
    return {
        "mission": mission,
        "writes": {
            # url: the users who may
            f"{a}/objectives/new/": EDITORS,
            f"{a}/objectives/{objective.pk}/": EDITORS,
            f"{a}/contributions/{lead_component.pk}/{objective.pk}/": EDITORS | {"lead"},
            f"{a}/contributions/{other_component.pk}/{objective.pk}/": EDITORS,
            f"{a}/alignment/tasks/{task.pk}/": EDITORS,
            f"{a}/stakeholders/new/": EDITORS,
            f"{a}/stakeholders/{stakeholder.pk}/edit/": EDITORS,
            f"{a}/stakeholders/{stakeholder.pk}/delete/": EDITORS,
            f"{a}/stakeholders/positions/{stakeholder.pk}/{objective.pk}/": EDITORS,
            f"{a}/drivers/new/": EDITORS,
            f"{a}/drivers/{driver.pk}/edit/": EDITORS,
            f"{a}/drivers/{driver.pk}/delete/": EDITORS,
            f"{a}/exit-conditions/new/": EDITORS,
            f"{a}/exit-conditions/{condition.pk}/edit/": EDITORS,
            f"{a}/exit-conditions/{condition.pk}/delete/": EDITORS,
            f"{a}/end-state/": EDITORS,
            f"{a}/versions/approve/": {"hom"},
            f"{a}/comments/add/": COMMENTERS,
            f"{a}/comments/{comment.pk}/resolve/": EDITORS,
        },
    }


def snapshot(mission: Mission) -> tuple:
    """Enough of the mission's state to see that a refused POST changed nothing."""
    return (
        list(mission.objectives.values_list("pk", "revision")),
        list(mission.stakeholders.values_list("pk", "revision")),
        list(mission.drivers.values_list("pk", "revision")),
        mission.versions.count(),
        Comment.objects.filter(mission=mission).count(),
    )


@pytest.mark.parametrize("username", ROLES)
def test_each_role_against_each_write(client, world, username):
    assert client.login(request=HttpRequest(), username=username, password=PASSWORD)
    mission = world["mission"]
    for url, allowed in world["writes"].items():
        before = snapshot(mission)
        # Empty posts: enough to tell the policy's answer from the form's.
        status = client.post(url, {}).status_code
        if username in allowed:
            assert status not in (403, 404), (username, url, status)
        else:
            assert status == 403, (username, url, status)
            assert snapshot(mission) == before, (username, url)


def test_someone_without_a_role_in_the_mission_gets_404_everywhere(client, world):
    assert client.login(request=HttpRequest(), username="observer", password=PASSWORD)
    for url in world["writes"]:
        assert client.post(url, {}).status_code == 404, url
        assert client.get(url).status_code in (404, 405), url
