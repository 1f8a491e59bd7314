"""Risks on an objective's review sheet, in Chromium: the chief of staff re-rates one with a
note, the stakeholders with no stance on the objective are folded away, the workspace lists
the re-rating, and axe-core finds nothing serious at 1280 and 768, open or concluded."""

import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_review():
    """The main demo mission's planned review, opened by its chief of staff."""
    from django.contrib.auth import get_user_model

    from reviews.models import Review
    from reviews.services.cycle import review_open

    review = (
        Review.objects.filter(mission__acronym="UNSMK", status="planned")
        .order_by("period_start")
        .first()
    )
    review_open(review=review, by=get_user_model().objects.get(username="chief"), participants=[])
    return review


def _o2_risk(severity: str):
    from strategies.models import Risk

    return Risk._base_manager.filter(
        objective__mission__acronym="UNSMK", objective__code="O2", severity=severity
    ).first()


def test_the_chief_re_rates_a_risk_and_the_review_shows_it(page, live_server, demo):
    from reviews.models import RiskAssessment

    review = _open_review()
    risk = _o2_risk("medium")
    sheet = f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/objectives/O2/"
    log_in(page, live_server, "chief")
    page.goto(sheet)
    row = page.locator(f"#risk-{risk.pk}")
    assert "Medium" in row.locator(".assess-now").inner_text()
    row.get_by_role("radio", name="High").check()
    row.get_by_label("Note").fill("The committee missed two sittings this quarter.")
    # Those with no stance on O2 are folded away, and open on request.
    rest = page.locator("details.assess-positions-rest")
    if rest.count():
        assert not rest.get_attribute("open")
        rest.locator("summary").click()
        assert rest.locator("tbody tr").first.is_visible()
    screenshot(page, "review-risks-open")
    page.get_by_role("button", name="Save assessment", exact=True).click()
    page.get_by_text("O2: 1 assessment saved.").wait_for()
    saved = RiskAssessment._base_manager.get(review=review, risk=risk)
    assert (saved.severity, saved.severity_was) == ("high", "medium")
    assert page.locator(f"#risk-{risk.pk}").get_by_role("radio", name="High").is_checked()

    page.goto(f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/")
    card = page.locator("#risk-ratings")
    assert "The committee missed two sittings" in card.inner_text()
    assert card.locator(".badge").all_inner_texts() == ["Medium", "High"]


@pytest.mark.parametrize("width", [1280, 768])
def test_the_sheet_with_risks_has_no_serious_violations(page, live_server, demo, width):
    from django.contrib.auth import get_user_model

    from reviews.models import RiskAssessment
    from reviews.services.assessments import risk_rate

    review = _open_review()
    chief = get_user_model().objects.get(username="chief")
    risk_rate(review=review, risk=_o2_risk("high"), by=chief, severity="medium", note="Easing.")
    assert RiskAssessment._base_manager.filter(review=review).count() == 1
    page.set_viewport_size({"width": width, "height": 900})
    path = f"/missions/UNSMK/reviews/{review.pk}/objectives/O2/"
    failures = {}
    for user, status in (("chief", "open"), ("viewer", "open"), ("viewer", "concluded")):
        if status == "concluded":
            type(review).objects.filter(pk=review.pk).update(status="concluded")
        page.context.clear_cookies()
        log_in(page, live_server, user)
        for url in (path, f"/missions/UNSMK/reviews/{review.pk}/"):
            page.goto(f"{live_server.url}{url}")
            # The folded stakeholders are checked too, opened.
            folded = page.locator("details.assess-positions-rest summary")
            if folded.count():
                folded.first.click()
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"{url} scrolls sideways at {width}px"
            found = serious_violations(page)
            if found:
                failures[f"{user} {status} {url}"] = found
        if user == "viewer" and status == "concluded":
            page.goto(f"{live_server.url}{path}")
            assert "Easing." in page.locator("#risks").inner_text()
            screenshot(page, f"review-risks-concluded-{width}")
    assert not failures, failures
