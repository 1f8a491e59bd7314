"""Moving a review through its cycle.

planned -> open (chief of staff, choosing participants) -> concluded (chief of staff, with
conclusions) -> signed off (head of mission: decisions are applied to the draft). A concluded
review can be sent back to open, with a reason that is kept. Views, the API and commands all
call these functions; each asks the policy itself, so none can skip it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_revision
from missions.models import Membership
from missions.need_to_know import may_lower
from missions.policy import Action
from reviews.models import (
    Review,
    ReviewReopening,
    ReviewStatus,
)
from reviews.planning import plan_reviews
from reviews.services.assessments import risk_ratings_apply
from reviews.services.decisions import decision_apply
from reviews.services.guards import ReviewNotInState, require
from reviews.signals import review_signed_off
from strategies.models import (
    Objective,
    ObjectiveStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


def _locked_row(review: Review, *expected: str) -> Review:
    """The review's row, locked for this transaction, in one of the ``expected`` states."""
    current = Review.objects.select_for_update().get(pk=review.pk)
    if current.status not in expected:
        raise ReviewNotInState(current)
    return current


def _move(review: Review, current: Review, fields: dict[str, Any]) -> Review:
    for name, value in fields.items():
        setattr(current, name, value)
    save_revision(current, expected=current.revision, fields=list(fields))
    review.refresh_from_db()
    return review


# Transitions -------------------------------------------------------------------------------


@transaction.atomic
def review_open(*, review: Review, by: User, participants: Iterable[Any] = ()) -> Review:
    """The chief of staff opens a planned review, with the people who take part in it."""
    require(by, Action.RUN_REVIEW, review)
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
def review_conclude(
    *,
    review: Review,
    by: User,
    summary: str,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> Review:
    """The chief of staff closes the review with its conclusions; it becomes read-only.

    Every active objective must have been rated: the review exists to ask whether each one is
    advancing. Contribution assessments a lead never entered stay visible as missing. The
    conclusions keep their level (the mission's when first written); lowering it is the head
    of mission's.
    """
    require(by, Action.RUN_REVIEW, review)
    current = _locked_row(review, ReviewStatus.OPEN)
    marking = _conclusions_marking(current, by, classification, named_readers)
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
            **marking,
        },
    )


def _conclusions_marking(
    current: Review, by: User, level: int | None, readers: list[int] | None
) -> dict[str, Any]:
    """The level and list the conclusions are saved at: as asked, else as they were, else the
    mission's; lowering written conclusions is the head of mission's."""
    before = current.summary_classification if current.summary else None
    if level is None:
        level = before if before is not None else current.mission.default_classification
    if before is not None and level < before and not may_lower(by, current.mission_id):
        raise PermissionDenied(_("Only the head of mission can lower a record's classification."))
    return {
        "summary_classification": level,
        "summary_readers": sorted(set(current.summary_readers if readers is None else readers)),
    }


@transaction.atomic
def review_reopen(*, review: Review, by: User, reason: str) -> ReviewReopening:
    """Send a concluded review back to open; the reason is kept with the review."""
    require(by, Action.REOPEN_REVIEW, review)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    current = _locked_row(review, ReviewStatus.CONCLUDED)
    _move(review, current, {"status": ReviewStatus.OPEN, "concluded_at": None})
    return ReviewReopening.objects.create(review=review, reopened_by=by, reason=reason.strip())


@transaction.atomic
def review_sign_off(*, review: Review, by: User) -> Review:
    """The head of mission signs the conclusions off; the decisions change the working draft.

    Every change is made inside a history context naming this review, so the draft's history
    shows which review each change came from; the head then approves the next version.
    """
    require(by, Action.SIGN_OFF_REVIEW, review)
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
            outcome = decision_apply(decision)
            decision.outcome_key, decision.outcome_args = outcome.key, outcome.args
            decision.outcome = str(outcome)
            decision.applied_at = now
            decision.save(update_fields=["outcome", "outcome_key", "outcome_args", "applied_at"])
        # Risks re-rated in the review take their new severity, tracked to the review too.
        risk_ratings_apply(review)
    # The next review is there the moment this one is signed off, not at the planner's next run.
    plan_reviews(missions=[review.mission])
    review_signed_off.send(sender=Review, review=review, by=by)
    return review
