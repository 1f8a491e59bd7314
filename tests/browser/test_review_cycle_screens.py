"""The review history and workspace in real Chromium: the chief of staff opens the quarter's
review from the history by keyboard, records a decision with the mouse; the review concluded,
the head of mission reads the sign-off confirmation; axe-core finds no serious violation on
the history and the workspace, open and concluded, at 1280 and 768 pixels."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("REVIEW_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """Screenshots for a person to look at, when REVIEW_SCREENSHOTS names a folder."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def check_both_widths(page, name: str) -> None:
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == [], (name, width)
        # Nothing may stick out sideways at either width: the page scrolls only downwards.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, width, overflow)
        shoot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_chief_opens_the_review_and_records_a_decision(page, live_server, demo):
    from missions.models import Mission
    from reviews.models import Decision, Review
    from reviews.services.assessments import objective_assess
    from reviews.services.cycle import review_conclude
    from strategies.models import Objective

    mission = Mission.objects.get(acronym="UNSMK")
    review = Review.objects.get(mission=mission, status="planned")
    base = f"{live_server.url}/missions/{mission.acronym}/reviews"
    log_in(page, live_server, "chief")

    page.goto(f"{base}/")
    assert page.get_by_role("heading", name="Strategy reviews", level=1).is_visible()
    check_both_widths(page, "review-list")

    # From the history to the open form, then open it with the keyboard alone.
    page.get_by_role("link", name="Open this review").click()
    page.wait_for_url(f"{base}/{review.pk}/#open")
    assert page.get_by_role("heading", name="Open this review").is_visible()
    assert page.get_by_role("checkbox", name="Tomás Ferreira (Chief of staff)").is_checked()
    page.get_by_role("button", name="Open the review").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/{review.pk}/")
    assert page.get_by_text("The review is open. Assessments can be entered now.").is_visible()
    assert page.locator(".review-head").get_by_text("Open", exact=True).is_visible()
    review.refresh_from_db()
    assert review.status == "open"

    # The decision form shows the chosen kind's fields only.
    objective = Objective.objects.filter(mission=mission, status="active").order_by("code").first()
    form = page.locator("form.decision-form")
    assert not form.get_by_label("New title").is_visible()
    form.get_by_label("Decision", exact=True).select_option("adjust")
    assert form.get_by_label("New title").is_visible()
    assert not form.get_by_label("Code", exact=True).is_visible()
    form.get_by_label("Decision", exact=True).select_option("keep")
    form.get_by_label("Objective", exact=True).select_option(str(objective.pk))
    form.get_by_label("Rationale").fill("The framework still holds; no change this quarter.")
    form.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"{base}/{review.pk}/#decisions")
    decisions = page.locator("#decisions")
    assert decisions.get_by_text("The framework still holds; no change this quarter.").is_visible()
    assert Decision.objects.filter(review=review, kind="keep", objective=objective).exists()
    check_both_widths(page, "review-open")

    # Rated and concluded (the assessment screens are tested elsewhere): read-only for all.
    chief = review.led_by
    for each in Objective.objects.filter(mission=mission, status="active"):
        objective_assess(review=review, objective=each, by=chief, progress="on_track")
    review_conclude(review=review, by=chief, summary="A quiet quarter; the strategy holds.")
    page.reload()
    assert page.locator("#decisions form").count() == 0
    assert page.get_by_role("button", name="Reopen the review").is_visible()
    check_both_widths(page, "review-concluded")

    page.context.clear_cookies()
    log_in(page, live_server, "hom")
    page.goto(f"{base}/{review.pk}/")
    page.get_by_role("link", name="Read the decisions and sign off").click()
    page.wait_for_url(f"{base}/{review.pk}/sign-off/")
    # Keeping an objective changes nothing in the draft, and the page says so.
    assert page.get_by_text(
        "No decision changes the draft: 1 keeps an objective as it is"
    ).is_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Sign off and apply the decisions").click()
    page.wait_for_url(f"{base}/{review.pk}/")
    assert page.get_by_role("link", name="Activity feed").is_visible()
    check_both_widths(page, "review-signed-off")
    review.refresh_from_db()
    assert review.status == "signed_off"
