"""Evidence files are found by their name and by their PDF's text, read exactly when their
record is (the kind ``evidence/searching.py`` registers)."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

import pytest
from weasyprint import HTML

from evidence.models import EvidenceFile
from missions.classification import Classification
from reviews.models import ObjectiveAssessment, Progress
from search.registry import (
    search_kind,
)
from tests.factories import ObjectiveFactory, ReviewFactory
from tests.search.conftest import as_role, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_kind():
    """The kind the evidence app registers (``evidence/searching.py``)."""
    return search_kind("evidence")


def _pdf_text(html: str) -> str:
    """A real PDF's text as the evidence worker reads it (pdftotext)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        HTML(string=html).write_pdf(pdf)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def _file(mission, assessment, name: str, text: str) -> EvidenceFile:
    return EvidenceFile.objects.create(
        mission=mission,
        assessment=assessment,
        key=f"{mission.pk}/{hashlib.md5(name.encode()).hexdigest()}",
        original_name=name,
        size=1234,
        content_type="application/pdf",
        sha256="0" * 64,
        text=text,
    )


@pytest.fixture
def assessment(mission):
    objective = ObjectiveFactory(mission=mission, code="O1", title="Civilians are protected")
    return ObjectiveAssessment.objects.create(
        review=ReviewFactory(mission=mission), objective=objective, progress=Progress.AT_RISK
    )


def test_an_english_word_in_a_pdfs_text_is_found(mission, people, evidence_kind, assessment):
    text = _pdf_text(
        "<h1>JMAC weekly</h1><p>Monitors verified the cantonment of 300 combatants in Bria.</p>"
    )
    assert "cantonment" in text
    _file(mission, assessment, "jmac-weekly-12.pdf", text)
    page = search(as_role("viewer"), "verify cantonments").content.decode()
    assert 'Evidence files <span class="count">1</span>' in page
    assert "jmac-weekly-12.pdf" in page
    assert "<mark>verified</mark>" in page and "<mark>cantonment</mark>" in page
    assert f'href="/missions/UNTEST/reviews/{assessment.review_id}/objectives/O1/#evidence"' in page


def test_a_file_is_found_by_its_name(mission, people, evidence_kind, assessment):
    _file(mission, assessment, "Rapport_négociations_Goma.pdf", "")
    page = search(as_role("viewer"), "negociation").content.decode()
    assert "Rapport_négociations_Goma.pdf" in page


def test_a_file_on_a_hidden_record_is_hidden(mission, people, evidence_kind, assessment):
    ObjectiveAssessment.objects.filter(pk=assessment.pk).update(
        classification=Classification.STRICTLY_CONFIDENTIAL
    )
    _file(mission, assessment, "sources.pdf", "The informant network in Ndele.")
    head = search(as_role("head_of_mission"), "informant").content.decode()
    assert "sources.pdf" in head
    # The file shows its record's level.
    assert '<span class="marking marking--2">Strictly confidential</span>' in head
    assert "sources.pdf" not in search(as_role("viewer"), "informant").content.decode()


def test_a_very_long_text_is_searched_by_its_start(mission, people, evidence_kind, assessment):
    # 2 million characters of distinct tokens: more than a tsvector holds, read both ways.
    noise = " ".join(hashlib.md5(str(i).encode()).hexdigest() for i in range(60_000))
    _file(mission, assessment, "dump.pdf", "Opening remarks on demobilisation. " + noise)
    response = search(as_role("viewer"), "demobilisation")
    assert response.status_code == 200
    assert "dump.pdf" in response.content.decode()
