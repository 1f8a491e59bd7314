"""Stakeholders, positions, conflict analysis, exit conditions and the end state in Chromium:
in-place edits as the editor, axe-core on every screen, and a 768 px tablet."""

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _main_mission():
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get()


def _screens(acronym: str) -> list[str]:
    from missions.models import Stakeholder

    stakeholder = Stakeholder.objects.filter(mission__acronym=acronym).order_by("name").first()
    base = f"/missions/{acronym}"
    return [
        f"{base}/stakeholders/",
        f"{base}/stakeholders/positions/",
        f"{base}/stakeholders/{stakeholder.pk}/",
        f"{base}/drivers/",
        f"{base}/exit-conditions/",
        f"{base}/end-state/",
    ]


def test_editor_records_a_new_position_in_place(page, live_server, demo):
    from strategies.models import StakeholderPosition

    mission = _main_mission()
    stale = next(
        p
        for p in StakeholderPosition.objects.filter(
            objective__mission=mission, objective__status="active"
        ).order_by("as_of")
    )
    stakeholder, objective = stale.stakeholder, stale.objective
    before = StakeholderPosition.objects.filter(stakeholder=stakeholder, objective=objective)
    count = before.count()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{mission.acronym}/stakeholders/positions/")
    cell = page.locator(f"#cell-{stakeholder.pk}-{objective.pk}")

    cell.get_by_role("link", name=f"Update the position of {stakeholder.name} on").click()

    stance = cell.get_by_label("Stance")
    stance.wait_for()
    # Focus moves into the cell (a script does it just after the swap).
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'stance'"
    )
    stance.select_option("opposes")
    cell.get_by_label("Note").fill("Walked out of the joint commission.")
    cell.get_by_role("button", name="Save position").click()

    saved = page.locator(f"#cell-{stakeholder.pk}-{objective.pk}")
    saved.get_by_text("Saved.").wait_for()
    assert "Opposes" in saved.inner_text()
    assert "Stale" not in saved.inner_text()
    assert page.url.endswith("/stakeholders/positions/")  # no page load: in place
    assert before.count() == count + 1  # the earlier position is kept as history
    assert before.order_by("-as_of").first().note == "Walked out of the joint commission."


def test_editor_assesses_an_exit_condition_in_place(page, live_server, demo):
    from strategies.models import ExitCondition

    mission = _main_mission()
    condition = (
        ExitCondition.objects.filter(
            end_state__mission=mission, end_state__superseded_on__isnull=True
        )
        .exclude(status="met")
        .order_by("pk")
        .first()
    )
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{mission.acronym}/exit-conditions/")
    headline = page.locator("#readiness .readiness-headline").inner_text()
    item = page.locator(f"#exit-condition-{condition.pk}")

    item.get_by_role("link", name="Assess").click()

    status = item.get_by_label("Status")
    status.wait_for()
    # Focus moves into the swapped-in form (a script does it just after the swap).
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'status'"
    )
    status.select_option("met")
    item.get_by_label("Evidence").fill("Verified by the joint monitoring team.")
    item.get_by_role("button", name="Save assessment").click()

    item.get_by_text("Saved.").wait_for()
    assert "Met" in item.inner_text()
    assert "Verified by the joint monitoring team." in item.inner_text()
    assert page.locator("#readiness .readiness-headline").inner_text() != headline
    condition.refresh_from_db()
    assert (condition.status, condition.evidence) == (
        "met",
        "Verified by the joint monitoring team.",
    )


def test_register_screens_have_no_serious_accessibility_violations(page, live_server, demo):
    mission = _main_mission()
    log_in(page, live_server, "editor")
    found = {}
    for path in _screens(mission.acronym):
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_violations(page)
    # An open in-place form is part of the screen too.
    page.goto(f"{live_server.url}/missions/{mission.acronym}/stakeholders/positions/")
    page.locator("a.cell-edit").first.click()
    page.locator("td.stance-cell--editing select[name=stance]").wait_for()
    found["positions, cell open"] = serious_violations(page)
    assert found == {path: [] for path in found}


def test_register_screens_read_on_a_768px_tablet(page, live_server, demo):
    mission = _main_mission()
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "editor")
    widths = {}
    for path in _screens(mission.acronym):
        page.goto(f"{live_server.url}{path}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert widths == {path: 768 for path in widths}
