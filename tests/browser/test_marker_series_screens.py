"""A marker of progress as a series in Chromium: the chief of staff measures a demo marker,
enters a value on its page and another in the open review's objective sheet, and reads the
chart and the table; axe at 1280 and 768 px."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_measures_a_marker_and_enters_values(as_user, live_server, demo):
    from strategies.models import ProgressMarker
    from tests.browser.test_review_assess_screens import _open_review

    review = _open_review()
    marker = ProgressMarker.objects.filter(objective__mission__acronym="UNSMK").first()
    mission = marker.objective.mission
    chief = as_user("chief")
    chief.set_viewport_size({"width": 1280, "height": 900})
    chief.goto(f"{live_server.url}/missions/UNSMK/objectives/{marker.objective.pk}/")
    chief.get_by_role("link", name="measure it").first.click()

    form = chief.locator("#measure")
    form.get_by_label("Unit").fill("prefectures")
    form.get_by_label("Baseline").fill("3")
    form.get_by_label("Target").fill("12")
    form.get_by_role("button", name="Save the measure").click()
    chief.get_by_text("Measure saved.").wait_for()

    series = chief.locator("#series")
    series.get_by_label("Value").fill("5")
    series.get_by_label("Measured on").fill(mission.today().replace(day=1).isoformat())
    series.get_by_role("button", name="Add the reading").click()
    chief.get_by_text("Reading added.").wait_for()
    assert serious_violations(chief) == []

    chief.goto(
        f"{live_server.url}/missions/UNSMK/reviews/{review.pk}/objectives/{marker.objective.code}/"
    )
    panel = chief.locator("#marker-series")
    panel.get_by_label("Value").first.fill("8")
    panel.get_by_label("Measured on").first.fill(mission.today().isoformat())
    panel.get_by_role("button", name="Add the reading").first.click()
    chief.get_by_text("Reading added.").wait_for()
    assert f"/reviews/{review.pk}/objectives/" in chief.url
    panel = chief.locator("#marker-series")
    assert panel.locator("svg.chart circle").count() == 2
    assert "8 prefectures" in panel.locator("table").inner_text()
    # The review's own reading of the marker is the value entered.
    reading = chief.locator(f"#marker-{marker.pk} input[type=text][name$='-reading']")
    assert reading.input_value() == "8 prefectures"
    assert serious_violations(chief) == []
    screenshot(chief, "review-marker-series-1280")

    chief.goto(f"{live_server.url}/missions/UNSMK/benchmarks/markers/{marker.pk}/")
    chief.set_viewport_size({"width": 768, "height": 1000})
    assert "improving" in chief.locator("#series").inner_text()
    assert serious_violations(chief) == []
    screenshot(chief, "marker-series-768")
