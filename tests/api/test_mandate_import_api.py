"""POST /api/v1/mandates/import/: the screen's reading and checks, over the API.

Text is read at once; a PDF is read by the worker: 202 with the job, GET the job, then confirm.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mandates.models import Mandate, MandateImportJob
from mandates.services import import_job_read
from tests.factories import MembershipFactory
from tests.mandates import resolutions
from tests.mandates.conftest import files_under, media_for_imports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_media(settings, tmp_path, monkeypatch):
    return media_for_imports(settings, tmp_path, monkeypatch)


URL = "/api/v1/mandates/import/"


@pytest.fixture
def api():
    return APIClient()


def pdf_upload():
    data = resolutions.as_pdf(resolutions.RES_2729)
    return SimpleUploadedFile("res.pdf", data, content_type="application/pdf")


def test_editor_imports_a_pdf_through_its_job_and_a_second_import_changes_nothing(
    api, editor, mission, import_media
):
    api.force_authenticate(editor)
    accepted = api.post(URL, {"mission": "UNTEST", "file": pdf_upload()}, format="multipart")
    assert accepted.status_code == 202, accepted.json()
    job = MandateImportJob.objects.get()
    location = f"/api/v1/mandates/import/jobs/{job.pk}/"
    assert accepted["Location"] == location
    queued = accepted.json()
    assert queued["status"] == "queued" and queued["url"] == location
    assert queued["preview"] is None and queued["error"] is None and queued["confirm_url"] is None
    assert api.get(location).json()["status"] == "queued"
    early = api.post(f"{location}confirm/")
    assert early.status_code == 409 and not Mandate.objects.exists()

    assert import_job_read(job.pk) == "done"  # what the worker runs
    done = api.get(location).json()
    assert done["status"] == "done" and done["pages"] == 3 and done["source_name"] == "res.pdf"
    assert done["preview"]["symbol"] == "S/RES/2729 (2024)"
    assert done["preview"]["mandate_end"] == "2025-04-30"
    assert not Mandate.objects.exists() and files_under(import_media) == []

    first = api.post(done["confirm_url"])
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["source"] == "res.pdf"
    assert body["symbol"] == "S/RES/2729 (2024)"
    assert len(body["tasks"]) == 26
    child = next(t for t in body["tasks"] if t["reference"] == "3 (a) (ii)")
    assert child["parent_reference"] == "3 (a)"

    again = api.post(
        URL, {"mission": "UNTEST", "text": resolutions.as_text(resolutions.RES_2729)}, format="json"
    )
    assert again.status_code == 200
    assert api.post(done["confirm_url"]).status_code == 200
    assert Mandate.objects.filter(mission=mission).count() == 1


def test_a_job_is_seen_only_by_its_uploader_and_those_who_may_import(
    api, editor, reader, outsider, mission
):
    api.force_authenticate(editor)
    accepted = api.post(URL, {"mission": "UNTEST", "file": pdf_upload()}, format="multipart")
    location = accepted["Location"]
    import_job_read(MandateImportJob.objects.get().pk)
    colleague = MembershipFactory(mission=mission, role="chief_of_staff").user
    api.force_authenticate(colleague)
    assert api.get(location).status_code == 200
    for user in (reader, outsider):
        api.force_authenticate(user)
        assert api.get(location).status_code == 404
        assert api.post(f"{location}confirm/").status_code in (403, 404)
    assert not Mandate.objects.exists()


def test_a_pdf_the_worker_cannot_read_fails_with_its_reason(api, editor, mission):
    api.force_authenticate(editor)
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.7 broken", content_type="application/pdf")
    accepted = api.post(URL, {"mission": "UNTEST", "file": broken}, format="multipart")
    assert accepted.status_code == 202
    import_job_read(MandateImportJob.objects.get().pk)
    failed = api.get(accepted["Location"]).json()
    assert failed["status"] == "failed" and failed["preview"] is None
    assert failed["error"]["code"] == "unreadable"
    assert failed["error"]["message"].startswith("This file could not be read as a PDF (")
    assert api.post(f"{accepted['Location']}confirm/").status_code == 409
    assert not Mandate.objects.exists()


def test_the_schema_documents_the_asynchronous_answers(api, editor):
    api.force_authenticate(editor)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/mandates/import/"]["post"]["responses"]
    assert {"200", "201", "202", "400", "413"} <= set(post)
    job = schema["paths"]["/api/v1/mandates/import/jobs/{id}/"]["get"]["responses"]
    assert "200" in job and "404" in job
    confirm = schema["paths"]["/api/v1/mandates/import/jobs/{id}/confirm/"]["post"]["responses"]
    assert {"200", "201", "409"} <= set(confirm)


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
    not_pdf = SimpleUploadedFile("x.pdf", b"PK\x03\x04docx", content_type="application/pdf")
    bad_file = api.post(URL, {"mission": "UNTEST", "file": not_pdf}, format="multipart")
    assert bad_file.status_code == 400 and "file" in bad_file.json()["errors"]
    too_long = api.post(URL, {"mission": "UNTEST", "text": "a" * 300_001}, format="json")
    assert too_long.status_code == 400 and "text" in too_long.json()["errors"]
    assert not Mandate.objects.exists() and not MandateImportJob.objects.exists()


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
