"""A renewal carries each matched task's phase with its alignments, and its procedural mark:
MINUSCA's resolution 2387 (2017) renewed by 2448 (2018), each read from its typeset PDF."""

from __future__ import annotations

import pytest

from mandates.parsing import ParsedResolution, extract_pdf_text, parse_resolution
from mandates.services import mandate_import
from strategies.models import TaskAlignment
from strategies.services.carry_over import alignments_carry_over
from tests.factories import ObjectiveFactory
from tests.mandates.real_resolutions import RES_2387, RES_2448, as_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def parsed() -> tuple[ParsedResolution, ParsedResolution]:
    return tuple(parse_resolution(extract_pdf_text(as_pdf(r))) for r in (RES_2387, RES_2448))


def phases(mandate) -> dict[str, int]:
    return dict(mandate.tasks.exclude(phase=None).values_list("reference", "phase"))


def test_the_pdfs_are_read_with_their_procedural_paragraphs(parsed):
    first, renewal = parsed
    assert [p.reference for p in first.flat() if p.is_procedural] == ["1", "3"]
    assert [p.reference for p in renewal.flat() if p.is_procedural] == ["1", "4"]


def test_phases_come_over_on_import_and_with_the_alignments(mission, editor, parsed):
    first, renewal = parsed
    old = mandate_import(mission=mission, parsed=first, by=editor)
    old.tasks.filter(reference="2 (a) (ii)").update(phase=1)  # grew bullets: now 3 (a) (ii)
    old.tasks.filter(reference="2 (a) (iii)").update(phase=2)  # unchanged: now 3 (a) (iii)
    old.tasks.filter(reference="2 (b) (i)").update(phase=3)  # not in the renewal
    # A mark the person corrected: OP 1 (the extension) made a task and aligned, long ago.
    extension = old.tasks.get(reference="1")
    old.tasks.filter(pk=extension.pk).update(is_procedural=False)
    seized = old.tasks.get(reference="3")
    protection = ObjectiveFactory(mission=mission, code="O1")
    TaskAlignment.objects.create(task=old.tasks.get(reference="2 (a) (ii)"), objective=protection)
    TaskAlignment.objects.create(task=extension, objective=protection)
    # Aligned before it was marked procedural: the mark is carried, the alignment is not.
    TaskAlignment.objects.create(task=seized, objective=protection)

    new = mandate_import(mission=mission, parsed=renewal, by=editor)
    assert phases(new) == {"3 (a) (ii)": 1, "3 (a) (iii)": 2}
    procedural = set(new.tasks.filter(is_procedural=True).values_list("reference", flat=True))
    assert procedural == {"4"}  # OP 1 stays the task the person made it

    # The phase was cleared on one task since (or the renewal was imported before phases came
    # over): carrying the alignments over brings it back with them.
    new.tasks.filter(reference="3 (a) (iii)").update(phase=None)
    assert alignments_carry_over(old=old, new=new, by=editor) == 2
    assert phases(new) == {"3 (a) (ii)": 1, "3 (a) (iii)": 2}
    carried = TaskAlignment.objects.filter(task__mandate=new)
    assert sorted(carried.values_list("task__reference", "objective__code")) == [
        ("1", "O1"),
        ("3 (a) (ii)", "O1"),
    ]
    # A phase an editor set on the renewal is kept.
    new.tasks.filter(reference="3 (a) (ii)").update(phase=4)
    alignments_carry_over(old=old, new=new, by=editor)
    assert phases(new)["3 (a) (ii)"] == 4
