"""In one review, the agenda that follows from what moved: what the review has to take up,
worst first, each item linking where it is dealt with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from reviews.models import (
    Decision,
    Progress,
    Review,
    ReviewStatus,
)
from reviews.selectors.completeness import Completeness
from strategies.models import (
    Objective,
)
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    pass
from reviews.models import DONE
from reviews.selectors.what_moved import Moved

# Worst first: the order in which the agenda takes up objectives.
CONCERNS = (Progress.OFF_TRACK, Progress.STALLED, Progress.AT_RISK)


@dataclass
class AgendaItem:
    kind: str  # objective, assumption, position, contributions, decision
    text: str
    url: str
    link_text: str
    note: str = ""


def _assess_url(review: Review, objective: Objective) -> str:
    return reverse(
        "reviews:assess_objective", args=[review.mission.acronym, review.pk, objective.code]
    )


def _concern_items(
    review: Review, ratings: dict[int, str], objectives: dict[int, Objective]
) -> list[AgendaItem]:
    """Objectives rated a concern, worst rating first."""
    concerned = sorted(
        (
            (CONCERNS.index(progress), natural_key(objectives[pk].code), objectives[pk], progress)
            for pk, progress in ratings.items()
            if progress in CONCERNS and pk in objectives
        ),
        key=lambda t: t[:2],
    )
    return [
        AgendaItem(
            "objective",
            _("%(code)s %(title)s is %(rating)s.")
            % {
                "code": objective.code,
                "title": objective.title,
                "rating": str(Progress(progress).label).lower(),
            },
            _assess_url(review, objective),
            _("Read the assessment"),
        )
        for *_order, objective, progress in concerned
    ]


def _assumption_items(review: Review, moved: Moved) -> list[AgendaItem]:
    return [
        AgendaItem(
            "assumption",
            _("An assumption of %(code)s is broken: %(statement)s")
            % {
                "code": broken.assumption.objective.code,
                "statement": Truncator(broken.assumption.statement).chars(160),
            },
            _assess_url(review, broken.assumption.objective),
            _("Re-rate it") if review.is_editable else _("Read the assessment"),
            _("Broken since the last review.") if broken.new and moved.previous else "",
        )
        for broken in moved.assumptions
    ]


def _position_items(review: Review, moved: Moved) -> list[AgendaItem]:
    acronym = review.mission.acronym
    return [
        AgendaItem(
            "position",
            _stance_sentence(shift.position.stance)
            % {
                "stakeholder": shift.position.stakeholder.name,
                "code": shift.position.objective.code,
            },
            reverse("strategies:stakeholder_detail", args=[acronym, shift.position.stakeholder_id]),
            _("See the stakeholder"),
        )
        for shift in moved.shifted
    ]


def _contribution_items(review: Review, completeness: Completeness) -> list[AgendaItem]:
    """Components whose contributions are not all assessed (once the review is open)."""
    if review.status == ReviewStatus.PLANNED:
        return []
    url = reverse("reviews:assess_contributions", args=[review.mission.acronym, review.pk])
    return [
        AgendaItem(
            "contributions",
            _("%(component)s: %(missing)s of %(total)s contributions not assessed.")
            % {"component": gap.component.name, "missing": len(gap.missing), "total": gap.total},
            url,
            _("Contribution assessments"),
        )
        for gap in completeness.gaps
    ]


def undecided(
    *,
    moved: Moved,
    ratings: dict[int, str],
    objectives: dict[int, Objective],
    decisions: list[Decision],
) -> list[Objective]:
    """Objectives of concern, or with a broken assumption, that no decision addresses, by code."""
    decided = {d.objective_id for d in decisions if d.objective_id}
    pending: dict[int, Objective] = {
        pk: objectives[pk]
        for pk, progress in ratings.items()
        if progress in CONCERNS and pk in objectives and pk not in decided
    }
    for broken in moved.assumptions:
        objective = broken.assumption.objective
        if objective.pk not in decided:
            pending[objective.pk] = objective
    return sorted(pending.values(), key=lambda o: natural_key(o.code))


def _decision_items(
    review: Review,
    *,
    moved: Moved,
    ratings: dict[int, str],
    objectives: dict[int, Objective],
    decisions: list[Decision],
    can_decide: bool,
) -> list[AgendaItem]:
    """Objectives of concern, or with a broken assumption, that no decision addresses yet."""
    workspace = f"{review.get_absolute_url()}#decisions"
    items = []
    for objective in undecided(
        moved=moved, ratings=ratings, objectives=objectives, decisions=decisions
    ):
        names = {"code": objective.code, "title": objective.title}
        if review.status in DONE:
            text = _("The review took no decision on %(code)s %(title)s.") % names
            items.append(AgendaItem("decision", text, workspace, _("Decisions")))
            continue
        url = workspace
        if can_decide and review.is_editable:
            url = (
                reverse("reviews:decision_add", args=[review.mission.acronym, review.pk])
                + f"?objective={objective.pk}"
            )
        text = _("No decision yet on %(code)s %(title)s.") % names
        items.append(AgendaItem("decision", text, url, _("Record a decision")))
    return items


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
    return [
        *_concern_items(review, ratings, objectives),
        *_assumption_items(review, moved),
        *_position_items(review, moved),
        *_contribution_items(review, completeness),
        *_decision_items(
            review,
            moved=moved,
            ratings=ratings,
            objectives=objectives,
            decisions=decisions,
            can_decide=can_decide,
        ),
    ]


def _stance_sentence(stance: str) -> str:
    return {
        "supports": _("%(stakeholder)s now supports %(code)s."),
        "ambivalent": _("%(stakeholder)s is now ambivalent on %(code)s."),
        "opposes": _("%(stakeholder)s now opposes %(code)s."),
    }.get(stance, _("%(stakeholder)s's position on %(code)s is now unknown."))
