"""The decisions a review records, and how signing it off applies them to the working draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.concurrency import Revisioned, StaleEdit, save_revision
from missions.models import Level
from missions.need_to_know import refuse_lowering
from missions.policy import Action
from reviews.models import (
    Decision,
    DecisionKind,
    Review,
)
from reviews.outcomes import ADJUSTABLE, Outcome, adjustments, objective_outcome
from reviews.services.guards import require, require_open
from strategies.models import (
    Contribution,
    ContributionRole,
    Objective,
    ObjectiveStatus,
    Priority,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


R = TypeVar("R", bound=Revisioned)


OBJECTIVE_KINDS = {DecisionKind.KEEP, DecisionKind.ADJUST, DecisionKind.DROP}
TASK_KINDS = {DecisionKind.REPRIORITISE, DecisionKind.RESEQUENCE}


def decision_clean(decision: Decision) -> None:
    """What each kind of decision needs, as field errors (forms and the API show them)."""
    errors: dict[str, str] = {}
    kind, details, mission_id = decision.kind, decision.details or {}, decision.review.mission_id
    if not (decision.rationale or "").strip():
        errors["rationale"] = _("Give the rationale: the next version's readers need it.")
    if kind in OBJECTIVE_KINDS | {DecisionKind.CONTRIBUTION}:
        if decision.objective is None:
            errors["objective"] = _("Choose the objective.")
        elif decision.objective.mission_id != mission_id:
            errors["objective"] = _("That objective belongs to another mission.")
    if kind == DecisionKind.ADJUST and not any(
        details.get(name) not in (None, "") for name in ADJUSTABLE
    ):
        errors["details"] = _("Say what changes: title, description, priority or phase.")
    if kind in {DecisionKind.ADJUST, DecisionKind.ADD}:
        if details.get("priority") not in (None, "", *Priority.values):
            errors["details"] = _("Priority is 1 (high), 2 (medium) or 3 (low).")
        if details.get("phase") not in (None, "") and not _positive_int(details.get("phase")):
            errors["details"] = _("The phase is a whole number from 1.")
    if kind == DecisionKind.ADD:
        code, title = str(details.get("code", "")).strip(), str(details.get("title", "")).strip()
        if not code or not title:
            errors["details"] = _("A new objective needs a code and a title.")
        elif Objective.objects.filter(mission_id=mission_id, code__iexact=code).exists():
            errors["details"] = _("The mission already has an objective %(code)s.") % {"code": code}
    if kind in TASK_KINDS:
        if decision.task is None:
            errors["task"] = _("Choose the mandated task.")
        elif decision.task.mandate.mission_id != mission_id:
            errors["task"] = _("That task belongs to another mission's mandate.")
    if kind == DecisionKind.REPRIORITISE and not isinstance(
        details.get("is_strategic_priority"), bool
    ):
        errors["details"] = _("Say whether the task becomes a strategic priority or not.")
    if kind == DecisionKind.RESEQUENCE and not _positive_int(details.get("phase")):
        errors["details"] = _("Give the phase in which the task will be taken up.")
    if kind == DecisionKind.CONTRIBUTION:
        if decision.component is None:
            errors["component"] = _("Choose the component.")
        elif decision.component.mission_id != mission_id:
            errors["component"] = _("That component belongs to another mission.")
        if details.get("role") not in {*ContributionRole.values, "none"}:
            errors["details"] = _("Choose the contribution: lead, support or none.")
    if errors:
        raise ValidationError(errors)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


@transaction.atomic
def decision_record(*, review: Review, by: User, **values: Any) -> Decision:
    """Add a decision to the open review's log."""
    require(by, Action.RUN_REVIEW, review)
    require_open(review)
    decision = Decision(review=review, decided_by=by, **values)
    if decision.kind == DecisionKind.CONTRIBUTION and decision.objective and decision.component:
        decision.contribution = Contribution.objects.filter(
            objective=decision.objective, component=decision.component
        ).first()
    decision_clean(decision)
    decision.rationale = decision.rationale.strip()
    decision.save()
    return decision


@transaction.atomic
def decision_update(
    *, decision: Decision, by: User, expected_revision: int, **values: Any
) -> Decision:
    require(by, Action.RUN_REVIEW, decision.review)
    require_open(decision.review)
    refuse_lowering(decision, values.get("classification"))
    for name, value in values.items():
        setattr(decision, name, value)
    decision_clean(decision)
    return save_revision(decision, expected=expected_revision, fields=list(values))


@transaction.atomic
def decision_delete(*, decision: Decision, by: User, expected_revision: int) -> None:
    require(by, Action.RUN_REVIEW, decision.review)
    require_open(decision.review)
    if not Decision.objects.filter(pk=decision.pk, revision=expected_revision).delete()[0]:
        raise StaleEdit(Decision.objects.filter(pk=decision.pk).first())


def decision_apply(decision: Decision) -> Outcome:
    """Make one decision's change in the working draft; returns what it did, to be worded."""
    kind, details = decision.kind, decision.details or {}
    objective, task = decision.objective, decision.task
    if kind in OBJECTIVE_KINDS and objective is None:
        return Outcome("objective_gone")
    if kind in TASK_KINDS and task is None:
        return Outcome("task_gone")
    if kind == DecisionKind.DROP:
        _write(objective, status=ObjectiveStatus.DROPPED)
    if kind == DecisionKind.ADJUST:
        _write(objective, **adjustments(details))
    if kind in OBJECTIVE_KINDS:
        return objective_outcome(kind, objective.code, details)
    if kind == DecisionKind.ADD:
        return _add_objective(decision, details)
    if kind == DecisionKind.REPRIORITISE:
        task.is_strategic_priority = details["is_strategic_priority"]
        task.save(update_fields=["is_strategic_priority"])
        key = "made_priority" if task.is_strategic_priority else "unmade_priority"
        return Outcome(key, {"ref": task.reference})
    if kind == DecisionKind.RESEQUENCE:
        task.phase = details["phase"]
        task.save(update_fields=["phase"])
        return Outcome("moved_phase", {"ref": task.reference, "phase": task.phase})
    return _apply_contribution(decision, details)


def _write(record: R, **values: Any) -> None:
    """Change the live record (and its revision, so open editors are told it moved)."""
    type(record).objects.filter(pk=record.pk).update(**values, revision=models.F("revision") + 1)


def _add_objective(decision: Decision, details: dict[str, Any]) -> Outcome:
    mission = decision.review.mission
    code = str(details["code"]).strip()
    if Objective.objects.filter(mission=mission, code__iexact=code).exists():
        return Outcome("code_taken", {"code": code})
    end_state = mission.current_end_state
    if end_state is None:
        return Outcome("no_end_state")
    levels = [v for v in details.get("levels") or [] if v in Level.values] or [Level.NATIONAL]
    Objective.objects.create(
        mission=mission,
        end_state=end_state,
        code=code,
        title=str(details["title"]).strip(),
        description=str(details.get("description", "")).strip(),
        levels=levels,
        priority=details.get("priority") or 2,
        phase=details.get("phase") or 1,
    )
    return objective_outcome(DecisionKind.ADD, code, details)


def _apply_contribution(decision: Decision, details: dict[str, Any]) -> Outcome:
    objective, component, role = decision.objective, decision.component, details.get("role")
    if objective is None or component is None:
        return Outcome("pair_gone")
    names = {"component": component.name, "code": objective.code}
    existing = Contribution.objects.filter(objective=objective, component=component).first()
    if role == "none":
        if existing:
            existing.delete()
        return Outcome("contribution_ended", names)
    if existing:
        _write(existing, role=role)
    else:
        Contribution.objects.create(objective=objective, component=component, role=role)
    return Outcome("contribution_set", {**names, "role": role})
