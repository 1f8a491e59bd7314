"""The contribution matrix and mandate alignment in real Chromium: in-place edits, rights, a11y."""

import re

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "How this component's work advances this objective"


def main_acronym() -> str:
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get().acronym


def set_cell(page, component: str, code: str, role: str, narrative: str) -> None:
    page.get_by_role("button", name=f"Edit the contribution of {component} to {code}").click()
    role_select = page.get_by_label("Role")
    # The form opens in place with the focus on its first field.
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'role'")
    role_select.select_option(role)
    page.get_by_label(NARRATIVE).fill(narrative)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".matrix__cell--editing", state="detached")


def test_editor_sets_two_contributions_in_place(page, live_server, demo):
    from strategies.models import Contribution

    acronym = main_acronym()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{acronym}/contributions/")
    page.evaluate("window.notReloaded = true")
    justice = page.locator("tr", has=page.get_by_role("rowheader", name=re.compile("Justice")))
    assert "contributes to no objective" in justice.inner_text()

    set_cell(page, "Justice and Corrections Section", "O5", "lead", "Backs the special court.")
    set_cell(page, "Force", "O4", "support", "Secures the return of prefects to Karsh.")

    assert page.evaluate("window.notReloaded") is True
    cell = page.locator("td.matrix__cell", has_text="Backs the special court.")
    assert "Lead" in cell.inner_text()
    assert "Secures the return of prefects" in page.locator("table.matrix").inner_text()
    assert "contributes to no objective" not in justice.inner_text()
    assert "no component contributes" not in page.locator("thead").inner_text()
    # The focus is back on the cell's button after the save.
    page.wait_for_function(
        "() => document.activeElement.textContent.includes('Edit the contribution of Force to O4')"
    )
    saved = Contribution.objects.filter(
        component__mission__acronym=acronym,
        narrative__in=["Backs the special court.", "Secures the return of prefects to Karsh."],
    )
    assert sorted(saved.values_list("role", flat=True)) == ["lead", "support"]


def test_editor_aligns_an_unaligned_task_in_place(page, live_server, demo):
    from missions.models import Mission
    from strategies.selectors.findings import findings_for_mission

    mission = Mission.objects.get(acronym=main_acronym())
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{mission.acronym}/alignment/?unaligned=1")
    page.evaluate("window.notReloaded = true")
    row = page.locator("li.task", has_text="strategic communications")
    assert "aligned to no objective" in row.inner_text()

    page.get_by_role("button", name="Edit the alignment of paragraph 32").click()
    page.get_by_role("checkbox", name=re.compile("^O1 ")).check()
    page.get_by_role("checkbox", name=re.compile("^O3 ")).check()
    page.get_by_label("Phase").select_option("2")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("form.task-form", state="detached")

    assert page.evaluate("window.notReloaded") is True
    assert "aligned to no objective" not in row.inner_text()
    assert "O1" in row.inner_text() and "O3" in row.inner_text()
    assert "Phase 2" in row.inner_text()
    summary = page.locator("#alignment-summary").inner_text()
    assert re.search(r"Aligned to no objective\s*2", summary, re.IGNORECASE)
    unaligned = [
        f.subject for f in findings_for_mission(mission.pk) if f.rule.code == "unaligned_task"
    ]
    assert not any(s.startswith("OP 32 ") for s in unaligned)


def test_lead_sees_edit_buttons_only_on_their_own_row(page, live_server, demo):
    from missions.models import Membership

    component = Membership.objects.get(user__username="lead").component.name
    log_in(page, live_server, "lead")
    page.goto(f"{live_server.url}/missions/{main_acronym()}/contributions/")
    buttons = page.get_by_role("button", name=re.compile("Edit the contribution of"))
    names = [b.text_content() for b in buttons.all()]
    assert names, "the lead must be able to edit their own row"
    assert all(f"Edit the contribution of {component} to" in n for n in names)
    own_row = page.locator("tr", has=page.get_by_role("rowheader", name=re.compile(component)))
    assert own_row.get_by_role("button").count() == len(names)


def test_both_pages_and_their_open_forms_have_no_serious_violations(page, live_server, demo):
    acronym = main_acronym()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{acronym}/contributions/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Edit the contribution of Force to O1").click()
    page.get_by_label("Role").wait_for()
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/missions/{acronym}/alignment/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Edit the alignment of paragraph 32").click()
    page.get_by_label("Phase").wait_for()
    assert serious_violations(page) == []


def test_the_matrix_reads_on_a_768px_tablet(page, live_server, demo):
    acronym = main_acronym()
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, "editor")
    for path in ("contributions/", "alignment/"):
        page.goto(f"{live_server.url}/missions/{acronym}/{path}")
        # The page is no wider than the screen; the matrix scrolls inside its wrapper.
        assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.goto(f"{live_server.url}/missions/{acronym}/contributions/")
    wrap = page.locator(".matrix-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert serious_violations(page) == []
