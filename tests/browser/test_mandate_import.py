"""Importing a resolution in real Chromium: upload, watch the worker read it, preview and
correct, save, see the tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_violations
from tests.mandates.conftest import files_under, media_for_imports
from tests.mandates.resolutions import RES_2729, as_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def import_media(settings, tmp_path, monkeypatch):
    return media_for_imports(settings, tmp_path, monkeypatch)


def main_acronym() -> str:
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get().acronym


def test_editor_uploads_a_pdf_checks_it_and_sees_the_tasks(
    page, live_server, demo, tmp_path, import_media, celery_worker_process
):
    from mandates.models import Mandate, MandateImportJob

    acronym = main_acronym()
    pdf = tmp_path / "S_RES_2729.pdf"
    pdf.write_bytes(as_pdf(RES_2729))
    log_in(page, live_server, "editor")

    page.goto(f"{live_server.url}/missions/{acronym}/mandates/")
    page.get_by_role("link", name="Import a resolution").click()
    page.wait_for_url("**/mandates/import/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Import a Security Council resolution"
    )
    assert serious_violations(page) == []
    page.get_by_label("Resolution file").set_input_files(str(pdf))
    page.get_by_role("button", name="Read and preview").click()

    # The worker reads the PDF; the page says so and updates itself when it is done.
    page.wait_for_selector("h1:has-text('Reading the PDF…')")
    assert page.get_by_role("status").count() == 1
    assert serious_violations(page) == []
    page.screenshot(path="/tmp/helpers/mandate_import_progress.png", full_page=True)
    page.wait_for_selector("text=Check what was read from S/RES/2729 (2024)", timeout=60_000)
    assert MandateImportJob.objects.get().status == "done"
    assert files_under(import_media) == []
    assert page.get_by_label("Symbol").input_value() == "S/RES/2729 (2024)"
    assert page.get_by_label("Acting under Chapter VII").is_checked()
    assert page.get_by_label("Text of paragraph 3 (b) (iv)").input_value() == (
        "To monitor and report on the ceasefire;"
    )
    assert page.get_by_label("Strategic priority (paragraph 3 (a) (ii))").is_checked()
    assert serious_violations(page) == []
    assert not Mandate.objects.filter(symbol="S/RES/2729 (2024)").exists()

    # The demo mandate is more recent than 2024; date this one later so it becomes the
    # mandate in force, which is what the alignment screen shows.
    adopted = date.today()
    page.get_by_label("Adopted on").fill(adopted.isoformat())
    page.get_by_label("Mandate ends on").fill((adopted + timedelta(days=365)).isoformat())
    page.get_by_label("Strategic priority (paragraph 4 (a))").check()
    # The report every 90 days was read with its first date from the 2024 adoption.
    reporting = page.get_by_role("region", name="Reporting to the Council")
    assert "Requests the Secretary-General to report to the Council every 90" in (
        reporting.inner_text()
    )
    assert reporting.get_by_label("Keep as a reporting obligation (paragraph 7)").is_checked()
    assert reporting.get_by_label("First due on").input_value() == "2024-07-29"
    page.get_by_role("button", name="Save mandate").click()
    # Moved adoption: the first report cannot be due before it; said beside the date.
    reporting = page.get_by_role("region", name="Reporting to the Council")
    assert "It cannot be due before the adoption." in reporting.inner_text()
    reporting.get_by_label("First due on").fill((adopted + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save mandate").click()

    page.wait_for_selector("text=Imported S/RES/2729 (2024): 26 tasks.")
    reporting = page.get_by_role("region", name="Reporting to the Council")
    first_due = (adopted + timedelta(days=90)).strftime("%-d %b %Y")
    assert first_due in reporting.inner_text()
    assert "Report, every 90 days" in reporting.inner_text()
    page.screenshot(path="/tmp/helpers/mandate_timeline_reporting.png", full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Mandate timeline"
    row = page.locator("tr", has=page.get_by_role("rowheader", name="S/RES/2729 (2024)"))
    assert "in force" in row.inner_text()
    assert serious_violations(page) == []

    page.get_by_role("navigation", name="Mission").get_by_role("link", name="Alignment").click()
    page.wait_for_selector("#mandate-title")
    assert "S/RES/2729 (2024)" in page.locator("#mandate-title").inner_text()
    tasks = page.locator("ol.task-list").inner_text()
    assert "To monitor and report on the ceasefire;" in tasks
    assert "To support security sector reform;" in tasks


def test_desk_officer_cannot_import(page, live_server, demo):
    acronym = main_acronym()
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/missions/{acronym}/mandates/")
    assert page.get_by_role("link", name="Import a resolution").count() == 0
    response = page.goto(f"{live_server.url}/missions/{acronym}/mandates/import/")
    assert response is not None and response.status == 403


def test_a_refused_pdf_says_why_and_the_editor_can_try_again(
    page, live_server, demo, tmp_path, celery_worker_process
):
    from pypdf import PdfWriter

    acronym = main_acronym()
    many = tmp_path / "annexes.pdf"
    writer = PdfWriter()
    for _ in range(600):
        writer.add_blank_page(595, 842)
    with many.open("wb") as out:
        writer.write(out)
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{acronym}/mandates/import/")
    page.get_by_label("Resolution file").set_input_files(str(many))
    page.get_by_role("button", name="Read and preview").click()

    page.wait_for_selector("text=annexes.pdf was not imported", timeout=60_000)
    error = page.locator(".field__error").inner_text()
    assert error == (
        "The PDF has 600 pages; at most 500 can be read. "
        "Upload only the resolution, or paste its text."
    )
    assert serious_violations(page) == []
    page.screenshot(path="/tmp/helpers/mandate_import_refused.png", full_page=True)
    # Trying again with the right file works from the same form.
    pdf = tmp_path / "res.pdf"
    pdf.write_bytes(as_pdf(RES_2729))
    page.get_by_label("Resolution file").set_input_files(str(pdf))
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_selector("text=Check what was read from S/RES/2729 (2024)", timeout=60_000)


def test_a_file_over_the_limit_is_refused_at_once_with_a_way_back(
    page, live_server, demo, tmp_path, settings, import_media
):
    settings.MANDATE_UPLOAD_MAX_MB = 1
    acronym = main_acronym()
    big = tmp_path / "whole-report.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{acronym}/mandates/import/")
    page.get_by_label("Resolution file").set_input_files(str(big))
    page.get_by_role("button", name="Read and preview").click()

    page.wait_for_selector("h1:has-text('File too large')")
    assert "The file is larger than 1 MB. It was not uploaded." in page.inner_text("main")
    assert serious_violations(page) == []
    assert files_under(import_media) == []
    page.screenshot(path="/tmp/helpers/mandate_import_too_large.png", full_page=True)
    page.get_by_role("link", name="Choose another file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import a Security Council resolution"
    )
