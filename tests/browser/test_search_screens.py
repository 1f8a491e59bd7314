"""The mission search in Chromium: a desk officer types in the box of the site header, reads the
results grouped by kind with the words marked, opens one kind, follows a hit to its page;
axe at 1280 and 768 px."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_officer_searches_from_the_site_header(as_user, live_server, demo):
    page = as_user("desk")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/missions/UNSMK/")
    box = page.get_by_role("searchbox", name="Search UNSMK")
    assert serious_violations(page) == []
    # Keyboard only: the box is reached with Tab from the last link of the main navigation.
    page.locator(".primary-nav a").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "mission-search"
    page.keyboard.type("elections")
    page.keyboard.press("Enter")
    page.wait_for_url("**/missions/UNSMK/search/?q=elections")
    assert page.get_by_role("heading", level=1).inner_text() == "Search UNSMK"
    assert page.get_by_role("searchbox", name="Search this mission").input_value() == "elections"
    summary = page.locator(".search-summary").inner_text()
    assert summary.endswith("match “elections”.")
    groups = page.locator(".search-group h2").all_inner_texts()
    assert groups[0].startswith("Objectives")
    assert any(g.startswith("Stakeholder positions") for g in groups)
    assert page.locator(".search-hit__snippet mark").first.inner_text().lower() == "elections"
    assert serious_violations(page) == []
    screenshot(page, "search-results-1280")

    page.set_viewport_size({"width": 768, "height": 1000})
    assert serious_violations(page) == []
    screenshot(page, "search-results-768")

    # One kind alone, then back to every kind.
    page.goto(f"{live_server.url}/missions/UNSMK/search/?q=elections&kind=positions")
    assert page.locator(".search-group h2").all_inner_texts() == ["Stakeholder positions 3"]
    assert serious_violations(page) == []
    page.get_by_role("link", name="Back to every kind of record").click()
    page.wait_for_url("**/search/?q=elections")

    # Words that match nothing: the page says what was searched.
    box = page.get_by_role("searchbox", name="Search this mission")
    box.fill("zanzibarite négociation")
    box.press("Enter")
    page.get_by_text("Nothing in UNSMK that you may read matches").wait_for()
    assert "“zanzibarite négociation”" in page.locator(".empty-state").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "search-empty-768")

    # An English stem: "negotiations" finds "negotiate"; follow the first hit to its page.
    box = page.get_by_role("searchbox", name="Search this mission")
    box.fill("negotiations")
    box.press("Enter")
    page.locator(".search-hit").first.wait_for()
    first = page.locator(".search-hit__title").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "/search/" not in page.url
    assert title.split(" ")[0] in page.content()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/missions/UNSMK/drivers/")
    assert serious_violations(page) == []
    screenshot(page, "search-box-drivers-1280")
    page.set_viewport_size({"width": 768, "height": 900})
    assert serious_violations(page) == []
    screenshot(page, "search-box-drivers-768")
