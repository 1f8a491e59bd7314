"""The review workspace read at once: its history row, what moved, the agenda, the nudges and
the decisions in words (the parts are in ``review_list``, ``what_moved`` and ``agenda``).

Every read costs a fixed number of queries whatever the number of reviews, objectives,
assumptions, positions or exit conditions: rows are fetched in bulk and joined in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from missions.policy import Action, can
from reviews.models import (
    Decision,
    DecisionKind,
    Progress,
    Reminder,
    Review,
    ReviewReopening,
    ReviewStatus,
    RiskAssessment,
)
from reviews.selectors.agenda import AgendaItem, agenda, undecided
from reviews.selectors.completeness import Completeness
from reviews.selectors.completeness import completeness as read_completeness
from reviews.selectors.what_moved import Moved, ratings_in, what_moved
from strategies.models import (
    ContributionRole,
    Objective,
    ObjectiveStatus,
    Priority,
)
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

NUDGE_RULE = "review_nudge"


def nudge_key(review_id: int, component_id: int) -> str:
    return f"review:{review_id}:component:{component_id}"


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


def changes_draft(decision: Decision) -> bool:
    """Does signing off change the draft for this decision? Keeping an objective does not."""
    return decision.kind != DecisionKind.KEEP


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
class Concluded:
    """What a signed-off review concluded, in place of its agenda: nothing in it is waiting."""

    ratings: list[tuple[str, str, int]]  # (progress value, label, count), in scale order
    changed: int  # decisions that changed the draft
    kept: int  # decisions that kept an objective as it was
    broken: int  # assumptions broken when it concluded
    undecided: list[Objective]  # of concern, or with a broken assumption, and no decision


def _concluded(
    ratings: dict[int, str],
    objectives: dict[int, Objective],
    moved: Moved,
    decisions: list[Decision],
) -> Concluded:
    tally = [(p.value, str(p.label), list(ratings.values()).count(p.value)) for p in Progress]
    changed = sum(1 for d in decisions if changes_draft(d))
    return Concluded(
        ratings=[row for row in tally if row[2]],
        changed=changed,
        kept=len(decisions) - changed,
        broken=len(moved.assumptions),
        undecided=undecided(
            moved=moved, ratings=ratings, objectives=objectives, decisions=decisions
        ),
    )


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
    risk_ratings: list[RiskAssessment]
    concluded: Concluded | None = None


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
    signed_off = review.status == ReviewStatus.SIGNED_OFF
    return Workspace(
        objective_rows=[
            (o, ratings.get(o.pk), str(Progress(ratings[o.pk]).label) if o.pk in ratings else "")
            for o in active
        ],
        completeness=gaps,
        moved=moved,
        # A signed-off review has nothing left to act on: its summary stands in for the agenda.
        agenda=[]
        if signed_off
        else agenda(
            review,
            moved=moved,
            completeness=gaps,
            ratings=ratings,
            objectives=objectives,
            decisions=decisions,
            can_decide=can_decide,
        ),
        concluded=_concluded(ratings, objectives, moved, decisions) if signed_off else None,
        decisions=[describe(d) for d in decisions],
        participants=list(review.participants.order_by("last_name", "first_name", "username")),
        reopenings=list(review.reopenings.select_related("reopened_by")),
        risk_ratings=risk_ratings_in(review),
    )


def risk_ratings_in(review: Review) -> list[RiskAssessment]:
    """The risks re-rated in the review (those the reader may read), by objective code."""
    rows = RiskAssessment.objects.filter(review=review).select_related("risk__objective")
    return sorted(rows, key=lambda r: (natural_key(r.risk.objective.code), r.risk.pk))
