"""The strategy's rows, scoped to the missions the user may see (``visible_to``)."""

from __future__ import annotations

from missions.querysets import ScopedQuerySet


class ObjectiveQuerySet(ScopedQuerySet):
    pass


class ExitConditionQuerySet(ScopedQuerySet):
    mission_path = "end_state__mission"


class ObjectivePartQuerySet(ScopedQuerySet):
    """Assumptions, risks, markers, alignments and stakeholder positions: an objective's."""

    mission_path = "objective__mission"


class ContributionQuerySet(ScopedQuerySet):
    mission_path = "objective__mission"
    component_path = "component"


class DriverObjectiveQuerySet(ScopedQuerySet):
    mission_path = "driver__mission"


class MissionRowQuerySet(ScopedQuerySet):
    """Conflict drivers, versions, comments: rows with their own mission column."""
