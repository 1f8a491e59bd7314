"""Who may do what with handovers: every role against reading the plan, adding, changing and
deleting a handover; an outsider learns nothing (404)."""

from __future__ import annotations

import pytest

from tests.transition.conftest import URL, client_for, handover, task
from transition.models import Handover

pytestmark = pytest.mark.django_db

# role: (view, add, edit, delete)
MATRIX = {
    "head_of_mission": (200, 403, 403, 403),
    "chief_of_staff": (200, 302, 302, 302),
    "strategy_editor": (200, 302, 302, 302),
    "component_lead": (200, 403, 403, 403),
    "desk_officer": (200, 403, 403, 403),
    "viewer": (200, 403, 403, 403),
    "outsider": (404, 404, 404, 404),
}
VALUES = {"receiver_kind": "government", "receiver": "Ministry of Justice", "phase": "3"}


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_role_against_each_action(role, people, mandate):
    view, add, edit, delete = MATRIX[role]
    client = client_for(people[role])
    assert client.get(URL).status_code == view

    fresh = task(mandate, "3")
    form = f"{URL}tasks/{fresh.pk}/handover/"
    assert client.get(form).status_code == (200 if add == 302 else add)
    response = client.post(form, {**VALUES, "status": "not_started"})
    assert response.status_code == add
    assert Handover.objects.filter(task=fresh).exists() == (add == 302)

    existing = handover(mandate, "2", receiver="UNDP")
    form = f"{URL}tasks/{existing.task_id}/handover/"
    response = client.post(
        form, {**VALUES, "status": "in_preparation", "revision": existing.revision}
    )
    assert response.status_code == edit
    existing.refresh_from_db()
    assert (existing.status == "in_preparation") == (edit == 302)

    response = client.post(f"{form}delete/", {"revision": existing.revision})
    assert response.status_code == delete
    assert Handover.objects.filter(pk=existing.pk).exists() == (delete != 302)


def test_only_editors_see_the_edit_links(people, mandate):
    handover(mandate, "2")
    for role, (_view, add, _edit, _delete) in MATRIX.items():
        if role == "outsider":
            continue
        page = client_for(people[role]).get(URL).content.decode()
        assert ("Add handover" in page) == (add == 302), role
        assert ('/handover/">Edit' in page) == (add == 302), role


def test_another_missions_task_answers_404(people, mandate, other_mission):
    from tests.factories import MandateFactory, TaskFactory

    foreign = TaskFactory(mandate=MandateFactory(mission=other_mission))
    response = client_for(people["strategy_editor"]).get(f"{URL}tasks/{foreign.pk}/handover/")
    assert response.status_code == 404
