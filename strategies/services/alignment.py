"""Aligning a mandated task to the objectives it serves. The reads are in
``strategies.selectors.alignment``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.concurrency import save_revision
from mandates.models import MandatedTask
from missions.policy import Action, can
from strategies.models import Objective, TaskAlignment

if TYPE_CHECKING:
    from missions.policy import User


@transaction.atomic
def task_align(
    *,
    task: MandatedTask,
    objectives: Iterable[Objective],
    is_strategic_priority: bool,
    phase: int | None,
    expected_revision: int,
    by: User,
    is_procedural: bool | None = None,
) -> MandatedTask:
    """Set a task's priority and phase and replace the objectives it is aligned to; with
    ``is_procedural`` (None: unchanged) also whether it is procedural, which serves no objective.

    The task's revision guards the whole change, alignment set included: it is bumped on
    every save, so a concurrent edit of either raises ``StaleEdit`` and nothing is written.
    """
    mission_id = task.mandate.mission_id
    if not can(by, Action.EDIT_STRATEGY, mission_id):
        raise PermissionDenied
    if phase is not None and not 1 <= phase <= 9:
        raise ValueError("The phase is a number from 1 to 9.")
    wanted = {o.pk: o for o in objectives}
    if any(o.mission_id != mission_id for o in wanted.values()):
        raise ValueError("A task can only be aligned to objectives of its own mission.")
    if is_procedural is not None:
        task.is_procedural = is_procedural
    if task.is_procedural and wanted:
        raise ValueError("A procedural paragraph is aligned to no objective.")
    task.is_strategic_priority = is_strategic_priority
    task.phase = phase
    task.review_reason = ""  # an editor has now looked at the renewal's change
    save_revision(
        task,
        expected=expected_revision,
        fields=["is_strategic_priority", "is_procedural", "phase", "review_reason"],
    )

    existing = set(TaskAlignment.objects.filter(task=task).values_list("objective_id", flat=True))
    TaskAlignment.objects.filter(task=task, objective_id__in=existing - wanted.keys()).delete()
    TaskAlignment.objects.bulk_create(
        TaskAlignment(task=task, objective_id=pk) for pk in wanted.keys() - existing
    )
    return task
