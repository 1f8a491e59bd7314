"""A desk officer and an editor use the first screens in real Chromium; axe-core checks them."""

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_sees_the_two_desk_missions_and_not_the_third(page, live_server, demo):
    from missions.models import Mission

    log_in(page, live_server, "desk")
    table = page.locator("#my-missions")
    desk_missions = set(
        Mission.objects.filter(memberships__user__username="desk").values_list("acronym", flat=True)
    )
    others = set(
        Mission.objects.exclude(acronym__in=desk_missions).values_list("acronym", flat=True)
    )
    assert len(desk_missions) == 3  # the main demo mission and the two on the desk
    assert others, "the demo must have a mission the desk officer holds no role in"
    for acronym in desk_missions:
        assert table.get_by_role("link", name=acronym, exact=True).is_visible()
    body = page.content()
    for acronym in others:
        assert f">{acronym}<" not in body
    assert serious_violations(page) == []


def test_editor_opens_the_overview_from_my_missions(page, live_server, demo):
    from missions.models import Mission

    main = Mission.objects.filter(memberships__user__username="editor").get()
    log_in(page, live_server, "editor")
    page.locator("#my-missions").get_by_role("link", name=main.acronym, exact=True).click()
    page.wait_for_url(f"{live_server.url}/missions/{main.acronym}/")
    assert page.get_by_role("heading", name="Political end state").is_visible()
    assert page.get_by_role("heading", name="Findings").is_visible()
    assert page.get_by_text("Illustrative content.").is_visible()
    assert serious_violations(page) == []


def test_the_overview_reads_on_a_768px_tablet(page, live_server, demo):
    from missions.models import Mission

    main = Mission.objects.filter(memberships__user__username="editor").get()
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{main.acronym}/")
    # Nothing overflows sideways: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert serious_violations(page) == []


def test_login_page_has_no_serious_accessibility_violations(page, live_server, db):
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []


def test_keyboard_user_can_log_in_and_skip_to_content(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type("viewer")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
