"""The mission's review history, a row per review, and what each person should do next in a
review; a fixed number of queries whatever the number of reviews."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from missions.models import Mission
from missions.policy import Action, allowed_actions
from reviews.models import (
    Decision,
    ObjectiveAssessment,
    Progress,
    Review,
    ReviewReopening,
    ReviewStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
from reviews.models import DONE


@dataclass
class ReviewRow:
    """One review as the history lists it."""

    review: Review
    ratings: list[tuple[str, str, int]]  # (progress value, label, count), in scale order
    overdue_days: int
    due_in_days: int | None

    @property
    def rated(self) -> int:
        return sum(n for _, _, n in self.ratings)


def _count(model: type, **filters: Any) -> Subquery:
    rows = (
        model.objects.filter(review=OuterRef("pk"), **filters)
        .order_by()
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def overdue_days(review: Review, today: date) -> int:
    """Days past the due date, for a review not yet concluded (0 when not overdue)."""
    if review.status in DONE or review.due_on >= today:
        return 0
    return (today - review.due_on).days


def review_history(mission: Mission) -> list[ReviewRow]:
    """Every review of the mission, newest period first, with its counts: two queries."""
    today = mission.today()
    reviews = list(
        Review.objects.filter(mission=mission)
        .select_related("led_by", "signed_off_by")
        .annotate(
            decision_count=_count(Decision),
            reopening_count=_count(ReviewReopening),
        )
        .order_by("-period_start")
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    for review_id, progress, n in (
        ObjectiveAssessment.objects.filter(review__mission=mission, review__status__in=DONE)
        .order_by()
        .values_list("review_id", "progress")
        .annotate(n=Count("pk"))
    ):
        counts[review_id][progress] = n
    rows = []
    for review in reviews:
        review.mission = mission
        tally = counts.get(review.pk, Counter())
        rows.append(
            ReviewRow(
                review=review,
                ratings=[
                    (p.value, str(p.label), tally[p.value]) for p in Progress if tally[p.value]
                ],
                overdue_days=overdue_days(review, today),
                due_in_days=(review.due_on - today).days
                if review.status not in DONE and review.due_on >= today
                else None,
            )
        )
    return rows


def current_row(rows: list[ReviewRow]) -> ReviewRow | None:
    """The review to work on now: of those planned or open, the one due first.

    A review left planned or open past its due date stays current (and overdue) until it is
    dealt with, so a skipped quarter is never hidden behind the next one. One concluded and
    awaiting sign-off is not current (``awaiting_sign_off`` lists it) unless no review is
    planned or open.
    """
    pending = [r for r in rows if r.review.status in (ReviewStatus.PLANNED, ReviewStatus.OPEN)]
    if pending:
        # An open review before a planned one due the same day.
        return min(pending, key=lambda r: (r.review.due_on, r.review.status != ReviewStatus.OPEN))
    awaiting = awaiting_sign_off(rows)
    return awaiting[0] if awaiting else None


def awaiting_sign_off(rows: list[ReviewRow]) -> list[ReviewRow]:
    """The concluded reviews the head of mission has not signed off yet, oldest first."""
    concluded = [r for r in rows if r.review.status == ReviewStatus.CONCLUDED]
    return sorted(concluded, key=lambda r: r.review.period_start)


@dataclass
class NextStep:
    label: str
    url: str
    primary: bool = True


def next_step(user: AbstractBaseUser, review: Review) -> NextStep:
    """What this viewer can do with the current review, in their role."""
    mission_id, url = review.mission_id, review.get_absolute_url()
    actions = allowed_actions(user, mission_id)
    status = review.status
    if status == ReviewStatus.PLANNED and Action.RUN_REVIEW in actions:
        return NextStep(_("Open this review"), f"{url}#open")
    if status == ReviewStatus.OPEN and Action.RUN_REVIEW in actions:
        return NextStep(_("Continue the review"), url)
    if status == ReviewStatus.OPEN and Action.ASSESS_CONTRIBUTION in actions:
        target = reverse("reviews:assess_contributions", args=[review.mission.acronym, review.pk])
        return NextStep(_("Assess your contributions"), target)
    if status == ReviewStatus.CONCLUDED and Action.SIGN_OFF_REVIEW in actions:
        return NextStep(
            _("Read and sign off"),
            reverse("reviews:sign_off", args=[review.mission.acronym, review.pk]),
        )
    return NextStep(_("See this review"), url, primary=False)
