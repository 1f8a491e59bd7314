"""A mandate renewal against the previous mandate, and the strategy's alignments carried over.

The matching itself is ``mandates.matching`` (pure); here the tasks are read with the objectives
they are aligned to, so the page, the API and the carry-over share one diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mandates.matching import Diff, match_tasks
from mandates.models import Mandate, MandatedTask
from strategies.models import TaskAlignment

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class TaskItem:
    """A mandated task as the diff needs it, with the objectives it serves (by code)."""

    pk: int
    mandate_id: int
    reference: str
    text: str
    parent_reference: str | None
    is_strategic_priority: bool
    phase: int | None
    is_procedural: bool
    objectives: tuple[tuple[int, str], ...]  # (objective id, code), by code

    @property
    def objective_ids(self) -> set[int]:
        return {pk for pk, _code in self.objectives}

    @property
    def objective_codes(self) -> list[str]:
        return [code for _pk, code in self.objectives]


def _task_items(mandates: list[Mandate]) -> dict[int, list[TaskItem]]:
    """Each mandate's tasks in document order: two queries for any number of mandates."""
    rows = list(
        MandatedTask.objects.filter(mandate__in=mandates)
        .order_by("mandate_id", "position", "pk")
        .values(
            "pk",
            "mandate_id",
            "parent_id",
            "reference",
            "text",
            "is_strategic_priority",
            "phase",
            "is_procedural",
        )
    )
    aligned: dict[int, list[tuple[int, str]]] = {}
    for task_id, objective_id, code in (
        TaskAlignment.objects.filter(task__mandate__in=mandates)
        .order_by("objective__code", "objective_id")
        .values_list("task_id", "objective_id", "objective__code")
    ):
        aligned.setdefault(task_id, []).append((objective_id, code))
    references = {row["pk"]: row["reference"] for row in rows}
    items: dict[int, list[TaskItem]] = {m.pk: [] for m in mandates}
    for row in rows:
        items[row["mandate_id"]].append(
            TaskItem(
                pk=row["pk"],
                mandate_id=row["mandate_id"],
                reference=row["reference"],
                text=row["text"],
                parent_reference=references.get(row["parent_id"]),
                is_strategic_priority=row["is_strategic_priority"],
                phase=row["phase"],
                is_procedural=row["is_procedural"],
                objectives=tuple(aligned.get(row["pk"], ())),
            )
        )
    return items


def mandate_diff(old: Mandate, new: Mandate) -> Diff[TaskItem]:
    """What ``new`` changed against ``old``: tasks matched by wording (see mandates.matching)."""
    items = _task_items([old, new])
    return match_tasks(items[old.pk], items[new.pk])


def alignments_to_carry(diff: Diff[TaskItem]) -> list[tuple[int, int]]:
    """(new task id, objective id) for each alignment of a matched old task that its
    counterpart lacks: what a carry-over would add. A procedural task is aligned to nothing."""
    return [
        (pair.new.pk, objective_id)
        for pair in diff.pairs
        if not pair.new.is_procedural
        for objective_id in sorted(pair.old.objective_ids - pair.new.objective_ids)
    ]


def phases_to_carry(diff: Diff[TaskItem]) -> list[tuple[int, int]]:
    """(new task id, phase) for each matched task with no phase whose old task had one: the
    sequencing carried over with the alignments."""
    return [
        (pair.new.pk, pair.old.phase)
        for pair in diff.pairs
        if pair.old.phase is not None and pair.new.phase is None and not pair.new.is_procedural
    ]
