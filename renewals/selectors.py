"""Reading a mandate's renewal for its workspace and its documents.

Every task of the mandate in document order, with the objectives it serves, their latest rating
in a concluded review and its trend (``reviews.selectors.trends``), the review decisions taken
about it, and the recommendation on it. A fixed number of queries whatever the number of
tasks. Everything classified is read through the default managers, so a reader sees only what
they may read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from pghistory.models import Events

from core.hostile_input import plain_digits
from mandates.models import Mandate, MandatedTask
from mandates.selectors import mandate_latest
from missions.models import Mission
from renewals.models import (
    ProposedTask,
    Recommendation,
    RecommendationAction,
    Renewal,
    RenewalComment,
)
from reviews.models import Decision, Progress, Review, ReviewStatus
from reviews.selectors.trends import PROGRESS_RANK, direction, direction_label, objective_trends
from strategies.models import Objective
from strategies.selectors.activity import Entry, entries_for

# Sub-paragraphs deeper than this are drawn at this depth: the indent must not eat the text.
MAX_DEPTH = 3
# The latest changes shown on the workspace; the history page shows more.
HISTORY_SHOWN = 20
HISTORY_PAGE = 200


# Which mandate --------------------------------------------------------------------------------


def get_mandate(mission: Mission, pk: int) -> Mandate:
    found = Mandate.objects.filter(mission=mission, pk=pk).first()
    if found is None:
        raise Http404(_("No such mandate."))
    return found


def mandate_asked(mission: Mission, asked: str | None) -> Mandate | None:
    """``?mandate=<pk>`` when given (404 if not this mission's), else the mandate in force."""
    if asked:
        if not plain_digits(asked):
            raise Http404(_("No such mandate."))
        return get_mandate(mission, int(asked))
    return mandate_latest(mission)


def renewal_of(mandate: Mandate) -> Renewal | None:
    return Renewal.objects.filter(mandate=mandate).select_related("approved_by").first()


def content_stamp(renewal: Renewal | None) -> str:
    """A fingerprint of what the renewal says (each recommendation and proposed task at its
    revision): the approval checks that it is still what the head of mission read."""
    if renewal is None:
        return ""
    parts = [f"r{renewal.pk}"]
    parts += [
        f"{pk}:{rev}"
        for pk, rev in Recommendation.objects.filter(renewal=renewal)
        .order_by("pk")
        .values_list("pk", "revision")
    ]
    parts.append("p")
    parts += [
        f"{pk}:{rev}"
        for pk, rev in ProposedTask.objects.filter(renewal=renewal)
        .order_by("pk")
        .values_list("pk", "revision")
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


# The rows -------------------------------------------------------------------------------------


@dataclass
class ObjectiveLine:
    """An objective a task serves, with its latest rating in a concluded review."""

    objective: Objective
    rating: str | None = None
    rated_in: Review | None = None
    trend: str | None = None

    @property
    def rating_label(self) -> str:
        return str(Progress(self.rating).label) if self.rating else _("not rated yet")

    @property
    def trend_label(self) -> str:
        return direction_label(self.trend)


@dataclass
class TaskRow:
    task: MandatedTask
    depth: int
    objectives: list[ObjectiveLine]
    decisions: list[Decision]
    recommendation: Recommendation | None
    comment_count: int = 0

    @property
    def dom_id(self) -> str:
        return f"task-{self.task.pk}"

    @property
    def is_unaligned(self) -> bool:
        """Aligned to no objective, which a procedural paragraph never is meant to be."""
        return not self.objectives and not self.task.is_procedural


@dataclass
class Counts:
    tasks: int = 0
    recommended: int = 0
    by_action: dict[str, int] = field(default_factory=dict)

    @property
    def without(self) -> int:
        return self.tasks - self.recommended

    @property
    def actions(self) -> list[tuple[str, str, int]]:
        """(action, label, count) for the actions recommended, in the choices' order."""
        return [
            (value, str(label), self.by_action[value])
            for value, label in RecommendationAction.choices
            if self.by_action.get(value)
        ]


@dataclass
class Workspace:
    mandate: Mandate
    renewal: Renewal | None
    rows: list[TaskRow]
    proposed: list[ProposedTask]
    counts: Counts


def _depths(parents: dict[int, int | None]) -> dict[int, int]:
    """Depth of each task in the paragraph tree, from ``{task id: parent id}``."""
    depths: dict[int, int] = {}
    for pk in parents:
        depth, seen, up = 0, {pk}, parents.get(pk)
        while up is not None and up not in seen and depth < MAX_DEPTH:
            depth, seen, up = depth + 1, seen | {up}, parents.get(up)
        depths[pk] = depth
    return depths


def _objective_lines(
    objectives: list[Objective], trends: dict[int, list[tuple[Review, str]]]
) -> list[ObjectiveLine]:
    lines = []
    for objective in objectives:
        rated = trends.get(objective.pk, [])
        latest = rated[-1] if rated else None
        lines.append(
            ObjectiveLine(
                objective=objective,
                rating=latest[1] if latest else None,
                rated_in=latest[0] if latest else None,
                trend=direction([progress for _review, progress in rated], PROGRESS_RANK),
            )
        )
    return lines


def _decisions(tasks: list[int] | Mandate) -> dict[int, list[Decision]]:
    """Decisions about the tasks in open, concluded and signed-off reviews, oldest first."""
    decisions = Decision.objects.exclude(review__status=ReviewStatus.PLANNED).select_related(
        "review"
    )
    if isinstance(tasks, Mandate):
        decisions = decisions.filter(task__mandate=tasks)
    else:
        decisions = decisions.filter(task_id__in=tasks)
    found: dict[int, list[Decision]] = {}
    for decision in decisions.order_by("review__period_start", "created_at", "pk"):
        found.setdefault(decision.task_id, []).append(decision)
    return found


def _tasks(mandate: Mandate, **filters: object) -> list[MandatedTask]:
    return list(
        MandatedTask.objects.filter(mandate=mandate, **filters)
        .select_related("mandate")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("code"), to_attr="aligned")
        )
        .order_by("position", "pk")
    )


def _proposed(renewal: Renewal | None) -> list[ProposedTask]:
    if renewal is None:
        return []
    return list(
        ProposedTask.objects.filter(renewal=renewal)
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("code"), to_attr="served")
        )
        .order_by("created_at", "pk")
    )


def workspace(mandate: Mandate, renewal: Renewal | None) -> Workspace:
    """Every task of ``mandate`` with what the page and the documents show of it (ten queries
    or so, whatever the number of tasks)."""
    tasks = _tasks(mandate)
    depths = _depths({t.pk: t.parent_id for t in tasks})
    trends = objective_trends(mandate.mission)
    decisions = _decisions(mandate)
    recommendations: dict[int, Recommendation] = {}
    comment_counts: dict[int, int] = {}
    if renewal is not None:
        recommendations = {
            r.task_id: r
            for r in Recommendation.objects.filter(renewal=renewal).select_related("updated_by")
        }
        for recommendation_id in RenewalComment.objects.filter(
            renewal=renewal, recommendation__isnull=False
        ).values_list("recommendation__task_id", flat=True):
            comment_counts[recommendation_id] = comment_counts.get(recommendation_id, 0) + 1
    rows = [
        TaskRow(
            task=task,
            depth=depths[task.pk],
            objectives=_objective_lines(task.aligned, trends),
            decisions=decisions.get(task.pk, []),
            recommendation=recommendations.get(task.pk),
            comment_count=comment_counts.get(task.pk, 0),
        )
        for task in tasks
    ]
    for row in rows:
        if row.recommendation is not None:
            row.recommendation.task = row.task  # read once, with the rows
    counts = Counts(tasks=len(rows), recommended=len(recommendations))
    for recommendation in recommendations.values():
        counts.by_action[recommendation.action] = counts.by_action.get(recommendation.action, 0) + 1
    return Workspace(mandate, renewal, rows, _proposed(renewal), counts)


def task_row(task: MandatedTask) -> TaskRow:
    """One task as the workspace shows it, for the in-place editor and what it returns to."""
    (task,) = _tasks(task.mandate, pk=task.pk)
    parents = dict(
        MandatedTask.objects.filter(mandate_id=task.mandate_id).values_list("pk", "parent_id")
    )
    renewal = Renewal.objects.filter(mandate_id=task.mandate_id).first()
    recommendation = None
    if renewal is not None:
        recommendation = (
            Recommendation.objects.filter(renewal=renewal, task=task)
            .select_related("updated_by")
            .first()
        )
    comments = (
        RenewalComment.objects.filter(recommendation=recommendation).count()
        if recommendation
        else 0
    )
    return TaskRow(
        task=task,
        depth=_depths(parents)[task.pk],
        objectives=_objective_lines(task.aligned, objective_trends(task.mandate.mission)),
        decisions=_decisions([task.pk]).get(task.pk, []),
        recommendation=recommendation,
        comment_count=comments,
    )


# Lookups --------------------------------------------------------------------------------------


def get_proposed(mission: Mission, pk: int) -> ProposedTask:
    found = (
        ProposedTask.objects.filter(renewal__mission=mission, pk=pk)
        .select_related("renewal__mandate")
        .prefetch_related("objectives")
        .first()
    )
    if found is None:
        raise Http404(_("No such proposed task."))
    return found


# Comments and history -------------------------------------------------------------------------


def comments_of(renewal: Renewal | None) -> list[RenewalComment]:
    if renewal is None:
        return []
    return list(
        RenewalComment.objects.filter(renewal=renewal)
        .select_related("author", "recommendation__task")
        .order_by("created_at", "pk")
    )


def history_of(renewal: Renewal | None, *, limit: int = HISTORY_SHOWN) -> list[Entry]:
    """The renewal's changes and those of its recommendations, proposed tasks and comments,
    newest first, each named as the page names it."""
    if renewal is None:
        return []
    events = list(Events.objects.references(renewal).order_by("-pgh_created_at", "-pgh_id")[:limit])
    entries = entries_for(events)
    references = dict(
        MandatedTask.objects.filter(mandate_id=renewal.mandate_id).values_list("pk", "reference")
    )
    task_of = dict(Recommendation.objects.filter(renewal=renewal).values_list("pk", "task_id"))
    for entry, event in zip(entries, events, strict=True):
        data = event.pgh_data or {}
        if entry.kind == "renewal":
            entry.subject = renewal.mandate.symbol
        elif entry.kind == "recommendation":
            action = data.get("action")
            entry.subject = _("OP %(ref)s: %(action)s") % {
                "ref": references.get(data.get("task_id"), "?"),
                "action": RecommendationAction(action).label
                if action in RecommendationAction.values
                else action,
            }
        elif entry.kind == "proposedtask":
            entry.subject = Truncator(data.get("text", "")).words(10)
        elif entry.kind == "renewalcomment":
            task_id = task_of.get(data.get("recommendation_id"))
            about = _("OP %(ref)s") % {"ref": references[task_id]} if task_id else ""
            entry.subject = " · ".join(
                part for part in (about, Truncator(data.get("body", "")).words(10)) if part
            )
    return entries
