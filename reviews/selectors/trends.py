"""How each objective's rating (and each contribution's strength) moved across reviews.

Only concluded and signed-off reviews count: an open review's ratings are still argued over.
Every read here costs a fixed number of queries whatever the number of reviews, objectives or
contributions, so the trends page, the PDF brief and the portfolio can all use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from core.grids import Span, span
from missions.models import Mission
from reviews.models import (
    ContributionAssessment,
    ContributionAssessmentStrength,
    ObjectiveAssessment,
    Progress,
    Review,
    ReviewStatus,
)
from strategies.models import Contribution, Objective, ObjectiveStatus
from strategies.selectors.versions import natural_key

CONCLUDED = (ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF)

# Better is higher. Stalled (nothing moves) sits above off track (moving the wrong way), as
# the briefs rank them.
PROGRESS_RANK = {
    Progress.OFF_TRACK: 1,
    Progress.STALLED: 2,
    Progress.AT_RISK: 3,
    Progress.ON_TRACK: 4,
    Progress.ACHIEVED: 5,
}
STRENGTH_RANK = {
    ContributionAssessmentStrength.COUNTER: 1,
    ContributionAssessmentStrength.NONE: 2,
    ContributionAssessmentStrength.SOME: 3,
    ContributionAssessmentStrength.STRONG: 4,
}
IMPROVING, STEADY, WORSENING = "improving", "steady", "worsening"

# Sparkline geometry, in SVG user units.
STEP, HEIGHT, PAD = 18, 30, 4


def concluded_reviews(mission: Mission) -> list[Review]:
    """The mission's concluded and signed-off reviews, oldest first."""
    return list(
        Review.objects.filter(mission=mission, status__in=CONCLUDED).order_by("period_start")
    )


def objective_trends(mission: Mission) -> dict[int, list[tuple[Review, str]]]:
    """Each objective's ratings as ``(review, progress)``, oldest first (two queries).

    Objectives never rated in a concluded review are absent.
    """
    reviews = {r.pk: r for r in concluded_reviews(mission)}
    found: dict[int, list[tuple[Review, str]]] = {}
    for objective_id, review_id, progress in (
        ObjectiveAssessment.objects.filter(review_id__in=reviews)
        .order_by("review__period_start")
        .values_list("objective_id", "review_id", "progress")
    ):
        found.setdefault(objective_id, []).append((reviews[review_id], progress))
    return found


def direction(values: list[str | None], rank: dict[str, int]) -> str | None:
    """Improving, steady or worsening between the last two ratings given (None if fewer)."""
    given = [rank[v] for v in values if v in rank]
    if len(given) < 2:
        return None
    last, before = given[-1], given[-2]
    return IMPROVING if last > before else WORSENING if last < before else STEADY


def direction_label(value: str | None) -> str:
    return {
        IMPROVING: _("improving"),
        STEADY: _("steady"),
        WORSENING: _("worsening"),
        None: _("no trend yet"),
    }[value]


@dataclass
class Sparkline:
    """An inline SVG polyline of ranks (higher is better), one point per review column."""

    width: int
    height: int
    points: str
    dots: list[tuple[int, int]]


def sparkline(values: list[str | None], rank: dict[str, int]) -> Sparkline | None:
    top = max(rank.values())
    dots = [
        (PAD + i * STEP, PAD + round((top - rank[v]) * (HEIGHT - 2 * PAD) / (top - 1)))
        for i, v in enumerate(values)
        if v in rank
    ]
    if not dots:
        return None
    width = PAD * 2 + STEP * max(len(values) - 1, 0)
    return Sparkline(width, HEIGHT, " ".join(f"{x},{y}" for x, y in dots), dots)


@dataclass
class Cell:
    value: str | None
    label: str


@dataclass
class Row:
    """One objective, or one contribution, across the review columns."""

    code: str
    title: str
    is_current: bool
    status_label: str
    cells: list[Cell]
    trend: str | None
    spark: Sparkline | None
    objective: Objective | None = None

    @property
    def trend_label(self) -> str:
        return direction_label(self.trend)

    @property
    def latest(self) -> Cell | None:
        given = [c for c in self.cells if c.value]
        return given[-1] if given else None


@dataclass
class ContributionGroup:
    objective: Objective
    rows: list[Row] = field(default_factory=list)


@dataclass
class TrendTable:
    reviews: list[Review]
    objectives: list[Row]
    contributions: list[ContributionGroup]
    span: Span | None = None  # the objectives shown, when a window of them


TREND_ROWS = 40


def _row(
    code: str,
    title: str,
    values: list[str | None],
    labels: dict[str, str],
    rank: dict[str, int],
    *,
    is_current: bool,
    status_label: str = "",
    objective: Objective | None = None,
) -> Row:
    return Row(
        code=code,
        title=title,
        is_current=is_current,
        status_label=status_label,
        cells=[Cell(v, labels.get(v, "")) for v in values],
        trend=direction(values, rank),
        spark=sparkline(values, rank),
        objective=objective,
    )


def trend_table(
    mission: Mission,
    *,
    objectives_q: Q | None = None,
    component: int | None = None,
    rows_from: int | None = None,
) -> TrendTable:
    """Objectives x concluded reviews, and contributions x reviews, in five queries.

    Active objectives are listed whether rated or not; others (achieved, dropped) only when a
    review rated them, and marked as no longer current. The page filters the objectives
    (``objectives_q``), one component's contributions (``component``) and shows
    ``TREND_ROWS`` objectives from ``rows_from``; the brief reads the whole table.
    """
    reviews = concluded_reviews(mission)
    column = {r.pk: i for i, r in enumerate(reviews)}
    rated: dict[int, list[str | None]] = {}
    for objective_id, review_id, progress in ObjectiveAssessment.objects.filter(
        review_id__in=column
    ).values_list("objective_id", "review_id", "progress"):
        rated.setdefault(objective_id, [None] * len(reviews))[column[review_id]] = progress
    candidates = Objective.objects.filter(mission=mission)
    if objectives_q is not None:
        candidates = candidates.filter(objectives_q).distinct()
    objectives = sorted(
        (o for o in candidates if o.status == ObjectiveStatus.ACTIVE or o.pk in rated),
        key=lambda o: natural_key(o.code),
    )
    window = None
    if rows_from is not None:
        window = span(rows_from, total=len(objectives), size=TREND_ROWS, param="rows")
        objectives = window.slice(objectives)
    progress_labels = {str(k): str(v) for k, v in Progress.choices}
    objective_rows = [
        _row(
            o.code,
            o.title,
            rated.get(o.pk, [None] * len(reviews)),
            progress_labels,
            PROGRESS_RANK,
            is_current=o.status == ObjectiveStatus.ACTIVE,
            status_label=o.get_status_display(),
            objective=o,
        )
        for o in objectives
    ]

    strengths: dict[int, list[str | None]] = {}
    assessed = ContributionAssessment.objects.filter(
        review_id__in=column, contribution__objective__in=[o.pk for o in objectives]
    )
    if component:
        assessed = assessed.filter(contribution__component_id=component)
    for contribution_id, review_id, strength in assessed.values_list(
        "contribution_id", "review_id", "strength"
    ):
        strengths.setdefault(contribution_id, [None] * len(reviews))[column[review_id]] = strength
    strength_labels = {str(k): str(v) for k, v in ContributionAssessmentStrength.choices}
    by_objective = {o.pk: ContributionGroup(o) for o in objectives}
    for contribution in sorted(
        Contribution.objects.filter(objective__mission=mission, pk__in=strengths).select_related(
            "component"
        ),
        key=lambda c: c.component.name.lower(),
    ):
        group = by_objective.get(contribution.objective_id)
        if group is None:
            continue
        group.rows.append(
            _row(
                contribution.component.name,
                contribution.get_role_display(),
                strengths[contribution.pk],
                strength_labels,
                STRENGTH_RANK,
                is_current=group.objective.status == ObjectiveStatus.ACTIVE,
            )
        )
    return TrendTable(
        reviews=reviews,
        objectives=objective_rows,
        contributions=[g for g in by_objective.values() if g.rows],
        span=window,
    )
