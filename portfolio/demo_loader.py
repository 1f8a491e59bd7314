"""Reads the demo story from ``portfolio/demo_data/``: ``users.yaml`` and one file per mission.

The files hold content only; ``portfolio.demo`` writes it. Dates are offsets from the day of
seeding (``days_ago``, ``expires_in_days``, ``periods_ago``...) so the findings panel shows real
gaps whenever the demo is loaded. Choices are written as their stored values (``priority`` by
name: ``high``); a value that is not a choice fails here rather than in the database. Text is
wrapped at will, as in Markdown: wrapped lines are joined and a blank line starts a paragraph.
"""

from __future__ import annotations

import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.db import models

from benchmarks.models import Direction
from mandates.reporting import ReportKind
from missions.classification import Classification
from missions.models import Component, Level, Mission, Role, Stakeholder
from reviews.models import ContributionAssessment, Decision, Progress, Review
from strategies.models import (
    Assumption,
    Contribution,
    ExitCondition,
    Objective,
    Priority,
    Risk,
    StakeholderPosition,
)
from transition.models import HandoverStatus, ReceiverKind

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
MAIN_ACRONYM = "UNSMK"
# Seeding order: the main mission, the two others on the desk officer's desk, then one off it.
DEMO_ACRONYMS: tuple[str, ...] = (MAIN_ACRONYM, "UNOVB", "UNISFD", "UNVMS")

T = TypeVar("T")


def choice(choices: type[models.Choices], default: Any = MISSING) -> Any:
    """A field whose file value must be one of ``choices``."""
    return field(default=default, metadata={"choices": choices})


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    is_superuser: bool = False
    # Not one of the interface contract's demo logins (DESIGN.md section 5).
    extra: bool = False
    # Listed by ``seed_demo`` with the logins; the people who only fill the story out (component
    # leads of the other components) are not.
    listed: bool = True


@dataclass(frozen=True)
class MemberSpec:
    user: str
    role: str = choice(Role)
    component: str | None = None


@dataclass(frozen=True)
class HandoverSpec:
    """Who takes a task over when the mission leaves it (``to: ends`` for none)."""

    to: str = choice(ReceiverKind)
    receiver: str = ""
    phase: int | None = None
    status: str = choice(HandoverStatus, HandoverStatus.NOT_STARTED)
    handed_over_days_ago: int | None = None


@dataclass(frozen=True)
class TaskSpec:
    reference: str
    text: str
    objectives: tuple[str, ...] = ()
    priority: bool = False
    phase: int | None = None
    handover: HandoverSpec | None = None

    @property
    def parent_reference(self) -> str | None:
        """``29 (i) (a)`` belongs to ``29 (i)``, which belongs to ``29``."""
        return self.reference.rsplit(" (", 1)[0] if " (" in self.reference else None

    @property
    def depth(self) -> int:
        return self.reference.count(" (")

    @property
    def label(self) -> str:
        last = self.reference.rsplit(" ", 1)[-1]
        return last if last.startswith("(") else f"{last}."


@dataclass(frozen=True)
class ReportingSpec:
    """A report the resolution asks of the Secretary-General (its paragraph is not among the
    tasks); due dates run from the adoption to the mandate's end, and those past are sent."""

    reference: str
    excerpt: str
    first_due_after_days: int
    kind: str = choice(ReportKind, "report")
    every_days: int | None = None
    every_months: int | None = None


@dataclass(frozen=True)
class MandateSpec:
    symbol: str
    adopted_days_ago: int
    expires_in_days: int
    chapter_vii: bool
    strategic_objectives: str
    preamble: str
    source: str
    tasks: tuple[TaskSpec, ...]
    # Operative paragraphs before the tasks; ``{expires}`` becomes the expiry date.
    opening: tuple[str, ...] = ()
    reporting: tuple[ReportingSpec, ...] = ()


@dataclass(frozen=True)
class AssumptionSpec:
    statement: str
    rating: str = choice(Assumption.Rating)


@dataclass(frozen=True)
class RiskSpec:
    description: str
    severity: str = choice(Risk.Severity)
    mitigation: str = ""


@dataclass(frozen=True)
class ValueSpec:
    days_ago: int
    value: str


@dataclass(frozen=True)
class SeriesSpec:
    """A marker measured in a unit (or on a scale), with its values, oldest first."""

    target: str
    unit: str = ""
    baseline: str | None = None
    scale: tuple[str, ...] = ()
    direction: str = choice(Direction, Direction.AT_LEAST)
    values: tuple[ValueSpec, ...] = ()


@dataclass(frozen=True)
class MarkerSpec:
    statement: str
    baseline: str
    target: str
    latest_reading: str
    read_days_ago: int
    series: SeriesSpec | None = None


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    title: str
    description: str
    levels: tuple[str, ...] = choice(Level)
    priority: int = choice(Priority, Priority.MEDIUM)
    phase: int = 1
    owner: str | None = None
    status: str = choice(Objective.Status, Objective.Status.ACTIVE)
    assumptions: tuple[AssumptionSpec, ...] = ()
    risks: tuple[RiskSpec, ...] = ()
    markers: tuple[MarkerSpec, ...] = ()

    @property
    def parent_code(self) -> str | None:
        """``O2.1`` feeds ``O2``."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass(frozen=True)
class ContributionSpec:
    objective: str
    narrative: str
    role: str = choice(Contribution.Role)


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    lead_title: str
    kind: str = choice(Component.Kind)
    contributions: tuple[ContributionSpec, ...] = ()
    lead: str | None = None


@dataclass(frozen=True)
class PositionSpec:
    objective: str
    days_ago: int
    stance: str = choice(StakeholderPosition.Stance)
    note: str = ""
    # Need to know: the record's level and the logins named on it.
    classification: int = choice(Classification, Classification.UNCLASSIFIED)
    need_to_know: tuple[str, ...] = ()


@dataclass(frozen=True)
class StakeholderSpec:
    name: str
    notes: str
    positions: tuple[PositionSpec, ...]
    kind: str = choice(Stakeholder.Kind)
    level: str = choice(Level)
    influence: str = choice(Stakeholder.Influence)
    # Need to know: the record's level and the logins named on it.
    classification: int = choice(Classification, Classification.UNCLASSIFIED)
    need_to_know: tuple[str, ...] = ()


@dataclass(frozen=True)
class DriverSpec:
    title: str
    description: str
    leverage_points: str
    entry_points: str
    level: str = choice(Level)
    objectives: tuple[str, ...] = ()
    # Need to know: the record's level and the logins named on it.
    classification: int = choice(Classification, Classification.UNCLASSIFIED)
    need_to_know: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExitSpec:
    description: str
    kind: str = choice(ExitCondition.Kind)
    status: str = choice(ExitCondition.Status)
    evidence: str = ""


@dataclass(frozen=True)
class RatingSpec:
    objective: str
    political_environment: str
    progress: str = choice(Progress)


@dataclass(frozen=True)
class AssumptionRatingSpec:
    """An assumption re-rated in the review; ``statement`` is how the assumption begins."""

    objective: str
    statement: str
    rating: str = choice(Assumption.Rating)
    note: str = ""


@dataclass(frozen=True)
class RiskRatingSpec:
    """A risk re-rated in the review, from ``was``; ``description`` is how the risk begins."""

    objective: str
    description: str
    severity: str = choice(Risk.Severity)
    was: str = choice(Risk.Severity)
    note: str = ""


@dataclass(frozen=True)
class StrengthSpec:
    component: str
    objective: str
    evidence: str
    by: str
    strength: str = choice(ContributionAssessment.Strength)


@dataclass(frozen=True)
class DecisionSpec:
    objective: str
    rationale: str
    outcome: str
    kind: str = choice(Decision.Kind)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewSpec:
    """One review of the mission's story, ``periods_ago`` review periods before today's.

    Concluded reviews conclude ten days after their period (or yesterday, if sooner) and are
    signed off the same afternoon when ``signed_off_by`` is given.
    """

    periods_ago: int
    status: str = choice(Review.Status)
    led_by: str | None = None
    signed_off_by: str | None = None
    participants: tuple[str, ...] = ()
    summary: str = ""
    evidence: str = "Political and security reporting for the period."
    ratings: tuple[RatingSpec, ...] = ()
    assumptions: tuple[AssumptionRatingSpec, ...] = ()
    risks: tuple[RiskRatingSpec, ...] = ()
    strengths: tuple[StrengthSpec, ...] = ()
    decisions: tuple[DecisionSpec, ...] = ()


@dataclass(frozen=True)
class ThenSpec:
    """How the strategy read when a version was approved, where it differs from today's draft.

    ``sections`` are what existed then (the rest came later); ``absent`` objectives (and their
    sub-objectives) were added later; ``objectives`` gives fields as they were then.
    """

    sections: tuple[str, ...] = ("end_state", "objectives", "components", "stakeholders", "drivers")
    end_state: dict[str, Any] = field(default_factory=dict)
    objectives: dict[str, Any] = field(default_factory=dict)
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionSpec:
    """An approved strategy version: on ``approved_on``, ``days_ago`` or ``days_after_review``
    after the review ``after_review`` periods ago (by default the last concluded one)."""

    approved_by: str
    note: str
    days_after_review: int = 0
    after_review: int | None = None
    approved_on: date | None = None
    days_ago: int | None = None
    then: ThenSpec | None = None


@dataclass(frozen=True)
class MissionSpec:
    acronym: str
    name: str
    host_country: str
    headquarters: str
    time_zone: str
    established_on: date
    review_cadence_months: int
    end_state: str
    horizon: str
    end_state_adopted_days_ago: int
    mandate: MandateSpec
    objectives: tuple[ObjectiveSpec, ...]
    components: tuple[ComponentSpec, ...]
    stakeholders: tuple[StakeholderSpec, ...]
    drivers: tuple[DriverSpec, ...]
    exit_conditions: tuple[ExitSpec, ...]
    kind: str = choice(Mission.Kind)
    members: tuple[MemberSpec, ...] = ()
    reviews: tuple[ReviewSpec, ...] = ()
    versions: tuple[VersionSpec, ...] = ()
    default_classification: int = choice(Classification, Classification.UNCLASSIFIED)
    classification_label: str = ""
    hq_reads_confidential: bool = False
    chief_reads_strictly_confidential: bool = False


# ---------------------------------------------------------------------------------------------


def _paras(text: str) -> str:
    """Paragraphs separated by blank lines, each unwrapped."""
    return "\n\n".join(" ".join(block.split()) for block in text.strip().split("\n\n"))


def _value(hint: Any, value: Any, choices: type[models.Choices] | None, where: str) -> Any:
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_value(item, v, choices, f"{where}[{i}]") for i, v in enumerate(value))
    optional = [a for a in typing.get_args(hint) if is_dataclass(a)]
    if optional and value is not None:  # ``HandoverSpec | None``, ``SeriesSpec | None``
        hint = optional[0]
    if is_dataclass(hint):
        return _build(hint, value, where)
    if typing.get_origin(hint) is dict:
        return {k: _value(Any, v, None, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, dict):  # a mapping inside ``details`` or a ``then`` block
        return {k: _value(Any, v, None, f"{where}.{k}") for k, v in value.items()}
    if value is None:
        return value
    if choices is not None:
        try:
            if isinstance(value, str) and not issubclass(choices, models.TextChoices):
                return choices[value.upper()]  # integer choices by name: ``priority: high``
            return choices(value)
        except (KeyError, ValueError):
            raise ValueError(f"{where}: {value!r} is not one of {list(choices.values)}") from None
    return _paras(value) if isinstance(value, str) else value


def _build(cls: type[T], data: dict[str, Any], where: str) -> T:
    """``cls`` from a file's mapping, refusing keys it does not have (typos stay visible)."""
    names = {f.name for f in fields(cls)}
    if unknown := sorted(set(data) - names):
        raise ValueError(f"{where}: unknown keys {unknown}")
    hints = typing.get_type_hints(cls)
    return cls(
        **{
            f.name: _value(
                hints[f.name], data[f.name], f.metadata.get("choices"), f"{where}.{f.name}"
            )
            for f in fields(cls)
            if f.name in data
        }
    )


def as_then(spec: T, changes: dict[str, Any], where: str) -> T:
    """``spec`` with some fields as they were before (a version's ``then`` block)."""
    names = {f.name: f for f in fields(spec)}  # type: ignore[arg-type]
    if unknown := sorted(set(changes) - set(names)):
        raise ValueError(f"{where}: unknown keys {unknown}")
    hints = typing.get_type_hints(type(spec))
    values = {
        name: _value(hints[name], value, names[name].metadata.get("choices"), f"{where}.{name}")
        for name, value in changes.items()
    }
    return replace(spec, **values)  # type: ignore[type-var]


def _read(name: str) -> Any:
    path = DATA_DIR / f"{name}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


@cache
def demo_users() -> tuple[UserSpec, ...]:
    """The demo logins, from ``users.yaml``."""
    return tuple(_build(UserSpec, row, f"users.yaml[{i}]") for i, row in enumerate(_read("users")))


@cache
def demo_missions() -> tuple[MissionSpec, ...]:
    """The demo missions in seeding order, one file each (``<ACRONYM>.yaml``)."""
    missions = tuple(_build(MissionSpec, _read(a), f"{a}.yaml") for a in DEMO_ACRONYMS)
    for acronym, spec in zip(DEMO_ACRONYMS, missions, strict=True):
        if spec.acronym != acronym:
            raise ValueError(f"{acronym}.yaml: holds {spec.acronym}")
    return missions
