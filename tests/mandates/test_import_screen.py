"""The import screen: read a resolution, preview and correct it, then save it as the mandate."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mandates.forms import MandateConfirmForm, paragraph_key
from mandates.models import Mandate, MandatedTask, MandateImportJob
from mandates.parsing import parse_resolution
from mandates.services import import_job_read
from tests.factories import (
    ComponentFactory,
    MandateFactory,
    MembershipFactory,
    TaskFactory,
    UserFactory,
)
from tests.mandates import resolutions
from tests.mandates.conftest import files_under
from tests.mandates.resolutions import RES_2729, RES_2741, as_pdf, as_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf_2729() -> bytes:
    return as_pdf(RES_2729)


def import_url(acronym: str = "UNTEST") -> str:
    return reverse("mandates:import", kwargs={"acronym": acronym})


def confirm_url(acronym: str = "UNTEST") -> str:
    return reverse("mandates:import_confirm", kwargs={"acronym": acronym})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def confirm_data(text: str, source_name: str = "pasted text", **changes: Any) -> dict[str, Any]:
    """What the preview form posts back when the user saves, with ``changes`` applied."""
    data = MandateConfirmForm.data_for(parse_resolution(text), text=text, source_name=source_name)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# The happy paths


def test_pasted_text_shows_a_preview_and_saves_nothing(editor):
    response = client_for(editor).post(import_url(), {"text": as_text(RES_2729)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Check what was read from S/RES/2729 (2024)" in body
    assert 'value="2024-04-30"' in body and 'value="2025-04-30"' in body
    assert 'name="chapter_vii" checked' in body or re.search(
        r'name="chapter_vii"[^>]*checked', body
    )
    for reference, _depth in resolutions.RES_2729_TREE:
        assert f'<span class="op__ref">{reference}</span>' in body
    assert 'class="op op--depth-2"' in body  # 3 (a) (i) is indented two levels
    # 3 (a) (ii) was read as a strategic priority, 4 (a) was not.
    assert re.search(r'name="op-3-a-ii-priority"[^>]*checked', body)
    assert not re.search(r'name="op-4-a-priority"[^>]*checked', body)
    assert "Save mandate" in body
    assert not Mandate.objects.exists()


def test_preview_flags_doubts_next_to_the_paragraph_and_for_the_resolution(editor):
    sample = dataclasses.replace(RES_2741, heading="Resolution 2742 (2024)")
    response = client_for(editor).post(import_url(), {"text": as_text(sample)})
    body = response.content.decode()
    assert "the heading says Resolution 2742 (2024); the masthead was used." in body
    # The paragraph warning sits inside its paragraph and describes its text field.
    row = body[body.index('id="op-2-b"') : body.index('id="op-3"')]
    assert "Line-end hyphen read as a split word: &#x27;peacekeeping&#x27;." in row
    assert 'aria-describedby="op-2-b-warnings"' in row
    assert not Mandate.objects.exists()


def test_confirming_saves_the_mandate_and_its_task_tree(editor, mission):
    client = client_for(editor)
    response = client.post(confirm_url(), confirm_data(as_text(RES_2729)))
    mandate = Mandate.objects.get(mission=mission)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("mandates:timeline", kwargs={"acronym": "UNTEST"}) + f"?imported={mandate.pk}"
    )
    assert mandate.symbol == "S/RES/2729 (2024)"
    assert str(mandate.expires_on) == "2025-04-30" and mandate.chapter_vii
    tasks = list(mandate.tasks.order_by("position"))
    assert [t.reference for t in tasks] == [ref for ref, _ in resolutions.RES_2729_TREE]
    by_ref = {t.reference: t for t in tasks}
    assert by_ref["3 (a) (ii)"].parent == by_ref["3 (a)"]
    assert by_ref["3 (a)"].parent == by_ref["3"]
    assert by_ref["3"].parent is None
    follow = client.get(response["Location"])
    assert "Imported S/RES/2729 (2024): 26 tasks." in follow.content.decode()


def job_url(job: MandateImportJob) -> str:
    return reverse("mandates:import_job", args=[job.mission.acronym, job.pk])


def test_uploaded_pdf_gives_the_same_preview_and_mandate(editor, mission, pdf_2729, import_media):
    client = client_for(editor)
    upload = SimpleUploadedFile("res2729.pdf", pdf_2729, content_type="application/pdf")
    response = client.post(import_url(), {"file": upload})
    # The request only stores the PDF: reading it is the worker's.
    job = MandateImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.status == "queued" and job.requested_by == editor
    assert job.source_name == "res2729.pdf" and len(files_under(import_media)) == 1
    progress = client.get(job_url(job)).content.decode()
    assert "Reading the PDF…" in progress
    assert "Waiting for a background worker to read the PDF…" in progress
    assert reverse("mandates:import_job_status", args=["UNTEST", job.pk]) in progress

    assert import_job_read(job.pk) == "done"  # what the worker runs
    assert files_under(import_media) == []  # the text read is kept, the file is not
    response = client.get(job_url(job))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check what was read from S/RES/2729 (2024)" in body
    assert '<span class="op__ref">3 (b) (iv)</span>' in body
    assert not Mandate.objects.exists()
    # The preview carries the text read from the PDF; saving parses that text, not the PDF.
    carried = re.search(r'name="source_text" value="([^"]*)"', body, re.S)
    assert carried and "Adopted by the Security Council" in carried.group(1)
    text = html.unescape(carried.group(1))
    response = client.post(confirm_url(), confirm_data(text, source_name="res2729.pdf"))
    assert response.status_code == 302
    mandate = Mandate.objects.get(mission=mission)
    assert mandate.source == "res2729.pdf"
    assert mandate.tasks.count() == len(resolutions.RES_2729_TREE)


def test_a_text_file_upload_is_read_as_text(editor):
    upload = SimpleUploadedFile("res.txt", as_text(RES_2741).encode(), content_type="text/plain")
    response = client_for(editor).post(import_url(), {"file": upload})
    assert "Check what was read from S/RES/2741 (2024)" in response.content.decode()


def test_corrections_are_applied_on_save(editor, mission):
    text = as_text(RES_2729)
    data = confirm_data(
        text,
        symbol="S/RES/2729  (2024) ",
        adopted_on="2024-05-01",
        mandate_end="2025-05-31",
        chapter_vii=None,
        **{
            f"{paragraph_key('4 (b)')}-text": "To monitor  the ceasefire,\r\nas corrected;",
            f"{paragraph_key('4 (b)')}-priority": "on",
            f"{paragraph_key('3 (a) (ii)')}-priority": None,
        },
    )
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 302
    mandate = Mandate.objects.get(mission=mission)
    assert mandate.symbol == "S/RES/2729 (2024)"
    assert str(mandate.adopted_on) == "2024-05-01"
    assert str(mandate.expires_on) == "2025-05-31"
    assert not mandate.chapter_vii
    task = mandate.tasks.get(reference="4 (b)")
    assert task.text == "To monitor the ceasefire, as corrected;"
    assert task.is_strategic_priority
    assert not mandate.tasks.get(reference="3 (a) (ii)").is_strategic_priority
    assert mandate.tasks.get(reference="3 (a) (i)").is_strategic_priority


def test_invalid_corrections_show_the_preview_again_and_save_nothing(editor):
    data = confirm_data(
        as_text(RES_2729),
        mandate_end="2023-01-01",
        **{f"{paragraph_key('5')}-text": "   "},
    )
    response = client_for(editor).post(confirm_url(), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "The mandate cannot end before it is adopted." in body
    assert "This field is required." in body
    assert "Nothing was saved." in body
    assert not Mandate.objects.exists()


# Errors, each beside its field


def field_errors(response, name: str) -> list[str]:
    return response.context["form"].errors.get(name, [])


def test_nothing_given_asks_for_a_file_or_text(editor):
    response = client_for(editor).post(import_url(), {"text": "   "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Upload the resolution as a PDF or text file, or paste its text." in body
    assert 'role="alert"' in body


def test_both_file_and_text_is_refused(editor):
    upload = SimpleUploadedFile("res.txt", b"x", content_type="text/plain")
    response = client_for(editor).post(import_url(), {"file": upload, "text": "y"})
    assert response.status_code == 400
    assert "Upload a file or paste the text, not both." in response.content.decode()


def test_an_empty_file_is_refused(editor):
    upload = SimpleUploadedFile("res.pdf", b"", content_type="application/pdf")
    response = client_for(editor).post(import_url(), {"file": upload})
    assert response.status_code == 400
    assert field_errors(response, "file") == ["The file is empty."]


def test_a_file_of_blank_text_is_refused(editor):
    upload = SimpleUploadedFile("res.txt", b"  \n\n ", content_type="text/plain")
    response = client_for(editor).post(import_url(), {"file": upload})
    assert field_errors(response, "file") == ["The file contains no text."]


def test_a_text_that_is_not_a_resolution_gets_the_parsers_reason(editor):
    response = client_for(editor).post(import_url(), {"text": "Minutes of the staff meeting."})
    assert response.status_code == 400
    [error] = field_errors(response, "text")
    assert "does not look like a Security Council resolution" in error
    assert "does not look like a Security Council resolution" in response.content.decode()


def test_an_unreadable_pdf_is_refused_by_the_worker_with_its_reason(editor, import_media):
    upload = SimpleUploadedFile("res.pdf", b"%PDF-1.7\nthis is not really a pdf", "application/pdf")
    client = client_for(editor)
    response = client.post(import_url(), {"file": upload})
    job = MandateImportJob.objects.get()
    assert response.status_code == 302
    assert import_job_read(job.pk) == "failed"
    response = client.get(job_url(job))
    assert response.status_code == 200
    [error] = field_errors(response, "file")
    assert error.startswith("This file could not be read as a PDF (")
    body = response.content.decode()
    assert "res.pdf was not imported" in body and "Read and preview" in body
    assert not Mandate.objects.exists() and files_under(import_media) == []


def test_a_scan_without_text_is_refused_with_that_reason(editor):
    from pypdf import PdfWriter

    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(blank)
    upload = SimpleUploadedFile("scan.pdf", blank.getvalue(), "application/pdf")
    client = client_for(editor)
    client.post(import_url(), {"file": upload})
    job = MandateImportJob.objects.get()
    import_job_read(job.pk)
    assert field_errors(client.get(job_url(job)), "file") == [
        "The PDF holds no text; it may be a scan. Paste the text of the resolution instead."
    ]


def test_a_pdf_that_is_not_a_resolution_gets_the_parsers_reason(editor):
    from weasyprint import HTML

    letter = HTML(string="<p>Letter dated 1 May 2024 to the President.</p>").write_pdf()
    client = client_for(editor)
    client.post(import_url(), {"file": SimpleUploadedFile("l.pdf", letter, "application/pdf")})
    job = MandateImportJob.objects.get()
    import_job_read(job.pk)
    [error] = field_errors(client.get(job_url(job)), "file")
    assert "does not look like a Security Council resolution" in error


def test_a_pdf_name_on_something_else_is_refused(editor):
    upload = SimpleUploadedFile("res.pdf", b"PK\x03\x04\x00\x00docx", "application/pdf")
    response = client_for(editor).post(import_url(), {"file": upload})
    [error] = field_errors(response, "file")
    assert "neither a PDF nor plain text" in error


def test_a_file_just_over_the_limit_is_cut_off_and_refused_beside_the_field(
    editor, settings, import_media
):
    settings.MANDATE_UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1), "text/plain")
    response = client_for(editor).post(import_url(), {"file": upload})
    assert response.status_code == 413
    assert field_errors(response, "file") == ["The file is larger than 1 MB."]
    assert files_under(import_media) == []
    assert files_under(Path(settings.FILE_UPLOAD_TEMP_DIR)) == []


def test_a_file_declared_over_the_limit_gets_a_page_saying_so(editor, settings):
    settings.MANDATE_UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"a" * (2 * 1024 * 1024), "application/pdf")
    response = client_for(editor).post(import_url(), {"file": upload})
    assert response.status_code == 413
    body = response.content.decode()
    assert "The file is larger than 1 MB. It was not uploaded." in body
    assert f'href="{import_url()}"' in body
    assert "Content-Security-Policy" in response.headers
    assert not MandateImportJob.objects.exists()


def test_the_limit_is_20_mb_and_shown_with_the_field(editor, settings):
    assert settings.MANDATE_UPLOAD_MAX_MB == 20
    body = client_for(editor).get(import_url()).content.decode()
    assert "The official PDF, or a plain text (.txt) file. At most 20 MB." in body


def test_pasted_text_is_bounded(editor):
    response = client_for(editor).post(import_url(), {"text": "a" * 300_001})
    assert response.status_code == 400
    [error] = field_errors(response, "text")
    assert "at most 300000 characters" in error


def test_an_already_imported_symbol_is_flagged_on_preview_and_refused_on_save(editor, mission):
    existing = MandateFactory(mission=mission, symbol="S/RES/2729 (2024)")
    TaskFactory(mandate=existing, reference="1", text="Original text.")
    client = client_for(editor)
    expected = "S/RES/2729 (2024) is already imported for UNTEST. Nothing was changed."

    preview = client.post(import_url(), {"text": as_text(RES_2729)})
    assert preview.status_code == 200
    assert field_errors(preview, "symbol") == [expected]

    response = client.post(confirm_url(), confirm_data(as_text(RES_2729)))
    assert response.status_code == 400
    assert field_errors(response, "symbol") == [expected]
    assert Mandate.objects.count() == 1
    assert list(MandatedTask.objects.values_list("text", flat=True)) == ["Original text."]


def test_the_same_symbol_in_another_mission_does_not_count(editor, other_mission):
    MandateFactory(mission=other_mission, symbol="S/RES/2729 (2024)")
    response = client_for(editor).post(confirm_url(), confirm_data(as_text(RES_2729)))
    assert response.status_code == 302


def test_a_tampered_carried_text_is_refused(editor):
    data = confirm_data(as_text(RES_2729), source_text="not a resolution")
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 400
    assert "does not look like a Security Council resolution" in field_errors(response, "text")[0]
    assert not Mandate.objects.exists()


def test_the_imported_mandate_is_the_one_shown_on_the_alignment_screen(editor, mission):
    MandateFactory(mission=mission, symbol="S/RES/2650 (2022)", adopted_on="2022-10-01")
    client = client_for(editor)
    client.post(confirm_url(), confirm_data(as_text(RES_2729)))
    body = client.get(reverse("strategies:alignment", kwargs={"acronym": "UNTEST"})).content
    body = body.decode()
    assert "S/RES/2729 (2024)" in body
    assert "To monitor and report on the ceasefire;" in body
    assert "S/RES/2650 (2022)" not in body


# Who may import


def test_get_shows_the_form_to_an_editor(editor):
    response = client_for(editor).get(import_url())
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_chief_of_staff_may_import(mission):
    user = MembershipFactory(mission=mission, role="chief_of_staff").user
    client = client_for(user)
    assert client.get(import_url()).status_code == 200
    assert client.post(confirm_url(), confirm_data(as_text(RES_2741))).status_code == 302


@pytest.mark.parametrize("role", ["head_of_mission", "component_lead", "desk_officer", "viewer"])
def test_members_without_the_right_get_403(mission, role):
    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    client = client_for(MembershipFactory(mission=mission, role=role, component=component).user)
    assert client.get(import_url()).status_code == 403
    assert client.post(import_url(), {"text": as_text(RES_2729)}).status_code == 403
    assert client.post(confirm_url(), confirm_data(as_text(RES_2729))).status_code == 403
    assert not Mandate.objects.exists()


def test_outsider_gets_404(outsider, mission):
    client = client_for(outsider)
    assert client.get(import_url()).status_code == 404
    assert client.post(confirm_url(), confirm_data(as_text(RES_2729))).status_code == 404
    assert not Mandate.objects.exists()


def test_anonymous_is_sent_to_log_in(mission):
    response = Client().get(import_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_confirm_rejects_get(editor):
    assert client_for(editor).get(confirm_url()).status_code == 405


def test_a_user_with_no_role_anywhere_gets_404(mission):
    client = client_for(UserFactory())
    assert client.get(import_url()).status_code == 404


def test_a_carried_text_over_the_bound_is_refused_unparsed(editor):
    data = confirm_data(as_text(RES_2729))
    data["source_text"] = as_text(RES_2729) + " x" * 150_000
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 400
    [error] = field_errors(response, "text")
    assert "at most 300000 characters" in error
    assert not Mandate.objects.exists()
