"""Renewal diff page and carry-over: RES_2729 then its renewal RES_2775, both imported."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mandates.models import Mandate, MandatedTask
from mandates.parsing import parse_resolution
from mandates.services import mandate_import
from strategies.models import TaskAlignment
from strategies.selectors.carry_over import mandate_diff
from strategies.services.carry_over import alignments_carry_over
from tests.factories import MandateFactory, MembershipFactory, ObjectiveFactory
from tests.mandates.resolutions import RES_2729, RES_2775, as_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandates(mission, editor) -> tuple[Mandate, Mandate]:
    old = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=editor)
    new = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2775)), by=editor)
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    for reference, objective in [
        ("3 (a) (i)", o1),  # unchanged, renumbered to 4 (a) (i)
        ("3 (b) (ii)", o2),  # reworded, now 4 (b) (ii)
        ("3 (b) (ii)", o1),
        ("4 (e)", o2),  # dropped
        ("4 (f)", o2),  # unchanged, now 5 (e)
    ]:
        TaskAlignment.objects.create(task=task(old, reference), objective=objective)
    return old, new


def task(mandate: Mandate, reference: str) -> MandatedTask:
    return MandatedTask.objects.get(mandate=mandate, reference=reference)


def codes(mandate: Mandate, reference: str) -> list[str]:
    return sorted(task(mandate, reference).objectives.values_list("code", flat=True))


def diff_url(mission, old, new, suffix: str = "mandate_diff") -> str:
    return reverse(f"strategies:{suffix}", args=[mission.acronym, old.pk, new.pk])


def test_the_route_sits_in_the_mandates_url_space(mission, mandates):
    old, new = mandates
    assert diff_url(mission, old, new) == f"/missions/UNTEST/mandates/diff/{old.pk}/{new.pk}/"


def test_diff_reads_both_mandates_in_two_queries(mandates, django_assert_num_queries):
    old, new = mandates
    with django_assert_num_queries(2):
        diff = mandate_diff(old, new)
    assert [t.reference for t in diff.new] == ["3"]
    assert [t.reference for t in diff.dropped] == ["4 (e)"]
    assert diff.dropped[0].objective_codes == ["O2"]


def test_reader_sees_the_diff_side_by_side(client, mission, reader, mandates):
    old, new = mandates
    client.force_login(reader)
    response = client.get(diff_url(mission, old, new))
    assert response.status_code == 200
    html = response.content.decode()
    assert "irrigation networks" in html  # new
    assert "mine action" in html  # dropped
    assert "and the peaceful conduct</ins>" in html
    assert '<del><span class="visually-hidden">deleted: </span>2025;</del>' in html
    assert "Material change" in html
    assert "<details>" in html  # unchanged, collapsed
    # The reader is told what would carry over, without the button.
    assert "4 alignments of tasks in S/RES/2729 (2024)" in html
    assert "Carry alignments over" not in html


def test_editor_sees_what_to_review_with_links_to_align_them(client, mission, editor, mandates):
    old, new = mandates
    client.force_login(editor)
    html = client.get(diff_url(mission, old, new)).content.decode()
    assert "Carry alignments over" in html
    for reference in ["3", "4 (b) (ii)"]:
        link = reverse("strategies:alignment_task", args=[mission.acronym, task(new, reference).pk])
        assert f'href="{link}?edit=1"' in html
    assert reverse("strategies:alignment", args=[mission.acronym]) in html


def test_carry_over_aligns_the_matching_new_tasks_only(client, mission, editor, mandates):
    old, new = mandates
    client.force_login(editor)
    response = client.post(diff_url(mission, old, new, "mandate_carry_over"), follow=True)
    assert response.redirect_chain[-1][0] == diff_url(mission, old, new)
    assert "4 alignments carried over to S/RES/2775 (2025)." in response.content.decode()
    assert codes(new, "4 (a) (i)") == ["O1"]
    assert codes(new, "4 (b) (ii)") == ["O1", "O2"]
    assert codes(new, "5 (e)") == ["O2"]
    # Not the new task, nor the task that now holds the dropped one's letter.
    assert codes(new, "3") == []
    assert codes(new, "5 (d)") == []
    assert TaskAlignment.objects.filter(task__mandate=new).count() == 4


def test_a_second_carry_over_adds_nothing(mission, editor, mandates):
    old, new = mandates
    assert alignments_carry_over(old=old, new=new, by=editor) == 4
    assert alignments_carry_over(old=old, new=new, by=editor) == 0
    assert TaskAlignment.objects.filter(task__mandate=new).count() == 4


def test_carry_over_keeps_what_is_already_on_the_new_task(mission, editor, mandates):
    old, new = mandates
    TaskAlignment.objects.create(
        task=task(new, "4 (b) (ii)"),
        objective_id=task(old, "3 (b) (ii)").objectives.get(code="O2").pk,
    )
    assert alignments_carry_over(old=old, new=new, by=editor) == 3
    assert codes(new, "4 (b) (ii)") == ["O1", "O2"]


def test_desk_officer_may_read_but_not_carry_over(client, mission, mandates):
    old, new = mandates
    desk = MembershipFactory(mission=mission, role="desk_officer").user
    client.force_login(desk)
    assert client.get(diff_url(mission, old, new)).status_code == 200
    assert client.post(diff_url(mission, old, new, "mandate_carry_over")).status_code == 403
    with pytest.raises(PermissionDenied):
        alignments_carry_over(old=old, new=new, by=desk)
    assert not TaskAlignment.objects.filter(task__mandate=new).exists()


def test_outsider_gets_404(client, mission, outsider, mandates):
    old, new = mandates
    client.force_login(outsider)
    assert client.get(diff_url(mission, old, new)).status_code == 404
    assert client.post(diff_url(mission, old, new, "mandate_carry_over")).status_code == 404


def test_a_mandate_of_another_mission_is_404(client, mission, other_mission, editor, mandates):
    old, _new = mandates
    foreign = MandateFactory(mission=other_mission)
    client.force_login(editor)
    assert client.get(diff_url(mission, old, foreign)).status_code == 404
    assert client.post(diff_url(mission, foreign, old, "mandate_carry_over")).status_code == 404


def test_carry_over_refuses_get(client, mission, editor, mandates):
    old, new = mandates
    client.force_login(editor)
    assert client.get(diff_url(mission, old, new, "mandate_carry_over")).status_code == 405
