"""An upload over EVIDENCE_MAX_MB is refused before its body is read: from its declared length
(a 413 page saying why), or, when the length understates the file, by the upload handler
stopping mid-stream (the form says why). Nothing is stored either way: no row, no bytes."""

from __future__ import annotations

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.urls import reverse

from evidence.models import EvidenceFile
from tests.evidence.conftest import as_role, pdf_bytes, stored_files, upload
from tests.evidence.test_refusals import _error_next_to_the_field

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _url(records) -> str:
    return reverse(
        "evidence:upload", args=["UNTEST", "exit_condition", records["exit_condition"].pk]
    )


def _post(url: str, data: bytes):
    """Post ``data`` as the file, and say how many bytes of the body were never read."""
    body = encode_multipart(BOUNDARY, {"file": upload("big.pdf", data)})
    payload = FakePayload(body)
    response = as_role("strategy_editor").generic(
        "POST", url, body, content_type=MULTIPART_CONTENT, **{"wsgi.input": payload}
    )
    return response, len(payload), len(body)


@pytest.fixture
def upload_tmp(settings, tmp_path):
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def test_a_file_declared_over_the_evidence_limit_gets_a_page_saying_so_unread(
    people, records, evidence_dir, upload_tmp, settings
):
    """The evidence limit, not the resolutions': a file over theirs but within this one is
    attached."""
    settings.EVIDENCE_MAX_MB = 2
    settings.MANDATE_UPLOAD_MAX_MB = 1
    url = _url(records)
    response, unread, sent = _post(url, pdf_bytes() + b"%" * (3 * MB))
    assert response.status_code == 413
    assert unread == sent  # refused from the Content-Length alone
    body = response.content.decode()
    assert "The file is larger than 2 MB. It was not attached." in body
    assert "resolution" not in body
    assert f'href="{url}"' in body
    assert "Content-Security-Policy" in response.headers
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []
    assert stored_files(upload_tmp) == []

    response, unread, _sent = _post(url, pdf_bytes() + b"%" * (MB + MB // 2))
    assert response.status_code == 302
    assert unread == 0
    assert EvidenceFile.objects.get().size > MB + MB // 2
    assert len(stored_files(evidence_dir)) == 1


def test_a_file_understated_by_its_length_is_cut_off_and_refused_beside_the_field(
    people, records, evidence_dir, upload_tmp, settings
):
    """The declared length is within the room left for the envelope, the file is not: the
    handler stops reading once the file passes the limit."""
    settings.EVIDENCE_MAX_MB = 1
    response, unread, sent = _post(_url(records), pdf_bytes() + b"%" * (MB + 200 * 1024))
    assert sent <= MB + 256 * 1024
    assert response.status_code == 413
    assert 0 < unread < sent  # stopped mid-stream
    assert _error_next_to_the_field(response) == "The file is larger than 1 MB."
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []
    assert stored_files(upload_tmp) == []
