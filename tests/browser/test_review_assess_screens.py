"""The assessment screens of a review in Chromium: a component lead assesses their
contribution by keyboard alone, the chief of staff rates an objective and moves on to the
next, and axe-core finds nothing serious on any of them, open or signed off, at 1280 and 768."""

import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_review():
    """The main demo mission's planned review, opened by its chief of staff."""
    from django.contrib.auth import get_user_model

    from reviews.models import Review
    from reviews.services.cycle import review_open

    users = get_user_model().objects
    review = (
        Review.objects.filter(mission__acronym="UNSMK", status="planned")
        .order_by("period_start")
        .first()
    )
    review_open(review=review, by=users.get(username="chief"), participants=[])
    return review


def _signed_off():
    from reviews.models import Review

    return (
        Review.objects.filter(mission__acronym="UNSMK", status="signed_off")
        .order_by("-period_start")
        .first()
    )


def _screens(review) -> list[str]:
    base = f"/missions/UNSMK/reviews/{review.pk}"
    return [f"{base}/objectives/O2/", f"{base}/exit-conditions/", f"{base}/contributions/"]


def test_a_lead_assesses_their_contribution_by_keyboard(page, live_server, demo):
    from reviews.models import ContributionAssessment
    from strategies.models import Contribution

    review = _open_review()
    contribution = (
        Contribution.objects.filter(
            component__name="Civil Affairs Section", objective__status="active"
        )
        .order_by("objective__code")
        .first()
    )
    log_in(page, live_server, "lead")
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/contributions/")
    row = page.locator(f"#contribution-{contribution.pk}")
    assert contribution.objective.title in row.inner_text()

    # Into the strength buttons, choose "Strong", on to the evidence, then to the save button.
    row.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    assert row.get_by_role("radio", name="Strong").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"c{contribution.pk}-evidence"
    page.keyboard.type("Three of the quarter's local agreements came from our committees.")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save assessments":
            break
    else:
        raise AssertionError("the save button is not reachable by Tab")
    page.keyboard.press("Enter")
    page.get_by_text("1 contribution assessed.").wait_for()

    saved = ContributionAssessment.objects.get(review=review, contribution=contribution)
    assert saved.strength == "strong" and saved.evidence.startswith("Three of the quarter")
    assert (
        page.locator(f"#contribution-{contribution.pk}")
        .get_by_role("radio", name="Strong")
        .is_checked()
    )
    # Other components' rows are there to read, with no input to change them.
    others = page.locator("details.assess-others")
    others.locator("summary").click()
    assert others.get_by_role("radio").count() == 0


def test_the_chief_rates_an_objective_and_goes_on_to_the_next(page, live_server, demo):
    from reviews.models import ObjectiveAssessment

    review = _open_review()
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/objectives/O2/")
    assert page.get_by_text("Last review:").first.is_visible()
    page.locator("#progress").get_by_role("radio", name="Off track").check()
    page.get_by_label("Political environment").fill("The KLF has not come back to the table.")
    # The mission marks its material Confidential: the rating starts there; the chief keeps
    # this one to the head of mission and themselves.
    progress = page.locator("#progress")
    level = progress.get_by_label("Classification")
    assert level.input_value() == "1"
    level.select_option(label="Strictly confidential")
    screenshot(page, "review-assess-objective")
    page.get_by_role("button", name="Save and go to O2.1").click()
    page.wait_for_url(f"**/reviews/{review.pk}/objectives/O2.1/")
    page.get_by_text("O2: 1 assessment saved.").wait_for()
    saved = ObjectiveAssessment._base_manager.get(review=review, objective__code="O2")
    assert saved.progress == "off_track"
    assert (saved.classification, saved.named_readers) == (2, [saved.assessed_by_id])


@pytest.mark.parametrize("width", [1280, 768])
def test_no_serious_accessibility_violations_open_or_signed_off(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    review = _open_review()
    failures = {}
    for user, screens in (
        ("chief", _screens(review)),
        ("lead", [_screens(review)[2]]),
        ("viewer", _screens(_signed_off())),
    ):
        page.context.clear_cookies()
        log_in(page, live_server, user)
        for path in screens:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("h1").count() == 1, path
            # Nothing spills sideways out of the page at this width.
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"{path} scrolls sideways at {width}px"
            found = serious_violations(page)
            if found:
                failures[f"{user} {path}"] = found
    assert not failures, failures


def test_a_signed_off_review_reads_without_forms(page, live_server, demo):
    review = _signed_off()
    log_in(page, live_server, "chief")
    for path in _screens(review):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#assess-form").count() == 0, path
        assert "signed off" in page.locator(".assess-lock").inner_text().lower()
