"""The workbench in Arabic reads right to left, and in French and Spanish its mission tabs stay
on one row at 1280 px; axe-core finds nothing serious in any of them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "overview": "/missions/UNSMK/",
    "reviews": "/missions/UNSMK/reviews/",
    "stakeholders": "/missions/UNSMK/stakeholders/",
    "notifications": "/notifications/",
}


def _in(page, live_server, language: str, width: int) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})


def _tabs(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".mission-nav a",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, top: Math.round(r.top), text: e.textContent.trim()}; })",
    )


@pytest.mark.parametrize("width", [1280, 768])
def test_arabic_reads_right_to_left(as_user, live_server, demo, width):
    page = as_user("chief")
    _in(page, live_server, "ar", width)
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
            "ar",
            "rtl",
        ], path
        # The brand starts at the right edge; the page does not overflow sideways.
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] > width / 2, (path, brand)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        tabs = _tabs(page)
        if tabs:
            # The first tab is rightmost of its row: the row runs right to left.
            same_row = [t for t in tabs if t["top"] == tabs[0]["top"]]
            assert tabs[0]["x"] == max(t["x"] for t in same_row), path
        assert page.locator("main").inner_text().strip(), path
        assert serious_violations(page) == [], path
        screenshot(page, f"ar_{width}_{name}")


def test_english_records_keep_their_direction_on_an_arabic_page(as_user, live_server, demo):
    """An English exit condition beside Arabic badges, a finding's link and a field's words
    run left to right, their full stops at their end; the Arabic words around run right to
    left."""
    page = as_user("chief")
    _in(page, live_server, "ar", 1280)
    page.goto(f"{live_server.url}/missions/UNSMK/")
    is_ltr = "e => getComputedStyle(e).unicodeBidi === 'plaintext' || e.matches(':dir(ltr)')"
    condition = page.locator(".exit-condition bdi").first
    assert condition.evaluate("e => e.matches(':dir(ltr)')")
    # The sentence's full stop is at its right end, not thrown to the left of the line.
    box = condition.bounding_box()
    stop = condition.evaluate(
        "e => { const r = document.createRange(); const t = e.firstChild;"
        " r.setStart(t, t.length - 1); r.setEnd(t, t.length);"
        " const b = r.getBoundingClientRect(); return b.right; }"
    )
    assert stop >= box["x"] + box["width"] - 2, (stop, box)
    assert page.locator("#findings a").first.evaluate(is_ltr)
    assert page.locator(".exit-condition .badge").first.evaluate("e => e.matches(':dir(rtl)')")
    page.goto(f"{live_server.url}/missions/UNSMK/end-state/")
    assert page.locator("textarea").first.evaluate(is_ltr)

    # The review's objective sheet: the political environment, notes, the person who entered
    # them run in their own direction; the arrow from before to after points right to left.
    from reviews.models import Review

    review = Review.objects.filter(mission__acronym="UNSMK", status="signed_off").latest(
        "period_start"
    )
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/objectives/O2/")
    assert page.locator(".assess-facts dd bdi").first.evaluate("e => e.matches(':dir(ltr)')")
    assert page.locator(".assess-by bdi").first.evaluate("e => e.matches(':dir(ltr)')")
    arrow = page.locator("#risks .arrow").first
    assert arrow.evaluate("e => getComputedStyle(e).transform") != "none"
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", ["fr", "es", "ar", "en"])
def test_the_mission_tabs_stay_on_one_row_at_1280(as_user, live_server, demo, language):
    page = as_user("chief")
    _in(page, live_server, language, 1280)
    page.goto(f"{live_server.url}/missions/UNSMK/")
    tabs = _tabs(page)
    assert len(tabs) >= 12
    assert len({t["top"] for t in tabs}) == 1, tabs


def test_spanish_reads_in_spanish_with_lower_case_months(as_user, live_server, demo):
    page = as_user("chief")
    _in(page, live_server, "es", 1280)
    page.goto(f"{live_server.url}/missions/UNSMK/reviews/")
    assert page.evaluate("document.documentElement.lang") == "es"
    text = page.locator("main").inner_text()
    assert "Historial de exámenes" in text
    assert "Review history" not in text
    # Months are written in lower case, as Spanish does ("17 dic. 2026").
    assert re.search(r"\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)", text), text
    assert not re.search(r"\d{1,2} (Ene|Feb|Mar|Abr|May|Jun|Jul|Ago|Sep|Oct|Nov|Dic)", text)
    assert serious_violations(page) == []
    screenshot(page, "es_1280_reviews")
