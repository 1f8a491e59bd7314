"""What changed: each section is one table with a row group per record (what changed in it,
before and after), not a heading and a table per record; a record that changed in several
ways spans its rows."""

from __future__ import annotations

import re

import pytest

from briefs.content import Subject
from briefs.rendering import render_html, render_subject
from strategies.models import Objective, TaskAlignment
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_each_section_of_changes_is_one_table_a_row_group_per_record(
    mission, strategy, hom, tmp_path
):
    version_approve(mission=mission, by=hom, note="First.")
    objectives = strategy["objectives"]
    TaskAlignment.objects.create(task=strategy["unaligned"], objective=objectives[0])
    for task in strategy["tasks"][:2]:
        TaskAlignment.objects.create(task=task, objective=objectives[-1])
    Objective.objects.filter(code="O2").update(priority=1, phase=2, title="Objective two, moved")

    html = render_html(Subject(mission))
    tables = re.findall(r'<table class="changes-table">.*?</table>', html, flags=re.S)
    alignment = next(t for t in tables if "OP 41 (c)" in t)
    assert alignment.count('<tbody class="change">') == 3  # the three tasks aligned anew
    objectives_table = next(t for t in tables if "Objective two, moved" in t)
    moved = next(
        group
        for group in re.findall(r'<tbody class="change">.*?</tbody>', objectives_table, re.S)
        if "Objective two, moved" in group
    )
    # Title, priority and phase changed: one record, named on the first of its three rows.
    assert moved.count("<tr") == 3 and moved.count('<th scope="row">') == 1
    assert "<h4" not in html.split("What changed")[-1].split("</section>")[0]

    text = pdf_text(render_subject(Subject(mission)).pdf, tmp_path)
    assert text.count("Aligned to objectives") == 3
