"""One record of each kind that carries evidence in the test mission, one member per role,
real files (a PDF with text, a PNG, a Word document, an e-mail export) and a storage of the
test's own."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reviews.models import Decision, MarkerReading, ObjectiveAssessment, Progress
from tests.factories import (
    ComponentFactory,
    ExitConditionFactory,
    MarkerFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
    UserFactory,
)

ROLES = [
    "head_of_mission",
    "chief_of_staff",
    "strategy_editor",
    "component_lead",
    "desk_officer",
    "viewer",
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_role(role: str) -> Client:
    return client_for(get_user_model().objects.get(username=role))


def pdf_bytes(text: str = "Ceasefire monitoring report") -> bytes:
    """A small real PDF whose text pdftotext reads back."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EML = (
    b"From: Liaison Officer <liaison@example.org>\r\nTo: chief@example.org\r\n"
    b"Subject: Joint commission minutes\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n\r\n"
    b"The parties met on Friday.\r\n"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }
    settings.EVIDENCE_SCAN_COMMAND = ""
    return tmp_path / "evidence"


def stored_files(directory) -> list:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


@pytest.fixture
def people(mission, outsider) -> dict[str, object]:
    """One member per role, named after it, and the outsider of another mission."""
    found = {}
    for role in ROLES:
        extra = {"component": ComponentFactory(mission=mission)} if role == "component_lead" else {}
        found[role] = MembershipFactory(
            mission=mission, role=role, user=UserFactory(username=role), **extra
        ).user
    found["outsider"] = outsider
    return found


@pytest.fixture
def records(mission) -> dict[str, object]:
    """One record of each kind, in the test mission: a concluded review's rating of O1 (with no
    evidence text) and its marker's reading; a decision of the open review after it; a
    stakeholder's position; an exit condition."""
    objective = ObjectiveFactory(mission=mission, code="O1", title="Inclusive political process")
    marker = MarkerFactory(objective=objective)
    review = ReviewFactory(mission=mission, status="concluded")
    assessment = ObjectiveAssessment.objects.create(
        review=review, objective=objective, progress=Progress.AT_RISK, evidence=""
    )
    reading = MarkerReading.objects.create(
        review=review, marker=marker, reading="Met twice", read_on=date(2026, 11, 30)
    )
    # Decisions are written while their review is open: this one is in the next review.
    next_review = ReviewFactory(
        mission=mission, status="open", period_start=date(2027, 1, 1), period_end=date(2027, 3, 31)
    )
    decision = Decision.objects.create(
        review=next_review, kind="adjust", objective=objective, rationale="Reframe O1."
    )
    position = PositionFactory(stakeholder=StakeholderFactory(mission=mission), objective=objective)
    condition = ExitConditionFactory(end_state=mission.end_states.first())
    return {
        "assessment": assessment,
        "reading": reading,
        "decision": decision,
        "position": position,
        "exit_condition": condition,
    }
