"""The contribution matrix: components x active objectives, read and written cell by cell.

A component with no contribution and an objective nobody contributes to are findings
(``strategies.findings``); the matrix flags them with the same definitions, so the grid and
the findings panel never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from missions.models import Component, Mission
from missions.policy import Action, can
from strategies.models import Contribution, Objective

if TYPE_CHECKING:
    from missions.policy import User

# The form's third choice besides Contribution.Role: no contribution, so the row is deleted.
NO_ROLE = "none"


@dataclass
class Cell:
    component: Component
    objective: Objective
    contribution: Contribution | None
    can_edit: bool

    @property
    def dom_id(self) -> str:
        return f"cell-{self.component.pk}-{self.objective.pk}"


@dataclass
class Row:
    component: Component
    total: int
    contributes_to_nothing: bool
    can_edit: bool
    cells: list[Cell] = field(default_factory=list)

    @property
    def total_id(self) -> str:
        return f"row-total-{self.component.pk}"


@dataclass
class Column:
    objective: Objective
    total: int

    @property
    def has_no_contributor(self) -> bool:
        return self.total == 0

    @property
    def total_id(self) -> str:
        return f"column-total-{self.objective.pk}"


@dataclass
class Matrix:
    mission: Mission
    rows: list[Row]
    columns: list[Column]
    total: int
    editable_rows: int


def matrix_objectives(mission: Mission) -> QuerySet[Objective]:
    """The columns: the mission's active objectives, as the findings count them."""
    return Objective.objects.filter(mission=mission, status=Objective.Status.ACTIVE).order_by(
        "code"
    )


def matrix_components(mission: Mission) -> QuerySet[Component]:
    return Component.objects.filter(mission=mission).select_related("lead").order_by("kind", "name")


def matrix(mission: Mission, *, user: User | None = None) -> Matrix:
    """The whole grid in three queries (components, objectives, contributions) at any size.

    ``user`` decides which rows show edit buttons; without one, nothing is editable.
    """
    components = list(matrix_components(mission))
    objectives = list(matrix_objectives(mission))
    contributions = Contribution.objects.filter(component__mission=mission).only(
        "pk", "revision", "component_id", "objective_id", "role", "narrative"
    )
    by_cell: dict[tuple[int, int], Contribution] = {}
    contributing: set[int] = set()
    for contribution in contributions:
        by_cell[(contribution.component_id, contribution.objective_id)] = contribution
        contributing.add(contribution.component_id)

    columns = [Column(o, sum(1 for c in components if (c.pk, o.pk) in by_cell)) for o in objectives]
    rows = []
    for component in components:
        editable = user is not None and can(user, Action.EDIT_CONTRIBUTION, mission, component)
        cells = [
            Cell(component, o, by_cell.get((component.pk, o.pk)), editable) for o in objectives
        ]
        rows.append(
            Row(
                component=component,
                total=sum(1 for cell in cells if cell.contribution),
                contributes_to_nothing=component.pk not in contributing,
                can_edit=editable,
                cells=cells,
            )
        )
    return Matrix(
        mission=mission,
        rows=rows,
        columns=columns,
        total=sum(row.total for row in rows),
        editable_rows=sum(1 for row in rows if row.can_edit),
    )


def matrix_cell(*, component: Component, objective: Objective, user: User) -> Cell:
    """One cell, for the in-place editor and the display it returns to."""
    contribution = Contribution.objects.filter(component=component, objective=objective).first()
    editable = can(user, Action.EDIT_CONTRIBUTION, component.mission_id, component)
    return Cell(component, objective, contribution, editable)


@dataclass
class Margins:
    """The totals around one cell, refreshed (out of band) after an in-place save."""

    row: Row
    column: Column
    total: int


def matrix_margins(*, component: Component, objective: Objective) -> Margins:
    """Row and column totals and flags around one cell, plus the grand total (3 queries)."""
    statuses = list(
        Contribution.objects.filter(component=component).values_list("objective__status", flat=True)
    )
    row = Row(
        component=component,
        total=statuses.count(Objective.Status.ACTIVE),
        contributes_to_nothing=not statuses,
        can_edit=False,
    )
    in_mission = Contribution.objects.filter(component__mission_id=component.mission_id)
    column = Column(objective, in_mission.filter(objective=objective).count())
    total = in_mission.filter(objective__status=Objective.Status.ACTIVE).count()
    return Margins(row, column, total)
