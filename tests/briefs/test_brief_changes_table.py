"""What changed: a section whose changes each say one thing (tasks aligned anew) is printed as
the rows of one table, not a heading and a one-row table per task; a change that says several
things keeps its own table."""

from __future__ import annotations

import re

import pytest

from briefs.content import Subject
from briefs.rendering import render_html, render_subject
from strategies.models import Objective, TaskAlignment
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_one_line_changes_share_one_table(mission, strategy, hom, tmp_path):
    version_approve(mission=mission, by=hom, note="First.")
    objectives = strategy["objectives"]
    TaskAlignment.objects.create(task=strategy["unaligned"], objective=objectives[0])
    for task in strategy["tasks"][:2]:
        TaskAlignment.objects.create(task=task, objective=objectives[-1])
    Objective.objects.filter(code="O2").update(priority=1, phase=2, title="Objective two, moved")

    html = render_html(Subject(mission))
    tables = re.findall(r'<table class="changes-table">.*?</table>', html, flags=re.S)
    assert len(tables) == 1
    rows = re.findall(r"<tr><td>", tables[0])
    assert len(rows) == 3  # the three tasks aligned anew, one row each
    assert "OP 41 (c)" in tables[0] and "Objective two, moved" not in tables[0]
    # The objective that changed in several ways keeps its heading and its own table.
    assert re.search(r'class="change__head">.*?Objective two, moved', html, flags=re.S)

    text = pdf_text(render_subject(Subject(mission)).pdf, tmp_path)
    assert text.count("Aligned to objectives") == 3
