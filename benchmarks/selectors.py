"""Reading a benchmark for its page: the exit condition, each indicator with its readings
(oldest first), whether its latest reading meets the threshold, its trend and chart, and the
status the readings give beside any override. A fixed number of queries whatever the number
of indicators and readings; the default managers keep out what the reader may not read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarks.models import Indicator, IndicatorReading, Measured, StatusOverride
from benchmarks.rules import is_met, progress, status_from, trend
from core.charts import Point, line_chart
from strategies.models import ExitCondition, ExitConditionStatus

TREND_LABELS = {
    "better": gettext_lazy("improving"),
    "worse": gettext_lazy("worsening"),
    "steady": gettext_lazy("steady"),
    "mixed": gettext_lazy("mixed"),
}


@dataclass
class SeriesRow:
    """A measure with its readings, oldest first: what its page, a review and a brief show."""

    measure: Measured
    readings: list[Any]

    @property
    def latest(self) -> Any:
        return self.readings[-1] if self.readings else None

    @property
    def latest_value(self) -> Decimal | None:
        return self.latest.value if self.latest else None

    @property
    def met(self) -> bool:
        return is_met(self.measure, self.latest_value)

    @property
    def latest_shown(self) -> str:
        return self.measure.shown(self.latest_value)

    @property
    def goal_shown(self) -> str:
        return self.measure.shown(self.measure.goal)

    @property
    def baseline_shown(self) -> str:
        return self.measure.shown(self.measure.baseline)

    @property
    def table(self) -> list[tuple[Any, str]]:
        """Newest first, each value as people read it."""
        return [(r, self.measure.shown(r.value)) for r in reversed(self.readings)]

    @property
    def trend(self) -> str | None:
        return trend([r.value for r in self.readings], self.measure)

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS.get(self.trend or "", ""))

    @property
    def progress_percent(self) -> int | None:
        share = progress(self.measure, self.latest_value)
        return None if share is None else round(share * 100)

    def goal_label(self) -> str:
        return _("met: %(value)s") % {"value": self.goal_shown}

    @property
    def chart(self) -> SafeString:
        measure = self.measure
        return line_chart(
            [Point(r.read_on, r.value, measure.shown(r.value)) for r in self.readings],
            threshold=measure.goal,
            threshold_label=self.goal_label(),
            steps=len(measure.scale) or None,
        )


@dataclass
class IndicatorRow(SeriesRow):
    @property
    def indicator(self) -> Indicator:
        return self.measure  # type: ignore[return-value]

    @property
    def threshold_shown(self) -> str:
        return self.goal_shown

    @property
    def dom_id(self) -> str:
        return f"indicator-{self.measure.pk}"


@dataclass
class Benchmark:
    condition: ExitCondition
    rows: list[IndicatorRow]
    override: StatusOverride | None

    @property
    def met_count(self) -> int:
        return sum(row.met for row in self.rows)

    @property
    def from_readings(self) -> str | None:
        return status_from([(row.indicator, row.latest_value) for row in self.rows])

    @property
    def from_readings_label(self) -> str:
        found = self.from_readings
        return str(ExitConditionStatus(found).label) if found else ""

    @property
    def trend(self) -> str | None:
        """The benchmark's direction: better if any indicator improved and none worsened."""
        trends = {row.trend for row in self.rows} - {None}
        if not trends:
            return None
        if "worse" in trends:
            return "worse" if "better" not in trends else "mixed"
        return "better" if "better" in trends else "steady"

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS.get(self.trend or "", ""))


def _indicators(conditions: Iterable[ExitCondition]) -> dict[int, list[IndicatorRow]]:
    found: dict[int, list[IndicatorRow]] = {}
    indicators = (
        Indicator.objects.filter(exit_condition__in=[c.pk for c in conditions])
        .prefetch_related(
            Prefetch(
                "readings",
                queryset=IndicatorReading.objects.select_related("entered_by", "review").order_by(
                    "read_on", "pk"
                ),
                to_attr="series",
            )
        )
        .order_by("pk")
    )
    for indicator in indicators:
        found.setdefault(indicator.exit_condition_id, []).append(
            IndicatorRow(indicator, indicator.series)
        )
    return found


def benchmarks_for(conditions: list[ExitCondition]) -> dict[int, Benchmark]:
    """Each condition's benchmark (three queries for any number of conditions)."""
    rows = _indicators(conditions)
    overrides = {
        o.exit_condition_id: o
        for o in StatusOverride.objects.filter(
            exit_condition__in=[c.pk for c in conditions]
        ).select_related("set_by")
    }
    return {c.pk: Benchmark(c, rows.get(c.pk, []), overrides.get(c.pk)) for c in conditions}


def benchmark_of(condition: ExitCondition) -> Benchmark:
    return benchmarks_for([condition])[condition.pk]
