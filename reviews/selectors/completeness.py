"""Reads of one review shared by the workspace, the nudges and the reminders job.

Each read costs a fixed number of queries whatever the number of objectives or components.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from missions.models import Component, Membership, Role
from reviews.models import ContributionAssessment, ObjectiveAssessment, Review
from strategies.models import Contribution, Objective, ObjectiveStatus
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class ComponentGap:
    """One component's contributions still without an assessment, and who must enter them."""

    component: Component
    leads: list[AbstractBaseUser]
    missing: list[Contribution]
    total: int

    @property
    def done(self) -> int:
        return self.total - len(self.missing)


@dataclass
class Completeness:
    objectives_total: int
    unrated_objectives: list[Objective]
    contributions_total: int
    components: list[ComponentGap] = field(default_factory=list)

    @property
    def objectives_done(self) -> int:
        return self.objectives_total - len(self.unrated_objectives)

    @property
    def contributions_done(self) -> int:
        return sum(c.done for c in self.components)

    @property
    def gaps(self) -> list[ComponentGap]:
        return [c for c in self.components if c.missing]

    @property
    def is_complete(self) -> bool:
        return not self.unrated_objectives and not self.gaps


def active_objectives(review: Review) -> list[Objective]:
    return sorted(
        Objective.objects.filter(mission_id=review.mission_id, status=ObjectiveStatus.ACTIVE),
        key=lambda o: natural_key(o.code),
    )


def completeness(review: Review) -> Completeness:
    """Who has not yet assessed what: objectives (the chief of staff), and each component's
    contributions to active objectives (that component's lead)."""
    objectives = active_objectives(review)
    rated = set(
        ObjectiveAssessment.objects.filter(review=review).values_list("objective_id", flat=True)
    )
    contributions = list(
        Contribution.objects.filter(
            objective__mission_id=review.mission_id, objective__status=ObjectiveStatus.ACTIVE
        ).select_related("component", "objective")
    )
    assessed = set(
        ContributionAssessment.objects.filter(review=review).values_list(
            "contribution_id", flat=True
        )
    )
    leads: dict[int, list[AbstractBaseUser]] = defaultdict(list)
    for membership in Membership.objects.filter(
        mission_id=review.mission_id, role=Role.COMPONENT_LEAD
    ).select_related("user"):
        leads[membership.component_id].append(membership.user)
    by_component: dict[int, list[Contribution]] = defaultdict(list)
    for contribution in contributions:
        by_component[contribution.component_id].append(contribution)
    gaps = [
        ComponentGap(
            component=items[0].component,
            leads=leads.get(component_id, []),
            missing=sorted(
                (c for c in items if c.pk not in assessed),
                key=lambda c: natural_key(c.objective.code),
            ),
            total=len(items),
        )
        for component_id, items in by_component.items()
    ]
    gaps.sort(key=lambda g: g.component.name.lower())
    return Completeness(
        objectives_total=len(objectives),
        unrated_objectives=[o for o in objectives if o.pk not in rated],
        contributions_total=len(contributions),
        components=gaps,
    )
