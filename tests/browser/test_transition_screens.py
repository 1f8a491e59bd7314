"""The transition view in Chromium: the strategy editor opens the Transition tab, adds a
handover to a task with none (told next to the field first), and reads it under its receiver;
axe at 1280 and 768 px."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_adds_a_handover(as_user, live_server, demo):
    from mandates.selectors import mandate_latest
    from missions.models import Mission
    from strategies.models import ExitCondition
    from transition.models import Handover
    from transition.selectors import transition_plan

    mission = Mission.objects.get(acronym="UNSMK")
    target = transition_plan(mission).unplanned[0].task
    benchmark = ExitCondition.objects.filter(end_state__mission=mission).first()
    assert mandate_latest(mission) == target.mandate
    planned = Handover.objects.count()  # the demo's plan

    editor = as_user("editor")
    editor.set_viewport_size({"width": 1280, "height": 900})
    editor.goto(f"{live_server.url}/missions/UNSMK/")
    editor.get_by_role("link", name="Transition", exact=True).click()
    editor.wait_for_url("**/UNSMK/transition/**")
    assert editor.get_by_role("heading", level=1).inner_text() == "Transition and handover"
    assert serious_violations(editor) == []
    screenshot(editor, "transition-empty-1280")

    row = editor.locator(f"#task-{target.pk}")
    row.get_by_role("link", name=f"Add handover for OP {target.reference}").click()
    editor.get_by_role("radio", name="Host government institution").check()
    editor.get_by_label("Phase").fill("2")
    editor.get_by_role("button", name="Save handover").click()
    editor.get_by_text("Name the receiver").wait_for()  # next to the field, nothing saved
    assert Handover.objects.count() == planned
    assert editor.get_by_role("radio", name="Host government institution").is_checked()
    assert serious_violations(editor) == []
    screenshot(editor, "transition-form-errors-1280")

    editor.get_by_label("Receiver").fill("Ministry of Justice")
    editor.get_by_label("Status").select_option(label="In preparation")
    editor.get_by_label("Benchmark it depends on").select_option(value=str(benchmark.pk))
    editor.get_by_label("Notes").fill("Judicial police training handed to the Ministry.")
    editor.get_by_role("button", name="Save handover").click()
    editor.get_by_text("Handover saved.").wait_for()
    saved = Handover.objects.get(task=target)
    assert Handover.objects.count() == planned + 1 and saved.receiver == "Ministry of Justice"
    section = editor.locator("#kind-government").locator("xpath=..")
    assert "Ministry of Justice" in section.inner_text()
    assert f"OP {target.reference}" in section.inner_text()
    assert serious_violations(editor) == []
    screenshot(editor, "transition-plan-1280")

    editor.set_viewport_size({"width": 768, "height": 1000})
    editor.reload()
    assert serious_violations(editor) == []
    screenshot(editor, "transition-plan-768")
    editor.goto(f"{live_server.url}/missions/UNSMK/transition/tasks/{target.pk}/handover/")
    assert serious_violations(editor) == []
    screenshot(editor, "transition-form-768")
