"""The recommendations as Word and Excel, read back with python-docx and openpyxl: headings,
task references, a row per task, the proposed tasks; in the reader's language."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from core.models import AuditEvent
from renewals.services import proposed_task_create, recommendation_save
from tests.renewals.conftest import as_role, task

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"


@pytest.fixture
def drafted(people, mandate, rated):
    chief = people["chief_of_staff"]
    recommendation_save(
        task=task(mandate, "3 (a) (i)"),
        values={"action": "resequence", "phase": 2, "rationale": "Protection first."},
        expected_revision=None,
        by=chief,
    )
    recommendation_save(
        task=task(mandate, "4"),
        values={"action": "drop", "rationale": '=HYPERLINK("x") handed to the UNCT.'},
        expected_revision=None,
        by=chief,
    )
    proposed_task_create(
        mandate=mandate,
        text="To support the water authority in rebuilding irrigation networks;",
        rationale="Floods.",
        objectives=[rated],
        by=chief,
    )
    return mandate


def test_the_word_document_has_headings_and_every_task(drafted):
    response = as_role("viewer").get(f"{URL}export.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="UNTEST-renewal-recommendations-2729.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Recommendations on the renewal of the mandate"
    # The marking heads and foots every page, with the page number at the foot.
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "UNCLASSIFIED"
    assert section.footer.paragraphs[0].text.startswith("UNCLASSIFIED · Page ")
    assert 'w:instrText xml:space="preserve"> NUMPAGES ' in section.footer._element.xml
    headings = {p.style.name: [] for p in document.paragraphs}
    for p in document.paragraphs:
        headings[p.style.name].append(p.text)
    assert headings["Heading 1"] == ["Recommendations on the mandated tasks", "Proposed new tasks"]
    assert [h.split(":")[0] for h in headings["Heading 2"]] == ["OP 1", "OP 2", "OP 3", "OP 4"]
    assert "Draft, not yet approved by the head of mission" in headings["Normal"]
    # A table per operative paragraph, then the proposed tasks.
    assert len(document.tables) == 5
    three = document.tables[2]
    assert [c.text for c in three.rows[0].cells] == [
        "Paragraph",
        "Task",
        "Aligned to",
        "Latest rating and trend",
        "Recommendation",
        "Rationale",
    ]
    assert [row.cells[0].text for row in three.rows[1:]] == ["3", "3 (a)", "3 (a) (i)"]
    protection = [c.text for c in three.rows[3].cells]
    assert protection[2] == "O1 Civilians are protected"
    assert protection[3] == "O1: On track (improving)"
    assert protection[4:] == ["Resequence: phase 2", "Protection first."]
    proposed = [c.text for c in document.tables[4].rows[1].cells]
    assert proposed[1].startswith("To support the water authority") and proposed[2].startswith("O1")
    assert AuditEvent.objects.filter(target=f"renewal:{drafted.pk}").exists()


def test_the_workbook_has_a_row_per_task_and_the_proposed_tasks(drafted):
    response = as_role("desk_officer").get(f"{URL}export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Recommendations", "Proposed tasks", "About"]
    rows = list(book["Recommendations"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Paragraph", "Task") and rows[0][5] == "Recommendation"
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "3 (a)", "3 (a) (i)", "4"]
    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref["3 (a)"][2] == "Yes" and by_ref["4"][2] == "No"
    assert by_ref["3 (a) (i)"][4:7] == ("O1: On track (improving)", "Resequence", 2)
    # What people wrote is text, never a formula.
    assert by_ref["4"][8] == '=HYPERLINK("x") handed to the UNCT.'
    assert book["Recommendations"]["I7"].data_type == "s"
    proposed = list(book["Proposed tasks"].iter_rows(values_only=True))
    assert len(proposed) == 2 and proposed[1][1].startswith("To support the water authority")


def test_the_documents_speak_the_readers_language(drafted):
    client = as_role("viewer")
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.get(f"{URL}export.xlsx", HTTP_ACCEPT_LANGUAGE="fr")
    book = load_workbook(io.BytesIO(response.content))
    header = next(book.worksheets[0].iter_rows(values_only=True))
    # Django's own catalogue already says "Oui"/"Non"; our strings are translated later.
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert header[0] and {row[2] for row in rows[1:]} == {"Oui", "Non"}
    # The content stays as written.
    assert "Protection first." in [row[8] for row in rows[1:]]


def test_an_empty_renewal_still_exports(people, mandate):
    response = as_role("viewer").get(f"{URL}export.docx")
    document = Document(io.BytesIO(response.content))
    assert "The mission proposes no new task." in [p.text for p in document.paragraphs]
