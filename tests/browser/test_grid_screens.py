"""The large grids in Chromium at 200 stakeholders x 200 objectives: a window of the matrix,
moved by its links and narrowed by the filters from the keyboard, a cell edited in place in a
filtered view, axe-core at 1280 and 768 px."""

import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big():
    from tests.big_mission import build_large_mission
    from tests.factories import UserFactory

    chief = UserFactory(username="chief")
    return build_large_mission(
        chief,
        acronym="UNBIG",
        stakeholders=200,
        objectives=200,
        components=40,
        reviews=3,
        filled=24,
    )


def test_the_position_matrix_moves_filters_and_edits_in_place(page, live_server, big):
    from missions.models import Stakeholder
    from strategies.models import Objective, StakeholderPosition

    log_in(page, live_server, "chief", "pass-word-123")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/missions/UNBIG/stakeholders/positions/")
    objectives = page.get_by_role("navigation", name="Objectives")
    assert "1\u201312 of 200" in objectives.inner_text()
    assert page.locator("td.stance-cell").count() == 40 * 12
    assert serious_violations(page) == []
    screenshot(page, "grid-positions-1280")

    objectives.get_by_role("link", name="Next objectives").click()
    page.wait_for_url("**columns=12**")
    assert "13\u201324 of 200" in page.get_by_role("navigation", name="Objectives").inner_text()

    deep = Objective.objects.get(mission=big, code="O150")
    kind = Stakeholder.Kind.values[2]
    page.get_by_label("Objective", exact=True).select_option(str(deep.pk))
    page.get_by_label("Stakeholder type").select_option(kind)
    page.get_by_role("button", name="Filter").press("Enter")
    page.wait_for_url(f"**objective={deep.pk}**")
    cells = page.locator("td.stance-cell")
    assert cells.count() == min(40, Stakeholder.objects.filter(mission=big, kind=kind).count())
    stakeholder = Stakeholder.objects.filter(mission=big, kind=kind).order_by("name").first()
    cell = page.locator(f"#cell-{stakeholder.pk}-{deep.pk}")
    cell.get_by_role("link", name=f"Record the position of {stakeholder.name} on O150").click()
    cell.get_by_label("Stance").select_option("supports")
    cell.get_by_role("button", name="Save position").click()
    page.locator(f"#cell-{stakeholder.pk}-{deep.pk}").get_by_text("Saved.").wait_for()
    assert StakeholderPosition.objects.filter(stakeholder=stakeholder, objective=deep).exists()
    assert f"objective={deep.pk}" in page.url  # still the filtered view

    page.set_viewport_size({"width": 768, "height": 1024})
    assert serious_violations(page) == []
    screenshot(page, "grid-positions-768-filtered")


def test_the_contribution_matrix_and_trends_at_size(page, live_server, big):
    log_in(page, live_server, "chief", "pass-word-123")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{live_server.url}/missions/UNBIG/contributions/")
    assert "1\u201312 of 200" in page.get_by_role("navigation", name="Objectives").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "grid-contributions-768")

    component = big.components.order_by("name").last()
    page.get_by_label("Component", exact=True).select_option(str(component.pk))
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**component={component.pk}**")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert component.name in rows.first.inner_text()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/missions/UNBIG/reviews/trends/")
    assert "1\u201340 of 200" in page.get_by_role("navigation", name="Objectives").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "grid-trends-1280")
