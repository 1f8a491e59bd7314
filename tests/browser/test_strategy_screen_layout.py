"""Strategy screens in real Chromium at 1280 and 768 px: the objective form's level checkboxes
stay beside their labels, opening a matrix cell leaves the columns as they were, and the
version compare marks only the words that changed."""

import pghistory
import pytest

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768]

# For each level checkbox: the lines its label's words take, and how far they sit from the box.
CHECKBOX_GEOMETRY = """
(fieldset) => [...fieldset.querySelectorAll("label.checkbox")].map((label) => {
  const box = label.querySelector("input").getBoundingClientRect();
  const words = document.createRange();
  words.setStartAfter(label.querySelector("input"));
  words.setEndAfter(label.lastChild);
  const rects = [...words.getClientRects()].filter((r) => r.width > 0);
  const lines = new Set(rects.map((r) => Math.round(r.top)));
  const first = rects[0];
  return {
    text: label.textContent.trim(),
    lines: lines.size,
    gap: first.left - box.right,
    drop: Math.abs((first.top + first.bottom) / 2 - (box.top + box.bottom) / 2),
  };
})
"""


def main_acronym() -> str:
    from missions.models import Mission

    return Mission.objects.filter(memberships__user__username="editor").get().acronym


@pytest.mark.parametrize("width", WIDTHS)
def test_each_level_checkbox_stays_beside_its_label(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{main_acronym()}/objectives/new/")

    levels = page.get_by_role("group", name="Levels of engagement")
    geometry = levels.evaluate(CHECKBOX_GEOMETRY)

    assert "Sub-national / local" in [box["text"] for box in geometry]
    for box in geometry:
        assert box["lines"] == 1, box
        assert 0 <= box["gap"] <= 12, box
        assert box["drop"] <= 6, box
    page.get_by_role("checkbox", name="Sub-national / local").check()
    levels.scroll_into_view_if_needed()
    screenshot(page, f"objective-form-levels-{width}")
    assert serious_violations(page) == []


def header_widths(page, table: str) -> list[float]:
    return page.locator(f"{table} thead th").evaluate_all(
        "(cells) => cells.map((cell) => cell.getBoundingClientRect().width)"
    )


# The two grids whose cells open an editor in place: the contribution matrix and the
# position matrix (its address, table, objective heads, the editing cell's form, and how the
# button or link opening a cell is named).
GRIDS = {
    "contributions": (
        "contributions/",
        "table.matrix",
        "th.matrix__objective",
        "td.matrix__cell--editing form.cell-form",
        "Edit the contribution of {row} to {code}",
    ),
    "positions": (
        "stakeholders/positions/",
        "table.positions-table",
        "th.positions-table__objective",
        "td.stance-cell--editing form.inplace-form",
        "the position of {row} on {code}",
    ),
}


def open_cell(page, grid: str, table: str, column: int, editor: str) -> None:
    """Open the first row's cell under objective ``column`` and wait for its editor."""
    *_, heads, _, name = GRIDS[grid]
    code = page.locator(f"{table} thead {heads}").nth(column).locator(".code").inner_text()
    row = page.locator(f"{table} tbody tr").first
    title = row.locator("th").first.evaluate(
        "(th) => (th.querySelector('.matrix__component-name, a') || th).textContent.trim()"
    )
    row.get_by_role("button" if grid == "contributions" else "link").filter(
        has_text=name.format(row=title, code=code)
    ).first.click()
    page.locator(editor).wait_for()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('td form')"
    )


@pytest.mark.parametrize("grid", GRIDS)
@pytest.mark.parametrize("width", WIDTHS)
def test_opening_a_grid_cell_keeps_every_column_as_it_was(page, live_server, demo, width, grid):
    path, table, heads, editor, _ = GRIDS[grid]
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/missions/{main_acronym()}/{path}")
    last = page.locator(f"{table} thead {heads}").last
    before = header_widths(page, table)
    if width == 1280:
        box = last.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box

    # The first objective's cell opens its editor to the right, the last one's (which used
    # to push the last objective off-screen) to the left.
    for column in (0, -1):
        open_cell(page, grid, table, column, editor)
        form = page.locator(editor)

        assert header_widths(page, table) == pytest.approx(before, abs=0.5)
        if width == 1280:
            box = last.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        box = form.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert box["width"] >= 300, "the editor keeps a usable width whatever the column's"
        screenshot(page, f"{grid}-cell-open-{'last' if column else 'first'}-{width}")
        if column:
            assert serious_violations(page) == []

        form.get_by_role("link" if grid == "contributions" else "button", name="Cancel").click()
        page.wait_for_selector(editor, state="detached")
        assert header_widths(page, table) == pytest.approx(before, abs=0.5)


ADDED = "A ceasefire holds in the north."
# The text as seen: without what only screen readers hear.
SEEN_TEXT = """(element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
  return copy.textContent;
}"""


def test_the_compare_page_marks_only_the_sentence_added(page, live_server, demo):
    from missions.models import Mission
    from strategies.models import Objective
    from strategies.services.versions import version_approve

    mission = Mission.objects.filter(memberships__user__username="hom").get()
    hom = mission.memberships.get(user__username="hom").user
    objective = Objective.objects.filter(mission=mission).exclude(description="").first()
    assert objective is not None, "the demo must have an objective with a description"
    version = version_approve(mission=mission, by=hom, note="Baseline.")
    with pghistory.context(user=hom.pk, mission=mission.acronym):
        Objective.objects.filter(pk=objective.pk).update(
            description=f"{objective.description.rstrip()} {ADDED}"
        )

    log_in(page, live_server, "hom")
    page.goto(
        f"{live_server.url}/missions/{mission.acronym}/versions/compare/?from={version.number}&to=draft"
    )
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Description", exact=True)
    )
    inserted = row.locator("ins")
    assert inserted.count() == 1
    assert inserted.evaluate(SEEN_TEXT) == ADDED
    assert row.locator("del").count() == 0
    # The marking is heard, not only seen.
    assert inserted.locator(".visually-hidden").text_content().strip() == "inserted:"
    assert objective.description.strip()[:40] in row.locator(".change__before").inner_text()
    row.scroll_into_view_if_needed()
    screenshot(page, "version-compare-words")
    assert serious_violations(page) == []
