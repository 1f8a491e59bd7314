"""Each objective's latest progress rating and its trend, as a brief prints them.

The ranking and the direction are the trends page's (``reviews.trends``); this read adds what a
brief needs: the latest rating per objective, as of the review a brief is about. Only concluded
or signed-off reviews count (an open review's ratings are still being argued over), except the
review a brief is about, whose ratings are the point of the brief.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from missions.models import Mission
from reviews.models import ObjectiveAssessment, Review
from reviews.selectors.trends import (
    CONCLUDED,
    IMPROVING,
    PROGRESS_RANK,
    STEADY,
    WORSENING,
    direction,
)

FIRST = "first"  # no earlier rating to compare with


def trend_of(current: str, previous: str | None) -> str:
    """The review cycle's own reading of the direction, or "first" for a first rating."""
    if previous is None:
        return FIRST
    return direction([previous, current], PROGRESS_RANK) or STEADY


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
    counted = Q(review__status__in=CONCLUDED)
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
