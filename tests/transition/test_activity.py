"""Handovers in the mission's activity feed: each change named as people say it ("Handover of
OP 2 to UNDP") with who made it and each field from and to, a feed filtered to handovers, and
a page costing the same queries for 5 handover events as for 50."""

from __future__ import annotations

import pghistory
import pytest

from core.history import person_name
from tests.querycount import assert_same_count, page_queries
from tests.transition.conftest import URL, as_role, client_for, handover, task
from transition.models import Handover

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed_history")]

FEED = "/missions/UNTEST/activity/"


def test_a_change_is_named_with_its_task_and_receiver(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP")
    response = as_role("strategy_editor").post(
        f"{URL}tasks/{existing.task_id}/handover/",
        {
            "receiver_kind": "unct",
            "receiver": "UNDP",
            "phase": "3",
            "status": "in_preparation",
            "revision": existing.revision,
        },
    )
    assert response.status_code == 302

    html = client_for(people["viewer"]).get(FEED).content.decode()
    assert "Handover of OP 2 to UNDP" in html
    who = person_name(people["strategy_editor"])
    for words in (who, "Status", "Not started", "In preparation", "Phase"):
        assert words in html, words


def test_a_handover_ending_with_the_mission_and_a_deleted_one_keep_their_names(people, mandate):
    ending = handover(mandate, "3", receiver_kind="ends", receiver="", phase=None)
    gone = handover(mandate, "1 (a)", receiver="Ministry of Justice", receiver_kind="government")
    Handover.objects.filter(pk=gone.pk).delete()

    response = client_for(people["viewer"]).get(FEED, {"kind": "handover"})
    entries = response.context["entries"]
    assert {entry.kind for entry in entries} == {"handover"}  # the tasks' events left out
    named = {(entry.what, entry.subject) for entry in entries}
    assert named == {
        ("created", f"Handover of OP {ending.task.reference} (ends with the mission)"),
        ("created", "Handover of OP 1 (a) to Ministry of Justice"),
        ("deleted", "Handover of OP 1 (a) to Ministry of Justice"),
    }
    assert "Handover of OP 3 (ends with the mission)" in response.content.decode()


def test_the_feed_costs_the_same_queries_for_5_and_50_handover_events(people, mission, mandate):
    editor = people["strategy_editor"]
    client = client_for(people["viewer"])
    targets = [task(mandate, ref) for ref in ("1 (a)", "1 (b)", "2", "3")]
    made = [handover(mandate, t.reference, receiver=f"Receiver {i}") for i, t in enumerate(targets)]

    def edit(n: int) -> None:
        for _ in range(n):
            record = made[len(edits) % len(made)]
            edits.append(record.pk)
            with pghistory.context(user=editor.pk, mission="UNTEST"):
                # Each a change (an update changing nothing leaves no event).
                Handover.objects.filter(pk=record.pk).update(notes=f"Edit {len(edits)}")

    edits: list[int] = []

    address = f"{FEED}?kind=handover"
    edit(1)  # 4 created, 1 changed
    page_queries(client, address)  # warm the per-process caches
    small = page_queries(client, address)
    edit(45)  # 50 events
    large = page_queries(client, address)
    response = client.get(address)
    assert len(response.context["entries"]) == 50
    assert "Handover of OP 1 (b) to Receiver 1" in response.content.decode()
    assert_same_count(small, large)
