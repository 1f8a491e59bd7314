"""Every change to a strategy record is kept: who, when, from what to what."""

import pytest
from pghistory.models import Events

from strategies.models import Objective
from tests.factories import ObjectiveFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_editing_an_objective_records_who_when_and_the_old_and_new_values(client, mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Old title", levels=["national"])
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        f"/admin/strategies/objective/{objective.pk}/change/",
        {
            "mission": mission.pk,
            "end_state": objective.end_state_id,
            "code": "O1",
            "title": "New title",
            "description": "",
            "levels": "national",
            "priority": 1,
            "phase": 2,
            "status": "active",
            "classification": 0,
            **{
                f"{p}-{k}": v
                for p in ("assumptions", "risks", "markers")
                for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    event = (
        Events.objects.tracks(objective)
        .filter(pgh_label="update")
        .order_by("-pgh_created_at")
        .first()
    )
    assert event is not None
    assert event.pgh_context["user"] == admin.pk
    assert event.pgh_created_at is not None
    assert event.pgh_diff["title"] == ["Old title", "New title"]
    assert event.pgh_diff["priority"] == [2, 1]
    assert Objective.objects.get(pk=objective.pk).title == "New title"


def test_deleting_a_record_keeps_its_last_state(mission):
    objective = ObjectiveFactory(mission=mission, title="Short-lived")
    pk = objective.pk
    objective.delete()
    deleted = Events.objects.filter(
        pgh_model="strategies.ObjectiveEvent", pgh_obj_id=str(pk), pgh_label="delete"
    )
    assert deleted.count() == 1
    assert deleted.get().pgh_data["title"] == "Short-lived"
