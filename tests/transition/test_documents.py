"""The handover plan feeds the documents: the brief's "Transition and handover" part (read
back from the PDF) and the paragraphs of the Secretary-General's report input."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from briefs.content import Subject
from briefs.rendering import render_subject
from council.models import InputParagraph, Section
from council.prefill import prefill
from council.services import input_start
from mandates.models import ReportingObligation
from missions.classification import Classification
from tests.transition.conftest import handover, task

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text in reading order (pdftotext without -layout keeps a table cell's words
    together), whitespace collapsed."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture
def planned(mandate, benchmark):
    handover(
        mandate,
        "1 (a)",
        receiver_kind="government",
        receiver="Ministry of Justice",
        status="in_preparation",
        depends_on=benchmark,
    )
    handover(
        mandate,
        "2",
        receiver="UNDP",
        status="handed_over",
        handed_over_on=date(2026, 2, 20),
    )
    handover(mandate, "3", receiver="OHCHR", status="handed_over", handed_over_on=date(2025, 5, 1))
    return mandate


def test_the_brief_prints_the_transition_part(mission, planned, tmp_path):
    text = pdf_text(render_subject(Subject(mission)).pdf, tmp_path)
    flat = text
    assert "Transition and handover" in flat
    assert "Host government institution" in flat and "Ministry of Justice" in flat
    assert "UNDP" in flat and "OHCHR" in flat
    assert "3 with a handover (in preparation: 1, handed over: 2), 1 without" in flat
    assert "Courts sit in every province." in flat
    assert "Tasks without a handover" in flat and "alignment): 1 (b)." in flat
    # Listed in the contents, right after the end state.
    contents = flat[flat.index("Contents") :]
    assert (
        contents.index("End state and exit readiness")
        < contents.index("Transition and handover")
        < contents.index("Strategic objectives")
    )


def test_a_benchmark_above_the_briefs_level_is_not_printed(mission, planned, benchmark, tmp_path):
    benchmark.classification = Classification.CONFIDENTIAL
    benchmark.save()
    text = pdf_text(render_subject(Subject(mission), audience="tcc_pcc").pdf, tmp_path)
    assert "Ministry of Justice" in text and "Withheld at this level" in text
    assert "Courts sit in every province." not in text


def _obligation(mandate) -> ReportingObligation:
    return ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 6, 30)
    )


def test_the_report_input_states_handovers_of_the_period(mission, planned):
    drafts = prefill(_obligation(planned), date(2026, 1, 15), date(2026, 6, 30))
    texts = [d.text for d in drafts if d.section == Section.BENCHMARKS]
    handed = next(t for t in texts if "handed over to" in t)
    assert handed.startswith("During the period, the mission handed over to UNDP")
    assert "OP 2 (To protect civilians)" in handed and "20 Feb 2026" in handed
    assert not any("OHCHR" in t for t in texts)  # handed over before the period
    preparing = next(t for t in texts if "in preparation" in t)
    assert "Ministry of Justice (host government institution)" in preparing
    assert "once Courts sit in every province (now partly met)" in preparing
    # The benchmarks section keeps its own paragraphs first; sections stay in order.
    order = Section.values
    assert [order.index(d.section) for d in drafts] == sorted(
        order.index(d.section) for d in drafts
    )


def test_starting_the_input_prefills_the_handovers(people, mission, planned):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="strategy_editor")
    report = input_start(obligation=_obligation(planned), by=editor)
    paragraph = InputParagraph.objects.get(input=report, text__contains="handed over to UNDP")
    assert paragraph.section == Section.BENCHMARKS and paragraph.prefilled
    assert {"kind": "task", "pk": task(planned, "2").pk, "label": "OP 2"} in paragraph.sources
