"""Renewal recommendations in Chromium: the strategy editor recommends dropping a task in
place, the desk officer comments on it, the head of mission approves; axe at 1280 and 768 px."""

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.renewals import conftest as renewal_fixtures

people = renewal_fixtures.people  # one member per role of UNTEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_recommends_desk_comments_head_of_mission_approves(as_user, live_server, demo):
    from mandates.selectors import mandate_latest
    from missions.models import Mission
    from renewals.models import Recommendation, Renewal

    mandate = mandate_latest(Mission.objects.get(acronym="UNSMK"))
    target = mandate.tasks.order_by("position").last()
    url = f"{live_server.url}/missions/UNSMK/renewal/"

    editor = as_user("editor")
    editor.set_viewport_size({"width": 1280, "height": 900})
    editor.goto(url)
    assert (
        editor.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Recommendations on the renewal of S/RES/2812 (2026)")
    )
    assert serious_violations(editor) == []
    item = editor.locator(f"#task-{target.pk}")
    item.get_by_role("button", name=f"Recommend on paragraph {target.reference}").click()
    # The form opens in place, its first choice focused for the keyboard.
    choice = item.get_by_role("radio", name="Drop")
    choice.wait_for()
    assert editor.evaluate("document.activeElement.type") == "radio"
    choice.check()
    item.get_by_role("button", name="Save recommendation").click()
    item.get_by_text("Say why").wait_for()  # told next to the field, nothing saved
    assert not Recommendation.objects.exists()
    choice = editor.locator(f"#task-{target.pk}").get_by_role("radio", name="Drop")
    assert choice.is_checked()  # the input is kept
    assert serious_violations(editor) == []
    screenshot(editor, "renewal-form-errors-1280")
    item.get_by_label("Rationale").fill("The Council's benchmark is met; hand it over to the UNCT.")
    item.get_by_role("button", name="Save recommendation").click()
    editor.locator(f"#task-{target.pk}").get_by_text("Recommendation saved.").wait_for()
    assert Recommendation.objects.get().action == "drop"
    assert "WITH A RECOMMENDATION\n1\nDROP\n1" in editor.locator("#renewal-counts").inner_text()
    assert "Status: Draft" in editor.locator("#renewal-status").inner_text()
    assert serious_violations(editor) == []
    screenshot(editor, "renewal-workspace-1280")

    desk = as_user("desk")
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto(url)
    desk.get_by_label("About").select_option(label=f"OP {target.reference}: Drop")
    desk.get_by_label("Comment", exact=True).fill("HQ agrees: the UNCT is ready to take it.")
    desk.get_by_role("button", name="Comment", exact=True).click()
    desk.get_by_text("Comment added.").wait_for()
    assert "HQ agrees" in desk.locator("#comments").inner_text()

    hom = as_user("hom")
    hom.set_viewport_size({"width": 768, "height": 1000})
    hom.goto(url)
    assert serious_violations(hom) == []
    screenshot(hom, "renewal-workspace-768")
    hom.get_by_role("button", name="Approve the recommendations").click()
    hom.get_by_text("Recommendations approved. They are read-only now.").wait_for()
    assert Renewal.objects.get().status == "approved"
    assert hom.get_by_role("button", name="Reopen as a draft").count() == 1
    assert serious_violations(hom) == []
    screenshot(hom, "renewal-approved-768")

    editor.goto(url)
    assert editor.get_by_role("button", name=f"Edit on paragraph {target.reference}").count() == 0


def test_the_timeline_leads_to_the_recommendations_against_the_outcome(
    as_user, live_server, people
):
    """Recommend on S/RES/2729, approve, import its renewal S/RES/2775 through the import
    screen's form, then read the outcome in Chromium from the mandate timeline."""
    from mandates.models import Mandate
    from renewals.models import Renewal
    from renewals.selectors import content_stamp
    from tests.mandates.resolutions import RES_2729, RES_2775, as_text
    from tests.mandates.test_import_screen import confirm_data, confirm_url
    from tests.renewals.conftest import as_role

    editor, hom = as_role("strategy_editor"), as_role("head_of_mission")
    assert editor.post(confirm_url(), confirm_data(as_text(RES_2729))).status_code == 302
    old = Mandate.objects.get(symbol=RES_2729.symbol)
    dropped = old.tasks.get(reference="4 (e)")
    response = editor.post(
        f"/missions/UNTEST/renewal/tasks/{dropped.pk}/",
        {"action": "drop", "rationale": "Mine clearance is complete."},
    )
    assert response.status_code == 302
    renewal = Renewal.objects.get(mandate=old)
    response = hom.post(
        f"/missions/UNTEST/renewal/mandates/{old.pk}/status/",
        {"step": "approve", "revision": renewal.revision, "stamp": content_stamp(renewal)},
    )
    assert response.status_code == 302
    assert editor.post(confirm_url(), confirm_data(as_text(RES_2775))).status_code == 302

    desk = as_user("desk_officer", "pass-word-123")
    for width in (1280, 768):
        desk.set_viewport_size({"width": width, "height": 900})
        desk.goto(f"{live_server.url}/missions/UNTEST/mandates/")
        desk.get_by_role("link", name="Recommended against decided").click()
        desk.get_by_role("heading", level=1).wait_for()
        assert (
            "recommendations on S/RES/2729 (2024)"
            in desk.get_by_role("heading", level=1).inner_text()
        )
        row = desk.locator(f"#old-{dropped.pk}")
        assert "Recommended drop; dropped." in row.inner_text()
        assert serious_violations(desk) == []
        screenshot(desk, f"renewal-outcome-{width}")
    desk.get_by_role("link", name="The recommendations on S/RES/2729 (2024)").click()
    assert "Approved" in desk.locator("#renewal-status").inner_text()
