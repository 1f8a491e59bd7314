"""HQ comments: desk officers comment and cannot edit; editors reply and resolve."""

import pytest

from strategies.models import Comment
from tests.factories import MembershipFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(mission):
    return MembershipFactory(mission=mission, role="desk_officer").user


@pytest.fixture
def objective(mission):
    return ObjectiveFactory(mission=mission, code="O1", title="Dialogue")


def test_desk_officer_comments_on_an_objective(client, desk, objective):
    client.force_login(desk)
    response = client.post(
        "/missions/UNTEST/comments/add/",
        {"objective": objective.pk, "body": "Council members will ask about sequencing."},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author == desk and comment.objective == objective
    page = client.get(f"/missions/UNTEST/objectives/{objective.pk}/").content.decode()
    assert "Council members will ask about sequencing." in page


def test_desk_officer_cannot_edit_or_resolve(client, desk, objective):
    comment = Comment.objects.create(
        mission=objective.mission, author=desk, objective=objective, body="x"
    )
    client.force_login(desk)
    assert client.post(f"/missions/UNTEST/comments/{comment.pk}/resolve/").status_code == 403
    assert (
        client.post(f"/missions/UNTEST/objectives/{objective.pk}/", {"title": "no"}).status_code
        == 403
    )


def test_editor_replies_and_resolves_and_the_overview_counts_open_threads(
    client, desk, editor, objective
):
    comment = Comment.objects.create(
        mission=objective.mission, author=desk, objective=objective, body="Q?"
    )
    client.force_login(editor)
    assert "1 open comment thread" in client.get("/missions/UNTEST/").content.decode()
    client.post(
        "/missions/UNTEST/comments/add/", {"parent": comment.pk, "body": "Answered in O1.2."}
    )
    reply = Comment.objects.get(parent=comment)
    assert reply.objective == objective and reply.author == editor
    client.post(f"/missions/UNTEST/comments/{comment.pk}/resolve/", {"resolved": "1"})
    comment.refresh_from_db()
    assert comment.resolved_at and comment.resolved_by == editor
    assert "0 open comment threads" in client.get("/missions/UNTEST/").content.decode()
    resolved = client.get("/missions/UNTEST/comments/?state=resolved").content.decode()
    assert "Answered in O1.2." in resolved


def test_an_empty_comment_is_told_and_nothing_is_saved(client, desk, objective):
    client.force_login(desk)
    response = client.post(
        "/missions/UNTEST/comments/add/",
        {"objective": objective.pk, "body": "   "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Write a comment first." in response.content.decode()
    assert not Comment.objects.exists()


def test_viewers_cannot_comment_and_outsiders_get_404(client, reader, outsider, objective):
    client.force_login(reader)
    assert (
        client.post(
            "/missions/UNTEST/comments/add/", {"objective": objective.pk, "body": "hi"}
        ).status_code
        == 403
    )
    client.force_login(outsider)
    assert (
        client.post(
            "/missions/UNTEST/comments/add/", {"objective": objective.pk, "body": "hi"}
        ).status_code
        == 404
    )
    assert client.get("/missions/UNTEST/comments/").status_code == 404
    assert not Comment.objects.exists()


def test_a_comment_cannot_target_another_missions_objective(client, desk, other_mission):
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    client.force_login(desk)
    assert (
        client.post(
            "/missions/UNTEST/comments/add/", {"objective": foreign.pk, "body": "x"}
        ).status_code
        == 404
    )


def test_desk_officer_comments_on_a_version(client, desk, mission):
    from django.utils import timezone

    from strategies.models import StrategyVersion

    version = StrategyVersion.objects.create(
        mission=mission,
        number=1,
        end_state=mission.current_end_state,
        approved_by=desk,
        approved_at=timezone.now(),
        snapshot={},
    )
    client.force_login(desk)
    response = client.post(
        "/missions/UNTEST/comments/add/", {"version": version.pk, "body": "Well sequenced."}
    )
    assert response.status_code == 302
    assert Comment.objects.get().version == version
    assert "Well sequenced." in client.get("/missions/UNTEST/versions/1/").content.decode()
