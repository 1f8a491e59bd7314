"""Reads for the review screens: the mission's review history, and in one review what moved
since the last one and the agenda that follows from it.

Every read costs a fixed number of queries whatever the number of reviews, objectives,
assumptions, positions or exit conditions: rows are fetched in bulk and joined in Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from missions.models import Mission
from missions.policy import Action, allowed_actions, can
from reviews.models import (
    AssumptionAssessment,
    Decision,
    DecisionKind,
    ExitConditionAssessment,
    ObjectiveAssessment,
    Progress,
    Reminder,
    Review,
    ReviewReopening,
    ReviewStatus,
)
from reviews.selectors import Completeness
from reviews.selectors import completeness as read_completeness
from strategies.exit_conditions import current_exit_conditions
from strategies.history import event_model
from strategies.models import (
    Assumption,
    AssumptionRating,
    ContributionRole,
    ExitCondition,
    Objective,
    ObjectiveStatus,
    Priority,
    StakeholderPosition,
)
from strategies.versions import natural_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

NUDGE_RULE = "review_nudge"
DONE = (ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF)
# Worst first: the order in which the agenda takes up objectives.
CONCERNS = (Progress.OFF_TRACK, Progress.STALLED, Progress.AT_RISK)


def optional_url(name: str, *args: Any) -> str:
    """A URL of a screen that may not be built yet: empty rather than an error."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def nudge_key(review_id: int, component_id: int) -> str:
    return f"review:{review_id}:component:{component_id}"


# The mission's review history ---------------------------------------------------------------


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
    """The review that needs attention now: the earliest one not yet signed off.

    A review left planned or open past its due date stays current (and overdue) until it is
    dealt with, so a skipped quarter is never hidden behind the next one.
    """
    pending = [r for r in rows if r.review.status != ReviewStatus.SIGNED_OFF]
    if not pending:
        return None
    return min(pending, key=lambda r: r.review.period_start)


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
        target = optional_url("reviews:assess_contributions", review.mission.acronym, review.pk)
        return NextStep(_("Assess your contributions"), target or url)
    if status == ReviewStatus.CONCLUDED and Action.SIGN_OFF_REVIEW in actions:
        return NextStep(
            _("Read and sign off"),
            reverse("reviews:sign_off", args=[review.mission.acronym, review.pk]),
        )
    return NextStep(_("See this review"), url, primary=False)


# One review: what moved since the previous one ----------------------------------------------


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


# One review: the agenda that follows --------------------------------------------------------


@dataclass
class AgendaItem:
    kind: str  # objective, assumption, position, contributions, decision
    text: str
    url: str
    link_text: str
    note: str = ""


def agenda(
    review: Review,
    *,
    moved: Moved,
    completeness: Completeness,
    ratings: dict[int, str],
    objectives: dict[int, Objective],
    decisions: list[Decision],
    can_decide: bool,
) -> list[AgendaItem]:
    """What the review has to take up, worst first, each linking where it is dealt with."""
    acronym = review.mission.acronym
    workspace = review.get_absolute_url()
    decided = {d.objective_id for d in decisions if d.objective_id}
    items: list[AgendaItem] = []

    def assess_url(objective: Objective) -> str:
        return optional_url("reviews:assess_objective", acronym, review.pk, objective.code)

    concerned = sorted(
        (
            (CONCERNS.index(progress), natural_key(objectives[pk].code), objectives[pk], progress)
            for pk, progress in ratings.items()
            if progress in CONCERNS and pk in objectives
        ),
        key=lambda t: t[:2],
    )
    for *_order, objective, progress in concerned:
        items.append(
            AgendaItem(
                "objective",
                _("%(code)s %(title)s is %(rating)s.")
                % {
                    "code": objective.code,
                    "title": objective.title,
                    "rating": str(Progress(progress).label).lower(),
                },
                assess_url(objective) or f"{workspace}#objective-{objective.code}",
                _("Read the assessment"),
            )
        )
    for broken in moved.assumptions:
        objective = broken.assumption.objective
        items.append(
            AgendaItem(
                "assumption",
                _("An assumption of %(code)s is broken: %(statement)s")
                % {
                    "code": objective.code,
                    "statement": Truncator(broken.assumption.statement).chars(160),
                },
                assess_url(objective) or f"{workspace}#objective-{objective.code}",
                _("Re-rate it") if review.is_editable else _("Read the assessment"),
                _("Broken since the last review.") if broken.new and moved.previous else "",
            )
        )
    for shift in moved.shifted:
        position = shift.position
        items.append(
            AgendaItem(
                "position",
                _stance_sentence(position.stance)
                % {"stakeholder": position.stakeholder.name, "code": position.objective.code},
                reverse("strategies:stakeholder_detail", args=[acronym, position.stakeholder_id]),
                _("See the stakeholder"),
            )
        )
    contributions_url = optional_url("reviews:assess_contributions", acronym, review.pk)
    for gap in completeness.gaps if review.status != ReviewStatus.PLANNED else []:
        items.append(
            AgendaItem(
                "contributions",
                _("%(component)s: %(missing)s of %(total)s contributions not assessed.")
                % {
                    "component": gap.component.name,
                    "missing": len(gap.missing),
                    "total": gap.total,
                },
                contributions_url or f"{workspace}#completeness",
                _("Contribution assessments"),
            )
        )
    pending: dict[int, Objective] = {}
    for pk, progress in ratings.items():
        if progress in CONCERNS and pk in objectives and pk not in decided:
            pending[pk] = objectives[pk]
    for broken in moved.assumptions:
        objective = broken.assumption.objective
        if objective.pk not in decided:
            pending[objective.pk] = objective
    done = review.status in DONE
    for objective in sorted(pending.values(), key=lambda o: natural_key(o.code)):
        names = {"code": objective.code, "title": objective.title}
        if done:
            text = _("The review took no decision on %(code)s %(title)s.") % names
            items.append(AgendaItem("decision", text, f"{workspace}#decisions", _("Decisions")))
            continue
        url = f"{workspace}#decisions"
        if can_decide and review.is_editable:
            url = (
                reverse("reviews:decision_add", args=[acronym, review.pk])
                + f"?objective={objective.pk}"
            )
        text = _("No decision yet on %(code)s %(title)s.") % names
        items.append(AgendaItem("decision", text, url, _("Record a decision")))
    return items


def _stance_sentence(stance: str) -> str:
    return {
        "supports": _("%(stakeholder)s now supports %(code)s."),
        "ambivalent": _("%(stakeholder)s is now ambivalent on %(code)s."),
        "opposes": _("%(stakeholder)s now opposes %(code)s."),
    }.get(stance, _("%(stakeholder)s's position on %(code)s is now unknown."))


# Nudges -------------------------------------------------------------------------------------


def nudged_today(review: Review) -> set[tuple[int, int]]:
    """(lead id, component id) pairs already nudged today, in the mission's time zone."""
    prefix = f"review:{review.pk}:component:"
    return {
        (user_id, int(key.removeprefix(prefix)))
        for user_id, key in Reminder.objects.filter(
            mission_id=review.mission_id,
            rule=NUDGE_RULE,
            period=review.mission.today().isoformat(),
            object_key__startswith=prefix,
        ).values_list("recipient_id", "object_key")
    }


def can_nudge(user: AbstractBaseUser, review: Review) -> bool:
    return review.is_editable and can(user, Action.RUN_REVIEW, review.mission_id)


# Decisions, in words ------------------------------------------------------------------------


@dataclass
class DecisionLine:
    """A decision as the log and the sign-off confirmation show it."""

    decision: Decision
    target: str
    change: str


def describe(decision: Decision) -> DecisionLine:
    """What a decision is about and what it will change, from its kind and details."""
    kind, details = decision.kind, decision.details or {}
    objective, task, component = decision.objective, decision.task, decision.component
    target = f"{objective.code} {objective.title}" if objective else ""
    change = ""
    if kind == DecisionKind.KEEP:
        change = _("Kept as it is.")
    elif kind == DecisionKind.DROP:
        change = _("Dropped from the strategy.")
    elif kind == DecisionKind.ADJUST:
        parts = []
        if details.get("title"):
            parts.append(_("title: “%(v)s”") % {"v": details["title"]})
        if details.get("description"):
            parts.append(_("new description"))
        if details.get("priority"):
            parts.append(_("priority: %(v)s") % {"v": _priority_label(details["priority"]).lower()})
        if details.get("phase"):
            parts.append(_("phase %(v)s") % {"v": details["phase"]})
        change = _("Adjusted: %(parts)s.") % {"parts": "; ".join(parts)} if parts else ""
    elif kind == DecisionKind.ADD:
        target = f"{details.get('code', '')} {details.get('title', '')}".strip() or target
        change = _("New objective, priority %(priority)s, phase %(phase)s.") % {
            "priority": _priority_label(details.get("priority") or 2).lower(),
            "phase": details.get("phase") or 1,
        }
    elif kind in (DecisionKind.REPRIORITISE, DecisionKind.RESEQUENCE):
        target = (
            _("Task %(ref)s: %(text)s")
            % {"ref": task.reference, "text": Truncator(task.text).chars(90)}
            if task
            else _("(task removed)")
        )
        if kind == DecisionKind.RESEQUENCE:
            change = _("Taken up in phase %(phase)s.") % {"phase": details.get("phase")}
        elif details.get("is_strategic_priority"):
            change = _("Becomes a strategic priority.")
        else:
            change = _("No longer a strategic priority.")
    elif kind == DecisionKind.CONTRIBUTION:
        name = component.name if component else _("(component removed)")
        target = f"{name} → {objective.code}" if objective else name
        role = details.get("role")
        change = (
            _("Stops contributing.")
            if role == "none"
            else _("Contributes as %(role)s.") % {"role": _role_label(role).lower()}
        )
    if not target:
        target = _("(objective removed)")
    return DecisionLine(decision, target, change)


def _priority_label(value: Any) -> str:
    try:
        return str(Priority(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


def _role_label(value: Any) -> str:
    try:
        return str(ContributionRole(value).label)
    except ValueError:
        return str(value)


# The workspace, read at once ----------------------------------------------------------------


@dataclass
class Workspace:
    """Everything the review workspace shows about one review, in a fixed number of queries."""

    objective_rows: list[tuple[Objective, str | None, str]]  # objective, rating, its label
    completeness: Completeness
    moved: Moved
    agenda: list[AgendaItem]
    decisions: list[DecisionLine]
    participants: list[Any]
    reopenings: list[ReviewReopening]


def review_workspace(review: Review, *, can_decide: bool, nudges: bool) -> Workspace:
    """The workspace's reads; ``nudges`` marks the leads already nudged today."""
    objectives = {o.pk: o for o in Objective.objects.filter(mission_id=review.mission_id)}
    ratings = ratings_in(review)
    gaps = read_completeness(review)
    moved = what_moved(review, objectives, ratings)
    decisions = list(
        review.decisions.select_related("objective", "task", "component", "decided_by")
    )
    if nudges:
        done = nudged_today(review)
        for gap in gaps.components:
            for lead in gap.leads:
                lead.nudged_today = (lead.pk, gap.component.pk) in done
    active = sorted(
        (o for o in objectives.values() if o.status == ObjectiveStatus.ACTIVE),
        key=lambda o: natural_key(o.code),
    )
    return Workspace(
        objective_rows=[
            (o, ratings.get(o.pk), str(Progress(ratings[o.pk]).label) if o.pk in ratings else "")
            for o in active
        ],
        completeness=gaps,
        moved=moved,
        agenda=agenda(
            review,
            moved=moved,
            completeness=gaps,
            ratings=ratings,
            objectives=objectives,
            decisions=decisions,
            can_decide=can_decide,
        ),
        decisions=[describe(d) for d in decisions],
        participants=list(review.participants.order_by("last_name", "first_name", "username")),
        reopenings=list(review.reopenings.select_related("reopened_by")),
    )
