"""A file of the wrong type, over the size limit, or refused by the scan hook comes back with
the reason next to the field, and nothing is stored: no row, no bytes."""

from __future__ import annotations

import re
import stat
import sys

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from tests.evidence.conftest import PNG, as_role, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _post(records, name: str, data: bytes):
    url = reverse(
        "evidence:upload", args=["UNTEST", "exit_condition", records["exit_condition"].pk]
    )
    return as_role("strategy_editor").post(url, {"file": upload(name, data)})


def _error_next_to_the_field(response) -> str:
    html = response.content.decode()
    match = re.search(
        r'<div class="field field--invalid">.*?<input type="file" name="file".*?'
        r'<p class="field__error">(.*?)</p>',
        html,
        re.S,
    )
    assert match, html
    return match.group(1)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("notes.pdf", b"These are only notes, renamed to look like a PDF.\n"),
        ("photo.pdf", PNG),  # an image that calls itself a PDF
        ("report.pdf.exe", pdf_bytes()),  # a PDF under a program's name
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100),  # a zip that is no document
    ],
)
def test_a_file_of_the_wrong_type_is_refused(people, records, evidence_dir, name, data):
    response = _post(records, name, data)
    assert response.status_code == 400
    assert "not a file type accepted as evidence" in _error_next_to_the_field(response)
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []


def test_a_file_over_the_size_limit_is_refused(people, records, evidence_dir, settings):
    settings.EVIDENCE_MAX_MB = 1
    data = pdf_bytes() + b"%" * (1024 * 1024)
    response = _post(records, "big.pdf", data)
    assert response.status_code == 413  # cut off by the upload handler (test_upload_limit)
    assert _error_next_to_the_field(response) == "The file is larger than 1 MB."
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []


def test_no_file_is_asked_for_again(people, records):
    url = reverse(
        "evidence:upload", args=["UNTEST", "exit_condition", records["exit_condition"].pk]
    )
    response = as_role("strategy_editor").post(url, {})
    assert response.status_code == 400
    assert _error_next_to_the_field(response) == "Choose a file to attach."


@pytest.fixture
def eicar_scanner(tmp_path, settings):
    """A real scan command: refuses (exit 1) a file holding the EICAR test string."""
    script = tmp_path / "scan.py"
    script.write_text(
        f"import sys\ndata = sys.stdin.buffer.read()\nsys.exit(1 if {EICAR!r} in data else 0)\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.EVIDENCE_SCAN_COMMAND = f"{sys.executable} {script}"


def test_the_scan_hook_refuses_a_file(people, records, evidence_dir, eicar_scanner):
    infected = pdf_bytes().replace(b"%%EOF", EICAR + b"\n%%EOF")
    response = _post(records, "infected.pdf", infected)
    assert response.status_code == 400
    assert "virus scan refused" in _error_next_to_the_field(response)
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_dir) == []
    # A clean file passes the same scan.
    assert _post(records, "clean.pdf", pdf_bytes()).status_code == 302
    assert EvidenceFile.objects.count() == 1


def test_a_scan_command_that_cannot_run_refuses_the_file(people, records, settings):
    settings.EVIDENCE_SCAN_COMMAND = "/nonexistent/scanner -"
    response = _post(records, "a.pdf", pdf_bytes())
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()
