"""When a measure counts as reached, and what a benchmark's indicators say of its status:
plain functions of the values, shared by the pages, the services and the readiness summary.
An indicator reaches its threshold, a measured marker its target (``Measured.goal``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from benchmarks.models import Indicator, Measured, is_step

__all__ = ["is_met", "is_step", "progress", "status_from", "trend"]
from strategies.models import ExitConditionStatus


def is_met(measure: Measured, value: Decimal | None) -> bool:
    if value is None:
        return False
    return value >= measure.goal if measure.rising else value <= measure.goal


def status_from(indicators: Sequence[tuple[Indicator, Decimal | None]]) -> str | None:
    """Every indicator met: met; some: partly met; none: not met; no indicator: None (the
    status stays as people set it)."""
    if not indicators:
        return None
    met = sum(is_met(indicator, value) for indicator, value in indicators)
    if met == len(indicators):
        return ExitConditionStatus.MET
    return ExitConditionStatus.PARTLY_MET if met else ExitConditionStatus.NOT_MET


def progress(measure: Measured, value: Decimal | None) -> float | None:
    """How far from the baseline to the goal the value is, 0 to 1 (None without a baseline,
    or when the baseline already is the goal)."""
    if value is None or measure.baseline is None or measure.baseline == measure.goal:
        return None
    share = (value - measure.baseline) / (measure.goal - measure.baseline)
    return float(min(max(share, Decimal(0)), Decimal(1)))


def trend(values: Sequence[Decimal], measure: Measured) -> str | None:
    """'better', 'worse' or 'steady' between the last two readings, in the measure's
    direction; None with fewer than two."""
    if len(values) < 2:
        return None
    last, before = values[-1], values[-2]
    if last == before:
        return "steady"
    return "better" if (last > before) == measure.rising else "worse"
