"""The recommendations against what the Council decided, once the renewal is imported.

The renewed mandate's paragraphs are matched to the previous mandate's by wording
(``mandates.matching`` through ``strategies.selectors.carry_over.mandate_diff``): a paragraph is
kept as is, reworded, dropped or new, and may have been made or unmade a strategic priority.
Each recommendation on the previous mandate is then read against that, in one sentence:
"Recommended drop; the Council kept it." The new tasks the mission proposed are matched to the
renewal's new paragraphs the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from mandates.matching import MATERIAL_BELOW, match_tasks, normalise
from mandates.models import Mandate, MandatedTask
from renewals.models import ProposedTask, Recommendation, RecommendationAction, Renewal
from strategies.selectors.carry_over import TaskItem, mandate_diff

KEPT, REWORDED, DROPPED, NEW = "kept", "reworded", "dropped", "new"
MADE, UNMADE = "made", "unmade"


def _close(a: str, b: str) -> bool:
    """Two wordings the same but for about one word in ten."""
    left, right = normalise(a), normalise(b)
    if left == right:
        return True
    return SequenceMatcher(None, left, right, autojunk=False).ratio() >= MATERIAL_BELOW


@dataclass
class OutcomeRow:
    """One paragraph: of the renewal (``new``), or of the old mandate only (dropped)."""

    old: TaskItem | None
    new: TaskItem | None
    outcome: str
    material: bool = False
    recommendation: Recommendation | None = None
    proposed: ProposedTask | None = None

    @property
    def dom_id(self) -> str:
        return f"new-{self.new.pk}" if self.new else f"old-{self.old.pk}"

    @property
    def priority(self) -> str | None:
        if self.old is None or self.new is None:
            return None
        if self.new.is_strategic_priority and not self.old.is_strategic_priority:
            return MADE
        if self.old.is_strategic_priority and not self.new.is_strategic_priority:
            return UNMADE
        return None

    @property
    def outcome_label(self) -> str:
        if self.outcome == REWORDED and self.material:
            return _("reworded materially")
        return {
            KEPT: _("kept as is"),
            REWORDED: _("reworded"),
            DROPPED: _("dropped"),
            NEW: _("new"),
        }[self.outcome]

    @property
    def priority_label(self) -> str:
        return {
            MADE: _("made a strategic priority"),
            UNMADE: _("no longer a strategic priority"),
            None: "",
        }[self.priority]

    @property
    def followed(self) -> bool | None:
        """Did the Council do what the mission recommended? None when nothing was
        recommended, or when the resolution cannot tell (a resequencing)."""
        rec = self.recommendation
        if rec is None:
            return True if self.proposed is not None else None
        exists = self.outcome != DROPPED
        now_priority = bool(self.new and self.new.is_strategic_priority)
        return {
            RecommendationAction.KEEP: exists,
            RecommendationAction.DROP: not exists,
            RecommendationAction.REWORD: self.outcome == REWORDED,
            RecommendationAction.MAKE_PRIORITY: exists and now_priority,
            RecommendationAction.UNMAKE_PRIORITY: exists and not now_priority,
            RecommendationAction.RESEQUENCE: None if exists else False,
        }[rec.action]

    @property
    def verdict(self) -> str:
        """What was recommended and what the Council did, as one sentence."""
        if self.outcome == NEW:
            if self.proposed is not None:
                return _("Proposed by the mission; the Council added it.")
            return _("New; not proposed by the mission.")
        rec = self.recommendation
        if rec is None:
            return {
                KEPT: _("No recommendation; kept as is."),
                REWORDED: _("No recommendation; reworded."),
                DROPPED: _("No recommendation; dropped."),
            }[self.outcome]
        return self._sentence(rec)

    def _sentence(self, rec: Recommendation) -> str:
        outcome = self.outcome
        dropped = outcome == DROPPED
        if rec.action == RecommendationAction.KEEP:
            if dropped:
                return _("Recommended keep; the Council dropped it.")
            if outcome == REWORDED:
                return _("Recommended keep; kept, reworded.")
            return _("Recommended keep; kept.")
        if rec.action == RecommendationAction.DROP:
            if dropped:
                return _("Recommended drop; dropped.")
            if outcome == REWORDED:
                return _("Recommended drop; the Council kept it, reworded.")
            return _("Recommended drop; the Council kept it.")
        if rec.action == RecommendationAction.REWORD:
            if dropped:
                return _("Recommended rewording; the Council dropped it.")
            if outcome == KEPT:
                return _("Recommended rewording; the Council kept the wording.")
            if self.new is not None and _close(rec.wording, self.new.text):
                return _("Recommended rewording; reworded as proposed.")
            return _("Recommended rewording; reworded, not as proposed.")
        if rec.action == RecommendationAction.MAKE_PRIORITY:
            if dropped:
                return _("Recommended making it a strategic priority; the Council dropped it.")
            if self.new is not None and self.new.is_strategic_priority:
                return _("Recommended making it a strategic priority; made one.")
            return _("Recommended making it a strategic priority; the Council did not.")
        if rec.action == RecommendationAction.UNMAKE_PRIORITY:
            if dropped:
                return _("Recommended ending its strategic priority; the Council dropped the task.")
            if self.new is not None and not self.new.is_strategic_priority:
                return _("Recommended ending its strategic priority; ended.")
            return _("Recommended ending its strategic priority; the Council kept it a priority.")
        # Resequencing: the phase is the mission's own, the resolution does not say it.
        if dropped:
            return _("Recommended resequencing to phase %(n)s; the Council dropped it.") % {
                "n": rec.phase
            }
        return _(
            "Recommended resequencing to phase %(n)s; kept (the phase is set by the mission)."
        ) % {"n": rec.phase}


@dataclass
class ProposalRow:
    proposed: ProposedTask
    adopted_as: TaskItem | None


@dataclass
class OutcomeReport:
    old: Mandate
    new: Mandate
    renewal: Renewal | None
    rows: list[OutcomeRow]  # the renewal's paragraphs, in its order
    dropped: list[OutcomeRow]  # the old mandate's paragraphs the renewal left out
    proposals: list[ProposalRow]
    followed: int = 0
    not_followed: int = 0
    undetermined: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def recommended(self) -> int:
        return self.followed + self.not_followed + self.undetermined

    @property
    def is_approved(self) -> bool:
        return self.renewal is not None and not self.renewal.is_editable


@dataclass(frozen=True)
class _ProposalItem:
    """A proposed task as ``match_tasks`` reads it."""

    pk: int
    reference: str
    text: str
    parent_reference: str | None = None


def renewal_outcome(old: Mandate, new: Mandate) -> OutcomeReport:
    """The renewal ``new`` against the recommendations on ``old``: a fixed number of queries."""
    diff = mandate_diff(old, new)
    renewal = Renewal.objects.filter(mandate=old).select_related("approved_by").first()
    recommendations: dict[int, Recommendation] = {}
    proposed: list[ProposedTask] = []
    if renewal is not None:
        recommendations = {r.task_id: r for r in Recommendation.objects.filter(renewal=renewal)}
        proposed = list(ProposedTask.objects.filter(renewal=renewal).order_by("created_at", "pk"))

    adopted: dict[int, TaskItem] = {}  # proposed task id -> the new paragraph
    if proposed and diff.new:
        items = [_ProposalItem(p.pk, f"P{i}", p.text) for i, p in enumerate(proposed, start=1)]
        for pair in match_tasks(items, diff.new).pairs:
            adopted[pair.old.pk] = pair.new
    proposal_of = {task.pk: p for p in proposed if (task := adopted.get(p.pk)) is not None}

    by_new: dict[int, OutcomeRow] = {}
    for pair in diff.unchanged:
        by_new[pair.new.pk] = OutcomeRow(pair.old, pair.new, KEPT)
    for pair in diff.reworded:
        by_new[pair.new.pk] = OutcomeRow(pair.old, pair.new, REWORDED, material=pair.material)
    for task in diff.new:
        by_new[task.pk] = OutcomeRow(None, task, NEW, proposed=proposal_of.get(task.pk))
    order = dict(MandatedTask.objects.filter(mandate=new).values_list("pk", "position"))
    rows = [by_new[pk] for pk in sorted(by_new, key=lambda pk: (order.get(pk, 0), pk))]
    dropped = [OutcomeRow(task, None, DROPPED) for task in diff.dropped]
    for row in [*rows, *dropped]:
        if row.old is not None:
            row.recommendation = recommendations.get(row.old.pk)

    report = OutcomeReport(
        old=old,
        new=new,
        renewal=renewal,
        rows=rows,
        dropped=dropped,
        proposals=[ProposalRow(p, adopted.get(p.pk)) for p in proposed],
        counts={
            KEPT: len(diff.unchanged),
            REWORDED: len(diff.reworded),
            DROPPED: len(diff.dropped),
            NEW: len(diff.new),
        },
    )
    for row in [*rows, *dropped]:
        if row.recommendation is None:
            continue
        if row.followed is True:
            report.followed += 1
        elif row.followed is False:
            report.not_followed += 1
        else:
            report.undetermined += 1
    return report
