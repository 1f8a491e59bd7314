"""In real Chromium: an HQ desk officer exports a brief from the versions page, watches its
status turn ready without reloading, and downloads the PDF a real worker rendered."""

from __future__ import annotations

import subprocess

import pytest

from tests.briefs.conftest import brief_media, brief_worker  # noqa: F401  (fixtures)
from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("brief_worker")
def test_desk_exports_a_brief_sees_it_ready_and_downloads_it(page, live_server, demo, tmp_path):
    from missions.models import Mission
    from strategies.services.versions import version_approve

    mission = Mission.objects.get(acronym="UNSMK")
    hom = mission.memberships.get(user__username="hom").user
    version_approve(mission=mission, by=hom, note="The strategy HQ will read.")
    base = f"{live_server.url}/missions/{mission.acronym}"

    log_in(page, live_server, "desk")
    page.goto(f"{base}/versions/")
    card = page.locator("section").filter(has=page.get_by_role("heading", name="PDF brief"))
    assert card.get_by_label("Brief of").input_value() == "version-1"
    card.get_by_role("button", name="Export brief").click()

    # The status appears in place, then turns ready by itself (htmx polling), no reload.
    assert (
        card.get_by_text("Queued")
        .or_(card.get_by_text("Rendering"))
        .or_(card.get_by_text("Ready"))
        .first.is_visible()
    )
    download_link = card.get_by_role("link", name="Download PDF")
    download_link.wait_for(state="visible", timeout=90_000)
    assert page.url == f"{base}/versions/"
    assert serious_violations(page) == []

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("UNSMK-brief-version-1-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Version 1, approved on" in text and "Page 2 of" in text

    # The brief is listed on the mission's briefs page with who asked for it.
    page.goto(f"{base}/briefs/")
    row = page.get_by_role("row").filter(has_text="Version 1")
    assert row.get_by_text("Ready").is_visible()
    assert serious_violations(page) == []
