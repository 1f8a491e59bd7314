"""The head of mission approves two versions in real Chromium and reads what changed between
them in words; axe-core checks the versions, comparison and activity screens."""

import pghistory
import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hom_approves_two_versions_and_compares_them(page, live_server, demo):
    from missions.models import Mission
    from strategies.models import Objective, StrategyVersion

    mission = Mission.objects.filter(memberships__user__username="hom").get()
    hom = mission.memberships.get(user__username="hom").user
    # The demo's strategy has the versions approved over its years; these are the next two.
    first = StrategyVersion.objects.filter(mission=mission).count() + 1
    second = first + 1
    base = f"{live_server.url}/missions/{mission.acronym}"
    log_in(page, live_server, "hom")

    page.goto(f"{base}/versions/")
    assert page.get_by_role("heading", name="Strategy versions", level=1).is_visible()
    assert serious_violations(page) == []
    page.get_by_label("Approval note").fill(
        "First strategy approved in the senior leadership team."
    )
    page.get_by_role("button", name=f"Approve as version {first}").click()
    page.wait_for_url(f"{base}/versions/{first}/")
    assert page.get_by_text(f"Version {first} approved.").is_visible()
    assert page.get_by_role("heading", name=f"Version {first}", level=1).is_visible()

    page.get_by_role("navigation", name="Mission").get_by_role("link", name="Versions").click()
    page.wait_for_url(f"{base}/versions/")
    row = page.get_by_role("row").filter(has_text="First strategy approved")
    assert row.get_by_role("link", name=f"Version {first}").is_visible()

    # An editor raises a priority in the working draft.
    objective = Objective.objects.filter(mission=mission, priority=2).order_by("code").first()
    assert objective is not None, "the demo must have a medium-priority objective"
    with pghistory.context(user=hom.pk, mission=mission.acronym):
        Objective.objects.filter(pk=objective.pk).update(priority=1)

    page.reload()
    assert page.get_by_text(f"The working draft has 1 change since version {first}.").is_visible()
    page.get_by_label("Approval note").fill(f"{objective.code} is now a high priority.")
    page.get_by_role("button", name=f"Approve as version {second}").click()
    page.wait_for_url(f"{base}/versions/{second}/")

    page.get_by_role("link", name=f"Compare with version {first}").click()
    page.wait_for_url(f"{base}/versions/compare/?from={first}&to={second}")
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="Objectives", level=2)
    )
    assert section.get_by_text(f"{objective.code} {objective.title}").is_visible()
    priority = section.get_by_role("row").filter(has_text="Priority")
    assert priority.get_by_role("cell", name="Medium").is_visible()
    assert priority.get_by_role("cell", name="High").is_visible()
    assert serious_violations(page) == []

    page.get_by_role("navigation", name="Mission").get_by_role("link", name="Activity").click()
    page.wait_for_url(f"{base}/activity/")
    assert page.get_by_role("heading", name="Activity", level=1).is_visible()
    assert serious_violations(page) == []
    screenshot(page, "activity")
    # Pages go back in time without counting the whole history: Older, then Newer.
    pages = page.get_by_role("navigation", name="Pages of activity")
    pages.get_by_role("link", name="Older").click()
    page.wait_for_url(f"{base}/activity/?page=2")
    assert page.get_by_text("Page 2").is_visible()
    page.get_by_role("navigation", name="Pages of activity").get_by_role(
        "link", name="Newer"
    ).click()
    page.wait_for_url(f"{base}/activity/?page=1")
