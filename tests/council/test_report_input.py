"""The mission's input to the Secretary-General's report, on the demo mission: prefilled from
its reviews with sources that lead to the records, edited, cleared, approved, and read back as
Word (python-docx) and PDF (pdftotext); each role against each action."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from council.models import InputParagraph, ReportInput
from mandates.models import ReportingObligation
from missions.classification import Classification
from tests.briefs.conftest import pdf_text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "I. Political situation",
    "II. Implementation of the mandate",
    "III. Progress towards the benchmarks",
    "IV. Positions of the parties and stakeholders",
    "V. Observations and recommendations",
]


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def obligation(demo) -> ReportingObligation:
    """UNSMK's next report to the Council."""
    return (
        ReportingObligation.objects.filter(
            mandate__mission__acronym="UNSMK", kind="report", submitted_on__isnull=True
        )
        .order_by("due_on")
        .first()
    )


def start(obligation, username: str = "editor") -> tuple[Client, ReportInput, str]:
    client = as_user(username)
    url = f"/missions/UNSMK/council/obligation/{obligation.pk}/"
    assert "Start the input" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302, response.content[:300]
    report = ReportInput.objects.get(obligation=obligation)
    return client, report, response["Location"]


def test_the_input_is_prefilled_from_the_missions_reviews(obligation):
    client, report, location = start(obligation)
    page = client.get(location).content.decode()
    for heading in SECTIONS:
        assert heading in page
    paragraphs = list(InputParagraph.objects.filter(input=report))
    assert len(paragraphs) >= 8
    sections = {p.section for p in paragraphs}
    assert {"political", "mandate", "benchmarks", "observations"} <= sections
    # The latest signed-off review's conclusions open the political situation.
    from reviews.models import Review

    review = Review.objects.filter(mission__acronym="UNSMK", status="signed_off").latest(
        "period_end"
    )
    political = [p for p in paragraphs if p.section == "political"]
    assert any(review.summary.strip()[:60] in p.text for p in political)
    mandate = " ".join(p.text for p in paragraphs if p.section == "mandate")
    assert "Under the strategic priority in OP" in mandate
    assert re.search(r"\bO\d+ \(", mandate), "objective codes name what was rated"


def test_each_source_link_leads_to_its_record(obligation):
    client, report, location = start(obligation)
    page = client.get(location).content.decode()
    checked = 0
    for paragraph in InputParagraph.objects.filter(input=report):
        for source in paragraph.sources:
            if source["kind"] not in {"objective", "exitcondition", "review", "task"}:
                continue
            links = re.findall(
                rf'<li class="input-paragraph" id="paragraph-{paragraph.pk}".*?</li>', page, re.S
            )[0]
            hrefs = re.findall(r'href="([^"]+)"', links)
            href = next(h for h in hrefs if h.rstrip("/").endswith(f"/{source['pk']}"))
            record_page = client.get(href)
            assert record_page.status_code == 200, href
            label = source["label"].split(" ")[0]
            assert label in record_page.content.decode(), (href, label)
            checked += 1
    assert checked >= 5


def test_the_word_document_has_headings_numbered_paragraphs_and_codes(obligation):
    client, report, _location = start(obligation)
    response = client.get(f"/missions/UNSMK/council/{report.pk}/input.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:5] == SECTIONS
    assert "Annex I. Benchmarks: the exit conditions" in headings
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == InputParagraph.objects.filter(input=report).count()
    assert re.search(r"\bO1\b", " ".join(numbered))
    assert document.paragraphs[0].style.name == "Title"
    assert document.sections[0].header.paragraphs[0].text == "CONFIDENTIAL (UN RESTRICTED)"
    assert len(document.tables) == 2
    conditions = document.tables[0]
    assert [c.text for c in conditions.rows[0].cells] == [
        "Condition",
        "Kind",
        "Status",
        "Last assessed",
    ]
    assert "Draft, not yet cleared" in " ".join(p.text for p in document.paragraphs)


def test_the_pdf_reads_back(obligation, tmp_path):
    client, report, _location = start(obligation)
    response = client.get(f"/missions/UNSMK/council/{report.pk}/input.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Input to the report of the Secretary-General" in text
    assert "II. Implementation of the mandate" in text
    assert re.search(r"^\s*1\. ", text, re.M)


def test_clear_approve_and_an_edit_after_clearance(obligation):
    editor, report, location = start(obligation)
    paragraph = InputParagraph.objects.filter(input=report).order_by("position").first()
    chief, hom = as_user("chief"), as_user("hom")
    status_url = f"/missions/UNSMK/council/{report.pk}/status/"

    assert editor.post(status_url, {"step": "clear", "revision": 1}).status_code == 403
    assert hom.post(status_url, {"step": "approve", "revision": 1}).status_code == 400
    assert chief.post(status_url, {"step": "clear", "revision": 1}).status_code == 302
    report.refresh_from_db()
    assert report.status == "cleared" and report.cleared_by.username == "chief"

    # An edit after clearance sends it back to draft.
    edit_url = f"/missions/UNSMK/council/{report.pk}/paragraphs/{paragraph.pk}/"
    response = editor.post(
        edit_url, {"text": "The Council's attention is drawn to …", "revision": 1}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft" and report.cleared_by is None

    assert chief.post(status_url, {"step": "clear", "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert hom.post(status_url, {"step": "approve", "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    obligation.refresh_from_db()
    assert report.status == "approved" and obligation.submitted_on == report.mission.today()

    # Approved: read-only until the head of mission reopens it.
    assert editor.get(location).content.decode().count("Edit<span") == 0
    response = editor.post(edit_url, {"text": "Late change", "revision": 2})
    assert response.status_code == 400
    assert "the head of mission reopens it" in response.content.decode()
    assert (
        chief.post(status_url, {"step": "reopen", "revision": report.revision}).status_code == 403
    )
    assert hom.post(status_url, {"step": "reopen", "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"


def test_two_people_editing_one_paragraph(obligation):
    editor, report, _location = start(obligation)
    paragraph = InputParagraph.objects.filter(input=report).order_by("position").first()
    chief = as_user("chief")
    url = f"/missions/UNSMK/council/{report.pk}/paragraphs/{paragraph.pk}/"
    assert chief.post(url, {"text": "Chief's words.", "revision": 1}).status_code == 302
    response = editor.post(url, {"text": "Editor's words.", "revision": 1})
    assert response.status_code == 409
    paragraph.refresh_from_db()
    assert paragraph.text == "Chief's words."


def test_adding_moving_and_bad_input(obligation):
    editor, report, _location = start(obligation)
    add = f"/missions/UNSMK/council/{report.pk}/paragraphs/new/"
    response = editor.post(add, {"section": "observations", "text": ""})
    assert response.status_code == 400
    assert re.search(r'field--invalid">\s*<label for="id_text">', response.content.decode())
    response = editor.post(
        add, {"section": "observations", "text": "The head of mission recommends patience."}
    )
    assert response.status_code == 302
    added = InputParagraph.objects.get(input=report, text__startswith="The head of mission")
    last = InputParagraph.objects.filter(input=report).order_by("-position").first()
    assert added == last
    move = f"/missions/UNSMK/council/{report.pk}/paragraphs/{added.pk}/move/"
    before = added.position
    editor.post(move, {"direction": "up"})
    added.refresh_from_db()
    assert added.position < before


@pytest.mark.parametrize(
    ("username", "start_", "edit", "clear", "approve", "comment"),
    [
        ("hom", False, False, False, True, True),
        ("chief", True, True, True, False, True),
        ("editor", True, True, False, False, True),
        ("lead", False, False, False, False, True),
        ("desk", False, False, False, False, True),
        ("viewer", False, False, False, False, False),
    ],
)
def test_each_role(obligation, username, start_, edit, clear, approve, comment):
    client = as_user(username)
    url = f"/missions/UNSMK/council/obligation/{obligation.pk}/"
    assert client.get(url).status_code == 200
    assert (client.post(url).status_code == 302) is start_
    if not start_:
        start(obligation)
    report = ReportInput.objects.get(obligation=obligation)
    page = client.get(f"/missions/UNSMK/council/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ("Add a paragraph" in html) is edit
    assert ("Clear the draft" in html) is clear
    paragraph = InputParagraph.objects.filter(input=report).first()
    edit_url = f"/missions/UNSMK/council/{report.pk}/paragraphs/{paragraph.pk}/"
    assert (client.get(edit_url).status_code == 200) is edit
    response = client.post(
        f"/missions/UNSMK/council/{report.pk}/comments/", {"body": "Seen from New York."}
    )
    assert (response.status_code == 302) is comment
    assert client.get(f"/missions/UNSMK/council/{report.pk}/input.docx").status_code == 200
    if approve:
        ReportInput.objects.filter(pk=report.pk).update(status="cleared")
        response = client.post(
            f"/missions/UNSMK/council/{report.pk}/status/",
            {"step": "approve", "revision": report.revision},
        )
        assert response.status_code == 302


def test_an_outsider_gets_404(obligation, outsider):
    start(obligation)
    report = ReportInput.objects.get(obligation=obligation)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/missions/UNSMK/council/{report.pk}/").status_code == 404
    assert client.get(f"/missions/UNSMK/council/{report.pk}/input.docx").status_code == 404


def test_a_strictly_confidential_paragraph_reaches_only_those_who_need_to_know(obligation):
    _editor, report, location = start(obligation)
    secret = InputParagraph.objects.filter(input=report).order_by("position").first()
    secret.text = "Back-channel talks with the armed group's leadership."
    secret.classification = Classification.STRICTLY_CONFIDENTIAL
    secret.save()
    viewer = as_user("viewer")
    assert "Back-channel" not in viewer.get(location).content.decode()
    document = Document(io.BytesIO(viewer.get(f"{location}input.docx").content))
    assert "Back-channel" not in " ".join(p.text for p in document.paragraphs)
    assert "Back-channel" in as_user("hom").get(location).content.decode()


def test_the_workspace_reads_a_fixed_number_of_queries(obligation):
    client, report, location = start(obligation)
    client.get(location)
    with CaptureQueriesContext(connection) as few:
        client.get(location)
    for n in range(40):
        client.post(
            f"/missions/UNSMK/council/{report.pk}/paragraphs/new/",
            {"section": "observations", "text": f"Added {n}"},
        )
    with CaptureQueriesContext(connection) as many:
        client.get(location)
    assert len(many) == len(few)


@pytest.mark.django_db(transaction=True)
def test_the_page_shows_who_changed_what(obligation):
    editor, report, location = start(obligation)
    paragraph = InputParagraph.objects.filter(input=report).order_by("position").first()
    url = f"/missions/UNSMK/council/{report.pk}/paragraphs/{paragraph.pk}/"
    editor.post(url, {"text": "Talks resumed in Marovo under AU facilitation.", "revision": 1})
    as_user("chief").post(
        f"/missions/UNSMK/council/{report.pk}/status/", {"step": "clear", "revision": 1}
    )
    page = editor.get(location).content.decode()
    history = page[page.index('id="history"') :]
    assert "Talks resumed in Marovo under AU facilitation." in history
    assert "Leila Haddad" in history  # the editor
    assert "Tomás Ferreira" in history  # the chief of staff, who cleared it
