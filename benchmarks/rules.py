"""When an indicator counts as met, and what its indicators say of a benchmark's status:
plain functions of the values, shared by the page, the services and the readiness summary."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from benchmarks.models import Direction, Indicator
from strategies.models import ExitConditionStatus


def is_step(value: Decimal, scale: Sequence[str]) -> bool:
    """A step number of ``scale``: a whole number from 1 (the lowest) to its length."""
    return value == value.to_integral_value() and 1 <= value <= len(scale)


def is_met(indicator: Indicator, value: Decimal | None) -> bool:
    if value is None:
        return False
    if indicator.direction == Direction.AT_MOST:
        return value <= indicator.threshold
    return value >= indicator.threshold


def status_from(indicators: Sequence[tuple[Indicator, Decimal | None]]) -> str | None:
    """Every indicator met: met; some: partly met; none: not met; no indicator: None (the
    status stays as people set it)."""
    if not indicators:
        return None
    met = sum(is_met(indicator, value) for indicator, value in indicators)
    if met == len(indicators):
        return ExitConditionStatus.MET
    return ExitConditionStatus.PARTLY_MET if met else ExitConditionStatus.NOT_MET


def progress(indicator: Indicator, value: Decimal | None) -> float | None:
    """How far from the baseline to the threshold the value is, 0 to 1 (None without a
    baseline, or when the baseline already meets it)."""
    if value is None or indicator.baseline is None or indicator.baseline == indicator.threshold:
        return None
    share = (value - indicator.baseline) / (indicator.threshold - indicator.baseline)
    return float(min(max(share, Decimal(0)), Decimal(1)))


def trend(values: Sequence[Decimal], indicator: Indicator) -> str | None:
    """'better', 'worse' or 'steady' between the last two readings, in the indicator's
    direction; None with fewer than two."""
    if len(values) < 2:
        return None
    last, before = values[-1], values[-2]
    if last == before:
        return "steady"
    rising = last > before
    return "better" if rising == (indicator.direction == Direction.AT_LEAST) else "worse"
