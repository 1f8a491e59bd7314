"""Mandate alignment: each task of the current mandate, the objectives it serves, its sequencing.

A task aligned to no objective is a finding (``strategies.findings.unaligned_tasks``); this
screen is where it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from mandates.models import Mandate, MandatedTask
from missions.models import Mission
from missions.policy import Action, can
from strategies.models import Objective
from strategies.selectors.overview import current_mandate

if TYPE_CHECKING:
    from missions.policy import User

# Sub-paragraphs deeper than this are drawn at this depth: the indent must not eat the text.
MAX_DEPTH = 3


@dataclass
class TaskRow:
    task: MandatedTask
    depth: int
    objectives: list[Objective]
    can_edit: bool

    @property
    def is_unaligned(self) -> bool:
        """A task to align that serves no objective; a procedural paragraph is not one."""
        return not self.objectives and not self.task.is_procedural

    @property
    def dom_id(self) -> str:
        return f"task-{self.task.pk}"


@dataclass
class Summary:
    tasks: int
    priorities: int
    unaligned: int
    procedural: int = 0


@dataclass
class Alignment:
    mission: Mission
    mandate: Mandate | None
    rows: list[TaskRow]
    summary: Summary
    only_unaligned: bool
    can_edit: bool
    objectives: list[Objective] = field(default_factory=list)


def _aligned_objectives() -> Prefetch:
    return Prefetch("objectives", queryset=Objective.objects.order_by("code"), to_attr="aligned")


def alignable_objectives(mission: Mission) -> QuerySet[Objective]:
    """The objectives a task can be aligned to: the mission's active ones."""
    return Objective.objects.filter(mission=mission, status=Objective.Status.ACTIVE).order_by(
        "code"
    )


def _depths(parents: dict[int, int | None]) -> dict[int, int]:
    """Depth of each task in the paragraph tree, from ``{task id: parent id}``."""
    depths: dict[int, int] = {}
    for pk in parents:
        depth, seen, up = 0, {pk}, parents.get(pk)
        while up is not None and up not in seen and depth < MAX_DEPTH:
            depth, seen, up = depth + 1, seen | {up}, parents.get(up)
        depths[pk] = depth
    return depths


def _summary(rows: Iterable[TaskRow]) -> Summary:
    rows = list(rows)
    return Summary(
        tasks=len(rows),
        priorities=sum(1 for r in rows if r.task.is_strategic_priority),
        unaligned=sum(1 for r in rows if r.is_unaligned),
        procedural=sum(1 for r in rows if r.task.is_procedural),
    )


def mandate_alignment(
    mission: Mission, *, user: User | None = None, only_unaligned: bool = False
) -> Alignment:
    """The current mandate's tasks in document order, with their objectives: four queries."""
    mandate = current_mandate(mission)
    editable = user is not None and can(user, Action.EDIT_STRATEGY, mission)
    if mandate is None:
        return Alignment(mission, None, [], Summary(0, 0, 0), only_unaligned, editable)
    tasks = list(
        MandatedTask.objects.filter(mandate=mandate)
        .select_related("mandate")
        .prefetch_related(_aligned_objectives())
        .order_by("position", "pk")
    )
    depths = _depths({t.pk: t.parent_id for t in tasks})
    rows = [TaskRow(t, depths[t.pk], t.aligned, editable) for t in tasks]
    summary = _summary(rows)
    if only_unaligned:
        rows = [r for r in rows if r.is_unaligned]
    return Alignment(
        mission=mission,
        mandate=mandate,
        rows=rows,
        summary=summary,
        only_unaligned=only_unaligned,
        can_edit=editable,
        objectives=list(alignable_objectives(mission)) if editable else [],
    )


def task_row(*, task: MandatedTask, user: User) -> TaskRow:
    """One task as the page shows it, for the in-place editor and the display it returns to."""
    task = (
        MandatedTask.objects.filter(pk=task.pk)
        .select_related("mandate")
        .prefetch_related(_aligned_objectives())
        .get()
    )
    parents = dict(
        MandatedTask.objects.filter(mandate_id=task.mandate_id).values_list("pk", "parent_id")
    )
    editable = can(user, Action.EDIT_STRATEGY, task.mandate.mission_id)
    return TaskRow(task, _depths(parents)[task.pk], task.aligned, editable)


def alignment_summary(mandate: Mandate) -> Summary:
    """The counts at the top of the page, refreshed (out of band) after an in-place save."""
    tasks = MandatedTask.objects.filter(mandate=mandate).prefetch_related(_aligned_objectives())
    return _summary(TaskRow(t, 0, t.aligned, False) for t in tasks)
