"""The desk officer's HQ portfolio and an objective's trends in real Chromium, at desktop and
tablet widths; axe-core checks each screen."""

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mission_order(page) -> list[str]:
    return page.locator("#portfolio tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.mission)"
    )


def test_desk_sorts_the_portfolio_at_1280(page, live_server, demo):
    log_in(page, live_server, "desk")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Portfolio").click()
    page.wait_for_url(f"{live_server.url}/portfolio/")
    assert page.get_by_role("heading", name="Portfolio", level=1).is_visible()
    assert mission_order(page) == ["UNISFD", "UNOVB", "UNSMK"]
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert serious_violations(page) == []

    # The mission on autopilot says why.
    unovb = page.locator('tr[data-mission="UNOVB"]')
    unovb.get_by_text("3 flags").click()
    assert unovb.get_by_role("link", name="The last 2 reviews changed nothing").is_visible()
    assert unovb.locator('td[data-col="overdue"] .badge--danger').is_visible()

    # Sorting by flags puts the worst first; the keyboard flips it.
    page.get_by_role("link", name="Autopilot flags").click()
    page.wait_for_url("**/portfolio/?sort=-flags")
    assert mission_order(page)[0] == "UNOVB"
    header = page.locator("th.hq-col--flags")
    assert header.get_attribute("aria-sort") == "descending"
    header.get_by_role("link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/portfolio/?sort=flags")
    assert mission_order(page)[-1] == "UNOVB"
    assert page.locator("th.hq-col--flags").get_attribute("aria-sort") == "ascending"
    assert serious_violations(page) == []


def test_the_portfolio_reads_and_sorts_at_768(page, live_server, demo):
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/portfolio/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    card = page.locator('tr[data-mission="UNISFD"]')
    for label in ("Last review", "Next due", "Overdue", "Autopilot flags", "Mandate expires"):
        assert card.get_by_text(label, exact=True).is_visible()
    page.get_by_label("Sort by").select_option(label="Mandate expires, ascending")
    page.get_by_role("button", name="Sort").click()
    page.wait_for_url("**/portfolio/?sort=mandate")
    assert mission_order(page)[0] == "UNISFD"  # its mandate expires in weeks
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert serious_violations(page) == []


def test_trends_and_the_autopilot_panel_pass_axe(page, live_server, demo):
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/trends/")
    table = page.locator("#objective-trends")
    row = table.locator('tr[data-objective="O3"]')
    assert row.locator("td.rating").all_inner_texts() == ["On track", "At risk", "Stalled"]
    assert row.get_by_text("worsening").is_visible()
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 768, "height": 1024})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/missions/UNOVB/")
    panel = page.locator("#autopilot")
    assert panel.get_by_role("heading", name="On autopilot?").is_visible()
    assert panel.locator("[data-flag]").count() == 3
    assert serious_violations(page) == []
