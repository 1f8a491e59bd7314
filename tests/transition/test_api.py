"""/api/v1/handovers/: every role against list, create, change and delete, through the policy
the transition page uses; another mission's handover answers as a missing one; a stale
If-Match is refused with the handover as it is now; bad input is a 400 naming the fields; a
list costs the same queries for 10 handovers as for 100."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    EndStateFactory,
    ExitConditionFactory,
    MandateFactory,
    MembershipFactory,
    TaskFactory,
)
from tests.querycount import assert_same_count, page_queries
from tests.transition.conftest import handover, task
from transition.models import Handover

pytestmark = pytest.mark.django_db

LIST = "/api/v1/handovers/"

# role: (list, create, change, delete); the outsider holds a role in another mission only.
MATRIX = {
    "head_of_mission": (200, 403, 403, 403),
    "chief_of_staff": (200, 201, 200, 204),
    "strategy_editor": (200, 201, 200, 204),
    "component_lead": (200, 403, 403, 403),
    "desk_officer": (200, 403, 403, 403),
    "viewer": (200, 403, 403, 403),
    "outsider": (200, 404, 404, 404),
}


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def url(record) -> str:
    return f"{LIST}{record.pk}/"


def if_match(record) -> dict[str, str]:
    record.refresh_from_db()
    return {"HTTP_IF_MATCH": f'"{record.revision}"'}


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_role_against_each_action(role, people, mandate):
    listing, create, change, delete = MATRIX[role]
    api = api_for(people[role])
    existing = handover(mandate, "2", receiver="UNDP")

    response = api.get(LIST)
    assert response.status_code == listing
    assert [row["id"] for row in response.json()["results"]] == (
        [] if role == "outsider" else [existing.pk]
    )

    fresh = task(mandate, "3")
    body = {"task": fresh.pk, "receiver_kind": "government", "receiver": "Ministry", "phase": 3}
    response = api.post(LIST, body, format="json")
    assert response.status_code == create, response.content
    assert Handover.objects.filter(task=fresh).exists() == (create == 201)
    if role == "outsider":  # the task is looked up among their missions: not found
        assert set(response.json()["errors"]) == {"task"}

    response = api.patch(
        url(existing), {"status": "in_preparation"}, format="json", **if_match(existing)
    )
    assert response.status_code == change
    existing.refresh_from_db()
    assert (existing.status == "in_preparation") == (change == 200)

    response = api.delete(url(existing), **if_match(existing))
    assert response.status_code == delete
    assert Handover.objects.filter(pk=existing.pk).exists() == (delete != 204)


def test_a_created_handover_reads_back_as_a_get_does(people, mandate, benchmark):
    api = api_for(people["strategy_editor"])
    target = task(mandate, "1 (a)")
    response = api.post(
        LIST,
        {
            "task": target.pk,
            "receiver_kind": "government",
            "receiver": "  Ministry of   Justice ",
            "phase": 2,
            "target_date": "2027-03-31",
            "status": "in_preparation",
            "depends_on": benchmark.pk,
            "notes": "Courts first.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["receiver"] == "Ministry of Justice"
    assert created["mission"] == "UNTEST" and created["task_reference"] == "1 (a)"
    assert created["depends_on"] == benchmark.pk and not created["depends_on_withheld"]
    assert response["ETag"] == '"1"'
    again = api.get(url(Handover.objects.get(task=target)))
    assert again.json() == created


def test_another_missions_handover_is_404_as_a_missing_one(people, other_mission):
    EndStateFactory(mission=other_mission)
    theirs = Handover.objects.create(
        mission=other_mission,
        task=TaskFactory(mandate=MandateFactory(mission=other_mission)),
        receiver_kind="ends",
    )
    api = api_for(people["strategy_editor"])
    missing = f"{LIST}{theirs.pk + 1000}/"
    for target in (url(theirs), missing):
        assert api.get(target).status_code == 404
        assert (
            api.patch(target, {"notes": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
        )
        assert api.delete(target, HTTP_IF_MATCH='"1"').status_code == 404
    assert api.get(LIST, {"mission": "UNOTHER"}).json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.notes == ""


def test_a_stale_revision_is_refused_with_the_handover_as_it_is_now(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP")
    editor, chief = api_for(people["strategy_editor"]), api_for(people["chief_of_staff"])
    read = editor.get(url(existing))["ETag"]
    assert (
        chief.patch(url(existing), {"phase": 4}, format="json", HTTP_IF_MATCH=read).status_code
        == 200
    )

    stale = editor.patch(url(existing), {"receiver": "UNICEF"}, format="json", HTTP_IF_MATCH=read)
    assert stale.status_code == 412
    assert stale.json()["current"]["phase"] == 4 and stale["ETag"] == '"2"'
    assert editor.delete(url(existing), HTTP_IF_MATCH=read).status_code == 412
    assert editor.patch(url(existing), {"receiver": "UNICEF"}, format="json").status_code == 428
    existing.refresh_from_db()
    assert (existing.receiver, existing.phase, existing.revision) == ("UNDP", 4, 2)


def test_a_handover_stays_with_its_task(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP")
    api = api_for(people["strategy_editor"])
    moved = api.patch(
        url(existing), {"task": task(mandate, "3").pk}, format="json", **if_match(existing)
    )
    assert moved.status_code == 400 and set(moved.json()["errors"]) == {"task"}
    same = api.patch(
        url(existing), {"task": existing.task_id, "phase": 5}, format="json", **if_match(existing)
    )
    assert same.status_code == 200
    existing.refresh_from_db()
    assert (existing.task_id, existing.phase) == (task(mandate, "2").pk, 5)


def test_a_task_that_has_a_handover_takes_no_second_one(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP")
    response = api_for(people["strategy_editor"]).post(
        LIST, {"task": existing.task_id, "receiver_kind": "ends"}, format="json"
    )
    assert response.status_code == 409
    assert "already has a handover" in response.json()["errors"]["task"][0]
    assert Handover.objects.get(task_id=existing.task_id).receiver == "UNDP"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"receiver_kind": "unct"}, {"receiver", "phase"}),
        ({"receiver_kind": "unct", "receiver": "UNDP", "phase": 12}, {"phase"}),
        ({"receiver_kind": "unct", "receiver": "UNDP", "phase": 0}, {"phase"}),
        ({"receiver_kind": "moon", "receiver": "UNDP", "phase": 1}, {"receiver_kind"}),
        ({"receiver": "UNDP", "phase": 1}, {"receiver_kind"}),
        (
            {"receiver_kind": "unct", "receiver": "UNDP", "phase": 1, "status": "handed_over"},
            {"handed_over_on"},
        ),
        (
            {
                "receiver_kind": "unct",
                "receiver": "UNDP",
                "phase": 1,
                "handed_over_on": "2026-01-02",
            },
            {"handed_over_on"},
        ),
        (
            {
                "receiver_kind": "unct",
                "receiver": "UNDP",
                "phase": 1,
                "status": "handed_over",
                "handed_over_on": (date.today() + timedelta(days=3)).isoformat(),
            },
            {"handed_over_on"},
        ),
        ({"receiver_kind": "ends", "notes": "x" * 4001}, {"notes"}),
        ({"receiver_kind": "ends", "task": "OP 2"}, {"task"}),
        ({"receiver_kind": "ends", "depends_on": [1]}, {"depends_on"}),
    ],
)
def test_bad_input_is_a_400_naming_the_fields_and_nothing_is_saved(people, mandate, body, fields):
    target = task(mandate, "3")
    response = api_for(people["strategy_editor"]).post(
        LIST, {"task": target.pk, **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == fields
    assert not Handover.objects.exists()


@pytest.mark.parametrize("name", ["task", "depends_on"])
def test_an_id_naming_nothing_is_404_naming_the_field(people, mandate, name):
    body = {"task": task(mandate, "3").pk, "receiver_kind": "ends", name: 10**9}
    response = api_for(people["strategy_editor"]).post(LIST, body, format="json")
    assert response.status_code == 404
    assert set(response.json()["errors"]) == {name}
    assert not Handover.objects.exists()


def test_a_change_is_checked_with_the_fields_it_leaves_as_they_are(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP", phase=None, target_date=date(2027, 1, 1))
    api = api_for(people["strategy_editor"])
    response = api.patch(url(existing), {"target_date": None}, format="json", **if_match(existing))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"phase"}  # neither phase nor date would be left
    response = api.patch(
        url(existing),
        {"status": "handed_over", "handed_over_on": "2026-02-01"},
        format="json",
        **if_match(existing),
    )
    assert response.status_code == 200, response.content
    assert response.json()["receiver"] == "UNDP" and response.json()["target_date"] == "2027-01-01"


def test_a_benchmark_of_another_mission_is_refused(people, mandate, other_mission):
    EndStateFactory(mission=other_mission)
    elsewhere = ExitConditionFactory(end_state=other_mission.current_end_state)
    # The editor holds a role there too: the benchmark exists for them, but not in UNTEST.
    MembershipFactory(mission=other_mission, role="viewer", user=people["strategy_editor"])
    response = api_for(people["strategy_editor"]).post(
        LIST,
        {"task": task(mandate, "3").pk, "receiver_kind": "ends", "depends_on": elsewhere.pk},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"depends_on"}


def test_a_benchmark_above_the_callers_level_is_withheld_and_kept(people, mandate, benchmark):
    benchmark.classification = 2
    benchmark.save()
    existing = handover(mandate, "2", receiver="UNDP", depends_on=benchmark)
    api = api_for(people["strategy_editor"])
    shown = api.get(url(existing)).json()
    assert shown["depends_on"] is None and shown["depends_on_withheld"] is True
    response = api.put(
        url(existing),
        {
            **{k: shown[k] for k in ("task", "receiver_kind", "receiver", "phase", "status")},
            "notes": "Kept.",
        },
        format="json",
        **if_match(existing),
    )
    assert response.status_code == 200, response.content
    existing.refresh_from_db()
    assert existing.depends_on_id == benchmark.pk and existing.notes == "Kept."
    hom = api_for(people["head_of_mission"]).get(url(existing)).json()
    assert hom["depends_on"] == benchmark.pk and hom["depends_on_withheld"] is False


def test_the_list_costs_the_same_queries_for_10_and_100_handovers(people, mission):
    benchmarks = [ExitConditionFactory(end_state=mission.current_end_state) for _ in range(3)]
    mandate = MandateFactory(mission=mission)

    def add(n: int) -> None:
        start = mandate.tasks.count()
        for i in range(start, start + n):
            Handover.objects.create(
                mission=mission,
                task=TaskFactory(mandate=mandate, reference=f"{i + 1}", position=i),
                receiver_kind="unct",
                receiver=f"Receiver {i % 7}",
                phase=1 + i % 9,
                depends_on=benchmarks[i % 3],
                classification=i % 2,
            )

    api = api_for(people["strategy_editor"])
    address = f"{LIST}?mission=UNTEST&limit=500"
    add(10)
    page_queries(api, address)  # warm the per-process caches
    small = page_queries(api, address)
    add(90)
    large = page_queries(api, address)
    assert len(api.get(address).json()["results"]) == 100
    assert_same_count(small, large)
