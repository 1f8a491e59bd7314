"""Carrying a strategy's task alignments over to a renewed mandate's matching tasks.
The reads are in ``strategies.selectors.carry_over``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mandates.models import Mandate, MandatedTask
from missions.policy import Action, can
from strategies.models import TaskAlignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
from strategies.selectors.carry_over import alignments_to_carry, mandate_diff, phases_to_carry


@transaction.atomic
def alignments_carry_over(*, old: Mandate, new: Mandate, by: AbstractBaseUser) -> int:
    """Align each task of ``new`` to the objectives its matched task in ``old`` served.

    Only adds (an alignment the editor removed on the new task since comes back, which is why
    the page shows the count first); run again, it adds nothing. Unchanged and reworded tasks
    carry over alike: a material rewording is listed for review on the diff page instead.
    A matched task with no phase takes its old task's phase with the alignments (the import
    gives it already; this fills mandates imported before it did). A procedural task takes
    neither. Returns the number of alignments added.
    """
    if not can(by, Action.EDIT_STRATEGY, new.mission_id):
        raise PermissionDenied
    if old.mission_id != new.mission_id:
        raise ValidationError(_("Both mandates must be of the same mission."))
    diff = mandate_diff(old, new)
    wanted = alignments_to_carry(diff)
    for task_id, phase in phases_to_carry(diff):
        # Only where no phase was set meanwhile; the revision moves so open forms see it.
        MandatedTask.objects.filter(pk=task_id, phase__isnull=True).update(
            phase=phase, revision=F("revision") + 1
        )
    # Someone carrying over at the same moment adds the same rows: the constraint keeps one.
    TaskAlignment.objects.bulk_create(
        [TaskAlignment(task_id=task_id, objective_id=pk) for task_id, pk in wanted],
        ignore_conflicts=True,
    )
    return len(wanted)
