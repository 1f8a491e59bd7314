"""Procedural paragraphs in the renewal workspace: marked "Procedural", never flagged as
aligned to no objective, on the page and in the documents."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from renewals.selectors import workspace
from tests.renewals.conftest import as_role, task

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"
UNALIGNED = '<span class="badge badge--danger">aligned to no objective</span>'


@pytest.fixture
def procedural(mandate):
    """OP 1 (the extension) is procedural; OP 2, 3, 3 (a) and 4 serve no objective."""
    mandate.tasks.filter(reference="1").update(is_procedural=True)
    return mandate


def row_of(body: str, task_id: int) -> str:
    start = body.index(f'id="task-{task_id}"')
    return body[start : body.index("</li>", start)]


def test_a_procedural_task_is_not_unaligned(procedural, rated):
    rows = {row.task.reference: row for row in workspace(procedural, None).rows}
    assert not rows["1"].is_unaligned
    assert rows["2"].is_unaligned and rows["4"].is_unaligned
    assert not rows["3 (a) (i)"].is_unaligned  # serves O1


def test_the_workspace_marks_it_procedural_and_not_unaligned(people, procedural, rated):
    body = as_role("viewer").get(URL).content.decode()
    one = row_of(body, task(procedural, "1").pk)
    assert ">Procedural</span>" in one
    assert "task--procedural" in one
    assert UNALIGNED not in one
    four = row_of(body, task(procedural, "4").pk)
    assert UNALIGNED in four and ">Procedural</span>" not in four
    # Five tasks serve nothing: the four substantive ones are flagged, the extension is not.
    assert body.count(UNALIGNED) == 4


def test_the_workbook_says_procedural_not_aligned_to_nothing(people, procedural, rated):
    response = as_role("desk_officer").get(f"{URL}export.xlsx")
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    aligned_to = rows[0].index("Aligned to")
    by_ref = {row[0]: row[aligned_to] for row in rows[1:]}
    assert by_ref["1"] == "Procedural"
    assert by_ref["4"] == "Aligned to no objective"
    assert by_ref["3 (a) (i)"] == "O1 Civilians are protected"
