"""The review cycle's business rules: who moves a review on, what an assessment writes, and
how the decisions of a signed-off review change the working draft.

planned -> open (chief of staff, choosing participants) -> concluded (chief of staff, with
conclusions) -> signed off (head of mission: decisions are applied to the draft). A concluded
review can be sent back to open, with a reason that is kept. Views, the API and commands all
call these functions; each asks the policy itself, so none can skip it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.concurrency import Revisioned, StaleEdit, save_revision
from missions.models import Level, Membership
from missions.policy import Action, can
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    DecisionKind,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewReopening,
    ReviewStatus,
)
from reviews.planning import plan_reviews
from reviews.signals import review_signed_off
from strategies.models import (
    Assumption,
    Contribution,
    ContributionRole,
    ExitCondition,
    Objective,
    ObjectiveStatus,
    Priority,
    ProgressMarker,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

R = TypeVar("R", bound=Revisioned)


class ReviewLocked(PermissionDenied):
    """The review is not open, so nothing in it can be written (a 403 with this message)."""

    def __init__(self, review: Review):
        super().__init__(
            _("This review is %(status)s and read-only.")
            % {"status": review.get_status_display().lower()}
        )
        self.review = review


def _require(by: User, action: Action, review: Review, obj: Any = None) -> None:
    if not can(by, action, review.mission_id, obj):
        raise PermissionDenied


def _locked_row(review: Review, *expected: str) -> Review:
    """The review's row, locked for this transaction, in one of the ``expected`` states."""
    current = Review.objects.select_for_update().get(pk=review.pk)
    if current.status not in expected:
        raise ValidationError(
            _("This review is %(status)s; it cannot be moved on from here.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def _move(review: Review, current: Review, fields: dict[str, Any]) -> Review:
    for name, value in fields.items():
        setattr(current, name, value)
    save_revision(current, expected=current.revision, fields=list(fields))
    review.refresh_from_db()
    return review


# Transitions -------------------------------------------------------------------------------


@transaction.atomic
def open_review(*, review: Review, by: User, participants: Iterable[Any] = ()) -> Review:
    """The chief of staff opens a planned review, with the people who take part in it."""
    _require(by, Action.RUN_REVIEW, review)
    current = _locked_row(review, ReviewStatus.PLANNED)
    people = list(participants)
    members = set(
        Membership.objects.filter(mission_id=review.mission_id).values_list("user_id", flat=True)
    )
    strangers = [p for p in people if getattr(p, "pk", p) not in members]
    if strangers:
        raise ValidationError({"participants": _("Participants must hold a role in this mission.")})
    _move(
        review,
        current,
        {"status": ReviewStatus.OPEN, "led_by": by, "opened_at": timezone.now()},
    )
    if people:
        review.participants.set(people)
    return review


@transaction.atomic
def conclude_review(*, review: Review, by: User, summary: str) -> Review:
    """The chief of staff closes the review with its conclusions; it becomes read-only.

    Every active objective must have been rated: the review exists to ask whether each one is
    advancing. Contribution assessments a lead never entered stay visible as missing.
    """
    _require(by, Action.RUN_REVIEW, review)
    current = _locked_row(review, ReviewStatus.OPEN)
    errors: dict[str, list[str]] = {}
    if not summary.strip():
        errors["summary"] = [_("Write the review's conclusions before concluding it.")]
    unrated = list(
        Objective.objects.filter(mission_id=review.mission_id, status=ObjectiveStatus.ACTIVE)
        .exclude(assessments__review=review)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if unrated:
        errors["objectives"] = [
            _("Rate every active objective first; not yet rated: %(codes)s.")
            % {"codes": ", ".join(unrated)}
        ]
    if errors:
        raise ValidationError(errors)
    return _move(
        review,
        current,
        {
            "status": ReviewStatus.CONCLUDED,
            "summary": summary.strip(),
            "concluded_at": timezone.now(),
        },
    )


@transaction.atomic
def reopen_review(*, review: Review, by: User, reason: str) -> ReviewReopening:
    """Send a concluded review back to open; the reason is kept with the review."""
    _require(by, Action.REOPEN_REVIEW, review)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    current = _locked_row(review, ReviewStatus.CONCLUDED)
    _move(review, current, {"status": ReviewStatus.OPEN, "concluded_at": None})
    return ReviewReopening.objects.create(review=review, reopened_by=by, reason=reason.strip())


@transaction.atomic
def sign_off_review(*, review: Review, by: User) -> Review:
    """The head of mission signs the conclusions off; the decisions change the working draft.

    Every change is made inside a history context naming this review, so the draft's history
    shows which review each change came from; the head then approves the next version.
    """
    _require(by, Action.SIGN_OFF_REVIEW, review)
    current = _locked_row(review, ReviewStatus.CONCLUDED)
    now = timezone.now()
    _move(
        review,
        current,
        {"status": ReviewStatus.SIGNED_OFF, "signed_off_at": now, "signed_off_by": by},
    )
    # Named in the history, so the draft's changes are tracked to this review, and in the
    # mission's feed whether the sign-off came from a page or the API.
    with pghistory.context(
        review=review.pk, review_label=str(review.label), mission=review.mission.acronym.upper()
    ):
        for decision in review.decisions.filter(applied_at__isnull=True).select_related(
            "objective", "task", "contribution", "component"
        ):
            decision.outcome = apply_decision(decision)
            decision.applied_at = now
            decision.save(update_fields=["outcome", "applied_at"])
    # The next review is there the moment this one is signed off, not at the planner's next run.
    plan_reviews(missions=[review.mission])
    review_signed_off.send(sender=Review, review=review, by=by)
    return review


# Assessments -------------------------------------------------------------------------------


def _require_open(review: Review) -> None:
    status = Review.objects.filter(pk=review.pk).values_list("status", flat=True).first()
    if status != ReviewStatus.OPEN:
        review.status = status or review.status
        raise ReviewLocked(review)


def _upsert(
    model: type[R],
    lookup: dict[str, Any],
    values: dict[str, Any],
    expected_revision: int | None,
) -> R:
    """Create the review's row for a record, or update it at the revision the user read.

    ``expected_revision`` None means the user saw no row: if one appeared meanwhile, that is
    someone else's assessment and is shown, not overwritten.
    """
    row = model.objects.filter(**lookup).first()
    if row is None:
        try:
            with transaction.atomic():
                return model.objects.create(**lookup, **values)
        except IntegrityError:
            raise StaleEdit(model.objects.filter(**lookup).first()) from None
    if expected_revision is None:
        raise StaleEdit(row)
    for name, value in values.items():
        setattr(row, name, value)
    return save_revision(row, expected=expected_revision, fields=list(values))


def _may_assess(
    by: User,
    review: Review,
    mission_id: int,
    action: Action = Action.ASSESS_OBJECTIVE,
    obj: Any = None,
) -> None:
    """The user's role allows it, the record is of the review's mission, and the review is
    open: checked in that order, so a refusal names the first that fails."""
    _require(by, action, review, obj)
    if mission_id != review.mission_id:
        raise PermissionDenied
    _require_open(review)


@transaction.atomic
def assess_objective(
    *,
    review: Review,
    objective: Objective,
    by: User,
    progress: str,
    political_environment: str = "",
    evidence: str = "",
    expected_revision: int | None = None,
) -> ObjectiveAssessment:
    _may_assess(by, review, objective.mission_id)
    return _upsert(
        ObjectiveAssessment,
        {"review": review, "objective": objective},
        {
            "progress": progress,
            "political_environment": political_environment.strip(),
            "evidence": evidence.strip(),
            "assessed_by": by,
        },
        expected_revision,
    )


@transaction.atomic
def rate_assumption(
    *,
    review: Review,
    assumption: Assumption,
    by: User,
    rating: str,
    note: str = "",
    expected_revision: int | None = None,
) -> AssumptionAssessment:
    """Re-rate an assumption in the review; the assumption's own rating follows."""
    _may_assess(by, review, assumption.objective.mission_id)
    row = _upsert(
        AssumptionAssessment,
        {"review": review, "assumption": assumption},
        {"rating": rating, "note": note.strip(), "assessed_by": by},
        expected_revision,
    )
    Assumption.objects.filter(pk=assumption.pk).exclude(rating=rating).update(
        rating=rating, revision=models.F("revision") + 1
    )
    return row


@transaction.atomic
def read_marker(
    *,
    review: Review,
    marker: ProgressMarker,
    by: User,
    reading: str,
    read_on: date | None = None,
    expected_revision: int | None = None,
) -> MarkerReading:
    """Record a marker's reading in the review; it becomes the marker's latest reading."""
    _may_assess(by, review, marker.objective.mission_id)
    day = read_on or review.mission.today()
    if day > review.mission.today():
        raise ValidationError({"read_on": _("A reading cannot be dated in the future.")})
    if not reading.strip():
        raise ValidationError({"reading": _("Enter the reading.")})
    row = _upsert(
        MarkerReading,
        {"review": review, "marker": marker},
        {"reading": reading.strip(), "read_on": day, "assessed_by": by},
        expected_revision,
    )
    ProgressMarker.objects.filter(pk=marker.pk).update(
        latest_reading=row.reading, reading_on=day, revision=models.F("revision") + 1
    )
    return row


@transaction.atomic
def assess_exit_condition(
    *,
    review: Review,
    exit_condition: ExitCondition,
    by: User,
    status: str,
    evidence: str = "",
    expected_revision: int | None = None,
) -> ExitConditionAssessment:
    """Re-assess an exit condition in the review; the condition's status and evidence follow."""
    _may_assess(by, review, exit_condition.end_state.mission_id)
    row = _upsert(
        ExitConditionAssessment,
        {"review": review, "exit_condition": exit_condition},
        {"status": status, "evidence": evidence.strip(), "assessed_by": by},
        expected_revision,
    )
    ExitCondition.objects.filter(pk=exit_condition.pk).update(
        status=status,
        evidence=row.evidence or models.F("evidence"),
        last_assessed_on=review.mission.today(),
        revision=models.F("revision") + 1,
    )
    return row


@transaction.atomic
def assess_contribution(
    *,
    review: Review,
    contribution: Contribution,
    by: User,
    strength: str,
    evidence: str = "",
    expected_revision: int | None = None,
) -> ContributionAssessment:
    """A component lead rates their own component's contribution (nobody else may)."""
    _may_assess(
        by, review, contribution.objective.mission_id, Action.ASSESS_CONTRIBUTION, contribution
    )
    return _upsert(
        ContributionAssessment,
        {"review": review, "contribution": contribution},
        {"strength": strength, "evidence": evidence.strip(), "assessed_by": by},
        expected_revision,
    )


# Decisions ---------------------------------------------------------------------------------

OBJECTIVE_KINDS = {DecisionKind.KEEP, DecisionKind.ADJUST, DecisionKind.DROP}
TASK_KINDS = {DecisionKind.REPRIORITISE, DecisionKind.RESEQUENCE}
ADJUSTABLE = ("title", "description", "priority", "phase")


def clean_decision(decision: Decision) -> None:
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
def record_decision(*, review: Review, by: User, **values: Any) -> Decision:
    """Add a decision to the open review's log."""
    _require(by, Action.RUN_REVIEW, review)
    _require_open(review)
    decision = Decision(review=review, decided_by=by, **values)
    if decision.kind == DecisionKind.CONTRIBUTION and decision.objective and decision.component:
        decision.contribution = Contribution.objects.filter(
            objective=decision.objective, component=decision.component
        ).first()
    clean_decision(decision)
    decision.rationale = decision.rationale.strip()
    decision.save()
    return decision


@transaction.atomic
def update_decision(
    *, decision: Decision, by: User, expected_revision: int, **values: Any
) -> Decision:
    _require(by, Action.RUN_REVIEW, decision.review)
    _require_open(decision.review)
    for name, value in values.items():
        setattr(decision, name, value)
    clean_decision(decision)
    return save_revision(decision, expected=expected_revision, fields=list(values))


@transaction.atomic
def delete_decision(*, decision: Decision, by: User, expected_revision: int) -> None:
    _require(by, Action.RUN_REVIEW, decision.review)
    _require_open(decision.review)
    if not Decision.objects.filter(pk=decision.pk, revision=expected_revision).delete()[0]:
        raise StaleEdit(Decision.objects.filter(pk=decision.pk).first())


def apply_decision(decision: Decision) -> str:
    """Make one decision's change in the working draft; returns what it did, in words."""
    kind, details = decision.kind, decision.details or {}
    objective, task = decision.objective, decision.task
    if kind in OBJECTIVE_KINDS and objective is None:
        return _("Not applied: the objective no longer exists.")
    if kind in TASK_KINDS and task is None:
        return _("Not applied: the task no longer exists.")
    if kind == DecisionKind.KEEP:
        return _("%(code)s kept as it is.") % {"code": objective.code}
    if kind == DecisionKind.DROP:
        _write(objective, status=ObjectiveStatus.DROPPED)
        return _("%(code)s dropped.") % {"code": objective.code}
    if kind == DecisionKind.ADJUST:
        changes = {n: details[n] for n in ADJUSTABLE if details.get(n) not in (None, "")}
        _write(objective, **changes)
        return _("%(code)s adjusted: %(fields)s.") % {
            "code": objective.code,
            "fields": ", ".join(str(Objective._meta.get_field(n).verbose_name) for n in changes),
        }
    if kind == DecisionKind.ADD:
        return _add_objective(decision, details)
    if kind == DecisionKind.REPRIORITISE:
        task.is_strategic_priority = details["is_strategic_priority"]
        task.save(update_fields=["is_strategic_priority"])
        if task.is_strategic_priority:
            return _("Task %(ref)s made a strategic priority.") % {"ref": task.reference}
        return _("Task %(ref)s no longer a strategic priority.") % {"ref": task.reference}
    if kind == DecisionKind.RESEQUENCE:
        task.phase = details["phase"]
        task.save(update_fields=["phase"])
        return _("Task %(ref)s moved to phase %(phase)s.") % {
            "ref": task.reference,
            "phase": task.phase,
        }
    return _apply_contribution(decision, details)


def _write(record: R, **values: Any) -> None:
    """Change the live record (and its revision, so open editors are told it moved)."""
    type(record).objects.filter(pk=record.pk).update(**values, revision=models.F("revision") + 1)


def _add_objective(decision: Decision, details: dict[str, Any]) -> str:
    mission = decision.review.mission
    code = str(details["code"]).strip()
    if Objective.objects.filter(mission=mission, code__iexact=code).exists():
        return _("Not applied: an objective %(code)s exists already.") % {"code": code}
    end_state = mission.current_end_state
    if end_state is None:
        return _("Not applied: the mission has no end state to serve.")
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
    return _("%(code)s added.") % {"code": code}


def _apply_contribution(decision: Decision, details: dict[str, Any]) -> str:
    objective, component, role = decision.objective, decision.component, details.get("role")
    if objective is None or component is None:
        return _("Not applied: the component or objective no longer exists.")
    names = {"component": component.name, "code": objective.code}
    existing = Contribution.objects.filter(objective=objective, component=component).first()
    if role == "none":
        if existing:
            existing.delete()
        return _("%(component)s no longer contributes to %(code)s.") % names
    if existing:
        _write(existing, role=role)
    else:
        Contribution.objects.create(objective=objective, component=component, role=role)
    return _("%(component)s now contributes to %(code)s as %(role)s.") % {
        **names,
        "role": ContributionRole(role).label.lower(),
    }
