"""The benchmark page costs the same number of queries for 2 indicators of 3 readings as for
20 indicators of 30 readings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from benchmarks.models import IndicatorReading
from tests.benchmarks.conftest import add_indicator, client_for
from tests.factories import ExitConditionFactory
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db


def _benchmark(mission, editor, indicators: int, readings: int):
    condition = ExitConditionFactory(end_state=mission.current_end_state)
    for n in range(indicators):
        indicator = add_indicator(condition, editor, name=f"Indicator {n}")
        IndicatorReading.objects.bulk_create(
            IndicatorReading(
                mission=mission,
                indicator=indicator,
                value=Decimal(100 - r),
                read_on=date(2025, 1, 1) + timedelta(days=7 * r),
                entered_by=editor,
            )
            for r in range(readings)
        )
    return condition


def test_the_page_costs_the_same_whatever_the_indicators_and_readings(people, mission):
    editor = people["strategy_editor"]
    small = _benchmark(mission, editor, 2, 3)
    large = _benchmark(mission, editor, 20, 30)
    client = client_for(editor)
    page_queries(client, f"/missions/UNTEST/benchmarks/{small.pk}/")  # warm the per-process caches
    counts = [page_queries(client, f"/missions/UNTEST/benchmarks/{c.pk}/") for c in (small, large)]
    assert len(counts[0]) == len(counts[1]), counts
