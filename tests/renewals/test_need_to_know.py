"""A Strictly confidential review decision about a task, and a Strictly confidential objective
the task serves, reach the renewal workspace, its Word and Excel documents and the outcome page
only for the readers named on them and the head of mission."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from missions.classification import Classification
from reviews.models import Decision
from strategies.models import TaskAlignment
from tests.factories import ObjectiveFactory
from tests.renewals.conftest import as_role, task

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"
CANARY = "QZX7-renewal-canary"


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def _everything(client) -> str:
    page = client.get(URL)
    assert page.status_code == 200
    docx, xlsx = client.get(f"{URL}export.docx"), client.get(f"{URL}export.xlsx")
    assert docx.status_code == xlsx.status_code == 200
    return "\n".join([page.content.decode(), _docx_text(docx.content), _xlsx_text(xlsx.content)])


def test_secret_decisions_and_objectives_reach_only_their_readers(people, mandate, rated):
    chief = people["chief_of_staff"]
    secret = {"classification": Classification.STRICTLY_CONFIDENTIAL, "named_readers": [chief.pk]}
    target = task(mandate, "3 (a) (i)")
    review = Decision.objects.get(task=target).review
    Decision.objects.create(
        review=review,
        kind=Decision.Kind.REPRIORITISE,
        task=target,
        rationale=f"{CANARY} decision",
        **secret,
    )
    hidden = ObjectiveFactory(
        mission=rated.mission, code="O9", title=f"{CANARY} objective", **secret
    )
    TaskAlignment.objects.create(task=target, objective=hidden)

    for role in ("chief_of_staff", "head_of_mission"):  # named, and the head of mission
        seen = _everything(as_role(role))
        assert f"{CANARY} decision" in seen and f"{CANARY} objective" in seen, role
    for role in ("strategy_editor", "component_lead", "desk_officer", "viewer"):
        seen = _everything(as_role(role))
        assert CANARY not in seen, role
        assert "Protection first" in seen, role  # the task's other decision is still shown
