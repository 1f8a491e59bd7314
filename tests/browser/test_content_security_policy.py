"""The Content-Security-Policy in real Chromium: the guard every browser test runs under does
catch a violation, and the pages outside the workspace (API docs, admin) keep to the policy."""

import time

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import csp_guarded_context, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(violations: list[str], page: Page, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not violations and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def test_the_guard_catches_an_inline_style_and_an_inline_script(browser, live_server):
    caught: list[str] = []
    context = csp_guarded_context(browser, caught)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">')")
        wait_for(caught, page)
        assert any("style-src" in line for line in caught), caught
        caught.clear()
        page.evaluate(
            "const s = document.createElement('script');"
            "s.textContent = 'window.ran = true'; document.head.appendChild(s);"
        )
        wait_for(caught, page)
        assert any("script-src" in line for line in caught), caught
        assert page.evaluate("window.ran") is None
    finally:
        context.close()


def test_the_api_docs_render_without_unsafe_inline(page, live_server, demo):
    log_in(page, live_server, "editor")
    response = page.goto(f"{live_server.url}/api/docs/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    # Swagger UI's stylesheet draws icons as data: images; only this page allows them.
    assert "img-src 'self' data:" in policy
    page.locator(".opblock").first.wait_for()
    assert page.get_by_text("/api/v1/missions/").first.is_visible()
    # Trying an operation renders its answer (highlighted JSON) under the same policy.
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    page.locator(".live-responses-table").first.wait_for()
    # The page's own stylesheet (formerly an inline <style>) applies.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


def test_the_admin_keeps_to_the_policy(page, live_server, demo):
    from missions.models import Mission

    mission = Mission.objects.filter(memberships__user__username="editor").get()
    log_in(page, live_server, "admin")
    for path in ("/admin/", "/admin/missions/mission/", f"/admin/missions/mission/{mission.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], path
