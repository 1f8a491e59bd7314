"""A first draft of the mission's input, from what it recorded since the previous report.

Nothing here is invented: each paragraph restates records (review conclusions and ratings,
decisions, exit conditions, marker readings, positions that moved) and names them as its
sources, so a reader can check every sentence against the record it came from. Records are
read through the default managers, as the person starting the draft may read them, and a
paragraph takes the highest level among its sources.

A fixed number of queries whatever the size of the strategy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from council.models import Section
from mandates.models import MandatedTask, ReportingObligation
from missions.classification import Classification
from reviews.models import (
    DONE,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
)
from strategies.models import ExitCondition, Objective, StakeholderPosition, TaskAlignment
from strategies.selectors.exit_conditions import current_exit_conditions


@dataclass
class Draft:
    """A paragraph to write: its section, text, sources and level."""

    section: str
    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    classification: int = Classification.UNCLASSIFIED


def _day(value: date) -> str:
    return date_format(value)


def _short(text: str, words: int = 18) -> str:
    return Truncator(" ".join(text.split())).words(words)


def source(kind: str, record: models.Model, label: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "pk": record.pk, "label": label, **extra}


def _level(records: Iterable[Any]) -> int:
    return max((getattr(r, "classification", 0) or 0 for r in records), default=0)


def period_of(obligation: ReportingObligation) -> tuple[date, date]:
    """Since the previous report of the same kind (or the mandate's adoption) to this one's
    due date: a periodic report covers the months since the last, whatever updates fell
    between."""
    previous = (
        ReportingObligation.objects.filter(
            mandate__mission_id=obligation.mandate.mission_id,
            kind=obligation.kind,
            due_on__lt=obligation.due_on,
        )
        .order_by("-due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    return previous or obligation.mandate.adopted_on, obligation.due_on


class _Records:
    """Everything the draft restates, read once: the reviews finished in the period (or, if
    none, the latest finished before its end, so a short period still states where things
    stand), and what moved since the first of them began."""

    def __init__(self, obligation: ReportingObligation, start: date, end: date) -> None:
        mission_id = obligation.mandate.mission_id
        self.start, self.end = start, end
        self.reviews = list(
            Review.objects.filter(
                mission_id=mission_id,
                status__in=DONE,
                period_end__gte=start,
                period_start__lte=end,
            ).order_by("period_start", "pk")
        )
        if not self.reviews:  # none finished in the period: restate the latest one finished
            latest = (
                Review.objects.filter(mission_id=mission_id, status__in=DONE, period_end__lte=end)
                .order_by("-period_end", "-pk")
                .first()
            )
            self.reviews = [latest] if latest else []
        if self.reviews:
            self.start = min(start, self.reviews[0].period_start)
        ids = [r.pk for r in self.reviews]
        self.assessments = list(
            ObjectiveAssessment.objects.filter(review_id__in=ids)
            .select_related("objective", "review")
            .order_by("review__period_start", "objective__code")
        )
        first = self.reviews[0].period_start if self.reviews else start
        self.before = {
            a.objective_id: a
            for a in ObjectiveAssessment.objects.filter(
                review__mission_id=mission_id, review__status__in=DONE, review__period_end__lt=first
            )
            .select_related("review")
            .order_by("objective_id", "-review__period_end")
            .distinct("objective_id")
        }
        self.decisions = list(
            Decision.objects.filter(review_id__in=ids)
            .select_related("review", "objective", "task")
            .order_by("review__period_start", "pk")
        )
        self.exit_assessments = {
            a.exit_condition_id: a
            for a in ExitConditionAssessment.objects.filter(review_id__in=ids)
            .select_related("review")
            .order_by("review__period_start")
        }
        self.readings = list(
            MarkerReading.objects.filter(review_id__in=ids)
            .select_related("marker__objective")
            .order_by("marker__objective__code", "read_on")
        )
        self.priorities = list(
            MandatedTask.objects.filter(
                mandate=obligation.mandate, is_strategic_priority=True
            ).order_by("position")
        )
        self.aligned: dict[int, list[Objective]] = defaultdict(list)
        for alignment in TaskAlignment.objects.filter(
            task__in=[t.pk for t in self.priorities]
        ).select_related("objective"):
            self.aligned[alignment.task_id].append(alignment.objective)
        self.conditions: list[ExitCondition] = list(
            current_exit_conditions(obligation.mandate.mission).order_by("kind", "pk")
        )
        self.positions = list(
            StakeholderPosition.objects.filter(stakeholder__mission_id=mission_id, as_of__lte=end)
            .select_related("stakeholder", "objective")
            .order_by("stakeholder_id", "objective_id", "as_of")
        )

    def latest_rating(self) -> dict[int, ObjectiveAssessment]:
        """Each objective's rating in the last review of the period."""
        return {a.objective_id: a for a in self.assessments}


def _review_source(review: Review) -> dict[str, Any]:
    return source("review", review, review.label)


def _objective_source(objective: Objective) -> dict[str, Any]:
    return source("objective", objective, f"{objective.code} {objective.title}")


def _political(records: _Records) -> list[Draft]:
    drafts = []
    for review in records.reviews:
        if review.summary.strip():
            drafts.append(
                Draft(Section.POLITICAL, review.summary.strip(), [_review_source(review)])
            )
    for assessment in records.assessments:
        text = assessment.political_environment.strip()
        if not text:
            continue
        objective = assessment.objective
        drafts.append(
            Draft(
                Section.POLITICAL,
                _("On %(objective)s: %(text)s")
                % {"objective": f"{objective.code} ({objective.title})", "text": text},
                [_objective_source(objective), _review_source(assessment.review)],
                _level([assessment, objective]),
            )
        )
    return drafts


def _rating_sentence(assessment: ObjectiveAssessment, before: ObjectiveAssessment | None) -> str:
    objective = assessment.objective
    words = {
        "code": objective.code,
        "title": objective.title,
        "rating": assessment.get_progress_display(),
        "review": assessment.review.label,
    }
    if before is None:
        sentence = _("%(code)s (%(title)s) was rated %(rating)s in the %(review)s.") % words
    elif before.progress == assessment.progress:
        sentence = _("%(code)s (%(title)s) stayed %(rating)s in the %(review)s.") % words
    else:
        words["before"] = before.get_progress_display()
        sentence = (
            _("%(code)s (%(title)s) moved from %(before)s to %(rating)s in the %(review)s.") % words
        )
    if assessment.evidence.strip():
        sentence += " " + assessment.evidence.strip()
    return sentence


def _mandate(records: _Records) -> list[Draft]:
    """By strategic priority: each priority task's objectives and how they moved; then the
    objectives rated in the period that serve no priority task."""
    latest = records.latest_rating()
    covered: set[int] = set()
    drafts = []
    for task in records.priorities:
        objectives = records.aligned.get(task.pk, [])
        rated = [latest[o.pk] for o in objectives if o.pk in latest]
        if not rated:
            continue
        covered.update(a.objective_id for a in rated)
        lead = _("Under the strategic priority in OP %(ref)s (%(task)s):") % {
            "ref": task.reference,
            "task": _short(task.text),
        }
        sentences = [_rating_sentence(a, records.before.get(a.objective_id)) for a in rated]
        drafts.append(
            Draft(
                Section.MANDATE,
                " ".join([lead, *sentences]),
                [
                    source("task", task, _("OP %(ref)s") % {"ref": task.reference}),
                    *(_objective_source(a.objective) for a in rated),
                    *{a.review_id: _review_source(a.review) for a in rated}.values(),
                ],
                _level([*rated, *(a.objective for a in rated)]),
            )
        )
    for objective_id, assessment in latest.items():
        if objective_id in covered:
            continue
        drafts.append(
            Draft(
                Section.MANDATE,
                _rating_sentence(assessment, records.before.get(objective_id)),
                [_objective_source(assessment.objective), _review_source(assessment.review)],
                _level([assessment, assessment.objective]),
            )
        )
    return drafts


def _benchmarks(records: _Records) -> list[Draft]:
    drafts = []
    for condition in records.conditions:
        assessed = records.exit_assessments.get(condition.pk)
        words = {
            "kind": condition.get_kind_display(),
            "condition": condition.description.strip().rstrip("."),
            "status": condition.get_status_display().lower(),
        }
        text = _("%(kind)s condition: %(condition)s. Status: %(status)s.") % words
        if condition.last_assessed_on:
            text += " " + _("Last assessed on %(day)s.") % {"day": _day(condition.last_assessed_on)}
        if condition.evidence.strip():
            text += " " + condition.evidence.strip()
        sources = [source("exitcondition", condition, _short(condition.description, 10))]
        if assessed is not None:
            sources.append(_review_source(assessed.review))
        drafts.append(Draft(Section.BENCHMARKS, text, sources, _level([condition, assessed])))
    by_objective: dict[int, list[MarkerReading]] = defaultdict(list)
    for reading in records.readings:
        by_objective[reading.marker.objective_id].append(reading)
    for readings in by_objective.values():
        objective = readings[0].marker.objective
        parts = [
            _("%(marker)s: %(reading)s (%(day)s)")
            % {
                "marker": _short(r.marker.statement, 14).rstrip("."),
                "reading": r.reading,
                "day": _day(r.read_on),
            }
            for r in readings
        ]
        drafts.append(
            Draft(
                Section.BENCHMARKS,
                _("Markers of progress for %(code)s (%(title)s): %(readings)s.")
                % {"code": objective.code, "title": objective.title, "readings": "; ".join(parts)},
                [_objective_source(objective)]
                + [source("marker", r.marker, _short(r.marker.statement, 8)) for r in readings],
                _level([objective, *readings, *(r.marker for r in readings)]),
            )
        )
    return drafts


def _stakeholders(records: _Records) -> list[Draft]:
    """Positions taken in the period that differ from the stakeholder's previous one."""
    drafts = []
    previous: dict[tuple[int, int], StakeholderPosition] = {}
    for position in records.positions:
        key = (position.stakeholder_id, position.objective_id)
        before = previous.get(key)
        previous[key] = position
        if position.as_of < records.start or before is None or before.stance == position.stance:
            continue
        objective = position.objective
        text = _(
            "%(stakeholder)s moved from %(before)s to %(now)s on %(code)s (%(title)s), as of "
            "%(day)s."
        ) % {
            "stakeholder": position.stakeholder.name,
            "before": before.get_stance_display().lower(),
            "now": position.get_stance_display().lower(),
            "code": objective.code,
            "title": objective.title,
            "day": _day(position.as_of),
        }
        if position.note.strip():
            text += " " + position.note.strip()
        drafts.append(
            Draft(
                Section.STAKEHOLDERS,
                text,
                [
                    source("stakeholder", position.stakeholder, position.stakeholder.name),
                    source("position", position, f"{position.stakeholder.name} / {objective.code}"),
                    _objective_source(objective),
                ],
                _level([position, position.stakeholder, objective]),
            )
        )
    return drafts


def _observations(records: _Records) -> list[Draft]:
    drafts = []
    for decision in records.decisions:
        about = decision.objective.code if decision.objective else ""
        if decision.task:
            about = _("OP %(ref)s") % {"ref": decision.task.reference}
        words = {
            "review": decision.review.label,
            "kind": decision.get_kind_display().lower(),
            "about": about,
            "why": decision.rationale.strip(),
        }
        text = (
            _("The %(review)s decided to %(kind)s %(about)s: %(why)s") % words
            if about
            else _("The %(review)s decided to %(kind)s: %(why)s") % words
        )
        sources = [
            source("decision", decision, text[:80], review=decision.review_id),
            _review_source(decision.review),
        ]
        if decision.objective:
            sources.append(_objective_source(decision.objective))
        drafts.append(
            Draft(
                Section.OBSERVATIONS,
                text,
                sources,
                _level([decision, decision.objective]),
            )
        )
    return drafts


# Paragraphs drafted by higher apps from their own records (``prefill_source_register``).
_SOURCES: list[Callable[[ReportingObligation, date, date], list[Draft]]] = []


def prefill_source_register(
    drafts: Callable[[ReportingObligation, date, date], list[Draft]],
) -> None:
    """Add paragraphs from a higher app (its ``AppConfig.ready``), without this app
    importing it: ``drafts(obligation, start, end)`` returns them, each naming its section.
    They follow this app's own paragraphs of the same section."""
    if drafts not in _SOURCES:
        _SOURCES.append(drafts)


def prefill(obligation: ReportingObligation, start: date, end: date) -> list[Draft]:
    """The draft's paragraphs in section order."""
    records = _Records(obligation, start, end)
    drafts = [
        *_political(records),
        *_mandate(records),
        *_benchmarks(records),
        *_stakeholders(records),
        *_observations(records),
    ]
    for more in _SOURCES:
        drafts.extend(more(obligation, start, end))
    order = Section.values
    return sorted(drafts, key=lambda draft: order.index(draft.section))
