"""axe-core on every screen of the workspace, as an editor and as a desk officer, at two widths."""

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screens(mission) -> list[str]:
    from reviews.models import Review
    from strategies.models import ConflictDriver, Objective

    objective = Objective.objects.filter(mission=mission).order_by("code").first()
    driver = ConflictDriver.objects.filter(mission=mission).first()
    stakeholder = mission.stakeholders.first()
    done = Review.objects.filter(mission=mission, status="signed_off").first()
    return [
        "/",
        f"/missions/{mission.acronym}/",
        f"/missions/{mission.acronym}/objectives/{objective.pk}/",
        f"/missions/{mission.acronym}/contributions/",
        f"/missions/{mission.acronym}/alignment/",
        f"/missions/{mission.acronym}/stakeholders/",
        f"/missions/{mission.acronym}/stakeholders/positions/",
        f"/missions/{mission.acronym}/stakeholders/{stakeholder.pk}/",
        f"/missions/{mission.acronym}/drivers/",
        f"/missions/{mission.acronym}/exit-conditions/",
        f"/missions/{mission.acronym}/end-state/",
        f"/missions/{mission.acronym}/versions/",
        f"/missions/{mission.acronym}/versions/compare/",
        f"/missions/{mission.acronym}/comments/",
        f"/missions/{mission.acronym}/activity/",
        f"/missions/{mission.acronym}/history/objective/{objective.pk}/",
        f"/missions/{mission.acronym}/history/driver/{driver.pk}/",
        # The review cycle (issue 6) read by anyone, and the HQ and notification screens.
        f"/missions/{mission.acronym}/reviews/",
        f"/missions/{mission.acronym}/reviews/{done.pk}/",
        f"/missions/{mission.acronym}/reviews/{done.pk}/objectives/{objective.code}/",
        f"/missions/{mission.acronym}/reviews/{done.pk}/contributions/",
        f"/missions/{mission.acronym}/reviews/{done.pk}/exit-conditions/",
        f"/missions/{mission.acronym}/reviews/trends/",
        f"/missions/{mission.acronym}/briefs/",
        "/portfolio/",
        "/notifications/",
        "/notifications/preferences/",
        "/notifications/calendar/",
        "/accounts/tokens/",
    ]


@pytest.mark.parametrize("username,width", [("editor", 1280), ("desk", 768)])
def test_every_screen_has_no_serious_violations_and_fits(page, live_server, demo, username, width):
    from missions.models import Mission

    mission = Mission.objects.filter(memberships__user__username="editor").get()
    objective_create = f"/missions/{mission.acronym}/objectives/new/"
    page.set_viewport_size({"width": width, "height": 1000})
    log_in(page, live_server, username)
    problems = {}
    paths = screens(mission) + ([objective_create] if username == "editor" else [])
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found = serious_violations(page)
        if found:
            problems[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert problems == {}


def test_every_screen_sends_a_strict_content_security_policy(page, live_server, demo):
    """A nonce for our own script tags, and nothing inline allowed without it."""
    from missions.models import Mission

    mission = Mission.objects.filter(memberships__user__username="editor").get()
    log_in(page, live_server, "editor")
    for path in [*screens(mission), f"/missions/{mission.acronym}/objectives/new/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        directives = {
            name: value
            for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))
        }
        nonces = {
            page.evaluate("(s) => s.nonce", script) for script in page.query_selector_all("script")
        }
        assert len(nonces) == 1 and "" not in nonces, path
        nonce = nonces.pop()
        for directive in ("script-src", "style-src"):
            assert f"'nonce-{nonce}'" in directives.get(directive, ""), (path, policy)
        assert "'unsafe-inline'" not in policy, path
        assert "'unsafe-eval'" not in policy, path
        assert directives.get("default-src") == "'self'", path
        assert directives.get("object-src") == "'none'", path
        assert directives.get("frame-ancestors") == "'none'", path
