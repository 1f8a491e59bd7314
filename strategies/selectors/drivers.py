"""Conflict analysis: the drivers of conflict by level, and the objectives that address them.

A driver no objective addresses is a finding (``strategies.findings.unaddressed_drivers``);
the page flags it from the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from missions.classification import MARKING_FIELDS
from missions.models import Level, Mission
from strategies.models import ConflictDriver, Objective

DRIVER_FIELDS = (
    "title",
    "level",
    "description",
    "leverage_points",
    "entry_points",
    *MARKING_FIELDS,
)


@dataclass
class DriverLevel:
    level: str
    label: str
    drivers: list[ConflictDriver] = field(default_factory=list)


@dataclass
class ConflictAnalysis:
    levels: list[DriverLevel]
    count: int
    unaddressed: int


def conflict_analysis(mission: Mission) -> ConflictAnalysis:
    """Drivers grouped by level, international first, each with ``addressed_by``: two queries."""
    drivers = ConflictDriver.objects.filter(mission=mission).prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("code"), to_attr="addressed_by")
    )
    groups = {value: DriverLevel(value, str(label)) for value, label in Level.choices}
    unaddressed = count = 0
    for driver in drivers.order_by("title"):
        groups[driver.level].drivers.append(driver)
        count += 1
        unaddressed += not driver.addressed_by
    return ConflictAnalysis(list(groups.values()), count, unaddressed)
