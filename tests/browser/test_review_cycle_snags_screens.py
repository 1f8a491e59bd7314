"""The review history and a signed-off review in Chromium: the review card at the top names
the review to work on, one concluded earlier is labelled as awaiting sign-off, a signed-off
review reads as a summary with no action links; axe-core finds nothing serious."""

import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_history_and_a_signed_off_review_read_right(page, live_server, demo):
    from datetime import timedelta

    from reviews.models import Review

    reviews = Review.objects.filter(mission__acronym="UNSMK")
    signed = reviews.filter(status="signed_off").order_by("-period_start").first()
    # An older review left concluded, and the next one open and overdue.
    older = reviews.filter(status="signed_off").order_by("period_start").first()
    Review.objects.filter(pk=older.pk).update(status="concluded")
    upcoming = reviews.filter(status="planned").order_by("period_start").first()
    today = older.mission.today()
    Review.objects.filter(pk=upcoming.pk).update(status="open", due_on=today - timedelta(days=4))

    log_in(page, live_server, "hom")
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/")
    cards = page.locator("section.review-current")
    assert cards.nth(0).locator(".eyebrow").inner_text().lower() == "current review"
    assert "Overdue by 4 days" in cards.nth(0).inner_text()
    assert cards.nth(1).locator(".eyebrow").inner_text().lower() == "awaiting sign-off"
    assert cards.nth(1).get_by_role("link", name="Read and sign off").is_visible()
    screenshot(page, "review-list-focus")
    failures = {"list": serious_violations(page)}

    page.goto(f"{live_server.url}/missions/UNSMK/reviews/{signed.pk}/")
    summary = page.locator("#agenda")
    assert "What the review concluded" in summary.inner_text()
    assert page.get_by_role("link", name="Record a decision").count() == 0
    assert page.locator("a[href*='decisions/new']").count() == 0
    screenshot(page, "review-signed-off-summary")
    failures["signed off"] = serious_violations(page)
    assert not any(failures.values()), failures
