"""A benchmark in Chromium: the editor gives a demo exit condition an indicator owned by the
country team, enters two readings, and reads the series as a chart and a table; axe at 1280
and 768 px."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_measures_an_exit_condition(as_user, live_server, demo):
    from missions.models import Mission
    from strategies.selectors.exit_conditions import current_exit_conditions

    mission = Mission.objects.get(acronym="UNSMK")
    condition = current_exit_conditions(mission).first()
    url = f"{live_server.url}/missions/UNSMK/benchmarks/{condition.pk}/"
    editor = as_user("editor")
    editor.set_viewport_size({"width": 1280, "height": 900})
    editor.goto(url)
    assert serious_violations(editor) == []

    form = editor.locator("#add-indicator")
    form.get_by_label("Indicator").fill("Prefectures with a functioning civil administration")
    form.get_by_label("Unit").fill("prefectures")
    form.get_by_label("Baseline").fill("3")
    form.get_by_label("Threshold").fill("12")
    form.get_by_label("Owned by").select_option(label="UN country team entity")
    form.get_by_label("Owner", exact=True).fill("UNDP")
    form.get_by_role("button", name="Add the indicator").click()
    editor.get_by_text("Indicator added.").wait_for()

    item = editor.locator("article.indicator").first
    today = mission.today()
    for value, day in (("5", today.replace(day=1)), ("9", today)):
        item.get_by_label("Value").fill(value)
        item.get_by_label("Measured on").fill(day.isoformat())
        item.get_by_role("button", name="Add the reading").click()
        editor.get_by_text("Reading added.").wait_for()
        item = editor.locator("article.indicator").first
    assert item.locator("svg.chart circle").count() == 2
    assert "9 prefectures" in item.locator("table").inner_text()
    assert "improving" in item.inner_text()
    assert "Not met" in editor.locator("#status").inner_text()
    assert serious_violations(editor) == []
    screenshot(editor, "benchmark-1280")

    editor.set_viewport_size({"width": 768, "height": 1000})
    editor.reload()
    assert serious_violations(editor) == []
    screenshot(editor, "benchmark-768")
