"""PDF imports are read by the worker within page, time and memory caps; uploads over the limit
are refused before they are read; old jobs and their files are swept away."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from mandates.models import MandateImportJob
from mandates.pdf_reading import PdfRefused, read_pdf_capped
from mandates.services import import_job_read, import_job_sweep
from ops.services import heartbeat_record
from tests.conftest import wait_for
from tests.factories import MembershipFactory
from tests.mandates.conftest import files_under
from tests.mandates.resolutions import RES_2729, as_pdf

IMPORT_URL = "/missions/UNTEST/mandates/import/"
API_URL = "/api/v1/mandates/import/"


def blank_pdf(pages: int) -> bytes:
    """A PDF of blank pages, written directly: 99,000 pages take a fraction of a second."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>"]
    kids = " ".join(f"{number} 0 R" for number in range(3, pages + 3))
    objects.append(f"<</Type/Pages/Count {pages}/Kids[{kids}]>>".encode())
    objects += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def slow_pdf(pages: int, runs_per_page: int = 2000) -> bytes:
    """Small on disk, slow to read: every page shares one content stream of many text runs."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    stream = DecodedStreamObject()
    stream.set_data(
        ("BT /F1 8 Tf 10 10 Td " + "(word ) Tj 0 1 Td " * runs_per_page + "ET").encode()
    )
    contents = writer._add_object(stream)
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = contents
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, name: str, data: bytes) -> MandateImportJob:
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "application/pdf")})
    assert response.status_code == 302, response.content[:500]
    return MandateImportJob.objects.get(source_name=name)


def job_url(job: MandateImportJob) -> str:
    return reverse("mandates:import_job", args=[job.mission.acronym, job.pk])


# The real worker


@pytest.fixture
def capped_worker(import_media, transactional_db, monkeypatch, settings, request):
    """A worker whose reading stops after 8 seconds (the page cap stays 500).

    Refusing 99,000 pages takes under a second here; 8 seconds leave room for a loaded CI
    machine, while the slow PDF needs some 18 seconds.
    """
    monkeypatch.setenv("MANDATE_PDF_SECONDS", "8")
    settings.MANDATE_PDF_SECONDS = 8
    return request.getfixturevalue("celery_worker_process")


def test_hostile_pdfs_are_refused_by_the_worker_while_healthz_answers(
    capped_worker, editor, import_media
):
    heartbeat_record()
    client = client_for(editor)
    started = time.monotonic()
    many = upload(client, "many-pages.pdf", blank_pdf(99_000))  # some 8 MB
    slow = upload(client, "slow.pdf", slow_pdf(450))
    assert time.monotonic() - started < 5  # the requests only stored the files

    answered_in: list[float] = []

    def both_over() -> bool:
        health_started = time.monotonic()
        health = Client().get("/healthz")
        answered_in.append(time.monotonic() - health_started)
        assert health.status_code == 200, health.json()
        return not MandateImportJob.objects.filter(status__in=["queued", "running"]).exists()

    wait_for(both_over, timeout=60, interval=0.3)
    # Under a second while the worker reads (the median: this machine is shared, so a single
    # answer may wait for a CPU; a web worker blocked by the PDF would wait for all of it).
    answered_in.sort()
    assert answered_in[len(answered_in) // 2] < 1, answered_in
    assert answered_in[-1] < 5, answered_in
    many.refresh_from_db()
    slow.refresh_from_db()
    assert (many.status, many.error_code, many.pages) == ("failed", "pages", 99_000)
    assert (slow.status, slow.error_code) == ("failed", "time")
    assert slow.finished_at - slow.started_at < timedelta(seconds=15)
    assert files_under(import_media) == []

    [error] = client.get(job_url(many)).context["form"].errors["file"]
    assert error == (
        "The PDF has 99,000 pages; at most 500 can be read. "
        "Upload only the resolution, or paste its text."
    )
    [error] = client.get(job_url(slow)).context["form"].errors["file"]
    assert error.startswith("Reading the PDF took longer than 8 seconds, so it was stopped.")
    # The worker survived both: it reads the next PDF.
    good = upload(client, "res.pdf", as_pdf(RES_2729))
    wait_for(lambda: MandateImportJob.objects.get(pk=good.pk).status == "done", timeout=30)
    assert (
        "Check what was read from S/RES/2729 (2024)" in client.get(job_url(good)).content.decode()
    )


# Caps, in this process


def test_a_low_memory_cap_stops_the_reading():
    with pytest.raises(PdfRefused) as refused:
        read_pdf_capped(as_pdf(RES_2729), max_pages=500, seconds=30, memory_mb=40)
    assert refused.value.code == "memory"


def test_a_600_page_pdf_is_over_the_500_page_cap():
    with pytest.raises(PdfRefused) as refused:
        read_pdf_capped(blank_pdf(600), max_pages=500, seconds=30, memory_mb=768)
    assert (refused.value.code, refused.value.pages) == ("pages", 600)
    with pytest.raises(PdfRefused) as scan:
        read_pdf_capped(blank_pdf(20), max_pages=500, seconds=30, memory_mb=768)
    assert (scan.value.code, scan.value.pages, scan.value.detail) == ("unreadable", 20, "no text")


def test_the_page_count_is_checked_before_any_page_is_read():
    started = time.monotonic()
    with pytest.raises(PdfRefused) as refused:
        read_pdf_capped(slow_pdf(40), max_pages=10, seconds=30, memory_mb=768)
    assert (refused.value.code, refused.value.pages) == ("pages", 40)
    assert time.monotonic() - started < 3  # reading 40 such pages takes several seconds


# Uploads over the limit


@pytest.mark.django_db
def test_a_60_mb_upload_is_refused_before_it_is_read(editor, settings, import_media):
    big = b"%PDF-1.7\n" + b"0" * (60 * 1024 * 1024)
    client = client_for(editor)
    html_upload = SimpleUploadedFile("huge.pdf", big, "application/pdf")
    api_upload = SimpleUploadedFile("huge.pdf", big, "application/pdf")
    started = time.monotonic()
    page = client.post(IMPORT_URL, {"file": html_upload})
    api = client.post(API_URL, {"mission": "UNTEST", "file": api_upload})
    assert time.monotonic() - started < 5  # the test client builds two 60 MB bodies itself
    assert page.status_code == 413
    assert "The file is larger than 20 MB." in page.content.decode()
    assert api.status_code == 413
    assert api.json() == {
        "detail": "The file is larger than 20 MB.",
        "errors": {"file": ["The file is larger than 20 MB."]},
    }
    assert files_under(import_media) == []
    assert files_under(import_media.parent / "upload-tmp") == []
    assert not MandateImportJob.objects.exists()


# Who sees a job


@pytest.mark.django_db
def test_a_job_is_seen_by_its_uploader_and_those_who_may_import(editor, reader, outsider, mission):
    job = upload(client_for(editor), "res.pdf", as_pdf(RES_2729))
    colleague = MembershipFactory(mission=mission, role="chief_of_staff").user
    assert client_for(editor).get(job_url(job)).status_code == 200
    assert client_for(colleague).get(job_url(job)).status_code == 200
    assert client_for(reader).get(job_url(job)).status_code == 403
    assert client_for(outsider).get(job_url(job)).status_code == 404
    other_mission_url = reverse("mandates:import_job", args=["UNOTHER", job.pk])
    assert client_for(outsider).get(other_mission_url).status_code == 404


@pytest.mark.django_db
def test_the_status_fragment_polls_then_sends_the_page_to_the_result(editor):
    client = client_for(editor)
    job = upload(client, "res.pdf", as_pdf(RES_2729))
    status_url = reverse("mandates:import_job_status", args=["UNTEST", job.pk])
    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    import_job_read(job.pk)
    done = client.get(status_url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == job_url(job)
    assert client.get(status_url)["Location"] == job_url(job)


@pytest.mark.django_db
def test_a_refusal_read_by_the_worker_is_shown_in_the_readers_language(editor):
    """The worker keeps the refusal untranslated with its values; each reader gets it in their
    own language."""
    from weasyprint import HTML

    letter = HTML(string="<p>Letter dated 1 March 2026 from the President</p>").write_pdf()
    client = client_for(editor)
    job = upload(client, "letter.pdf", letter)
    import_job_read(job.pk)
    job.refresh_from_db()
    assert job.error_code == "not_resolution"
    english = client.get(job_url(job)).context["form"].errors["file"][0]
    assert english.startswith("This does not look like a Security Council resolution")
    french = client.get(job_url(job), HTTP_ACCEPT_LANGUAGE="fr").context["form"].errors["file"]
    assert french[0] != english and "S/RES/2729 (2024)" in french[0]
    with translation.override("fr"):
        assert french[0].startswith(gettext(job.error).split(":")[0])


# The sweep


@pytest.mark.django_db
def test_the_sweep_fails_abandoned_reads_and_deletes_old_jobs_with_their_files(
    editor, import_media, broker_down
):
    client = client_for(editor)
    abandoned = upload(client, "abandoned.pdf", as_pdf(RES_2729))
    old = upload(client, "old.pdf", as_pdf(RES_2729))
    fresh = upload(client, "fresh.pdf", as_pdf(RES_2729))
    now = timezone.now()
    MandateImportJob.objects.filter(pk=abandoned.pk).update(
        status="running", started_at=now - timedelta(minutes=10)
    )
    MandateImportJob.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=2))
    assert len(files_under(import_media)) == 3

    swept = import_job_sweep(now=now)

    assert (swept.failed, swept.deleted) == (1, 1)
    assert swept.requeued == 0  # fresh was queued a moment ago: its message is not lost
    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.error_code) == ("failed", "lost")
    assert not MandateImportJob.objects.filter(pk=old.pk).exists()
    assert MandateImportJob.objects.get(pk=fresh.pk).status == "queued"
    assert [path.name for path in files_under(import_media)] == [fresh.file.name.split("/")[-1]]
    assert import_job_sweep(now=now + timedelta(minutes=5)).requeued == 1


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_keeps_the_upload_queued_and_says_so(editor, broker_down):
    client = client_for(editor)
    upload = SimpleUploadedFile("res.pdf", as_pdf(RES_2729), "application/pdf")
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302
    assert "the PDF will be read when the worker is back" in response["Deferred-Work"]
    job = MandateImportJob.objects.get()
    assert job.status == "queued"  # the sweep, or the next worker to start, queues it again
    broker_down.restore()
    assert import_job_read(job.pk) == "done"
