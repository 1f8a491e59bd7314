"""The renewal diff on two successive real MINUSCA mandates: resolution 2387 (2017), renewed by
resolution 2448 (2018), each read from its typeset PDF (tests/mandates/real_resolutions.py).

What 2448 changed against 2387 in the fixtures: a strategic objective paragraph comes in as 2,
so the priority-tasks paragraph moves from 2 to 3 (and its whole list with it); the end date
moves a year; protection task (i) cites a new presidential statement; task (ii) grew four
"to ..." bullets (one of them taking in old task (iv)); old (iv), (v) and list (b) are not in the
2448 fixture (abridged), so they read as dropped.
"""

from __future__ import annotations

import pytest

from mandates.matching import match_tasks
from mandates.parsing import ParsedResolution, extract_pdf_text, parse_resolution
from mandates.services import mandate_import
from strategies.models import TaskAlignment
from strategies.services.carry_over import alignments_carry_over
from tests.factories import ObjectiveFactory
from tests.mandates.real_resolutions import RES_2387, RES_2448, as_pdf


@pytest.fixture(scope="module")
def parsed() -> tuple[ParsedResolution, ParsedResolution]:
    return tuple(parse_resolution(extract_pdf_text(as_pdf(r))) for r in (RES_2387, RES_2448))


@pytest.fixture(scope="module")
def diff(parsed):
    old, new = parsed
    return match_tasks(old.flat(), new.flat())


def _pairs(pairs) -> dict[str, str]:
    return {pair.old.reference: pair.new.reference for pair in pairs}


def test_renumbered_paragraphs_are_matched_by_wording(diff):
    assert _pairs(diff.unchanged) == {
        "2": "3",  # "Decides that the mandate of MINUSCA shall include the following ..."
        "2 (a)": "3 (a)",
        "2 (a) (iii)": "3 (a) (iii)",
        "3": "4",  # "Decides to remain actively seized of the matter."
    }


def test_rewordings_are_told_material_or_not(diff):
    assert _pairs(diff.reworded) == {"1": "1", "2 (a) (i)": "3 (a) (i)", "2 (a) (ii)": "3 (a) (ii)"}
    material = {pair.old.reference: pair.material for pair in diff.reworded}
    # a new end date alone is not material; a new basis for protection and new bullets are
    assert material == {"1": False, "2 (a) (i)": True, "2 (a) (ii)": True}
    one = next(pair for pair in diff.reworded if pair.old.reference == "1")
    assert [words for op, words in one.changes if op != "equal"] == ["2018;", "2019;"]


def test_a_task_that_grew_bullets_is_matched_to_itself_not_to_a_bullet(diff):
    grown = next(pair for pair in diff.reworded if pair.new.reference == "3 (a) (ii)")
    assert grown.old.reference == "2 (a) (ii)"
    assert grown.ratio < 0.6  # too different in length for the ratio alone
    inserted = " ".join(words for op, words in grown.new_words if op == "insert")
    assert "to mitigate the risk to civilians" in inserted


def test_new_and_dropped_tasks(diff):
    assert [task.reference for task in diff.new] == ["2"]  # the strategic objective
    assert [task.reference for task in diff.dropped] == [
        "2 (a) (iv)", "2 (a) (v)", "2 (b)", "2 (b) (i)", "2 (b) (ii)",
    ]  # fmt: skip
    assert [task.reference for task in diff.to_review] == ["2", "3 (a) (i)", "3 (a) (ii)"]


@pytest.mark.django_db
def test_importing_the_renewal_flags_its_changes_and_carries_alignments_over(
    mission, editor, parsed
):
    first, renewal = parsed
    old = mandate_import(mission=mission, parsed=first, by=editor, source="S_RES_2387.pdf")
    new = mandate_import(mission=mission, parsed=renewal, by=editor, source="S_RES_2448.pdf")
    assert (old.expires_on.isoformat(), new.expires_on.isoformat()) == ("2018-11-15", "2019-11-15")
    assert new.tasks.count() == 8 and old.tasks.count() == 12
    reasons = dict(new.tasks.exclude(review_reason="").values_list("reference", "review_reason"))
    assert reasons == {"2": "new", "3 (a) (i)": "material", "3 (a) (ii)": "material"}

    protection = ObjectiveFactory(mission=mission, code="O1")
    dialogue = ObjectiveFactory(mission=mission, code="O2")
    for reference, objective in [
        ("2 (a) (ii)", protection),  # grew bullets: now 3 (a) (ii)
        ("2 (a) (iii)", protection),  # unchanged: now 3 (a) (iii)
        ("2 (b) (i)", dialogue),  # not in the renewal
    ]:
        TaskAlignment.objects.create(task=old.tasks.get(reference=reference), objective=objective)
    assert alignments_carry_over(old=old, new=new, by=editor) == 2
    carried = TaskAlignment.objects.filter(task__mandate=new)
    assert sorted(carried.values_list("task__reference", "objective__code")) == [
        ("3 (a) (ii)", "O1"),
        ("3 (a) (iii)", "O1"),
    ]
