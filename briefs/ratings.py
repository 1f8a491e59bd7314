"""Each objective's latest progress rating and its trend, as a brief prints them.

A small read of our own: the review cycle's assessments, latest review first. Only concluded
or signed-off reviews count (an open review's ratings are still being argued over), except the
review a brief is about, whose ratings are the point of the brief.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from missions.models import Mission
from reviews.models import ObjectiveAssessment, Progress, Review, ReviewStatus

# Better is higher. Stalled (nothing moves) sits above off track (moving the wrong way).
RANK = {
    Progress.OFF_TRACK: 1,
    Progress.STALLED: 2,
    Progress.AT_RISK: 3,
    Progress.ON_TRACK: 4,
    Progress.ACHIEVED: 5,
}
IMPROVING, STEADY, WORSENING, FIRST = "improving", "steady", "worsening", "first"


def trend_of(current: str, previous: str | None) -> str:
    if previous is None:
        return FIRST
    now, before = RANK.get(current, 0), RANK.get(previous, 0)
    return IMPROVING if now > before else WORSENING if now < before else STEADY


def trend_label(trend: str) -> str:
    return {
        IMPROVING: _("Improving"),
        STEADY: _("Steady"),
        WORSENING: _("Worsening"),
        FIRST: _("First rating"),
    }[trend]


TREND_ARROW = {IMPROVING: "↑", STEADY: "→", WORSENING: "↓", FIRST: "·"}


@dataclass(frozen=True)
class Rating:
    progress: str
    progress_label: str
    review_id: int
    review_label: str
    previous_label: str | None
    trend: str

    @property
    def trend_label(self) -> str:
        return trend_label(self.trend)

    @property
    def arrow(self) -> str:
        return TREND_ARROW[self.trend]


def objective_ratings(mission: Mission, *, review: Review | None = None) -> dict[str, Rating]:
    """The latest rating of each objective, by objective code, in one query.

    With ``review``, reviews after it are ignored and its own ratings count even while open.
    """
    counted = Q(review__status__in=[ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF])
    assessments = ObjectiveAssessment.objects.filter(review__mission=mission)
    if review is not None:
        counted |= Q(review=review)
        assessments = assessments.filter(review__period_start__lte=review.period_start)
    rows = (
        assessments.filter(counted)
        .select_related("review", "objective")
        .only("progress", "objective__code", "review__period_start", "review__period_end")
        .order_by("review__period_start", "pk")
    )
    history: dict[str, list[ObjectiveAssessment]] = defaultdict(list)
    for row in rows:
        history[row.objective.code].append(row)
    ratings = {}
    for code, items in history.items():
        latest = items[-1]
        previous = items[-2] if len(items) > 1 else None
        ratings[code] = Rating(
            progress=latest.progress,
            progress_label=latest.get_progress_display(),
            review_id=latest.review_id,
            review_label=latest.review.label,
            previous_label=previous.get_progress_display() if previous else None,
            trend=trend_of(latest.progress, previous.progress if previous else None),
        )
    return ratings
