"""A file attached to each kind of record is stored, listed on the record's page and
downloaded through the policy, with the headers of a private attachment and an audit entry."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from core.models import AuditEvent, AuditKind
from evidence.models import EvidenceFile
from evidence.tasks import evidence_read_text
from tests.evidence.conftest import (
    EML,
    PNG,
    as_role,
    docx_bytes,
    pdf_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

# The role that edits each kind of record, and the page that lists its evidence.
EDITORS = {
    "assessment": "chief_of_staff",
    "reading": "chief_of_staff",
    "decision": "chief_of_staff",
    "position": "strategy_editor",
    "exit_condition": "strategy_editor",
}


def page_of(kind: str, record) -> str:
    if kind in ("assessment", "reading"):
        code = record.objective.code if kind == "assessment" else record.marker.objective.code
        return reverse("reviews:assess_objective", args=["UNTEST", record.review_id, code])
    if kind == "decision":
        return reverse("reviews:detail", args=["UNTEST", record.review_id])
    if kind == "position":
        return reverse("strategies:stakeholder_detail", args=["UNTEST", record.stakeholder_id])
    return reverse("strategies:exit_conditions", args=["UNTEST"])


@pytest.mark.parametrize("kind", list(EDITORS))
def test_a_file_attached_to_a_record_is_listed_and_downloads(
    people, records, kind, evidence_dir, django_capture_on_commit_callbacks
):
    record = records[kind]
    data = pdf_bytes()
    client = as_role(EDITORS[kind])
    url = reverse("evidence:upload", args=["UNTEST", kind, record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload("Report Q3.pdf", data)})
    assert response.status_code == 302
    assert response["Location"].startswith(page_of(kind, record))

    evidence = EvidenceFile.objects.get()
    assert getattr(evidence, f"{kind}_id") == record.pk
    assert evidence.mission.acronym == "UNTEST"
    assert (evidence.original_name, evidence.size) == ("Report Q3.pdf", len(data))
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.uploaded_by.username == EDITORS[kind]
    # The key is random and says nothing of the file.
    assert "Report" not in evidence.key and len(evidence.key.split("/")[-1]) == 32
    assert [p.read_bytes() for p in stored_files(evidence_dir)] == [data]
    # The worker's job (queued on commit), run here: the PDF's text is kept for search.
    assert evidence_read_text(evidence.pk) == "read"
    assert evidence_read_text(evidence.pk) == "gone or done"
    evidence.refresh_from_db()
    assert "Ceasefire monitoring report" in evidence.text

    page = as_role("viewer").get(page_of(kind, record))
    assert page.status_code == 200
    download_url = reverse("evidence:download", args=["UNTEST", evidence.pk])
    assert download_url in page.content.decode()
    assert "Report Q3.pdf" in page.content.decode()

    got = as_role("viewer").get(download_url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == data
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "Report Q3.pdf" in got["Content-Disposition"]
    assert got["Cache-Control"] == "private, no-store"
    assert got["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT, target=f"evidence:{evidence.pk}")
    assert event.user.username == "viewer"
    assert event.detail["mission"] == "UNTEST"


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.png", PNG, "image/png"),
        ("minutes.eml", EML, "message/rfc822"),
        (
            "note.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_images_office_documents_and_emails_are_accepted_by_their_bytes(
    people, records, name, data, content_type
):
    url = reverse(
        "evidence:upload", args=["UNTEST", "exit_condition", records["exit_condition"].pk]
    )
    # The browser's word is not taken: the type comes from the bytes.
    response = as_role("strategy_editor").post(
        url, {"file": upload(name, data, "application/octet-stream")}
    )
    assert response.status_code == 302
    assert EvidenceFile.objects.get().content_type == content_type


def test_a_file_is_removed_with_its_bytes_after_confirmation(
    people, records, evidence_dir, django_capture_on_commit_callbacks
):
    client = as_role("strategy_editor")
    record = records["exit_condition"]
    client.post(
        reverse("evidence:upload", args=["UNTEST", "exit_condition", record.pk]),
        {"file": upload("a.pdf", pdf_bytes())},
    )
    evidence = EvidenceFile.objects.get()
    url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    assert client.get(url).status_code == 200
    # A stale revision: nothing is removed, the confirmation shows again.
    assert client.post(url, {"revision": evidence.revision + 5}).status_code == 409
    assert EvidenceFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"revision": evidence.revision})
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []
