"""Measured progress in the brief: each measured benchmark and marker as a chart with its
numbers in a table. Registered with briefs in ``BenchmarksConfig.ready``, so briefs does not
import this app; nothing above the brief's level is printed."""

from __future__ import annotations

from typing import Any

from benchmarks.marker_series import MarkerRow, marker_rows
from benchmarks.models import MarkerMeasure
from benchmarks.selectors import Benchmark, SeriesRow, benchmarks_for
from missions.models import Mission
from strategies.models import ProgressMarker
from strategies.selectors.exit_conditions import current_exit_conditions


def _within(rows: list[Any], level: int) -> list[Any]:
    kept = []
    for row in rows:
        if row.measure.classification > level:
            continue
        row.readings = [r for r in row.readings if r.classification <= level]
        kept.append(row)
    return kept


def _benchmarks(mission: Mission, level: int) -> list[Benchmark]:
    conditions = [c for c in current_exit_conditions(mission) if c.classification <= level]
    found = benchmarks_for(conditions)
    measured = []
    for condition in conditions:
        bench = found[condition.pk]
        bench.rows = _within(bench.rows, level)
        if bench.rows:
            measured.append(bench)
    return measured


def _markers(mission: Mission, level: int) -> list[SeriesRow]:
    markers = list(
        ProgressMarker.objects.filter(
            pk__in=MarkerMeasure.objects.filter(mission=mission).values("marker"),
            classification__lte=level,
            objective__classification__lte=level,
        )
        .select_related("objective")
        .order_by("objective__code", "pk")
    )
    rows = marker_rows(markers)
    found: list[MarkerRow] = _within([rows[m.pk] for m in markers if m.pk in rows], level)
    return found


def brief_part_context(mission: Mission, level: int) -> dict[str, Any]:
    return {
        "measured_benchmarks": _benchmarks(mission, level),
        "measured_markers": _markers(mission, level),
    }
