"""A review's state and its records' files: a decision's files change only while the review
is open; a rating's may be attached after the review is over (its finding must stay fixable)
but none is removed once the review is signed off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from reviews.models import Review
from tests.evidence.conftest import as_role, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _attach(kind, record):
    url = reverse("evidence:upload", args=["UNTEST", kind, record.pk])
    return as_role("chief_of_staff").post(url, {"file": upload("a.pdf", pdf_bytes())})


def test_a_decisions_files_change_only_while_its_review_is_open(people, records):
    decision = records["decision"]
    assert _attach("decision", decision).status_code == 302
    evidence = EvidenceFile.objects.get()
    Review.objects.filter(pk=decision.review_id).update(status="concluded")
    refused = _attach("decision", decision)
    assert refused.status_code == 403
    assert "This review is concluded and read-only." in refused.content.decode()
    url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    assert as_role("chief_of_staff").post(url, {"revision": 1}).status_code == 403
    assert EvidenceFile.objects.count() == 1
    page = as_role("chief_of_staff").get(
        reverse("reviews:detail", args=["UNTEST", decision.review_id])
    )
    section = page.content.decode().split('id="decisions"')[1].split("</section>")[0]
    assert "a.pdf" in section and "<form" not in section and "Remove" not in section


def test_a_signed_off_ratings_files_may_be_added_never_removed(people, records):
    assessment = records["assessment"]
    Review.objects.filter(pk=assessment.review_id).update(status="signed_off")
    assert _attach("assessment", assessment).status_code == 302
    evidence = EvidenceFile.objects.get()
    url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    assert as_role("chief_of_staff").post(url, {"revision": 1}).status_code == 403
    assert EvidenceFile.objects.exists()
