"""In real Chromium: an HQ desk officer goes from the versions page to export a brief for HQ,
watches its status turn ready without reloading, and downloads the PDF a real worker rendered;
an editor exports one for troop contributors and reads what was withheld."""

from __future__ import annotations

import subprocess

import pytest

from tests.briefs.conftest import brief_media, brief_worker  # noqa: F401  (fixtures)
from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("brief_worker")
def test_desk_exports_a_brief_sees_it_ready_and_downloads_it(page, live_server, demo, tmp_path):
    from missions.models import Mission
    from strategies.services.versions import version_approve

    mission = Mission.objects.get(acronym="UNSMK")
    hom = mission.memberships.get(user__username="hom").user
    # The demo may hold approved versions already: this one is the latest.
    n = version_approve(mission=mission, by=hom, note="The strategy HQ will read.").number
    base = f"{live_server.url}/missions/{mission.acronym}"

    log_in(page, live_server, "desk")
    page.goto(f"{base}/versions/")
    card = page.locator("section").filter(has=page.get_by_role("heading", name="PDF brief"))
    card.get_by_role("link", name=f"Export a brief of version {n}…").click()
    box = page.locator("#brief-export")
    assert box.get_by_label("Brief of").input_value() == f"version-{n}"
    # A desk officer is HQ: HQ is the one audience offered, and chosen.
    assert box.get_by_role("radio").count() == 1
    assert box.get_by_label("UN Headquarters", exact=False).is_checked()
    box.get_by_role("button", name="Export brief").click()
    # The recipient is asked for, beside its field, and nothing is lost.
    box = page.locator("#brief-export")
    box.get_by_text("This field is required.").wait_for()
    assert box.get_by_label("Brief of").input_value() == f"version-{n}"
    box.get_by_label("Recipient").fill("DPPA-DPO Africa II desk")
    screenshot(page, "brief-export-form")
    assert serious_violations(page) == []
    box.get_by_role("button", name="Export brief").click()

    # The status appears in place, then turns ready by itself (htmx polling), no reload.
    box.get_by_text("Queued").or_(box.get_by_text("Rendering")).or_(
        box.get_by_text("Ready")
    ).first.wait_for()
    download_link = box.get_by_role("link", name="Download PDF")
    download_link.wait_for(state="visible", timeout=90_000)
    assert page.url.startswith(f"{base}/briefs/")
    assert serious_violations(page) == []

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"UNSMK-brief-version-{n}-for-hq-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"Version {n}, approved on" in text and "Page 2 of" in text
    assert "For DPPA-DPO Africa II desk · printed" in text

    # The brief is listed on the mission's briefs page with who asked for it.
    page.goto(f"{base}/briefs/")
    row = page.get_by_role("row").filter(has_text=f"Version {n}")
    assert row.get_by_text("Ready").is_visible()
    assert serious_violations(page) == []


@pytest.mark.usefixtures("brief_worker")
def test_an_editor_exports_for_troop_contributors_and_reads_what_was_withheld(
    page, live_server, demo
):
    base = f"{live_server.url}/missions/UNSMK"
    log_in(page, live_server, "editor")
    page.goto(f"{base}/briefs/")
    box = page.locator("#brief-export")
    box.get_by_label("Troop- and police-contributing countries", exact=False).check()
    box.get_by_label("Recipient").fill("Force Generation Service, for the TCC meeting")
    box.get_by_role("button", name="Export brief").click()
    box.get_by_role("link", name="Download PDF").wait_for(state="visible", timeout=90_000)
    box.get_by_role("link", name="About this brief").click()
    page.get_by_role("heading", name="Withheld from this audience").wait_for()
    withheld = page.locator(".brief-withheld li")
    assert withheld.count() > 0  # the demo mission marks its material Confidential
    assert page.get_by_text("Troop- and police-contributing countries").first.is_visible()
    screenshot(page, "brief-detail-withheld")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{base}/briefs/")
    screenshot(page, "brief-list-tablet")
    assert serious_violations(page) == []


@pytest.mark.usefixtures("brief_worker")
def test_an_exported_brief_joins_the_list_without_a_reload_in_the_language_chosen(
    page, live_server, demo, tmp_path
):
    """The panel said Ready while the list still said "No brief has been made" until a
    reload; and version 1 exported in French came back as the English brief made before."""
    from missions.models import Mission
    from strategies.services.versions import version_approve

    mission = Mission.objects.get(acronym="UNSMK")
    hom = mission.memberships.get(user__username="hom").user
    n = version_approve(mission=mission, by=hom, note="The strategy HQ will read.").number
    base = f"{live_server.url}/missions/{mission.acronym}"

    log_in(page, live_server, "editor")
    page.goto(f"{base}/briefs/?subject=version-{n}")
    listing = page.locator("#brief-list")
    listing.get_by_text("No brief has been made for this mission yet.").wait_for()
    # Set on this document only: still there at the end means the page was never reloaded.
    page.evaluate("window.notReloaded = true")

    def export(language: str, label: str) -> None:
        box = page.locator("#brief-export")
        box.get_by_label("Language", exact=True).select_option(language)
        assert (
            box.get_by_label("Language", exact=True).locator("option:checked").inner_text() == label
        )
        box.get_by_label("UN Headquarters", exact=False).check()
        box.get_by_label("Recipient").fill("DPPA-DPO Africa II desk")
        box.get_by_role("button", name="Export brief").click()
        box.get_by_role("link", name="Download PDF").wait_for(state="visible", timeout=90_000)

    export("fr", "Français")
    french = listing.get_by_role("row").filter(has_text="Français")
    french.get_by_role("link", name="Download PDF").wait_for(state="visible", timeout=15_000)
    assert french.get_by_role("rowheader").inner_text() == f"Version {n}"
    assert listing.locator(".count").inner_text() == "1"
    screenshot(page, "brief-list-updated")
    assert serious_violations(page) == []

    export("en", "English")
    english = listing.get_by_role("row").filter(has_text="English")
    english.get_by_role("link", name="Download PDF").wait_for(state="visible", timeout=15_000)
    assert listing.locator(".count").inner_text() == "2"
    assert page.evaluate("window.notReloaded") is True

    def text_of(row) -> str:
        with page.expect_download() as download_info:
            row.get_by_role("link", name="Download PDF").click()
        saved = tmp_path / f"{len(list(tmp_path.iterdir()))}.pdf"
        download_info.value.save_as(saved)
        return subprocess.run(
            ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
        ).stdout

    french_text, english_text = text_of(french), text_of(english)
    assert "Objectifs stratégiques" in french_text and "Page 2 sur" in french_text
    assert "Strategic objectives" in english_text and "Page 2 of" in english_text
    assert "Strategic objectives" not in french_text

    # Asked again in French, the French brief made before is the one given: no third row.
    export("fr", "Français")
    page.locator("#brief-export").get_by_text("this is the one made before").wait_for()
    assert listing.locator(".count").inner_text() == "2"
    page.set_viewport_size({"width": 768, "height": 1024})
    screenshot(page, "brief-list-languages-tablet")
    assert serious_violations(page) == []
