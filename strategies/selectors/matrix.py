"""The contribution matrix: components x active objectives, read and written cell by cell.

A component with no contribution and an objective nobody contributes to are findings
(``strategies.findings``); the matrix flags them with the same definitions, so the grid and
the findings panel never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from core.grids import Span, span
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
    rows: list[Row]  # the components shown
    columns: list[Column]  # the objectives shown
    total: int  # contributions to active objectives, in the whole matrix
    editable_rows: int
    row_span: Span
    column_span: Span


MATRIX_ROWS = 40
MATRIX_COLUMNS = 12


def matrix_objectives(mission: Mission) -> QuerySet[Objective]:
    """The columns: the mission's active objectives, as the findings count them."""
    return Objective.objects.filter(mission=mission, status=Objective.Status.ACTIVE).order_by(
        "code"
    )


def matrix_components(mission: Mission) -> QuerySet[Component]:
    return Component.objects.filter(mission=mission).select_related("lead").order_by("kind", "name")


def matrix(
    mission: Mission,
    *,
    user: User | None = None,
    components: Q | None = None,
    objectives: Q | None = None,
    rows_from: int = 0,
    columns_from: int = 0,
) -> Matrix:
    """A window of the grid: ``MATRIX_ROWS`` components by ``MATRIX_COLUMNS`` objectives of
    those the filters keep, with totals and flags counted over the whole matrix. Six queries
    at any size.

    ``user`` decides which rows show edit buttons; without one, nothing is editable.
    """
    component_rows = matrix_components(mission)
    if components is not None:
        component_rows = component_rows.filter(components)
    all_components = list(component_rows)
    objective_rows = matrix_objectives(mission)
    if objectives is not None:
        objective_rows = objective_rows.filter(objectives).distinct()
    all_objectives = list(objective_rows)
    row_span = span(rows_from, total=len(all_components), size=MATRIX_ROWS, param="rows")
    column_span = span(
        columns_from, total=len(all_objectives), size=MATRIX_COLUMNS, param="columns"
    )
    shown_components = row_span.slice(all_components)
    shown_objectives = column_span.slice(all_objectives)

    in_mission = Contribution.objects.filter(component__mission=mission)
    active = in_mission.filter(objective__status=Objective.Status.ACTIVE)
    row_totals = dict(active.values_list("component_id").annotate(n=Count("pk")).order_by())
    column_totals = dict(in_mission.values_list("objective_id").annotate(n=Count("pk")).order_by())
    contributing = set(in_mission.order_by().values_list("component_id", flat=True).distinct())
    by_cell = {
        (c.component_id, c.objective_id): c
        for c in in_mission.filter(
            component__in=[c.pk for c in shown_components],
            objective__in=[o.pk for o in shown_objectives],
        ).only("pk", "revision", "component_id", "objective_id", "role", "narrative")
    }

    columns = [Column(o, column_totals.get(o.pk, 0)) for o in shown_objectives]
    editable = {
        c.pk
        for c in all_components
        if user is not None and can(user, Action.EDIT_CONTRIBUTION, mission, c)
    }
    rows = [
        Row(
            component=component,
            total=row_totals.get(component.pk, 0),
            contributes_to_nothing=component.pk not in contributing,
            can_edit=component.pk in editable,
            cells=[
                Cell(component, o, by_cell.get((component.pk, o.pk)), component.pk in editable)
                for o in shown_objectives
            ],
        )
        for component in shown_components
    ]
    return Matrix(
        mission=mission,
        rows=rows,
        columns=columns,
        total=sum(row_totals.values()),
        editable_rows=len(editable),
        row_span=row_span,
        column_span=column_span,
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
