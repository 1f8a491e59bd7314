"""The PDF page by page, as pdftotext reads it: a rating or stance badge never split inside a
word, no page holding a line or two, no heading (or table caption) left at the foot of a page
with what it heads on the next."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from briefs.audiences import as_exporter
from briefs.content import Subject
from briefs.rendering import compose, html_to_pdf
from missions.models import Mission
from reviews.models import ReviewStatus
from strategies.models import ExitCondition, StakeholderPosition
from tests.briefs.conftest import pdf_text
from tests.briefs.data import rate
from tests.briefs.layout import broken_badge_words, heading_at_foot, headings, page_bodies

pytestmark = pytest.mark.django_db

# Fewer body lines than this on a page that is not the last of a short document is a page
# holding "one sentence".
MIN_LINES = 3


def render(subject: Subject, language: str, folder: Path) -> tuple[str, Path]:
    """The brief for HQ in ``language``: its HTML, and its PDF written to ``folder``."""
    with translation.override(language), as_exporter(None):
        html, _cut = compose(subject, audience="hq", recipient="Africa II desk")
        rendered = html_to_pdf(html)
    pdf = folder / f"{subject.mission.acronym}-{language}.pdf"
    pdf.write_bytes(rendered.pdf)
    return html, pdf


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Achieved", "Ambivalent", "Partly"]),
        ("fr", ["Atteint", "Ambivalente", "Partiellement"]),
    ],
)
def test_rating_and_stance_badges_are_never_split_inside_a_word(
    mission, strategy, tmp_path, language, words
):
    rate(
        mission,
        strategy["objectives"],
        period_start=date(2026, 1, 1),
        progress="achieved",
        status="signed_off",
    )
    StakeholderPosition.objects.update(stance="ambivalent")
    ExitCondition.objects.update(status="partly_met")

    html, pdf = render(Subject(mission), language, tmp_path)
    text = pdf_text(pdf, tmp_path)

    assert broken_badge_words(html, text) == []
    for word in words:
        assert re.search(rf"(?<!\w){word}(?!\w)", text), f"{word!r} is not printed whole"


def test_the_page_reader_tells_a_heading_at_a_pages_foot_from_a_table_row():
    """What the demo test below relies on: the review brief's "Decisions" heading and its
    table's caption once sat at a page's foot, the table on the next page."""
    html = "<h2><span>4</span> Decisions</h2><table><caption>Agreed in the review</caption>"
    titles = headings(html)
    assert titles == ["4 Decisions", "Agreed in the review"]
    assert heading_at_foot(["Not assessed", "4 Decisions", "Agreed in the"], titles) is None
    assert heading_at_foot(["4 Decisions", "Agreed in the", "review"], titles) == titles[1]
    assert heading_at_foot(["Text.", "  4 Decisions"], titles) == "4 Decisions"
    # A matrix row reads like an objective's heading, but its cells stand apart.
    row = ["  O3          Sirra and Dorra communities settle disputes"]
    assert heading_at_foot(row, ["O3 Sirra and Dorra communities settle disputes"]) is None


def demo_subjects() -> list[tuple[str, Subject]]:
    """The demo's briefs that left pages short: UNSMK's draft (the longest) and its first
    signed-off review, and UNVMS's draft (the shortest)."""
    unsmk = Mission.objects.get(acronym="UNSMK")
    review = unsmk.reviews.filter(status=ReviewStatus.SIGNED_OFF).order_by("period_start")[0]
    return [
        ("UNSMK draft", Subject(unsmk)),
        ("UNSMK review", Subject(unsmk, review=review)),
        ("UNVMS draft", Subject(Mission.objects.get(acronym="UNVMS"))),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_of_the_demo_briefs_is_near_empty_or_ends_with_a_heading(demo, tmp_path, language):
    problems = []
    for name, subject in demo_subjects():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        html, pdf = render(subject, language, folder)
        bodies = page_bodies(pdf)
        titles = headings(html)
        assert len(bodies) >= 5 and titles, name
        for number, lines in enumerate(bodies, start=1):
            if len(lines) < MIN_LINES:
                problems.append(f"{name}, page {number}: only {[line.strip() for line in lines]}")
            heading = heading_at_foot(lines, titles)
            if heading and number < len(bodies):
                problems.append(f"{name}, page {number} ends with the heading {heading!r}")
        text = pdf_text(pdf, tmp_path)
        broken = broken_badge_words(html, text)
        if broken:
            problems.append(f"{name}: badge words split across lines: {broken}")
    assert problems == []
