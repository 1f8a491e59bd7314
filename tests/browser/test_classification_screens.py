"""Need to know in Chromium: the editor marks a position Strictly confidential for the chief of
staff alone, on the position's page; the page's marking and the record's badge
follow; the desk officer no longer finds it; axe-core on the screens, laptop and tablet."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_position_marked_for_the_chief_alone(as_user, live_server, demo):
    from django.contrib.auth import get_user_model

    from strategies.models import StakeholderPosition

    chief_id = get_user_model().objects.get(username="chief").pk
    cell_position = (
        StakeholderPosition.objects.filter(
            objective__mission__acronym="UNSMK", classification=0, objective__status="active"
        )
        .order_by("as_of")
        .first()
    )
    stakeholder, objective = cell_position.stakeholder, cell_position.objective
    base = f"{live_server.url}/missions/UNSMK"

    editor = as_user("editor")
    editor.goto(f"{base}/stakeholders/positions/")
    # The mission marks its material Confidential by default: the banner says so.
    assert "Confidential (UN Restricted)" in editor.locator(".page-marking").first.text_content()
    # The position's own page (the matrix opens the same form in place).
    editor.goto(f"{base}/stakeholders/positions/{stakeholder.pk}/{objective.pk}/")
    cell = editor.locator("main")
    form = cell.locator("form.inplace-form")
    form.get_by_label("Stance").select_option("opposes")
    form.get_by_label("Note").fill("Speaks only through the bishop's channel")
    form.get_by_label("Classification").select_option(label="Strictly confidential")
    form.locator("summary").click()
    form.get_by_label("Tomás Ferreira · Chief of staff").check()
    screenshot(editor, "classification-position-form")
    assert serious_violations(editor) == []
    form.get_by_role("button", name="Save position").click()
    # Asked once more: the editor is not on the list.
    cell.get_by_text("you will no longer see this record").wait_for()
    cell.get_by_label("Yes, save it at this level").check()
    cell.get_by_role("button", name="Save position").click()
    editor.wait_for_load_state("networkidle")

    saved = StakeholderPosition.objects.get(note="Speaks only through the bishop's channel")
    assert (saved.classification, saved.named_readers) == (2, [chief_id])

    chief = as_user("chief")
    chief.goto(f"{base}/stakeholders/{stakeholder.pk}/")
    assert chief.locator(".page-marking--2").count() == 2
    assert chief.get_by_text("Speaks only through the bishop's channel").is_visible()
    screenshot(chief, "classification-chief-stakeholder")
    assert serious_violations(chief) == []

    desk = as_user("desk")
    for url in (f"{base}/stakeholders/{stakeholder.pk}/", f"{base}/stakeholders/positions/"):
        desk.goto(url)
        assert "Speaks only through the bishop" not in desk.content()

    chief.set_viewport_size({"width": 768, "height": 1024})
    chief.goto(f"{base}/drivers/")
    screenshot(chief, "classification-drivers-tablet")
    assert serious_violations(chief) == []
