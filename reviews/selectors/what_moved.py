"""In one review, what moved since the previous concluded review: ratings, stakeholder
positions, broken assumptions and exit conditions, read as they stood then from the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reviews.models import (
    AssumptionAssessment,
    ExitConditionAssessment,
    ObjectiveAssessment,
    Progress,
    Review,
)
from strategies.models import (
    Assumption,
    AssumptionRating,
    ExitCondition,
    Objective,
    ObjectiveStatus,
    StakeholderPosition,
)
from strategies.selectors.activity import event_model
from strategies.selectors.exit_conditions import current_exit_conditions
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    pass
from reviews.models import DONE


def previous_review(review: Review) -> Review | None:
    """The mission's last concluded (or signed-off) review before this one."""
    return (
        Review.objects.filter(
            mission_id=review.mission_id, status__in=DONE, period_start__lt=review.period_start
        )
        .order_by("-period_start")
        .first()
    )


def _moment(review: Review) -> datetime:
    """When a concluded review's picture was taken: its conclusion (else its period's end)."""
    if review.concluded_at:
        return review.concluded_at
    return datetime.combine(review.period_end, datetime.max.time(), tzinfo=review.mission.zone)


def _history_at(model: type, ids: Iterable[int], name: str, moment: datetime) -> dict[int, Any]:
    """Each record's ``name`` as it stood at ``moment``, from the change history (one query).

    A record with no event by then did not exist yet, and is absent from the answer.
    """
    ids = list(ids)
    if not ids:
        return {}
    events = (
        event_model(model)
        .objects.filter(pgh_obj_id__in=ids, pgh_created_at__lte=moment)
        .exclude(pgh_label="delete")
        .order_by("pgh_obj_id", "-pgh_created_at", "-pgh_id")
        .distinct("pgh_obj_id")
        .values_list("pgh_obj_id", name)
    )
    return dict(events)


@dataclass
class ObjectiveMove:
    objective: Objective
    before: str | None
    after: str

    def before_label(self) -> str:
        return str(Progress(self.before).label) if self.before else ""

    def after_label(self) -> str:
        return str(Progress(self.after).label)


@dataclass
class PositionShift:
    position: StakeholderPosition  # the stance now
    before: StakeholderPosition | None  # the stance in force at the previous review


@dataclass
class BrokenAssumption:
    assumption: Assumption
    before: str | None  # its rating at the previous review, if it was rated or existed
    new: bool  # broken since the previous review (not broken then)


@dataclass
class ExitConditionMove:
    condition: ExitCondition
    before: str
    after: str


@dataclass
class Moved:
    previous: Review | None
    objectives: list[ObjectiveMove] = field(default_factory=list)
    positions: list[PositionShift] = field(default_factory=list)
    assumptions: list[BrokenAssumption] = field(default_factory=list)  # every broken one
    exit_conditions: list[ExitConditionMove] = field(default_factory=list)

    @property
    def shifted(self) -> list[PositionShift]:
        """Positions whose stance changed (not those first recorded since)."""
        return [p for p in self.positions if p.before is not None]

    @property
    def first_positions(self) -> list[PositionShift]:
        return [p for p in self.positions if p.before is None]

    @property
    def newly_broken(self) -> list[BrokenAssumption]:
        return [a for a in self.assumptions if a.new]

    @property
    def anything(self) -> bool:
        return bool(self.objectives or self.shifted or self.newly_broken or self.exit_conditions)


def ratings_in(review: Review | None) -> dict[int, str]:
    """Objective id -> progress rated in ``review``."""
    if review is None:
        return {}
    return dict(
        ObjectiveAssessment.objects.filter(review=review).values_list("objective_id", "progress")
    )


def what_moved(review: Review, objectives: dict[int, Objective], ratings: dict[int, str]) -> Moved:
    """Compare this review with the previous concluded one.

    ``objectives`` are the mission's objectives by id and ``ratings`` this review's ratings,
    both read once by the caller. "Now" is the live state while the review is open, and the
    state at its conclusion once it is concluded, so a past review keeps telling its story.
    """
    previous = previous_review(review)
    moved = Moved(previous=previous)
    active = {pk for pk, o in objectives.items() if o.status == ObjectiveStatus.ACTIVE}
    now = _moment(review) if review.status in DONE else None
    before = _moment(previous) if previous else None

    before_ratings = ratings_in(previous)
    if previous is not None:
        for pk, progress in ratings.items():
            if pk in objectives and before_ratings.get(pk) != progress:
                moved.objectives.append(
                    ObjectiveMove(objectives[pk], before_ratings.get(pk), progress)
                )
        moved.objectives.sort(key=lambda m: natural_key(m.objective.code))
        moved.positions = _shifted_positions(review, active, objectives, now, before)
        moved.exit_conditions = _moved_exit_conditions(review, previous, now, before)
    moved.assumptions = _broken_assumptions(review, previous, active, objectives, now, before)
    return moved


def _positions_in_force(review: Review, active: set[int], on: date | None) -> dict[tuple, Any]:
    rows = StakeholderPosition.objects.filter(
        stakeholder__mission_id=review.mission_id, objective_id__in=active
    )
    if on is not None:
        rows = rows.filter(as_of__lte=on)
    rows = rows.order_by("stakeholder_id", "objective_id", "-as_of").distinct(
        "stakeholder_id", "objective_id"
    )
    return {(p.stakeholder_id, p.objective_id): p for p in rows.select_related("stakeholder")}


def _shifted_positions(
    review: Review,
    active: set[int],
    objectives: dict[int, Objective],
    now: datetime | None,
    before: datetime,
) -> list[PositionShift]:
    zone = review.mission.zone
    current = _positions_in_force(review, active, now.astimezone(zone).date() if now else None)
    then = _positions_in_force(review, active, before.astimezone(zone).date())
    shifts = []
    for key, position in current.items():
        old = then.get(key)
        # A first position is news, not a shift: counted apart, kept off the agenda.
        if old is None or old.stance != position.stance:
            position.objective = objectives[position.objective_id]
            shifts.append(PositionShift(position, old))
    shifts.sort(
        key=lambda s: (s.position.stakeholder.name.lower(), natural_key(s.position.objective.code))
    )
    return shifts


def _broken_assumptions(
    review: Review,
    previous: Review | None,
    active: set[int],
    objectives: dict[int, Objective],
    now: datetime | None,
    before: datetime | None,
) -> list[BrokenAssumption]:
    assumptions = {
        a.pk: a for a in Assumption.objects.filter(objective_id__in=active).order_by("pk")
    }
    rated_now = dict(
        AssumptionAssessment.objects.filter(review=review).values_list("assumption_id", "rating")
    )
    live = (
        {pk: a.rating for pk, a in assumptions.items()}
        if now is None
        else _history_at(Assumption, assumptions, "rating", now)
    )
    broken = [
        pk for pk in assumptions if AssumptionRating.BROKEN in (rated_now.get(pk), live.get(pk))
    ]
    then: dict[int, str] = {}
    if previous is not None and broken:
        then = _history_at(Assumption, broken, "rating", before)
        then.update(
            AssumptionAssessment.objects.filter(
                review=previous, assumption_id__in=broken
            ).values_list("assumption_id", "rating")
        )
    found = []
    for pk in broken:
        assumption = assumptions[pk]
        assumption.objective = objectives[assumption.objective_id]
        was = then.get(pk)
        found.append(BrokenAssumption(assumption, was, was != AssumptionRating.BROKEN))
    found.sort(key=lambda b: (natural_key(b.assumption.objective.code), b.assumption.pk))
    return found


def _moved_exit_conditions(
    review: Review, previous: Review, now: datetime | None, before: datetime
) -> list[ExitConditionMove]:
    conditions = {c.pk: c for c in current_exit_conditions(review.mission)}
    if not conditions:
        return []
    rows = ExitConditionAssessment.objects.filter(
        review__in=[review, previous], exit_condition_id__in=conditions
    ).values_list("review_id", "exit_condition_id", "status")
    assessed = {(review_id, pk): status for review_id, pk, status in rows}
    live = (
        {pk: c.status for pk, c in conditions.items()}
        if now is None
        else _history_at(ExitCondition, conditions, "status", now)
    )
    then = _history_at(ExitCondition, conditions, "status", before)
    moves = []
    for pk, condition in conditions.items():
        after = assessed.get((review.pk, pk)) or live.get(pk)
        was = assessed.get((previous.pk, pk)) or then.get(pk)
        if after and was and after != was:
            moves.append(ExitConditionMove(condition, was, after))
    return moves
