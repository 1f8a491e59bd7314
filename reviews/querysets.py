"""Reviews and what is entered in them, scoped to the missions the user may see."""

from __future__ import annotations

from missions.querysets import PersonalQuerySet, ScopedQuerySet


class ReviewQuerySet(ScopedQuerySet):
    pass


class ReviewPartQuerySet(ScopedQuerySet):
    """Reopenings, assessments and decisions: a review's."""

    mission_path = "review__mission"


class ContributionAssessmentQuerySet(ReviewPartQuerySet):
    component_path = "contribution__component"


class ReminderQuerySet(PersonalQuerySet):
    owner_path = "recipient"
