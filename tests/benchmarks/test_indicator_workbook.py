"""Benchmark readings through the strategy workbook: the Indicators sheet lists each indicator
with its threshold and latest reading; new readings typed in its shaded columns come back in
the preview, a malformed one is refused with its row number and nothing saved, and once
confirmed the readings are added and the condition's status follows."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from benchmarks.models import IndicatorReading
from benchmarks.services import reading_add
from tests.benchmarks.conftest import add_indicator, client_for
from tests.workbooks.test_workbook import (
    CONFIRM,
    confirm_token,
    export,
    header_index,
    save,
    upload,
)

pytestmark = pytest.mark.django_db


def test_new_readings_in_the_indicators_sheet_come_back(people, condition, mission):
    editor = people["strategy_editor"]
    deaths = add_indicator(condition, editor)
    courts = add_indicator(
        condition,
        editor,
        name="Courts sitting in the plateau's prefectures",
        unit="",
        scale=["None", "Some", "Most", "All"],
        baseline=Decimal(1),
        threshold=Decimal(3),
        direction="at_least",
    )
    reading_add(
        indicator=deaths, value=Decimal(64), read_on=mission.today() - timedelta(days=90), by=editor
    )
    client = client_for(editor)
    book = load_workbook(io.BytesIO(export(client)))
    ws = book["Benchmark indicators"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    latest = header_index(ws, "Latest reading")
    assert ws.cell(row=rows[deaths.pk], column=latest).value == "64 deaths"
    assert ws.cell(row=rows[deaths.pk], column=header_index(ws, "Threshold")).value == "≤ 20 deaths"
    assert ws.cell(row=rows[courts.pk], column=header_index(ws, "Unit or scale")).value == (
        "None < Some < Most < All"
    )
    new, new_on = header_index(ws, "New reading"), header_index(ws, "New reading measured on")
    yesterday = mission.today() - timedelta(days=1)
    ws.cell(row=rows[deaths.pk], column=new).value = 17
    ws.cell(row=rows[deaths.pk], column=new_on).value = yesterday
    ws.cell(row=rows[courts.pk], column=new).value = "several"

    html = upload(client, save(book)).content.decode()
    assert re.search(
        rf"<td>Benchmark indicators</td><td>{rows[courts.pk]}</td><td>“several” is not a step "
        r"of the scale; write one of: None, Some, Most, All",
        html,
    )
    assert not confirm_token(html)
    assert IndicatorReading.objects.count() == 1

    ws.cell(row=rows[courts.pk], column=new).value = "Most"
    html = upload(client, save(book)).content.decode()
    assert "2 changes" in html and "17 deaths" in html
    assert client.post(CONFIRM, {"changes": confirm_token(html)}).status_code == 302

    added = IndicatorReading.objects.filter(read_on__gte=yesterday).order_by("indicator")
    assert [(r.indicator_id, r.value) for r in added] == [
        (deaths.pk, Decimal(17)),
        (courts.pk, Decimal(3)),
    ]
    condition.refresh_from_db()
    assert condition.status == "met"

    # In French too, each sheet has its own name, so the import tells them apart.
    french = load_workbook(io.BytesIO(export(client, "fr"))).sheetnames
    assert len(set(french)) == len(french)
    assert "Indicateurs de référence" in french

    # The same file again adds nothing: those readings are recorded.
    html = upload(client, save(book)).content.decode()
    assert not confirm_token(html)
    assert IndicatorReading.objects.count() == 3
