"""A rating with no evidence is a finding: an objective's rating in the mission's latest
concluded or signed-off review with neither evidence text nor a file. It goes when a file is
attached (or evidence text written), and it links to where that is done."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import ObjectiveAssessment, Progress
from strategies.selectors.findings import finding_counts, findings_for_mission
from tests.evidence.conftest import as_role, pdf_bytes, upload

pytestmark = pytest.mark.django_db

CODE = "rating_without_evidence"


def _ours(mission):
    return [f for f in findings_for_mission(mission.pk, mission.acronym) if f.rule.code == CODE]


def test_the_finding_appears_and_goes_when_a_file_is_attached(people, records, mission):
    assessment = records["assessment"]
    [finding] = _ours(mission)
    assert finding.pk == assessment.pk
    assert finding.subject.startswith("O1 (At risk, review from ")
    # The link leads to the review's page for the objective, at its evidence.
    response = as_role("chief_of_staff").get(finding.url)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("reviews:assess_objective", args=["UNTEST", assessment.review_id, "O1"])
        + "#evidence"
    )
    counted = finding_counts([mission.pk])[mission.pk]

    as_role("chief_of_staff").post(
        reverse("evidence:upload", args=["UNTEST", "assessment", assessment.pk]),
        {"file": upload("Survey.pdf", pdf_bytes())},
    )
    assert _ours(mission) == []
    assert finding_counts([mission.pk])[mission.pk] == counted - 1


def test_evidence_text_is_enough(records, mission):
    ObjectiveAssessment.objects.filter(pk=records["assessment"].pk).update(
        evidence="Quarterly polling by the mission."
    )
    assert _ours(mission) == []


def test_only_the_latest_finished_review_counts(records, mission):
    assessment = records["assessment"]
    # A review still open is being written: its ratings are not findings yet.
    open_review = records["decision"].review
    ObjectiveAssessment.objects.create(
        review=open_review, objective=assessment.objective, progress=Progress.STALLED
    )
    assert [f.pk for f in _ours(mission)] == [assessment.pk]
    # Once it concludes, its ratings are the mission's latest; the older one is history.
    open_review.status = "concluded"
    open_review.save()
    assert [f.pk for f in _ours(mission)] != [assessment.pk]
    assert len(_ours(mission)) == 1
