"""The objective editor: create, edit, validate, refuse stale saves, and who may do it."""

import pytest

from strategies.models import Assumption, Objective, ProgressMarker
from tests.factories import MembershipFactory, ObjectiveFactory, UserFactory

pytestmark = pytest.mark.django_db

EMPTY_SETS = {
    f"{prefix}-{key}": value
    for prefix in ("assumptions", "risks", "markers")
    for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
}


def objective_data(**overrides):
    data = {
        "code": "O9",
        "title": "Local peace committees resolve land disputes",
        "description": "",
        "levels": ["local"],
        "parent": "",
        "priority": 2,
        "phase": 1,
        "owner": "",
        "status": "active",
        **EMPTY_SETS,
    }
    data.update(overrides)
    return data


def edit_data(objective, **overrides):
    data = objective_data(
        code=objective.code,
        title=objective.title,
        levels=objective.levels,
        priority=objective.priority,
        phase=objective.phase,
        status=objective.status,
        revision=objective.revision,
        parent=objective.parent_id or "",
    )
    data.update(overrides)
    return data


def test_editor_creates_an_objective_with_a_parent_and_a_marker(client, editor, mission):
    parent = ObjectiveFactory(mission=mission, code="O2", levels=["national"])
    client.force_login(editor)
    data = objective_data(parent=parent.pk)
    data.update(
        {
            "markers-TOTAL_FORMS": 1,
            "markers-0-statement": "Committees settle half the disputes referred to them",
            "markers-0-baseline": "10%",
            "markers-0-target": "50%",
        }
    )
    response = client.post("/missions/UNTEST/objectives/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Objective.objects.get(mission=mission, code="O9")
    assert created.parent == parent
    assert created.end_state == mission.current_end_state
    assert created.markers.get().target == "50%"


def test_bad_input_is_told_beside_the_field_and_kept(client, editor, mission):
    ObjectiveFactory(mission=mission, code="O1")
    client.force_login(editor)
    response = client.post(
        "/missions/UNTEST/objectives/new/",
        objective_data(code="o1", title="My careful title", levels=[], phase=12),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another objective of this mission already has code O1." in html
    assert "This field is required." in html  # levels
    assert "My careful title" in html
    assert Objective.objects.filter(mission=mission).count() == 1


def test_a_parent_cannot_be_one_of_its_own_descendants(client, editor, mission):
    top = ObjectiveFactory(mission=mission, code="O1")
    child = ObjectiveFactory(mission=mission, code="O1.1", parent=top)
    client.force_login(editor)
    response = client.post(
        f"/missions/UNTEST/objectives/{top.pk}/", edit_data(top, parent=child.pk)
    )
    assert response.status_code == 400
    top.refresh_from_db()
    assert top.parent is None


def test_a_parent_from_another_mission_is_refused(client, editor, mission, other_mission):
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    objective = ObjectiveFactory(mission=mission, code="O1")
    client.force_login(editor)
    response = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/", edit_data(objective, parent=foreign.pk)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_stale_save_is_refused_showing_both_values_and_keeping_input(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Original", priority=2)
    stale = edit_data(objective, title="My version of the title")
    # Someone else saves first.
    other = MembershipFactory(mission=mission, role="chief_of_staff").user
    client.force_login(other)
    assert (
        client.post(
            f"/missions/UNTEST/objectives/{objective.pk}/",
            edit_data(objective, title="Their title"),
        ).status_code
        == 302
    )

    client.force_login(editor)
    response = client.post(f"/missions/UNTEST/objectives/{objective.pk}/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "Their title" in html
    assert "My version of the title" in html
    objective.refresh_from_db()
    assert objective.title == "Their title"

    # Saving again after seeing the conflict applies the user's version deliberately.
    again = edit_data(objective, title="My version of the title")
    assert client.post(f"/missions/UNTEST/objectives/{objective.pk}/", again).status_code == 302
    objective.refresh_from_db()
    assert objective.title == "My version of the title"


def test_a_stale_assumption_rating_is_refused_and_nothing_half_saves(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Keep")
    assumption = Assumption.objects.create(
        objective=objective, statement="Parties stay", rating="holds"
    )
    data = edit_data(objective, title="Changed title")
    data.update(
        {
            "assumptions-TOTAL_FORMS": 1,
            "assumptions-INITIAL_FORMS": 1,
            "assumptions-0-id": assumption.pk,
            "assumptions-0-objective": objective.pk,
            "assumptions-0-statement": "Parties stay",
            "assumptions-0-rating": "broken",
            "assumptions-0-revision": assumption.revision,
        }
    )
    Assumption.objects.filter(pk=assumption.pk).update(rating="under_strain", revision=2)
    client.force_login(editor)
    response = client.post(f"/missions/UNTEST/objectives/{objective.pk}/", data)
    assert response.status_code == 409
    assert "Under strain" in response.content.decode()
    objective.refresh_from_db()
    assert objective.title == "Keep"  # rolled back with the assumption


def test_markers_can_be_removed(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1")
    marker = ProgressMarker.objects.create(objective=objective, statement="Talks resume")
    data = edit_data(objective)
    data.update(
        {
            "markers-TOTAL_FORMS": 1,
            "markers-INITIAL_FORMS": 1,
            "markers-0-id": marker.pk,
            "markers-0-objective": objective.pk,
            "markers-0-statement": "Talks resume",
            "markers-0-revision": marker.revision,
            "markers-0-DELETE": "on",
        }
    )
    client.force_login(editor)
    assert client.post(f"/missions/UNTEST/objectives/{objective.pk}/", data).status_code == 302
    assert not ProgressMarker.objects.filter(pk=marker.pk).exists()


@pytest.mark.parametrize(
    "role,get_status,post_status",
    [
        ("strategy_editor", 200, 302),
        ("chief_of_staff", 200, 302),
        ("head_of_mission", 200, 403),
        ("component_lead", 200, 403),
        ("desk_officer", 200, 403),
        ("viewer", 200, 403),
    ],
)
def test_each_role_against_the_editor(client, mission, role, get_status, post_status):
    from tests.factories import ComponentFactory

    objective = ObjectiveFactory(mission=mission, code="O1", title="Before")
    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = MembershipFactory(mission=mission, role=role, component=component).user
    client.force_login(user)
    assert client.get(f"/missions/UNTEST/objectives/{objective.pk}/").status_code == get_status
    response = client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/", edit_data(objective, title="After")
    )
    assert response.status_code == post_status
    objective.refresh_from_db()
    assert objective.title == ("After" if post_status == 302 else "Before")
    create = client.post("/missions/UNTEST/objectives/new/", objective_data())
    assert create.status_code == (302 if post_status == 302 else 403)


def test_outsider_gets_404_on_get_and_post(client, outsider, mission):
    objective = ObjectiveFactory(mission=mission, code="O1")
    client.force_login(outsider)
    url = f"/missions/UNTEST/objectives/{objective.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(objective, title="Hijack")).status_code == 404
    assert client.post("/missions/UNTEST/objectives/new/", objective_data()).status_code == 404


def test_an_objective_of_another_mission_is_404_under_this_mission(client, editor, other_mission):
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    client.force_login(editor)
    assert client.get(f"/missions/UNTEST/objectives/{foreign.pk}/").status_code == 404


def test_readers_see_the_objective_read_only(client, reader, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Readable")
    ProgressMarker.objects.create(objective=objective, statement="A visible marker")
    client.force_login(reader)
    html = client.get(f"/missions/UNTEST/objectives/{objective.pk}/").content.decode()
    assert "Readable" in html and "A visible marker" in html
    assert '<form method="post" novalidate class="editor">' not in html


def test_a_user_without_any_role_gets_404(client, mission):
    objective = ObjectiveFactory(mission=mission, code="O1")
    client.force_login(UserFactory())
    assert client.get(f"/missions/UNTEST/objectives/{objective.pk}/").status_code == 404


def test_the_objective_page_shows_who_changed_what(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Before the change")
    editor.first_name, editor.last_name = "Leila", "Haddad"
    editor.save()
    client.force_login(editor)
    client.post(
        f"/missions/UNTEST/objectives/{objective.pk}/",
        edit_data(objective, title="After the change"),
    )
    html = client.get(f"/missions/UNTEST/objectives/{objective.pk}/").content.decode()
    assert "Recent changes" in html
    assert "Leila Haddad" in html
    assert "Before the change" in html and "After the change" in html
