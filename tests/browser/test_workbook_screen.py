"""The workbook page in Chromium: download the .xlsx, change readings in it with openpyxl,
upload it, read the preview (a bad row named by its number), fix it, save, see it saved."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_round_trips_readings_through_excel(as_user, live_server, demo, tmp_path):
    from missions.models import Mission
    from strategies.models import ProgressMarker

    mission = Mission.objects.get(acronym="UNSMK")
    page = as_user("editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/missions/UNSMK/briefs/")
    page.get_by_role("link", name="Export or import the workbook").click()
    page.wait_for_url("**/missions/UNSMK/workbook/")
    assert serious_violations(page) == []
    screenshot(page, "workbook-1280")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the workbook (.xlsx)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("UNSMK-strategy-") and path.suffix == ".xlsx"

    book = load_workbook(path)
    ws = book["Markers"]
    headers = [cell.value for cell in ws[1]]
    reading, read_on = headers.index("Latest reading") + 1, headers.index("Read on") + 1
    day = mission.today() - timedelta(days=2)
    ws.cell(row=2, column=reading).value = "Two district peace committees meeting monthly"
    ws.cell(row=2, column=read_on).value = day
    ws.cell(row=3, column=read_on).value = "31/02/2026"
    ws.cell(row=3, column=reading).value = "A reading on a day that does not exist"
    first_id = ws.cell(row=2, column=1).value
    out = io.BytesIO()
    book.save(out)
    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(out.getvalue())

    page.get_by_label("Workbook (.xlsx)").set_input_files(str(edited))
    page.get_by_role("button", name="Read and preview").click()
    alert = page.get_by_role("alert")
    assert "nothing has been saved" in alert.inner_text()
    assert "“31/02/2026” is not a date" in alert.inner_text()
    assert page.get_by_role("button", name="Save 1 change").count() == 0
    screenshot(page, "workbook-preview-errors-1280")

    ws.cell(row=3, column=read_on).value = None
    ws.cell(row=3, column=reading).value = None
    book.save(edited)
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(edited))
    page.get_by_role("button", name="Read and preview").click()
    table = page.get_by_role("table", name="Changes read from the workbook")
    assert "Two district peace committees meeting monthly" in table.inner_text()
    page.set_viewport_size({"width": 768, "height": 1000})
    assert serious_violations(page) == []
    screenshot(page, "workbook-preview-768")
    page.get_by_role("button", name="Save 1 change").click()
    page.wait_for_url("**/missions/UNSMK/workbook/")
    assert "Imported 1 change from the workbook." in page.get_by_role("status").inner_text()
    marker = ProgressMarker.objects.get(pk=first_id)
    assert marker.latest_reading == "Two district peace committees meeting monthly"
    assert marker.reading_on == day
