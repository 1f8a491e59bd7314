"""The PDF itself: what a reader finds in it, page furniture, tagging and metadata."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from briefs.content import Subject, brief_context
from briefs.rendering import counter_content, css_string, render_html, render_subject
from mandates.models import MandatedTask
from strategies.models import Objective
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text
from tests.briefs.data import build_strategy, rate
from tests.factories import EndStateFactory, MissionFactory

pytestmark = pytest.mark.django_db


def test_a_brief_of_the_draft_prints_the_whole_strategy(mission, strategy, tmp_path):
    rendered = render_subject(Subject(mission))
    text = pdf_text(rendered.pdf, tmp_path)

    assert rendered.pdf.startswith(b"%PDF-")
    assert rendered.pages >= 5
    assert "Political strategy brief" in text
    assert "Working draft (not approved)" in text
    assert "UNCLASSIFIED" in text  # the highest level printed, on the cover and every page
    for objective in strategy["objectives"]:
        assert objective.code in text
        assert objective.title in text
    # Mandate alignment by paragraph, the unaligned task flagged.
    assert "29 (a)" in text and "31 (a)" in text and "41 (c)" in text
    assert "Operative paragraph 41 of S/RES/2800 (2026)" in text
    assert "Not aligned" in text
    assert "1 task aligned to no objective" in text
    # Running footer with the page count, and a contents page with page numbers.
    assert "Page 1 of" in text and "Page 2 of" in text
    assert f"Page {rendered.pages} of {rendered.pages}" in text
    assert "Contents" in text
    for title in ("End state and exit readiness", "Contribution matrix", "Conflict drivers"):
        assert title in text
    assert "Stakeholder 0" in text and "Opposes" in text
    assert "Driver 0" in text


def test_every_page_says_which_page_of_how_many(mission, strategy, tmp_path):
    rendered = render_subject(Subject(mission))
    reader = PdfReader(io.BytesIO(rendered.pdf))
    cover = reader.pages[0].extract_text()
    assert "Page 1 of" in cover  # the cover carries the marking and its page number only
    assert "UNCLASSIFIED" in cover.upper()
    for number, page in enumerate(reader.pages[1:], start=2):
        words = page.extract_text()
        assert f"Page {number} of {rendered.pages}" in words
        assert f"{mission.acronym} · Strategy brief · Working draft" in words


def test_the_contents_give_each_part_its_page_number(mission, strategy, tmp_path):
    rendered = render_subject(Subject(mission))
    reader = PdfReader(io.BytesIO(rendered.pdf))
    contents = reader.pages[1].extract_text()
    # Each part starts where the contents say it does.
    for line in contents.splitlines():
        if "Contribution matrix" in line:
            page = int(line.rstrip(". ").split()[-1])
            assert "Contribution matrix" in reader.pages[page - 1].extract_text()
            break
    else:
        pytest.fail(f"no contents line for the matrix in:\n{contents}")


def test_the_pdf_is_tagged_with_its_title_and_language(mission, strategy):
    rendered = render_subject(Subject(mission))
    reader = PdfReader(io.BytesIO(rendered.pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == f"{mission.acronym} political strategy brief: Working draft"
    assert b"pdfuaid:part" in _xmp(reader)  # declared PDF/UA-1


def _xmp(reader: PdfReader) -> bytes:
    metadata = reader.trailer["/Root"].get("/Metadata")
    return metadata.get_object().get_data() if metadata is not None else b""


def test_a_french_brief_says_so_to_screen_readers(mission, strategy):
    with translation.override("fr"):
        html = render_html(Subject(mission))
    assert '<html lang="fr" dir="ltr">' in html


def test_table_headers_repeat_and_rows_do_not_split(mission):
    """A long alignment table runs over pages: its header is on each, no row is cut."""
    mandate = build_strategy(mission)["mandate"]
    filler = "To support the national authorities in the protection of civilians. " * 4
    for n in range(80):
        MandatedTask.objects.create(
            mandate=mandate,
            reference=f"50 ({n})",
            position=100 + n,
            text=f"Row{n}begins. {filler} Row{n}ends.",
        )
    rendered = render_subject(Subject(mission))
    reader = PdfReader(io.BytesIO(rendered.pdf))
    pages = [p.extract_text() for p in reader.pages]
    alignment_pages = [words for words in pages if re.search(r"Row\d+(begins|ends)", words)]
    assert len(alignment_pages) >= 3
    for words in alignment_pages:
        assert "Paragraph" in words  # the header row, repeated on each page
        # Every row is whole on its page: where a row begins, it also ends.
        assert re.findall(r"Row(\d+)begins", words) == re.findall(r"Row(\d+)ends", words)


def test_a_version_brief_says_what_changed_since_the_version_before(
    mission, strategy, hom, tmp_path
):
    version_approve(mission=mission, by=hom, note="First.")
    Objective.objects.filter(code="O2").update(priority=1, title="Objective two, reworded")
    second = version_approve(mission=mission, by=hom, note="Second.")
    Objective.objects.filter(code="O3").update(title="Changed after version 2")

    text = pdf_text(render_subject(Subject(mission, version=second)).pdf, tmp_path)

    assert "Version 2, approved on" in text
    assert "From version 1 to version 2" in text
    assert "Objective two, reworded" in text
    assert "Changed after version 2" not in text  # a version prints what was approved


def test_ratings_and_trends_come_from_concluded_reviews(mission, strategy, tmp_path):
    objectives = strategy["objectives"]
    rate(
        mission, objectives, period_start=date(2026, 1, 1), progress="at_risk", status="signed_off"
    )
    rate(
        mission,
        objectives[:1],
        period_start=date(2026, 4, 1),
        progress="on_track",
        status="concluded",
    )
    rate(mission, objectives, period_start=date(2026, 7, 1), progress="off_track", status="open")

    context = brief_context(Subject(mission))
    ratings = {o["code"]: o["rating"] for o in context["strategy"]["objectives"]}
    assert ratings["O1"].progress == "on_track" and ratings["O1"].trend == "improving"
    assert ratings["O2"].progress == "at_risk" and ratings["O2"].trend == "first"
    text = pdf_text(render_subject(Subject(mission)).pdf, tmp_path)
    assert "Improving" in text and "Off track" not in text  # the open review does not count


def test_a_review_brief_prints_its_assessments_decisions_and_changes(
    mission, strategy, hom, tmp_path
):
    from reviews.models import Decision

    version_approve(mission=mission, by=hom, note="Before the review.")
    objectives = strategy["objectives"]
    rate(
        mission, objectives, period_start=date(2026, 1, 1), progress="at_risk", status="signed_off"
    )
    review = rate(
        mission, objectives, period_start=date(2026, 4, 1), progress="on_track", status="concluded"
    )
    review.summary = "The quarter moved the settlement forward."
    review.save()
    Decision.objects.create(
        review=review, kind="drop", objective=objectives[2], rationale="Overtaken by events."
    )
    Objective.objects.filter(pk=objectives[2].pk).update(status="dropped")

    text = pdf_text(render_subject(Subject(mission, review=review)).pdf, tmp_path)

    assert "Strategy review brief" in text
    assert "The quarter moved the settlement forward." in text
    assert "Climate around O1." in text and "Improving" in text
    assert "Drop objective" in text and "Overtaken by events." in text
    assert "Not applied yet" in text
    assert "From version 1 to the working draft" in text  # what changed since the version
    assert "Dropped" in text


def test_reading_a_brief_costs_the_same_queries_at_any_size(db, django_assert_max_num_queries):
    small, large = MissionFactory(acronym="UNSMALL"), MissionFactory(acronym="UNLARGE")
    for mission, size in ((small, 1), (large, 12)):
        EndStateFactory(mission=mission)
        objectives = build_strategy(mission, size=size)["objectives"]
        rate(
            mission,
            objectives,
            period_start=date(2026, 1, 1),
            progress="at_risk",
            status="signed_off",
        )
    counts = []
    for mission in (small, large):
        with CaptureQueriesContext(connection) as queries:
            brief_context(Subject(mission))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The parts other apps register (transition, measured progress) read their own rows.
    with django_assert_max_num_queries(24):
        brief_context(Subject(large))


def test_page_words_are_escaped_inside_the_style_element():
    assert css_string('Say "hi" </style>') == '"Say \\"hi\\" \\3c /style\\3e "'
    assert counter_content("Page {page} of {pages}") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert counter_content("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_a_wide_matrix_is_printed_as_tables_that_fit_a_landscape_page():
    from briefs.content import MATRIX_COLUMNS, matrix_doc

    objectives = [{"code": f"O{n}", "title": "", "status": "active"} for n in range(1, 38)]
    contributions = [{"component": "Force", "objective": "O37", "role": "lead"}]
    matrix = matrix_doc({"objectives": objectives, "contributions": contributions}, ["Police"])

    assert matrix.is_wide
    assert [len(part.columns) for part in matrix.parts] == [13, 13, 11]
    assert all(len(part.columns) <= MATRIX_COLUMNS for part in matrix.parts)
    assert [c["code"] for part in matrix.parts for c in part.columns] == [
        o["code"] for o in objectives
    ]
    force, police = matrix.rows
    assert force.total == 1 and police.contributes_to_nothing
    assert matrix.parts[-1].rows[0][1][-1] == "lead"
    assert len(matrix.orphans) == 36
