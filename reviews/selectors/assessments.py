"""What the assessment screens of a review read (their writes are in ``reviews.services``).

Each sheet puts beside every record this review's assessment of it and the one before (the
latest in an earlier review), so whoever assesses sees what they are changing. Every read costs
a fixed number of queries whatever the number of objectives, markers, assumptions,
stakeholders or contributions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from missions.models import Component, Mission, Stakeholder
from missions.policy import Action, can
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewStatus,
    RiskAssessment,
)
from strategies.models import (
    Assumption,
    Contribution,
    ExitCondition,
    Objective,
    ObjectiveStatus,
    ProgressMarker,
    Risk,
    StakeholderPosition,
)
from strategies.selectors.exit_conditions import current_exit_conditions
from strategies.selectors.stakeholders import is_stale
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def get_review(mission: Mission, pk: int) -> Review:
    """The mission's review by id (404 if it is another mission's: the URL names both)."""
    review = Review.objects.filter(mission=mission, pk=pk).first()
    if review is None:
        raise Http404
    review.mission = mission
    return review


def _earlier(review: Review) -> Q:
    """Rows of the mission's reviews before this one (by period), whatever their state."""
    return Q(review__mission_id=review.mission_id, review__period_start__lt=review.period_start)


def _previous(queryset: QuerySet, review: Review, key: str) -> dict[int, Any]:
    """The latest earlier assessment per ``key`` (one query: DISTINCT ON)."""
    rows = (
        queryset.filter(_earlier(review))
        .select_related("review")
        .order_by(key, "-review__period_start")
        .distinct(key)
    )
    return {getattr(row, key): row for row in rows}


def _current(queryset: QuerySet, review: Review, key: str) -> dict[int, Any]:
    return {getattr(row, key): row for row in queryset.filter(review=review)}


# Objectives ------------------------------------------------------------------------------


def review_objectives(review: Review) -> list[Objective]:
    """The objectives the review asks about: the active ones, and any it assessed that have
    since been dropped or achieved (a signed-off review keeps showing what it rated)."""
    objectives = Objective.objects.filter(mission_id=review.mission_id).filter(
        Q(status=ObjectiveStatus.ACTIVE) | Q(assessments__review=review)
    )
    return sorted(objectives.distinct(), key=lambda o: natural_key(o.code))


@dataclass
class MarkerRow:
    marker: ProgressMarker
    reading: MarkerReading | None
    previous: MarkerReading | None


@dataclass
class AssumptionRow:
    assumption: Assumption
    assessment: AssumptionAssessment | None
    previous: AssumptionAssessment | None


@dataclass
class RiskRow:
    risk: Risk
    assessment: RiskAssessment | None
    previous: RiskAssessment | None


@dataclass
class PositionRow:
    stakeholder: Stakeholder
    latest: StakeholderPosition | None
    stale: bool

    def today(self, today: date) -> StakeholderPosition | None:
        """The position recorded as of ``today``, which a new save updates in place."""
        return self.latest if self.latest and self.latest.as_of == today else None


def _kind_order(stakeholder: Stakeholder) -> int:
    """The register's order of stakeholder types (Security Council first), unknown last."""
    values = Stakeholder.Kind.values
    return values.index(stakeholder.kind) if stakeholder.kind in values else len(values)


def _position_order(rows: list[PositionRow]) -> list[PositionRow]:
    """Those with a stance on the objective first, then the rest of the register; each part
    by stakeholder type, then name."""
    return sorted(
        rows,
        key=lambda r: (
            r.latest is None,
            _kind_order(r.stakeholder),
            r.stakeholder.name.lower(),
        ),
    )


@dataclass
class ContributionRow:
    contribution: Contribution
    assessment: ContributionAssessment | None
    previous: ContributionAssessment | None


@dataclass
class ObjectiveSheet:
    review: Review
    objective: Objective
    assessment: ObjectiveAssessment | None
    previous: ObjectiveAssessment | None
    markers: list[MarkerRow]
    assumptions: list[AssumptionRow]
    positions: list[PositionRow]
    contributions: list[ContributionRow]
    risks: list[RiskRow] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    today: date | None = None
    positions_as_of: date | None = None

    @property
    def index(self) -> int:
        return next(i for i, o in enumerate(self.objectives) if o.pk == self.objective.pk)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def previous_objective(self) -> Objective | None:
        return self.objectives[self.index - 1] if self.index > 0 else None

    @property
    def next_objective(self) -> Objective | None:
        index = self.index
        return self.objectives[index + 1] if index + 1 < len(self.objectives) else None


def positions_cutoff(review: Review) -> date | None:
    """The day a concluded (or signed-off) review concluded, in the mission's time zone."""
    if review.status in (ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF) and review.concluded_at:
        return timezone.localdate(review.concluded_at, timezone=review.mission.zone)
    return None


def objective_sheet(review: Review, code: str, *, today: date) -> ObjectiveSheet:
    """One objective in the review, with all it is assessed on (404 for an unknown code)."""
    objectives = review_objectives(review)
    objective = next((o for o in objectives if o.code.lower() == code.lower()), None)
    if objective is None:
        raise Http404
    objective.mission = review.mission
    # This review's assessment and the latest earlier one, in one query.
    assessments = list(
        ObjectiveAssessment.objects.filter(
            objective=objective,
            review__mission_id=review.mission_id,
            review__period_start__lte=review.period_start,
        )
        .select_related("review", "assessed_by")
        .order_by("-review__period_start")[:2]
    )
    current = next((a for a in assessments if a.review_id == review.pk), None)
    previous = next((a for a in assessments if a.review_id != review.pk), None)

    markers = list(ProgressMarker.objects.filter(objective=objective).order_by("pk"))
    readings = MarkerReading.objects.filter(marker__objective=objective)
    now_read = _current(readings, review, "marker_id")
    read_before = _previous(readings, review, "marker_id")

    assumptions = list(Assumption.objects.filter(objective=objective).order_by("pk"))
    ratings = AssumptionAssessment.objects.filter(assumption__objective=objective)
    now_rated = _current(ratings, review, "assumption_id")
    rated_before = _previous(ratings, review, "assumption_id")

    risks = list(Risk.objects.filter(objective=objective).order_by("pk"))
    risk_ratings = RiskAssessment.objects.filter(risk__objective=objective).select_related(
        "assessed_by"
    )
    now_risk = _current(risk_ratings, review, "risk_id")
    risk_before = _previous(risk_ratings, review, "risk_id")

    stakeholders = Stakeholder.objects.filter(mission_id=review.mission_id).order_by("name")
    positions = StakeholderPosition.objects.filter(
        objective=objective, stakeholder__mission_id=review.mission_id
    )
    # A concluded review shows the stances it concluded on, not those recorded since.
    as_of = positions_cutoff(review)
    if as_of is not None:
        positions = positions.filter(as_of__lte=as_of)
    latest = {
        p.stakeholder_id: p
        for p in positions.order_by("stakeholder_id", "-as_of").distinct("stakeholder_id")
    }
    contributions = list(
        Contribution.objects.filter(objective=objective)
        .select_related("component")
        .order_by("component__name")
    )
    contribution_rows = _contribution_rows(review, contributions)
    return ObjectiveSheet(
        review=review,
        objective=objective,
        assessment=current,
        previous=previous,
        markers=[MarkerRow(m, now_read.get(m.pk), read_before.get(m.pk)) for m in markers],
        assumptions=[
            AssumptionRow(a, now_rated.get(a.pk), rated_before.get(a.pk)) for a in assumptions
        ],
        risks=[RiskRow(r, now_risk.get(r.pk), risk_before.get(r.pk)) for r in risks],
        positions=_position_order(
            [
                PositionRow(
                    s,
                    latest.get(s.pk),
                    s.pk in latest and is_stale(latest[s.pk].as_of, today),
                )
                for s in stakeholders
            ]
        ),
        contributions=contribution_rows,
        objectives=objectives,
        today=today,
        positions_as_of=as_of,
    )


# Exit conditions --------------------------------------------------------------------------


@dataclass
class ExitConditionRow:
    condition: ExitCondition
    assessment: ExitConditionAssessment | None
    previous: ExitConditionAssessment | None


def exit_condition_sheet(review: Review) -> list[ExitConditionRow]:
    """The conditions of the end state in force, political first, each with its assessments."""
    conditions = list(current_exit_conditions(review.mission).order_by("kind", "pk"))
    assessments = ExitConditionAssessment.objects.filter(
        exit_condition__end_state__mission_id=review.mission_id
    ).select_related("assessed_by")
    now = _current(assessments, review, "exit_condition_id")
    before = _previous(assessments, review, "exit_condition_id")
    return [ExitConditionRow(c, now.get(c.pk), before.get(c.pk)) for c in conditions]


# Contributions ----------------------------------------------------------------------------


@dataclass
class ComponentGroup:
    component: Component
    rows: list[ContributionRow]
    editable: bool = False

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.assessment is not None)


def _contribution_rows(review: Review, contributions: list[Contribution]) -> list[ContributionRow]:
    assessments = ContributionAssessment.objects.filter(
        contribution__in=[c.pk for c in contributions]
    ).select_related("assessed_by")
    now = _current(assessments, review, "contribution_id")
    before = _previous(assessments, review, "contribution_id")
    return [ContributionRow(c, now.get(c.pk), before.get(c.pk)) for c in contributions]


def contribution_sheet(review: Review, user: AbstractBaseUser) -> list[ComponentGroup]:
    """Each component's contributions to the active objectives (and any this review assessed),
    by component; the groups the user may assess come first, marked ``editable``."""
    contributions = list(
        Contribution.objects.filter(objective__mission_id=review.mission_id)
        .filter(Q(objective__status=ObjectiveStatus.ACTIVE) | Q(assessments__review=review))
        .select_related("component", "objective")
        .distinct()
    )
    for contribution in contributions:
        contribution.objective.mission = review.mission
    groups: dict[int, ComponentGroup] = {}
    for row in _contribution_rows(review, contributions):
        component = row.contribution.component
        group = groups.setdefault(component.pk, ComponentGroup(component, []))
        group.rows.append(row)
    for group in groups.values():
        group.rows.sort(key=lambda r: natural_key(r.contribution.objective.code))
        group.editable = can(user, Action.ASSESS_CONTRIBUTION, review.mission, group.component)
    return sorted(groups.values(), key=lambda g: (not g.editable, g.component.name.lower()))
