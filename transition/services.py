"""Writing the handover plan: one handover per mandated task, saved or deleted at the revision
the editor read, and carried over to a renewed mandate's matching tasks. The reads are in
``transition.selectors``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, save_revision
from mandates.models import Mandate, MandatedTask
from missions.classification import MARKING_FIELDS
from missions.need_to_know import refuse_lowering
from missions.policy import Action, can
from strategies.models import ExitCondition
from strategies.selectors.carry_over import mandate_diff
from transition.models import Handover
from transition.rules import handover_errors

FIELDS = (
    "receiver_kind",
    "receiver",
    "phase",
    "target_date",
    "status",
    "handed_over_on",
    "depends_on",
    "notes",
)


def _require_edit(by: AbstractBaseUser, mission_id: int) -> None:
    """Services re-check the policy: a view is not the only way in."""
    if not can(by, Action.EDIT_STRATEGY, mission_id):
        raise PermissionDenied


def _checked(task: MandatedTask, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values to write, normalised, or ValidationError naming the fields at fault."""
    clean = {name: values.get(name) for name in FIELDS}
    clean["receiver"] = " ".join((clean["receiver"] or "").split())
    clean["notes"] = (clean["notes"] or "").strip()
    if clean["receiver_kind"] == Handover.Kind.ENDS:
        clean["receiver"] = ""
    mission = task.mandate.mission
    errors = handover_errors(clean, today=mission.today())
    benchmark = clean["depends_on"]
    if benchmark is not None:
        if isinstance(benchmark, int):  # kept as it was, perhaps above this editor's level
            benchmark = ExitCondition._base_manager.filter(pk=benchmark).first()
        if benchmark is None or benchmark.end_state.mission_id != mission.pk:
            errors["depends_on"] = _("Choose a benchmark of this mission.")
        clean["depends_on"] = benchmark
    if errors:
        raise ValidationError(errors)
    return clean


def _marking(values: Mapping[str, Any]) -> dict[str, Any]:
    """The level and need-to-know list ``values`` set (a caller that gives none keeps them)."""
    given = {name: values[name] for name in MARKING_FIELDS if values.get(name) is not None}
    if "named_readers" in given:
        given["named_readers"] = sorted(set(given["named_readers"]))
    return given


@transaction.atomic
def handover_save(
    *,
    task: MandatedTask,
    values: Mapping[str, Any],
    expected_revision: int | None,
    by: AbstractBaseUser,
) -> Handover:
    """Add the task's handover (``expected_revision`` None) or change it at the revision read.

    Adding when someone added one meanwhile is a conflict (``StaleEdit`` with theirs), never a
    silent overwrite; so is changing one someone changed or deleted meanwhile. A new handover
    starts at the mission's level unless ``values`` gives one; lowering one needs the head of
    mission.
    """
    _require_edit(by, task.mandate.mission_id)
    clean = _checked(task, values)
    marking = _marking(values)
    existing = Handover.objects.filter(task=task).first()
    if expected_revision is None:
        if existing is not None:
            raise StaleEdit(existing)
        if Handover._base_manager.filter(task=task).exists():
            # Above this editor's level: the task is taken all the same, as an objective's
            # code is, but nothing of the handover is shown.
            raise ValidationError(
                {"task": ValidationError(_("This task already has a handover."), code="taken")}
            )
        marking.setdefault("classification", task.mandate.mission.default_classification)
        handover = Handover(
            mission_id=task.mandate.mission_id, task=task, updated_by=by, **clean, **marking
        )
        try:
            with transaction.atomic():
                handover.save()
        except IntegrityError:  # added by someone else a moment ago
            raise StaleEdit(Handover.objects.filter(task=task).first()) from None
        return handover
    if existing is None:
        raise StaleEdit(None)
    if "classification" in marking:
        refuse_lowering(existing, marking["classification"])
    for name, value in {**clean, **marking}.items():
        setattr(existing, name, value)
    existing.updated_by = by
    existing.updated_at = timezone.now()  # auto_now does not run on the conditional UPDATE
    return save_revision(
        existing,
        expected=expected_revision,
        fields=[*FIELDS, *marking, "updated_by", "updated_at"],
    )


@transaction.atomic
def handover_delete(*, handover: Handover, expected_revision: int, by: AbstractBaseUser) -> None:
    """Delete only if nobody changed it since it was read (else ``StaleEdit``)."""
    _require_edit(by, handover.mission_id)
    deleted, _counts = Handover.objects.filter(pk=handover.pk, revision=expected_revision).delete()
    if not deleted:
        raise StaleEdit(Handover.objects.filter(pk=handover.pk).first())


def handovers_to_carry(old: Mandate, new: Mandate) -> list[tuple[Handover, int]]:
    """(handover of an old task, new task id) for each task of ``new`` that matches a task of
    ``old`` (by wording, as alignments are carried over) and has no handover yet."""
    pairs = {pair.old.pk: pair.new.pk for pair in mandate_diff(old, new).pairs}
    if not pairs:
        return []
    # Every handover of the new mandate, readable or not, takes its task; only those the
    # editor may read are carried.
    taken = set(Handover._base_manager.filter(task__mandate=new).values_list("task_id", flat=True))
    return [
        (handover, pairs[handover.task_id])
        for handover in Handover.objects.filter(task_id__in=list(pairs)).order_by("task_id")
        if pairs[handover.task_id] not in taken
    ]


@transaction.atomic
def handovers_carry_over(*, old: Mandate, new: Mandate, by: AbstractBaseUser) -> int:
    """Copy each matched old task's handover to its counterpart in ``new`` that has none.

    Only adds; run again, it adds nothing (a task someone gave a handover meanwhile keeps
    theirs). Returns the number of handovers added.
    """
    _require_edit(by, new.mission_id)
    if old.mission_id != new.mission_id:
        raise ValidationError(_("Both mandates must be of the same mission."))
    copies = [
        Handover(
            mission_id=new.mission_id,
            task_id=task_id,
            updated_by=by,
            # The copy keeps the level and the list: carrying over declassifies nothing.
            **{name: getattr(handover, name) for name in (*FIELDS, *MARKING_FIELDS)},
        )
        for handover, task_id in handovers_to_carry(old, new)
    ]
    created = Handover.objects.bulk_create(copies, ignore_conflicts=True)
    return len(created)
