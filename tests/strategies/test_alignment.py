"""Mandate alignment: the current mandate's tasks, aligned in place, stale saves refused."""

from datetime import date

import pytest

from strategies.models import TaskAlignment
from strategies.selectors.findings import findings_for_mission
from strategies.services.alignment import task_align
from tests.factories import (
    MandateFactory,
    MembershipFactory,
    ObjectiveFactory,
    TaskFactory,
    UserFactory,
)
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def mandate(mission):
    """An older mandate and the current one: OP 1 aligned, OP 2 with (a) unaligned."""
    MandateFactory(mission=mission, symbol="S/RES/2600 (2021)", adopted_on=date(2021, 3, 1))
    current = MandateFactory(mission=mission, symbol="S/RES/2791 (2025)")
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Inclusive dialogue")
    ObjectiveFactory(mission=mission, code="O2", title="Regional guarantors engaged")
    ObjectiveFactory(mission=mission, code="O3", title="Dropped idea", status="dropped")
    first = TaskFactory(mandate=current, reference="1", position=1, text="To protect civilians.")
    second = TaskFactory(mandate=current, reference="2", position=2, text="To support dialogue.")
    TaskFactory(
        mandate=current,
        reference="2 (a)",
        position=3,
        parent=second,
        text="Including at the local level.",
    )
    TaskAlignment.objects.create(task=first, objective=o1)
    TaskAlignment.objects.create(task=second, objective=o1)
    return current


def task(mandate, reference):
    return mandate.tasks.get(reference=reference)


def task_url(t) -> str:
    return f"/missions/UNTEST/alignment/tasks/{t.pk}/"


def unaligned_subjects(mission) -> list[str]:
    return [f.subject for f in findings_for_mission(mission.pk) if f.rule.code == "unaligned_task"]


def test_the_page_lists_the_current_mandate_in_order_with_unaligned_flagged(
    client, reader, mandate
):
    client.force_login(reader)
    response = client.get("/missions/UNTEST/alignment/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "S/RES/2791 (2025)" in html
    assert "S/RES/2600 (2021)" not in html
    alignment = response.context["alignment"]
    assert [r.task.reference for r in alignment.rows] == ["1", "2", "2 (a)"]
    assert [r.depth for r in alignment.rows] == [0, 0, 1]
    assert [r.is_unaligned for r in alignment.rows] == [False, False, True]
    assert (alignment.summary.tasks, alignment.summary.unaligned) == (3, 1)
    assert html.count('badge--danger">aligned to no objective') == 1
    assert "task--depth-1" in html
    assert 'name="edit"' not in html  # a reader gets no edit buttons


def test_the_filter_shows_only_unaligned_tasks(client, reader, mandate):
    client.force_login(reader)
    response = client.get("/missions/UNTEST/alignment/?unaligned=1")
    assert [r.task.reference for r in response.context["alignment"].rows] == ["2 (a)"]
    assert response.context["alignment"].summary.tasks == 3


def test_a_mission_without_mandate_says_so(client, reader, mission):
    client.force_login(reader)
    response = client.get("/missions/UNTEST/alignment/")
    assert response.status_code == 200
    assert "No mandate is recorded for this mission." in response.content.decode()


def test_editor_aligns_an_unaligned_task_to_two_objectives_and_the_finding_goes(
    client, editor, mission, mandate
):
    sub = task(mandate, "2 (a)")
    o1, o2 = mission.objectives.get(code="O1"), mission.objectives.get(code="O2")
    assert unaligned_subjects(mission) == ["OP 2 (a) (S/RES/2791 (2025))"]
    client.force_login(editor)

    form = client.get(task_url(sub) + "?edit=1", **HTMX)
    assert form.status_code == 200
    assert "Dropped idea" not in form.content.decode()  # only active objectives on offer

    response = client.post(
        task_url(sub),
        {"objectives": [o1.pk, o2.pk], "phase": "2", "revision": sub.revision},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "aligned to no objective" not in html
    assert 'id="alignment-summary"' in html and 'hx-swap-oob="true"' in html
    assert set(sub.objectives.values_list("code", flat=True)) == {"O1", "O2"}
    assert unaligned_subjects(mission) == []


def test_priority_and_phase_are_saved_and_the_revision_bumped(client, editor, mandate):
    first = task(mandate, "1")
    client.force_login(editor)
    response = client.post(
        task_url(first),
        {
            "objectives": list(first.objectives.values_list("pk", flat=True)),
            "is_strategic_priority": "on",
            "phase": "3",
            "revision": first.revision,
        },
    )
    assert response.status_code == 302
    assert response.url == f"/missions/UNTEST/alignment/#task-{first.pk}"
    first.refresh_from_db()
    assert (first.is_strategic_priority, first.phase, first.revision) == (True, 3, 2)


def test_unchecking_every_objective_unaligns_the_task(client, editor, mission, mandate):
    first = task(mandate, "1")
    client.force_login(editor)
    response = client.post(task_url(first), {"phase": "", "revision": first.revision}, **HTMX)
    assert response.status_code == 200
    assert not first.alignments.exists()
    assert "OP 1 (S/RES/2791 (2025))" in unaligned_subjects(mission)


def test_a_bad_phase_is_told_beside_the_field_and_input_kept(client, editor, mission, mandate):
    first = task(mandate, "1")
    o2 = mission.objectives.get(code="O2")
    client.force_login(editor)
    response = client.post(
        task_url(first), {"objectives": [o2.pk], "phase": "12", "revision": 1}, **HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. 12 is not one of the available choices." in html
    assert f'value="{o2.pk}" id="task-{first.pk}-objectives_1" checked' in html
    assert list(first.objectives.values_list("code", flat=True)) == ["O1"]


def test_a_stale_save_is_refused_keeping_input(client, editor, mission, mandate):
    first = task(mandate, "1")
    o1, o2 = mission.objectives.get(code="O1"), mission.objectives.get(code="O2")
    read_at = first.revision
    # Someone else aligns the task to O2 as well and marks it a priority.
    task_align(
        task=first,
        objectives=[o1, o2],
        is_strategic_priority=True,
        phase=None,
        expected_revision=read_at,
        by=editor,
    )
    client.force_login(editor)
    response = client.post(
        task_url(first), {"objectives": [o1.pk], "phase": "4", "revision": read_at}, **HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "O2 Regional guarantors engaged" in html  # theirs, in the conflict box
    assert f'name="revision" value="{read_at + 1}"' in html
    assert '<option value="4" selected>4</option>' in html  # mine, kept
    first.refresh_from_db()
    assert (first.phase, first.is_strategic_priority) == (None, True)
    assert set(first.objectives.values_list("code", flat=True)) == {"O1", "O2"}


@pytest.mark.parametrize("role", ["viewer", "desk_officer", "component_lead"])
def test_members_who_cannot_edit_the_strategy_get_403_on_post(client, mission, mandate, role):
    from tests.factories import ComponentFactory

    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = MembershipFactory(
        mission=mission, role=role, component=component, user=UserFactory()
    ).user
    sub = task(mandate, "2 (a)")
    o1 = mission.objectives.get(code="O1")
    client.force_login(user)
    assert client.get(task_url(sub), **HTMX).status_code == 200
    assert client.get(task_url(sub) + "?edit=1").status_code == 403
    response = client.post(task_url(sub), {"objectives": [o1.pk], "revision": 1})
    assert response.status_code == 403
    assert not sub.alignments.exists()


def test_outsider_gets_404(client, outsider, mission, mandate):
    sub = task(mandate, "2 (a)")
    client.force_login(outsider)
    assert client.get("/missions/UNTEST/alignment/").status_code == 404
    assert client.get(task_url(sub) + "?edit=1").status_code == 404
    assert client.post(task_url(sub), {"revision": 1}).status_code == 404
    assert not sub.alignments.exists()


def test_a_task_of_another_mission_is_404(client, editor, other_mission):
    foreign = TaskFactory(mandate=MandateFactory(mission=other_mission))
    client.force_login(editor)
    assert client.post(task_url(foreign), {"revision": 1}).status_code == 404


def test_the_page_costs_the_same_for_10_and_150_tasks(client, editor, mission):
    mandate = MandateFactory(mission=mission)
    objectives = [ObjectiveFactory(mission=mission) for _ in range(5)]

    def grow(n: int) -> None:
        for i in range(n):
            t = TaskFactory(mandate=mandate)
            if i % 2:
                TaskAlignment.objects.create(task=t, objective=objectives[i % 5])

    def count() -> int:
        return len(page_queries(client, "/missions/UNTEST/alignment/"))

    client.force_login(editor)
    grow(10)
    small = count()
    grow(140)
    large = count()
    assert large == small
    assert small <= 15
