"""A mandate renewal against the previous mandate, and the strategy's alignments carried over.

The matching itself is ``mandates.renewal`` (pure); here the tasks are read with the objectives
they are aligned to, so the page, the API and the carry-over share one diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.models import Mandate, MandatedTask
from mandates.renewal import Diff, match_tasks
from missions.policy import Action, can
from strategies.models import TaskAlignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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
            "pk", "mandate_id", "parent_id", "reference", "text", "is_strategic_priority", "phase"
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
                objectives=tuple(aligned.get(row["pk"], ())),
            )
        )
    return items


def mandate_diff(old: Mandate, new: Mandate) -> Diff[TaskItem]:
    """What ``new`` changed against ``old``: tasks matched by wording (see mandates.renewal)."""
    items = _task_items([old, new])
    return match_tasks(items[old.pk], items[new.pk])


def alignments_to_carry(diff: Diff[TaskItem]) -> list[tuple[int, int]]:
    """(new task id, objective id) for each alignment of a matched old task that its
    counterpart lacks: what a carry-over would add."""
    return [
        (pair.new.pk, objective_id)
        for pair in diff.pairs
        for objective_id in sorted(pair.old.objective_ids - pair.new.objective_ids)
    ]


@transaction.atomic
def alignments_carry_over(*, old: Mandate, new: Mandate, by: AbstractBaseUser) -> int:
    """Align each task of ``new`` to the objectives its matched task in ``old`` served.

    Only adds (an alignment the editor removed on the new task since comes back, which is why
    the page shows the count first); run again, it adds nothing. Unchanged and reworded tasks
    carry over alike: a material rewording is listed for review on the diff page instead.
    Returns the number of alignments added.
    """
    if not can(by, Action.EDIT_STRATEGY, new.mission_id):
        raise PermissionDenied
    if old.mission_id != new.mission_id:
        raise ValidationError(_("Both mandates must be of the same mission."))
    wanted = alignments_to_carry(mandate_diff(old, new))
    # Someone carrying over at the same moment adds the same rows: the constraint keeps one.
    TaskAlignment.objects.bulk_create(
        [TaskAlignment(task_id=task_id, objective_id=pk) for task_id, pk in wanted],
        ignore_conflicts=True,
    )
    return len(wanted)
