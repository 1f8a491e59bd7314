"""The input to the Secretary-General's report in Chromium: from the mandate timeline, start it
as chief of staff, edit a paragraph, clear it; the head of mission approves; axe at 1280 and
768 px."""

import re

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_drafts_and_clears_the_head_of_mission_approves(as_user, live_server, demo):
    from council.models import ReportInput

    chief = as_user("chief")
    chief.set_viewport_size({"width": 1280, "height": 900})
    chief.goto(f"{live_server.url}/missions/UNSMK/mandates/")
    reporting = chief.get_by_role("region", name="Reporting to the Council")
    # The demo's due dates follow today's date: the next 90-day report, whichever day it falls.
    next_report = re.compile(r"^Input \(Report, every 90 days, \d{1,2} \w{3} \d{4}\)$")
    reporting.get_by_role("link", name=next_report).first.click()
    assert serious_violations(chief) == []
    chief.get_by_role("button", name="Start the input").click()
    chief.wait_for_selector("text=Input started from the mission's records")
    assert chief.get_by_role("heading", name="II. Implementation of the mandate").count() == 1
    assert serious_violations(chief) == []
    screenshot(chief, "council-input-1280")

    chief.get_by_role("link", name="Edit paragraph 1", exact=True).click()
    chief.get_by_label("Paragraph").fill("The political situation remained tense but stable.")
    chief.get_by_role("button", name="Save").click()
    chief.wait_for_selector("text=Paragraph saved.")
    assert "The political situation remained tense but stable." in chief.content()
    chief.get_by_role("button", name="Clear the draft").click()
    chief.wait_for_selector("text=Cleared: the head of mission can approve it now.")

    report = ReportInput.objects.get()
    hom = as_user("hom")
    hom.set_viewport_size({"width": 768, "height": 1000})
    hom.goto(f"{live_server.url}/missions/UNSMK/council/{report.pk}/")
    assert serious_violations(hom) == []
    screenshot(hom, "council-input-768")
    hom.get_by_role("button", name="Approve for Headquarters").click()
    hom.wait_for_selector("text=Approved, and recorded as sent to Headquarters today.")
    report.refresh_from_db()
    assert report.status == "approved"
