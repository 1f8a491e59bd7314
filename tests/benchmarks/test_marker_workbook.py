"""A measured marker through the strategy workbook: its cell is read as a value (a number,
with or without the unit; on a scale a step's name), refused on its row when it is neither,
and once confirmed it joins the marker's series."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from benchmarks.marker_services import measure_set
from benchmarks.models import MarkerValue
from strategies.models import ProgressMarker
from tests.benchmarks.conftest import client_for
from tests.briefs.data import build_strategy
from tests.workbooks.test_workbook import (
    CONFIRM,
    confirm_token,
    export,
    header_index,
    save,
    upload,
)

pytestmark = pytest.mark.django_db


def test_a_measured_markers_cell_comes_back_as_a_value_in_its_series(people, mission):
    build_strategy(mission, size=2)
    editor = people["strategy_editor"]
    counted, scaled = ProgressMarker.objects.filter(objective__mission=mission).order_by("pk")[:2]
    measure_set(
        marker=counted,
        values={"unit": "prefectures", "target": Decimal(12)},
        expected_revision=None,
        by=editor,
    )
    measure_set(
        marker=scaled,
        values={"scale": ["None", "Some", "Most", "All"], "target": Decimal(4)},
        expected_revision=None,
        by=editor,
    )
    client = client_for(editor)
    book = load_workbook(io.BytesIO(export(client)))
    ws = book["Markers"]
    reading, read_on = header_index(ws, "Latest reading"), header_index(ws, "Read on")
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    yesterday = mission.today() - timedelta(days=1)
    ws.cell(row=rows[counted.pk], column=reading).value = "nine"
    ws.cell(row=rows[counted.pk], column=read_on).value = yesterday
    ws.cell(row=rows[scaled.pk], column=reading).value = "most"
    ws.cell(row=rows[scaled.pk], column=read_on).value = yesterday

    html = upload(client, save(book)).content.decode()
    assert re.search(
        rf"<td>Markers</td><td>{rows[counted.pk]}</td><td>“nine” is not a number; "
        r"this is measured in numbers \(prefectures\)",
        html,
    )
    assert not confirm_token(html)

    ws.cell(row=rows[counted.pk], column=reading).value = "9 prefectures"
    html = upload(client, save(book)).content.decode()
    assert "2 changes" in html
    assert not MarkerValue.objects.exists()
    assert client.post(CONFIRM, {"changes": confirm_token(html)}).status_code == 302

    values = {v.marker_id: v for v in MarkerValue.objects.all()}
    assert values[counted.pk].value == 9 and values[counted.pk].read_on == yesterday
    assert values[scaled.pk].value == 3
    counted.refresh_from_db()
    scaled.refresh_from_db()
    assert (counted.latest_reading, scaled.latest_reading) == ("9 prefectures", "Most")
