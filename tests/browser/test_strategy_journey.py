"""The strategy workspace journey of issue 4, in real Chromium, role after role."""

import re

import pytest

from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_mission():
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get()


def test_draft_approve_change_approve_compare(as_user, live_server, demo):
    from strategies.models import Contribution, Objective, StrategyVersion
    from strategies.selectors.findings import findings_for_mission

    mission = main_mission()
    base = f"{live_server.url}/missions/{mission.acronym}"

    # The editor adds an objective with a parent and a marker.
    editor = as_user("editor")
    editor.goto(f"{base}/")
    editor.get_by_role("link", name="New objective").click()
    editor.get_by_label("Code").fill("O7")
    editor.get_by_label("Title").fill("Women's networks shape the local peace agreements")
    editor.get_by_role("checkbox", name="Sub-national / local").check()
    o2 = Objective.objects.get(mission=mission, code="O2")
    editor.get_by_label("Parent").select_option(str(o2.pk))
    editor.locator("[name='markers-0-statement']").fill(
        "Local agreements signed with women's networks at the table"
    )
    editor.locator("[name='markers-0-target']").fill("6 of 9 prefectures")
    assert serious_violations(editor) == []
    editor.get_by_role("button", name="Save objective").click()
    editor.get_by_text("Objective O7 saved.").wait_for()
    o7 = Objective.objects.get(mission=mission, code="O7")
    assert o7.parent.code == "O2" and o7.markers.get().target == "6 of 9 prefectures"

    # Two contributions in the matrix, set in place.
    editor.goto(f"{base}/contributions/")
    for component, role in (
        ("Civil Affairs Section", "lead"),
        ("Human Rights Division", "support"),
    ):
        editor.get_by_role("button", name=f"Edit the contribution of {component} to O7").click()
        editor.get_by_label("Role").select_option(role)
        editor.get_by_role("button", name="Save").click()
        editor.wait_for_selector(".matrix__cell--editing", state="detached")
    assert Contribution.objects.filter(objective=o7).count() == 2

    # Align an unaligned task: its finding disappears from the overview.
    before = [f for f in findings_for_mission(mission.pk) if f.rule.code == "unaligned_task"]
    task_ref = before[0].subject.split(" (S/RES")[0].removeprefix("OP ")
    editor.goto(f"{base}/alignment/?unaligned=1")
    editor.get_by_role("button", name=f"Edit the alignment of paragraph {task_ref}").click()
    editor.get_by_role("checkbox", name=re.compile("^O7 ")).check()
    editor.get_by_role("button", name="Save").click()
    editor.wait_for_selector("form.task-form", state="detached")
    editor.goto(f"{base}/")
    findings = editor.locator("#findings").inner_text()
    assert f"OP {task_ref} (" not in findings

    # The head of mission approves the next version (the demo has those of its past years).
    first = StrategyVersion.objects.filter(mission=mission).count() + 1
    hom = as_user("hom")
    hom.goto(f"{base}/versions/")
    hom.get_by_label("Approval note").fill("Strategy endorsed by the senior leadership team.")
    hom.get_by_role("button", name=f"Approve as version {first}").click()
    hom.get_by_text(f"Version {first} approved.").wait_for()

    # The editor raises O7's priority; the head approves version 2.
    editor.goto(f"{base}/objectives/{o7.pk}/")
    editor.get_by_label("Priority").select_option(label="High")
    editor.get_by_role("button", name="Save objective").click()
    editor.get_by_text("Objective O7 saved.").wait_for()
    hom.goto(f"{base}/versions/")
    hom.get_by_label("Approval note").fill("O7 raised to high priority.")
    hom.get_by_role("button", name=f"Approve as version {first + 1}").click()
    hom.get_by_text(f"Version {first + 1} approved.").wait_for()

    # The comparison shows the change in words.
    hom.goto(f"{base}/versions/compare/?from={first}&to={first + 1}")
    text = hom.locator("main").inner_text()
    assert "O7" in text and "Priority" in text
    # Before and after side by side, the changed word marked (read out as deleted/inserted).
    assert re.search(r"(deleted:\s*)?Medium\s*(→|to)?\s*(inserted:\s*)?High", text), text[:2000]
    assert serious_violations(hom) == []


def test_lead_edits_only_their_row_and_desk_comments_but_cannot_edit(as_user, live_server, demo):
    from missions.models import Membership
    from strategies.models import Comment, Objective

    mission = main_mission()
    base = f"{live_server.url}/missions/{mission.acronym}"
    own = Membership.objects.get(user__username="lead").component.name

    lead = as_user("lead")
    lead.goto(f"{base}/contributions/")
    buttons = lead.get_by_role("button", name=re.compile("Edit the contribution of"))
    assert buttons.count() > 0
    assert all(own in b.text_content() for b in buttons.all())

    desk = as_user("desk")
    objective = Objective.objects.filter(mission=mission).order_by("code").first()
    desk.goto(f"{base}/objectives/{objective.pk}/")
    assert desk.get_by_role("button", name="Save objective").count() == 0
    desk.get_by_label("Add a comment").fill("The Council will ask how O1 is sequenced.")
    desk.get_by_role("button", name="Post comment").click()
    desk.get_by_text("The Council will ask how O1 is sequenced.").wait_for()
    assert Comment.objects.filter(author__username="desk", objective=objective).exists()
    assert serious_violations(desk) == []
    desk.goto(f"{base}/contributions/")
    assert desk.get_by_role("button", name=re.compile("Edit the contribution of")).count() == 0


def test_two_people_editing_the_same_objective(as_user, live_server, demo):
    from strategies.models import Objective

    mission = main_mission()
    objective = Objective.objects.filter(mission=mission, status="active").order_by("code").first()
    url = f"{live_server.url}/missions/{mission.acronym}/objectives/{objective.pk}/"

    first, second = as_user("editor"), as_user("chief")
    first.goto(url)
    second.goto(url)
    first.get_by_label("Title").fill("Title saved first by the editor")
    first.get_by_role("button", name="Save objective").click()
    first.get_by_text(f"Objective {objective.code} saved.").wait_for()

    second.get_by_label("Title").fill("Title typed by the chief of staff")
    second.get_by_role("button", name="Save objective").click()
    conflict = second.locator("#conflict")
    conflict.wait_for()
    assert "Someone else saved this after you opened it" in conflict.inner_text()
    assert "Title saved first by the editor" in conflict.inner_text()
    # The chief's input is kept in the form, not lost.
    assert second.get_by_label("Title").input_value() == "Title typed by the chief of staff"
    objective.refresh_from_db()
    assert objective.title == "Title saved first by the editor"
    assert serious_violations(second) == []
