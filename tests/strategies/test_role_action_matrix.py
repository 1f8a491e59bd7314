"""Every demo role against every write on the workspace, by direct POST.

A role without the right gets 403 and nothing changes; a role with it gets past the policy
(a redirect, a page with field errors, or the saved fragment); someone with no role in the
mission gets 404 for every URL, whatever the role they hold elsewhere.
"""

import pytest
from django.http import HttpRequest

from missions.models import Membership, Mission
from strategies.models import Comment

pytestmark = pytest.mark.django_db

EDITORS = {"chief", "editor"}
COMMENTERS = {"hom", "chief", "editor", "lead", "desk"}
ROLES = ["hom", "chief", "editor", "lead", "desk", "viewer"]


@pytest.fixture
def world(demo):
    mission = Mission.objects.get(memberships__user__username="editor")
    lead_component = Membership.objects.get(user__username="lead").component
    other_component = mission.components.exclude(pk=lead_component.pk).first()
    objective = mission.objectives.filter(status="active").order_by("code").first()
    task = objective.tasks.first() or mission.mandates.first().tasks.first()
    stakeholder = mission.stakeholders.first()
    driver = mission.drivers.first()
    condition = mission.current_end_state.exit_conditions.first()
    comment = Comment.objects.create(
        mission=mission,
        author=Membership.objects.get(mission=mission, role="desk_officer").user,
        objective=objective,
        body="Question from HQ",
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
    assert client.login(request=HttpRequest(), username=username, password="demo")
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
    assert client.login(request=HttpRequest(), username="observer", password="demo")
    for url in world["writes"]:
        assert client.post(url, {}).status_code == 404, url
        assert client.get(url).status_code in (404, 405), url
