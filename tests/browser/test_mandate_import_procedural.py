"""Procedural paragraphs in real Chromium: the preview marks them, the editor corrects one,
saves, and finds them kept out of the alignment and the findings; the findings link to the
task's row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations
from tests.mandates.resolutions import RES_2729, as_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_acronym() -> str:
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get().acronym


def test_editor_corrects_a_procedural_mark_and_the_findings_follow(page, live_server, demo):
    from mandates.models import Mandate

    acronym = main_acronym()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{acronym}/mandates/import/")
    page.get_by_label("Or paste the text of the resolution").fill(as_text(RES_2729))
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_selector("text=Check what was read from S/RES/2729 (2024)")

    # The guesses: the extension, the report every 90 days, "remain seized"; not the tasks.
    extension = page.get_by_label("Procedural (paragraph 1)")
    reports = page.get_by_label("Procedural (paragraph 7)")
    assert extension.is_checked() and reports.is_checked()
    assert page.get_by_label("Procedural (paragraph 8)").is_checked()
    assert not page.get_by_label("Procedural (paragraph 3 (a) (i))").is_checked()
    assert not page.get_by_label("Procedural (paragraph 5)").is_checked()
    assert "Guessed procedural: extends the mandate." in page.locator("#op-1").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "mandate_preview_procedural_1280")
    page.set_viewport_size({"width": 768, "height": 1000})
    screenshot(page, "mandate_preview_procedural_768")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The editor makes OP 7 a task (the mission drafts its input) by keyboard, dates the
    # resolution today so it is the mandate in force, and saves.
    reports.focus()
    page.keyboard.press("Space")
    assert not reports.is_checked()
    adopted = date.today()
    page.get_by_label("Adopted on").fill(adopted.isoformat())
    page.get_by_label("Mandate ends on").fill((adopted + timedelta(days=365)).isoformat())
    reporting = page.get_by_role("region", name="Reporting to the Council")
    reporting.get_by_label("First due on").fill((adopted + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save mandate").click()
    page.wait_for_selector("text=Imported S/RES/2729 (2024): 26 tasks.")

    mandate = Mandate.objects.get(symbol="S/RES/2729 (2024)")
    marked = set(mandate.tasks.filter(is_procedural=True).values_list("reference", flat=True))
    assert marked == {"1", "8"}

    # The findings: OP 7 is one, OP 1 and OP 8 are not; in paragraph order.
    page.goto(f"{live_server.url}/missions/{acronym}/")
    findings = page.locator("#findings")
    findings.scroll_into_view_if_needed()
    screenshot(page, "overview_findings_1280")
    group = findings.locator("li", has_text="Mandated task aligned to no objective").first
    links = group.locator("ul a")
    subjects = [links.nth(i).inner_text() for i in range(links.count())]
    ours = [s.removesuffix(" (S/RES/2729 (2024))") for s in subjects if "2729" in s]
    assert ours[:3] == ["OP 2", "OP 3", "OP 3 (a)"]
    assert "OP 1" not in ours and "OP 8" not in ours

    # A finding opens the alignment screen at its task's row.
    task_2 = mandate.tasks.get(reference="2")
    group.get_by_role("link", name="OP 2 (S/RES/2729 (2024))").click()
    page.wait_for_url(f"**/alignment/#task-{task_2.pk}")
    assert page.locator(f"#task-{task_2.pk}").is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"task-{task_2.pk}"

    # The procedural paragraphs stay on the list, marked, with no "aligned to no objective".
    seized = page.locator(f"#task-{mandate.tasks.get(reference='8').pk}")
    assert "Procedural" in seized.inner_text()
    assert seized.locator(".badge--danger").count() == 0
    report_row = page.locator(f"#task-{mandate.tasks.get(reference='7').pk}")
    assert "aligned to no objective" in report_row.inner_text()
    assert serious_violations(page) == []
    seized.scroll_into_view_if_needed()
    screenshot(page, "alignment_procedural_1280")

    # Corrected after import too: the editor marks OP 7 procedural in place.
    report_row.get_by_role("button", name="Edit").click()
    report_row = page.locator(f"#task-{mandate.tasks.get(reference='7').pk}")
    report_row.get_by_label("Procedural").check()
    assert serious_violations(page) == []
    screenshot(page, "alignment_procedural_edit_1280")
    report_row.get_by_role("button", name="Save").click()
    page.wait_for_selector(f"#task-{mandate.tasks.get(reference='7').pk} .task__meta")
    assert "Procedural" in page.locator(f"#task-{mandate.tasks.get(reference='7').pk}").inner_text()
    assert mandate.tasks.get(reference="7").is_procedural
