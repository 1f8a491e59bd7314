"""Adding, changing and deleting a handover: errors next to their fields with nothing saved,
the revision check (409 with both versions), and carrying handovers over to a renewal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import ExitConditionFactory, MandateFactory, MissionFactory, TaskFactory
from tests.transition.conftest import URL, as_role, handover, task
from transition.models import Handover

pytestmark = pytest.mark.django_db


def _form_url(target) -> str:
    return f"{URL}tasks/{target.pk}/handover/"


def test_an_editor_adds_a_handover(people, mandate, benchmark):
    target = task(mandate, "2")
    response = as_role("strategy_editor").post(
        _form_url(target),
        {
            "receiver_kind": "regional",
            "receiver": "  African   Union ",
            "phase": "2",
            "target_date": "2027-01-31",
            "status": "in_preparation",
            "depends_on": benchmark.pk,
            "notes": "AU mission takes over the patrols.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#task-{target.pk}")
    saved = Handover.objects.get(task=target)
    assert saved.receiver == "African Union" and saved.mission_id == mandate.mission_id
    assert saved.depends_on == benchmark and saved.target_date == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"receiver_kind": "unct", "receiver": "", "phase": "1"}, "receiver", "Name the receiver"),
        ({"receiver_kind": "unct", "receiver": "UNDP"}, "phase", "Give the phase or the target"),
        ({"receiver_kind": "unct", "receiver": "UNDP", "phase": "12"}, "phase", "9"),
        (
            {"receiver_kind": "unct", "receiver": "UNDP", "phase": "1", "status": "handed_over"},
            "handed_over_on",
            "Say when the task was handed over",
        ),
        (
            {
                "receiver_kind": "unct",
                "receiver": "UNDP",
                "phase": "1",
                "handed_over_on": "2026-01-01",
            },
            "handed_over_on",
            "Only a task handed over",
        ),
        (
            {
                "receiver_kind": "unct",
                "receiver": "UNDP",
                "phase": "1",
                "status": "handed_over",
                "handed_over_on": (date.today() + timedelta(days=5)).isoformat(),
            },
            "handed_over_on",
            "not in the future",
        ),
        ({"receiver": "UNDP", "phase": "1"}, "receiver_kind", "required"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(
    people, mandate, data, field, message
):
    target = task(mandate, "2")
    response = as_role("strategy_editor").post(_form_url(target), {"status": "not_started", **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    # The message sits in the field's own wrapper.
    start = page.index(f'id="id_{field}"') if field != "receiver_kind" else page.index("<legend>")
    wrapper = page.rfind('class="field', 0, start)
    assert "field--invalid" in page[wrapper : wrapper + 40]
    assert message in page[start : start + 2500]
    assert not Handover.objects.exists()


def test_ending_with_the_mission_needs_neither_receiver_nor_timing(people, mandate):
    target = task(mandate, "3")
    response = as_role("chief_of_staff").post(
        _form_url(target), {"receiver_kind": "ends", "receiver": "ignored", "status": "not_started"}
    )
    assert response.status_code == 302
    saved = Handover.objects.get(task=target)
    assert saved.receiver == "" and saved.receiver_label == "Ends with the mission"


def test_a_benchmark_of_another_mission_is_refused(people, mandate):
    foreign = ExitConditionFactory(end_state__mission=MissionFactory(acronym="UNFAR"))
    response = as_role("strategy_editor").post(
        _form_url(task(mandate, "2")),
        {"receiver_kind": "unct", "receiver": "UNDP", "phase": "1", "depends_on": foreign.pk},
    )
    assert response.status_code == 400 and not Handover.objects.exists()


def test_someone_saved_first_is_a_conflict_showing_both(people, mandate):
    existing = handover(mandate, "2", receiver="UNDP", phase=2)
    editor = as_role("strategy_editor")
    read_at = existing.revision
    # Someone else changes it first.
    as_role("chief_of_staff").post(
        _form_url(existing.task),
        {
            "receiver_kind": "unct",
            "receiver": "UNICEF",
            "phase": "2",
            "status": "not_started",
            "revision": read_at,
        },
    )
    response = editor.post(
        _form_url(existing.task),
        {
            "receiver_kind": "unct",
            "receiver": "UN Women",
            "phase": "2",
            "status": "not_started",
            "revision": read_at,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert "UNICEF" in page and "UN Women" in page
    existing.refresh_from_db()
    assert existing.receiver == "UNICEF"
    # Saving again, having seen theirs, is deliberate and goes through.
    again = editor.post(
        _form_url(existing.task),
        {
            "receiver_kind": "unct",
            "receiver": "UN Women",
            "phase": "2",
            "status": "not_started",
            "revision": existing.revision,
        },
    )
    assert again.status_code == 302
    existing.refresh_from_db()
    assert existing.receiver == "UN Women"


def test_two_people_adding_the_same_handover(people, mandate):
    target = task(mandate, "2")
    handover(mandate, "2", receiver="UNDP")
    response = as_role("strategy_editor").post(
        _form_url(target),
        {"receiver_kind": "unct", "receiver": "OHCHR", "phase": "1", "status": "not_started"},
    )
    # The form read "no handover" (no revision) but one is there now: shown, not overwritten.
    assert response.status_code == 409
    assert "Someone else saved this" in response.content.decode()
    assert Handover.objects.get(task=target).receiver == "UNDP"


def test_delete_asks_first_and_checks_the_revision(people, mandate):
    existing = handover(mandate, "2")
    client = as_role("strategy_editor")
    url = f"{_form_url(existing.task)}delete/"
    assert client.get(url).status_code == 200
    stale = client.post(url, {"revision": existing.revision - 1 or 99})
    assert stale.status_code == 409 and Handover.objects.exists()
    done = client.post(url, {"revision": existing.revision})
    assert done.status_code == 302 and not Handover.objects.exists()


def test_handovers_carry_over_to_the_renewal(people, mission, mandate):
    handover(mandate, "2", receiver="OHCHR", phase=1)
    renewal = MandateFactory(
        mission=mission, symbol="S/RES/2850 (2027)", adopted_on=date(2027, 1, 10)
    )
    TaskFactory(mandate=renewal, reference="5", position=1, text="To protect civilians;")
    TaskFactory(mandate=renewal, reference="6", position=2, text="To count the fish;")
    client = as_role("strategy_editor")
    page = client.get(URL).content.decode()
    assert "Carry the handovers over" in page
    assert client.post(f"{URL}carry-over/").status_code == 302
    carried = Handover.objects.get(task__mandate=renewal)
    assert carried.task.reference == "5" and carried.receiver == "OHCHR"
    client.post(f"{URL}carry-over/")  # again: nothing more
    assert Handover.objects.filter(task__mandate=renewal).count() == 1
    assert "Carry the handovers over" not in client.get(URL).content.decode()


def test_a_benchmark_above_the_editors_level_is_neither_shown_nor_cleared(
    people, mandate, benchmark
):
    benchmark.classification = 2  # Strictly confidential: the head of mission's
    benchmark.save()
    existing = handover(mandate, "2", receiver="UNDP", depends_on=benchmark)
    client = as_role("strategy_editor")
    page = client.get(_form_url(existing.task)).content.decode()
    assert "Courts sit in every province." not in page
    assert "above your level" in page
    plan = client.get(URL).content.decode()
    assert "Courts sit" not in plan and "Not shown at your level" in plan
    response = client.post(
        _form_url(existing.task),
        {
            "receiver_kind": "unct",
            "receiver": "UNICEF",
            "phase": "2",
            "status": "not_started",
            "revision": existing.revision,
        },
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.receiver == "UNICEF" and existing.depends_on_id == benchmark.pk
