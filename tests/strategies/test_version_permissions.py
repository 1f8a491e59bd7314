"""Only the head of mission approves a version; every member reads versions, comparisons and
history; nobody outside the mission learns that any of it exists."""

import pytest

from strategies.models import StrategyVersion
from strategies.services.versions import version_approve
from tests.factories import ComponentFactory, MembershipFactory, ObjectiveFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed_history")]

ROLES = [
    "head_of_mission",
    "chief_of_staff",
    "strategy_editor",
    "component_lead",
    "desk_officer",
    "viewer",
]
NOT_APPROVERS = [role for role in ROLES if role != "head_of_mission"]


def member(mission, role: str, username: str = ""):
    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = UserFactory(username=username or role)
    return MembershipFactory(mission=mission, role=role, component=component, user=user).user


@pytest.fixture
def pages(mission):
    """Every read-only page of this feature, with one version and one objective to show."""
    hom = member(mission, "head_of_mission", "approver")
    objective = ObjectiveFactory(mission=mission, code="O1")
    version_approve(mission=mission, by=hom, note="One.")
    return [
        "/missions/UNTEST/versions/",
        "/missions/UNTEST/versions/1/",
        "/missions/UNTEST/versions/compare/?from=1&to=draft",
        "/missions/UNTEST/activity/",
        f"/missions/UNTEST/history/objective/{objective.pk}/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_versions_comparisons_and_history(client, mission, pages, role):
    client.force_login(member(mission, role))
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_personas_read_every_page(client, mission, pages, editor, reader):
    for user in (editor, reader):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)


def test_the_outsider_gets_404_for_every_page(client, mission, pages, outsider):
    client.force_login(outsider)
    for url in pages:
        assert client.get(url).status_code == 404, url
    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Sneaky."})
    assert response.status_code == 404
    assert StrategyVersion.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_the_head_of_mission_approves(client, mission):
    client.force_login(member(mission, "head_of_mission"))

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Approved."})

    assert response.status_code == 302
    assert StrategyVersion.objects.filter(mission=mission, number=1).exists()


@pytest.mark.parametrize("role", NOT_APPROVERS)
def test_other_members_cannot_approve_even_by_posting_directly(client, mission, role):
    client.force_login(member(mission, role))

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Approved."})

    assert response.status_code == 403
    assert not StrategyVersion.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_head_sees_the_approve_form(client, mission, role):
    client.force_login(member(mission, role))

    html = client.get("/missions/UNTEST/versions/").content.decode()

    assert ("/versions/approve/" in html) == (role == "head_of_mission")


def test_a_record_of_another_mission_has_no_history_page_here(
    client, mission, other_mission, editor
):
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    client.force_login(editor)

    assert client.get(f"/missions/UNTEST/history/objective/{foreign.pk}/").status_code == 404
    assert client.get("/missions/UNTEST/history/membership/1/").status_code == 404
