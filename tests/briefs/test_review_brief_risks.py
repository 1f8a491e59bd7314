"""The review brief prints the risks the review re-rated (from what to what, and why), next
to the assumptions; a re-rating above the audience's level is withheld with the rest."""

from __future__ import annotations

from datetime import date

import pytest

from briefs.audiences import as_exporter
from briefs.content import Subject
from briefs.rendering import render_subject
from missions.classification import Classification
from reviews.models import RiskAssessment
from strategies.models import Risk
from tests.briefs.conftest import pdf_text
from tests.briefs.data import rate

pytestmark = pytest.mark.django_db

STRICT = Classification.STRICTLY_CONFIDENTIAL


@pytest.fixture
def review(mission, strategy):
    review = rate(
        mission,
        strategy["objectives"],
        period_start=date(2026, 4, 1),
        progress="on_track",
        status="concluded",
    )
    o1 = Risk.objects.get(objective__code="O1")
    RiskAssessment.objects.create(
        review=review, risk=o1, severity="medium", severity_was="high", note="Talks resumed."
    )
    return review


def test_the_review_brief_prints_each_re_rated_risk(mission, editor, review, tmp_path):
    o2 = Risk.objects.get(objective__code="O2")
    RiskAssessment.objects.create(review=review, risk=o2, severity="high", severity_was="high")
    with as_exporter(editor):
        text = pdf_text(render_subject(Subject(mission, review=review)).pdf, tmp_path)
    assert "Assumptions, risks, markers and exit conditions reassessed" in text
    assert "Risk 1." in text and "High → Medium" in text and "Talks resumed." in text
    assert "High, unchanged" in text


def test_a_strictly_confidential_re_rating_is_withheld_from_hq(mission, editor, review, tmp_path):
    o2 = Risk.objects.get(objective__code="O2")
    Risk.objects.filter(pk=o2.pk).update(
        classification=STRICT, named_readers=[editor.pk], description="STRICT-RISK a coup"
    )
    RiskAssessment.objects.create(
        review=review,
        risk=o2,
        severity="high",
        note="STRICT-NOTE the general's plans",
        classification=STRICT,
        named_readers=[editor.pk],
    )
    with as_exporter(editor):
        rendered = render_subject(Subject(mission, review=review), audience="hq")
    text = pdf_text(rendered.pdf, tmp_path)
    assert "STRICT-" not in text and "Talks resumed." in text
    withheld = [item for item in rendered.cut.withheld if item.part == "review_assessed"]
    assert [item.kind for item in withheld] == ["assessment"]
    assert withheld[0].key.startswith("O2 #")
