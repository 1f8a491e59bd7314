"""What a brief says: the data its print templates lay out, read in a fixed number of queries.

A brief is of the working draft, of an approved version, or of a review. The strategy itself
comes from a snapshot (``strategies.versions``), so a version's brief prints exactly what the
head of mission approved; ratings and review content come from the review cycle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from briefs.audiences import Audience, audience_ceiling
from briefs.models import BriefKind
from briefs.ratings import Rating, objective_ratings
from briefs.withholding import (
    highest_level,
    join_readers,
    review_marking,
    review_withheld,
    strategy_cut,
    strategy_withheld,
    strict_readers,
    withheld_lines,
)
from missions.classification import Classification
from missions.models import Component, Mission
from missions.need_to_know import level_label, within
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    DecisionKind,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewStatus,
    RiskAssessment,
)
from reviews.selectors.completeness import completeness
from strategies.models import ContributionRole, ExitConditionStatus, ObjectiveStatus
from strategies.selectors.version_compare import Section, snapshot_for_display, version_compare
from strategies.selectors.versions import natural_key, strategy_snapshot

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from briefs.models import Brief
    from strategies.models import StrategyVersion


def person(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


# What a brief is of --------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """The thing a brief is of: the working draft, one version, or one review."""

    mission: Mission
    version: StrategyVersion | None = None
    review: Review | None = None

    @classmethod
    def of(cls, brief: Brief) -> Subject:
        return cls(brief.mission, brief.version, brief.review)

    @property
    def kind(self) -> str:
        if self.version is not None:
            return BriefKind.VERSION
        if self.review is not None:
            return BriefKind.REVIEW
        return BriefKind.DRAFT

    @property
    def label(self) -> str:
        if self.version is not None:
            return _("Version %(n)s") % {"n": self.version.number}
        if self.review is not None:
            return self.review.label
        return _("Working draft")

    @property
    def short_label(self) -> str:
        """For the running header, where space is short."""
        if self.review is not None:
            start, end = self.review.period_start, self.review.period_end
            return "{} \u2013 {}".format(
                formats.date_format(start, "MONTH_DAY_FORMAT"), formats.date_format(end)
            )
        return self.label

    def filename(self, on: date, audience: str | None = None) -> str:
        """``UNSMK-brief-version-3-for-hq-2026-11-25.pdf``: sortable, and says what it is and
        for whom."""
        if self.version is not None:
            what = f"version-{self.version.number}"
        elif self.review is not None:
            what = f"review-{self.review.period_start:%Y-%m-%d}"
        else:
            what = "working-draft"
        if audience:
            what += "-for-" + audience.replace("_", "-")
        acronym = re.sub(r"[^A-Za-z0-9-]+", "-", self.mission.acronym)
        return f"{acronym}-brief-{what}-{on:%Y-%m-%d}.pdf"


# Parts of the document -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One numbered section: its anchor (for the contents' page numbers) and template."""

    key: str
    title: str
    number: int
    template_name: str = ""

    @property
    def template(self) -> str:
        return self.template_name or f"briefs/pdf/parts/_{self.key}.html"


REVIEW_PARTS = ("review", "review_contributions", "review_assessed", "decisions")
STRATEGY_PARTS = ("end_state", "objectives", "matrix", "alignment", "positions", "drivers")


def part_titles() -> dict[str, str]:
    return {
        "review": _("The review: conclusions and progress"),
        "review_contributions": _("How components' work advanced the objectives"),
        "review_assessed": _("Assumptions, risks, markers and exit conditions reassessed"),
        "decisions": _("Decisions"),
        "changes": _("What changed"),
        "end_state": _("End state and exit readiness"),
        "objectives": _("Strategic objectives"),
        "matrix": _("Contribution matrix"),
        "alignment": _("Mandate alignment"),
        "positions": _("Stakeholder positions"),
        "drivers": _("Conflict drivers"),
    }


@dataclass(frozen=True)
class ExtraPart:
    """A part a higher app adds to every brief (``brief_part_register``), so this app prints
    it without importing that app: its title, template, where it goes and its data.

    ``context(mission, level)`` runs while the brief is composed (reading as its exporter,
    within the audience's ceiling) and returns names for the template; ``level`` is the
    highest level the brief prints, above which the part must print nothing.
    """

    key: str
    title: Callable[[], str]
    template: str
    context: Callable[[Mission, int], dict[str, Any]]
    after: str


_EXTRA_PARTS: dict[str, ExtraPart] = {}


def brief_part_register(part: ExtraPart) -> None:
    """Add a part from a higher app (its ``AppConfig.ready``); registering again replaces it."""
    _EXTRA_PARTS[part.key] = part


def parts_for(kind: str) -> list[Part]:
    """Review first for a review brief (the point of it), the strategy as it stands after."""
    keys = (
        [*REVIEW_PARTS, "changes", *STRATEGY_PARTS]
        if kind == BriefKind.REVIEW
        else [*STRATEGY_PARTS, "changes"]
    )
    titles = part_titles()
    templates = {}
    for extra in _EXTRA_PARTS.values():
        at = keys.index(extra.after) + 1 if extra.after in keys else len(keys)
        keys.insert(at, extra.key)
        titles[extra.key] = extra.title()
        templates[extra.key] = extra.template
    return [
        Part(key, titles[key], n, templates.get(key, "")) for n, key in enumerate(keys, start=1)
    ]


def extra_parts_context(mission: Mission, level: int) -> dict[str, Any]:
    """What the registered parts print, for the brief's template."""
    found: dict[str, Any] = {}
    for extra in _EXTRA_PARTS.values():
        found.update(extra.context(mission, level))
    return found


# The contribution matrix ---------------------------------------------------------------------


@dataclass
class MatrixRow:
    component: str
    cells: list[str | None]  # a role per column, None where the component does not contribute
    total: int

    @property
    def contributes_to_nothing(self) -> bool:
        return self.total == 0


@dataclass
class MatrixPart:
    """Some of the matrix's columns: a wide matrix is printed as several narrower tables."""

    columns: list[dict[str, Any]]
    column_totals: list[int]
    rows: list[tuple[MatrixRow, list[str | None]]]

    @property
    def first(self) -> str:
        return self.columns[0]["code"]

    @property
    def last(self) -> str:
        return self.columns[-1]["code"]


# Objective columns per table: more and the codes no longer fit across a landscape page.
MATRIX_COLUMNS = 15


@dataclass
class MatrixDoc:
    columns: list[dict[str, Any]]  # the active objectives of the snapshot
    rows: list[MatrixRow]
    column_totals: list[int]
    role_labels: dict[str, str]

    @property
    def orphans(self) -> list[dict[str, Any]]:
        return [c for c, t in zip(self.columns, self.column_totals, strict=True) if not t]

    @property
    def is_wide(self) -> bool:
        """More columns than fit across a portrait page: the matrix gets a landscape page."""
        return len(self.columns) > 9

    @property
    def parts(self) -> list[MatrixPart]:
        count = len(self.columns)
        tables = -(-count // MATRIX_COLUMNS) if self.is_wide else 1
        size = max(-(-count // max(tables, 1)), 1)  # even tables: 37 columns print 13, 12, 12
        return [
            MatrixPart(
                columns=self.columns[start : start + size],
                column_totals=self.column_totals[start : start + size],
                rows=[(row, row.cells[start : start + size]) for row in self.rows],
            )
            for start in range(0, len(self.columns), size)
        ]


def matrix_doc(strategy: dict[str, Any], extra_components: Iterable[str] = ()) -> MatrixDoc:
    columns = [o for o in strategy["objectives"] if o["status"] == ObjectiveStatus.ACTIVE]
    index = {o["code"]: n for n, o in enumerate(columns)}
    by_component: dict[str, list[str | None]] = {}
    for name in extra_components:
        by_component.setdefault(name, [None] * len(columns))
    for c in strategy["contributions"]:
        cells = by_component.setdefault(c["component"], [None] * len(columns))
        if c["objective"] in index:
            cells[index[c["objective"]]] = c["role"]
    rows = [
        MatrixRow(name, cells, sum(1 for cell in cells if cell))
        for name, cells in sorted(by_component.items(), key=lambda item: item[0].lower())
    ]
    totals = [sum(1 for row in rows if row.cells[n]) for n in range(len(columns))]
    return MatrixDoc(
        columns=columns,
        rows=rows,
        column_totals=totals,
        role_labels={value: str(label) for value, label in ContributionRole.choices},
    )


# Mandate alignment ---------------------------------------------------------------------------


@dataclass
class Paragraph:
    mandate: str
    number: str
    tasks: list[dict[str, Any]] = field(default_factory=list)


def paragraph_of(reference: str) -> str:
    """The operative paragraph a (sub-)paragraph belongs to: ``29`` for ``29 (i) (a)``."""
    match = re.match(r"\s*(\d+)", reference or "")
    return match.group(1) if match else (reference or "—")


def _unaligned(task: dict[str, Any]) -> bool:
    """A task no objective serves; a procedural paragraph (an extension, a ceiling, a report
    asked for) serves none by nature (older snapshots have no such mark)."""
    return not task["objectives"] and not task.get("is_procedural", False)


def alignment_doc(strategy: dict[str, Any]) -> dict[str, Any]:
    paragraphs: list[Paragraph] = []
    for task in strategy["alignments"]:
        number = paragraph_of(task["task"])
        if not paragraphs or (paragraphs[-1].mandate, paragraphs[-1].number) != (
            task["mandate"],
            number,
        ):
            paragraphs.append(Paragraph(task["mandate"], number))
        paragraphs[-1].tasks.append({**task, "is_unaligned": _unaligned(task)})
    tasks = strategy["alignments"]
    return {
        "paragraphs": paragraphs,
        "mandates": sorted({t["mandate"] for t in tasks}),
        "tasks": len(tasks),
        "unaligned": [t for t in tasks if _unaligned(t)],
        "priorities": sum(1 for t in tasks if t["is_strategic_priority"]),
    }


# End state readiness -------------------------------------------------------------------------


def readiness(conditions: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {status: 0 for status in ExitConditionStatus.values}
    for c in conditions:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    total = len(conditions)
    return {
        "total": total,
        "met": counts.get(ExitConditionStatus.MET, 0),
        "partly_met": counts.get(ExitConditionStatus.PARTLY_MET, 0),
        "not_met": counts.get(ExitConditionStatus.NOT_MET, 0),
        "percent_met": round(100 * counts.get(ExitConditionStatus.MET, 0) / total) if total else 0,
    }


# Stakeholders --------------------------------------------------------------------------------


def positions_by_stakeholder(strategy: dict[str, Any]) -> list[dict[str, Any]]:
    titles = {o["code"]: o["title"] for o in strategy["objectives"]}
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in strategy["positions"]:
        grouped[p["stakeholder"]].append({**p, "objective_title": titles.get(p["objective"], "")})
    return [{"name": name, "positions": items} for name, items in grouped.items()]


# The review ----------------------------------------------------------------------------------


def _decision_subject(decision: Decision) -> str:
    details = decision.details or {}
    if decision.kind == DecisionKind.ADD and details.get("code"):
        return f"{details['code']} {details.get('title', '')}".strip()
    if decision.kind == DecisionKind.CONTRIBUTION:
        component = decision.component.name if decision.component else "—"
        code = decision.objective.code if decision.objective else "—"
        return f"{component} → {code}"
    if decision.task is not None:
        return _("OP %(reference)s") % {"reference": decision.task.reference}
    if decision.objective is not None:
        return f"{decision.objective.code} {decision.objective.title}"
    return "—"


def _own(rating: Rating | None, review: Review) -> Rating | None:
    """The rating, if it is this review's (its trend then compares with the review before)."""
    return rating if rating is not None and rating.review_id == review.pk else None


def review_doc(review: Review, ratings: dict[str, Rating]) -> dict[str, Any]:
    """Everything recorded in one review, in about a dozen queries whatever its size."""
    objectives = sorted(
        ObjectiveAssessment.objects.filter(review=review).select_related(
            "objective", "assessed_by"
        ),
        key=lambda a: natural_key(a.objective.code),
    )
    contributions = sorted(
        ContributionAssessment.objects.filter(review=review).select_related(
            "contribution__component", "contribution__objective", "assessed_by"
        ),
        key=lambda a: (
            a.contribution.component.name.lower(),
            natural_key(a.contribution.objective.code),
        ),
    )
    assumptions = sorted(
        AssumptionAssessment.objects.filter(review=review).select_related("assumption__objective"),
        key=lambda a: (natural_key(a.assumption.objective.code), a.pk),
    )
    markers = sorted(
        MarkerReading.objects.filter(review=review).select_related("marker__objective"),
        key=lambda r: (natural_key(r.marker.objective.code), r.pk),
    )
    risks = sorted(
        RiskAssessment.objects.filter(review=review).select_related("risk__objective"),
        key=lambda r: (natural_key(r.risk.objective.code), r.pk),
    )
    exits = list(
        ExitConditionAssessment.objects.filter(review=review)
        .select_related("exit_condition")
        .order_by("exit_condition__kind", "pk")
    )
    decisions = [
        {"decision": d, "subject": _decision_subject(d)}
        for d in Decision.objects.filter(review=review)
        .select_related("objective", "task", "component", "decided_by")
        .order_by("created_at", "pk")
    ]
    gaps = completeness(review)
    return {
        "review": review,
        "status_label": review.get_status_display(),
        "led_by": person(review.led_by) if review.led_by_id else None,
        "signed_off_by": person(review.signed_off_by) if review.signed_off_by_id else None,
        "participants": sorted(person(p) for p in review.participants.all()),
        "reopenings": list(review.reopenings.select_related("reopened_by")),
        "objectives": [
            {
                "assessment": a,
                "rating": _own(ratings.get(a.objective.code), review),
            }
            for a in objectives
        ],
        "unrated": gaps.unrated_objectives,
        "contributions": contributions,
        "missing_contributions": [
            {"component": g.component.name, "objectives": [c.objective.code for c in g.missing]}
            for g in gaps.gaps
        ],
        "assumptions": assumptions,
        "markers": markers,
        "risks": risks,
        "exit_conditions": exits,
        "decisions": decisions,
    }


# What changed --------------------------------------------------------------------------------


def _version_before(mission: Mission, moment: datetime | None) -> StrategyVersion | None:
    from strategies.models import StrategyVersion

    versions = StrategyVersion.objects.filter(mission=mission)
    if moment is not None:
        versions = versions.filter(approved_at__lte=moment)
    return versions.order_by("-number").first()


def _version_after(mission: Mission, moment: datetime) -> StrategyVersion | None:
    from strategies.models import StrategyVersion

    return (
        StrategyVersion.objects.filter(mission=mission, approved_at__gt=moment)
        .order_by("number")
        .first()
    )


@dataclass
class Sides:
    """The strategy the brief prints (``snapshot``) and what it is compared with."""

    snapshot: dict[str, Any]
    is_draft: bool
    label: str
    base: StrategyVersion | None
    base_label: str | None
    base_snapshot: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.base_snapshot is None and self.base is not None:
            self.base_snapshot = self.base.snapshot

    def cut(self, ceiling: int) -> Sides:
        """Both sides as an audience receiving ``ceiling`` may have them."""
        return replace(
            self,
            snapshot=strategy_cut(self.snapshot, ceiling),
            base_snapshot=self.base_snapshot and strategy_cut(self.base_snapshot, ceiling),
        )


def sides(subject: Subject) -> Sides:
    mission = subject.mission
    if subject.version is not None:
        # Read again here: the snapshot holds what the current reading may have (need to know),
        # whoever loaded the version first.
        version = type(subject.version).objects.get(pk=subject.version.pk)
        base = (
            type(version)
            .objects.filter(mission=mission, number__lt=version.number)
            .order_by("-number")
            .first()
        )
        return Sides(
            version.snapshot,
            False,
            _("version %(n)s") % {"n": version.number},
            base,
            base and _("version %(n)s") % {"n": base.number},
        )
    if subject.review is not None:
        # The strategy the review looked at, against what it left: the next version approved
        # after its sign-off, or the working draft until one is.
        review = subject.review
        base = _version_before(mission, review.opened_at or timezone.now())
        after = (
            _version_after(mission, review.signed_off_at)
            if review.status == ReviewStatus.SIGNED_OFF and review.signed_off_at
            else None
        )
        if after is not None and (base is None or after.pk != base.pk):
            return Sides(
                after.snapshot,
                False,
                _("version %(n)s") % {"n": after.number},
                base,
                base and _("version %(n)s") % {"n": base.number},
            )
        return Sides(
            strategy_snapshot(mission=mission),
            True,
            _("the working draft"),
            base,
            base and _("version %(n)s") % {"n": base.number},
        )
    base = _version_before(mission, None)
    return Sides(
        strategy_snapshot(mission=mission),
        True,
        _("the working draft"),
        base,
        base and _("version %(n)s") % {"n": base.number},
    )


def changes_doc(current: Sides) -> dict[str, Any]:
    if current.base is None:
        return {"base_label": None, "label": current.label, "sections": [], "count": 0}
    sections: list[Section] = version_compare(current.base_snapshot, current.snapshot)
    return {
        "base_label": current.base_label,
        "label": current.label,
        "sections": [s for s in sections if s.changes],
        "unchanged": [s.title for s in sections if not s.changes],
        "count": sum(len(s.changes) for s in sections),
    }


# The whole document --------------------------------------------------------------------------


def _date(value: date | datetime) -> str:
    return formats.date_format(value)


def cover_line(subject: Subject) -> str:
    """The line under the cover title that says exactly what was printed."""
    if subject.version is not None:
        v = subject.version
        return _("Version %(n)s, approved on %(date)s by %(who)s") % {
            "n": v.number,
            "date": _date(timezone.localtime(v.approved_at)),
            "who": person(v.approved_by),
        }
    if subject.review is not None:
        review = subject.review
        line = _("%(review)s (%(status)s)") % {
            "review": review.label,
            "status": review.get_status_display().lower(),
        }
        if review.signed_off_at:
            line += " · " + _("signed off on %(date)s by %(who)s") % {
                "date": _date(timezone.localtime(review.signed_off_at)),
                "who": person(review.signed_off_by),
            }
        return line
    return _("Working draft (not approved)")


@dataclass(frozen=True)
class Cut:
    """What a brief for one audience prints and leaves out, and so who may fetch it."""

    audience: str
    ceiling: int
    printed_level: int
    withheld: list[Any]
    # The people named on every Strictly confidential record printed or withheld (None: none).
    readers: set[int] | None

    @property
    def access_level(self) -> int:
        """Who may fetch the brief in the app: a brief that prints or withholds a *Strictly
        confidential* record is for those who may read all such records."""
        if self.readers is not None:
            return Classification.STRICTLY_CONFIDENTIAL
        return self.printed_level


def brief_context(
    subject: Subject,
    *,
    audience: str = Audience.HQ,
    recipient: str = "",
    requested_by: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The print template's context, for ``audience``. Call inside the mission's time zone,
    the brief's language, and reading as its exporter (``rendering.render_subject`` does)."""
    mission = subject.mission
    now = now or timezone.now()
    ceiling = audience_ceiling(audience, mission)
    read = sides(subject)
    withheld = strategy_withheld(read.snapshot, ceiling)
    readers = strict_readers(read.snapshot)
    if subject.review is not None:
        withheld += review_withheld(subject.review, ceiling)
        readers = join_readers(readers, review_marking(subject.review)[1])
    current = read.cut(ceiling)
    with within(ceiling):
        strategy = snapshot_for_display(current.snapshot)
        ratings = objective_ratings(mission, review=subject.review)
        for objective in strategy["objectives"]:
            objective["rating"] = ratings.get(objective["code"])
        extra = (
            list(Component.objects.filter(mission=mission).values_list("name", flat=True))
            if current.is_draft
            else ()
        )
        is_review = subject.kind == BriefKind.REVIEW
        review = review_doc(subject.review, ratings) if is_review else None
        printed = max(
            highest_level(current.snapshot),
            highest_level(current.base_snapshot or {}),
            review_marking(subject.review)[0] if is_review else 0,
        )
        extra_parts = extra_parts_context(mission, printed)
    cut = Cut(audience, ceiling, printed, withheld, readers)
    heading = _("Strategy review brief") if is_review else _("Political strategy brief")
    generated = timezone.localtime(now)
    return {
        "mission": mission,
        "subject": subject,
        "kind": subject.kind,
        "language": get_language() or settings.LANGUAGE_CODE,
        "direction": "rtl" if get_language_bidi() else "ltr",
        "heading": heading,
        "title": _("%(mission)s %(heading)s: %(subject)s")
        % {"mission": mission.acronym, "heading": heading.lower(), "subject": subject.label},
        "cover_line": cover_line(subject),
        "running_title": " · ".join(
            (
                mission.acronym,
                _("Review brief") if is_review else _("Strategy brief"),
                subject.short_label,
            )
        ),
        "strategy_label": current.label,
        "generated_at": generated,
        "requested_by": person(requested_by) if requested_by else None,
        "cut": cut,
        "audience": Audience(audience).label,
        "recipient": recipient,
        # The subscribers' brief has no recipient of its own: it is for its audience.
        "recipient_line": recipient or Audience(audience).label,
        "marking": level_label(printed, mission),
        "ceiling_label": level_label(ceiling, mission),
        "withheld_lines": withheld_lines(withheld),
        "strategy": strategy,
        "readiness": readiness(strategy["exit_conditions"]),
        "matrix": matrix_doc(strategy, extra),
        "alignment": alignment_doc(strategy),
        "stakeholders": positions_by_stakeholder(strategy),
        "changes": changes_doc(current),
        "review": review,
        "parts": parts_for(subject.kind),
        **extra_parts,
    }
