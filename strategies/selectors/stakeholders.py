"""Stakeholders and their positions on the objectives: the reads behind the register, the
position matrix and a stakeholder's history, and the writes.

A position is a stance *as of a day*; recording one adds a row, so older rows are the history.
Reads use a fixed number of queries whatever the number of stakeholders or objectives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Max, Q

from core.grids import Span, span
from missions.classification import MARKING_FIELDS
from missions.models import Mission, Stakeholder
from strategies.models import Objective, StakeholderPosition
from strategies.selectors.findings import STALE_POSITION_DAYS

Stance = StakeholderPosition.Stance
STAKEHOLDER_FIELDS = ("name", "kind", "level", "influence", "notes", *MARKING_FIELDS)


def is_stale(as_of: date, today: date) -> bool:
    """The same cut-off as the stale-position finding."""
    return as_of < today - timedelta(days=STALE_POSITION_DAYS)


# Reads


def _positions_on_active_objectives(mission: Mission) -> models.QuerySet[StakeholderPosition]:
    return StakeholderPosition.objects.filter(
        stakeholder__mission=mission,
        objective__mission=mission,
        objective__status=Objective.Status.ACTIVE,
    )


def latest_positions(mission: Mission) -> models.QuerySet[StakeholderPosition]:
    """The latest position per stakeholder and active objective: one query (DISTINCT ON)."""
    return (
        _positions_on_active_objectives(mission)
        .order_by("stakeholder_id", "objective_id", "-as_of")
        .distinct("stakeholder_id", "objective_id")
    )


@dataclass
class StanceCount:
    stance: str
    label: str
    count: int


def stakeholder_register(mission: Mission, *, kind: str = "", level: str = "") -> list[Stakeholder]:
    """The mission's stakeholders, each with ``stances``: its latest stances counted by stance."""
    stakeholders = Stakeholder.objects.filter(mission=mission).order_by("name")
    if kind:
        stakeholders = stakeholders.filter(kind=kind)
    if level:
        stakeholders = stakeholders.filter(level=level)
    rows = list(stakeholders)
    counts: dict[int, Counter[str]] = {}
    positions = latest_positions(mission).filter(stakeholder__in=[s.pk for s in rows])
    for stakeholder_id, stance in positions.values_list("stakeholder_id", "stance"):
        counts.setdefault(stakeholder_id, Counter())[stance] += 1
    for stakeholder in rows:
        found = counts.get(stakeholder.pk, Counter())
        stakeholder.stances = [
            StanceCount(value, str(label), found[value])
            for value, label in Stance.choices
            if found[value]
        ]
        stakeholder.position_count = sum(found.values())
    return rows


@dataclass
class Cell:
    stakeholder: Stakeholder
    objective: Objective
    position: StakeholderPosition | None
    stale: bool


@dataclass
class MatrixRow:
    stakeholder: Stakeholder
    cells: list[Cell] = field(default_factory=list)


@dataclass
class PositionMatrix:
    objectives: list[Objective]  # the columns shown
    rows: list[MatrixRow]  # the rows shown
    stale_count: int  # in the whole matrix
    today: date
    row_span: Span
    column_span: Span


MATRIX_ROWS = 40
MATRIX_COLUMNS = 12


def position_matrix(
    mission: Mission,
    *,
    today: date,
    stakeholders: Q | None = None,
    objectives: Q | None = None,
    rows_from: int = 0,
    columns_from: int = 0,
) -> PositionMatrix:
    """Stakeholders x active objectives, each cell the latest position, a window at a time:
    ``MATRIX_ROWS`` stakeholders by ``MATRIX_COLUMNS`` objectives of those the filters keep.
    Five queries whatever the size."""
    objective_rows = Objective.objects.filter(mission=mission, status=Objective.Status.ACTIVE)
    if objectives is not None:
        objective_rows = objective_rows.filter(objectives).distinct()
    all_objectives = list(objective_rows.order_by("code"))
    column_span = span(
        columns_from, total=len(all_objectives), size=MATRIX_COLUMNS, param="columns"
    )
    shown_objectives = column_span.slice(all_objectives)
    stakeholder_rows = Stakeholder.objects.filter(mission=mission)
    if stakeholders is not None:
        stakeholder_rows = stakeholder_rows.filter(stakeholders)
    row_span = span(rows_from, total=stakeholder_rows.count(), size=MATRIX_ROWS, param="rows")
    shown = list(stakeholder_rows.order_by("name", "pk")[row_span.start : row_span.last])
    latest = {
        (p.stakeholder_id, p.objective_id): p
        for p in latest_positions(mission).filter(
            stakeholder__in=[s.pk for s in shown], objective__in=[o.pk for o in shown_objectives]
        )
    }
    rows = []
    for stakeholder in shown:
        row = MatrixRow(stakeholder)
        for objective in shown_objectives:
            position = latest.get((stakeholder.pk, objective.pk))
            stale = position is not None and is_stale(position.as_of, today)
            row.cells.append(Cell(stakeholder, objective, position, stale))
        rows.append(row)
    return PositionMatrix(
        shown_objectives,
        rows,
        stale_position_count(mission, today=today),
        today,
        row_span,
        column_span,
    )


def stale_position_count(mission: Mission, *, today: date) -> int:
    """Latest positions past the cut-off, counted by the database (one query)."""
    cutoff = today - timedelta(days=STALE_POSITION_DAYS)
    pairs = (
        _positions_on_active_objectives(mission)
        .values("stakeholder_id", "objective_id")
        .annotate(latest=Max("as_of"))
        .filter(latest__lt=cutoff)
    )
    return pairs.count()


def position_history(
    stakeholder: Stakeholder, objective: Objective, *, today: date
) -> tuple[Cell, list[StakeholderPosition]]:
    """One cell of the matrix and the pair's history, newest first."""
    history = list(
        StakeholderPosition.objects.filter(stakeholder=stakeholder, objective=objective).order_by(
            "-as_of"
        )
    )
    latest = history[0] if history else None
    stale = latest is not None and is_stale(latest.as_of, today)
    return Cell(stakeholder, objective, latest, stale), history


@dataclass
class HistoryEntry:
    position: StakeholderPosition
    shifted_from: str | None
    stale: bool


@dataclass
class ObjectiveHistory:
    objective: Objective
    entries: list[HistoryEntry]


@dataclass
class StakeholderHistory:
    tracked: list[ObjectiveHistory]
    untracked: list[Objective]


def stakeholder_history(stakeholder: Stakeholder, *, today: date) -> StakeholderHistory:
    """Per objective, the dated positions newest first, each saying what it shifted from."""
    positions = (
        StakeholderPosition.objects.filter(stakeholder=stakeholder)
        .select_related("objective")
        .order_by("objective__code", "-as_of")
    )
    by_objective: dict[int, ObjectiveHistory] = {}
    for position in positions:
        group = by_objective.setdefault(
            position.objective_id, ObjectiveHistory(position.objective, [])
        )
        group.entries.append(HistoryEntry(position, None, False))
    for group in by_objective.values():
        # Entries run newest first: each one's predecessor is the next in the list.
        for newer, older in zip(group.entries, group.entries[1:], strict=False):
            if newer.position.stance != older.position.stance:
                newer.shifted_from = older.position.get_stance_display()
        group.entries[0].stale = is_stale(group.entries[0].position.as_of, today)
    untracked = list(
        Objective.objects.filter(mission_id=stakeholder.mission_id, status=Objective.Status.ACTIVE)
        .exclude(pk__in=by_objective.keys())
        .order_by("code")
    )
    return StakeholderHistory(list(by_objective.values()), untracked)


# Writes
