"""POST /api/v1/mandates/import/: the screen's reading and checks, over the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mandates.models import Mandate
from tests.factories import MembershipFactory
from tests.mandates import resolutions

pytestmark = pytest.mark.django_db
URL = "/api/v1/mandates/import/"


@pytest.fixture
def api():
    return APIClient()


def pdf_upload():
    data = resolutions.as_pdf(resolutions.RES_2729)
    return SimpleUploadedFile("res.pdf", data, content_type="application/pdf")


def test_editor_imports_a_pdf_and_a_second_import_changes_nothing(api, editor, mission):
    api.force_authenticate(editor)
    first = api.post(URL, {"mission": "UNTEST", "file": pdf_upload()}, format="multipart")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["symbol"] == "S/RES/2729 (2024)"
    assert len(body["tasks"]) == 26
    child = next(t for t in body["tasks"] if t["reference"] == "3 (a) (ii)")
    assert child["parent_reference"] == "3 (a)"

    again = api.post(
        URL, {"mission": "UNTEST", "text": resolutions.as_text(resolutions.RES_2729)}, format="json"
    )
    assert again.status_code == 200
    assert Mandate.objects.filter(mission=mission).count() == 1


def test_dry_run_returns_what_was_read_and_saves_nothing(api, editor, mission):
    api.force_authenticate(editor)
    text = resolutions.as_text(resolutions.RES_2729)
    response = api.post(URL, {"mission": "UNTEST", "text": text, "dry_run": True}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["mandate_end"] == "2025-04-30" and body["chapter_vii"] is True
    assert [p["reference"] for p in body["paragraphs"]][:4] == ["1", "2", "3", "3 (a)"]
    assert not Mandate.objects.exists()


def test_bad_input_gets_field_errors(api, editor, mission):
    api.force_authenticate(editor)
    letter = api.post(
        URL,
        {"mission": "UNTEST", "text": "Letter dated 1 May 2024 to the President."},
        format="json",
    )
    assert letter.status_code == 400
    assert "text" in letter.json()["errors"]
    nothing = api.post(URL, {"mission": "UNTEST"}, format="json")
    assert nothing.status_code == 400
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.7 broken", content_type="application/pdf")
    bad_pdf = api.post(URL, {"mission": "UNTEST", "file": broken}, format="multipart")
    assert bad_pdf.status_code == 400 and "file" in bad_pdf.json()["errors"]
    assert not Mandate.objects.exists()


@pytest.mark.parametrize(
    "role,status",
    [
        ("strategy_editor", 201),
        ("chief_of_staff", 201),
        ("head_of_mission", 403),
        ("desk_officer", 403),
        ("viewer", 403),
    ],
)
def test_only_editors_import(api, mission, role, status):
    api.force_authenticate(MembershipFactory(mission=mission, role=role).user)
    text = resolutions.as_text(resolutions.RES_2729)
    assert api.post(URL, {"mission": "UNTEST", "text": text}, format="json").status_code == status


def test_outsiders_get_404(api, outsider, mission):
    api.force_authenticate(outsider)
    text = resolutions.as_text(resolutions.RES_2729)
    assert api.post(URL, {"mission": "UNTEST", "text": text}, format="json").status_code == 404
    assert not Mandate.objects.exists()
