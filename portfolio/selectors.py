"""The "My missions" table and the HQ portfolio: one row per mission the user may see, each
in a number of queries that does not grow with the missions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefs.models import Brief, BriefStatus
from mandates.models import Mandate
from missions.models import Mission
from missions.policy import seat
from reviews.autopilot import Flag, autopilot_flags, gather_facts
from reviews.models import Progress, Review
from strategies.models import Objective
from strategies.selectors.findings import finding_counts
from strategies.selectors.versions import natural_key


@dataclass
class MissionRow:
    mission: Mission
    role: str
    mandate_symbol: str | None
    mandate_expires_on: date | None
    next_review_due: date | None
    findings: int

    @property
    def days_to_expiry(self) -> int | None:
        if self.mandate_expires_on is None:
            return None
        return (self.mandate_expires_on - timezone.localdate()).days


def mission_rows(user: AbstractBaseUser) -> list[MissionRow]:
    latest = Mandate.objects.filter(mission=OuterRef("pk")).order_by("-adopted_on", "-pk")
    missions = list(
        Mission.objects.visible_to(user)
        .annotate(
            mandate_symbol=Subquery(latest.values("symbol")[:1]),
            mandate_expires_on=Subquery(latest.values("expires_on")[:1]),
            next_review_due=Min(
                "reviews__due_on",
                filter=Q(reviews__status__in=[Review.Status.PLANNED, Review.Status.OPEN]),
            ),
        )
        .order_by("acronym")
    )
    counts = finding_counts(m.pk for m in missions)
    return [
        MissionRow(
            mission=m,
            role=seat(user, m).label,
            mandate_symbol=m.mandate_symbol,
            mandate_expires_on=m.mandate_expires_on,
            next_review_due=m.next_review_due,
            findings=counts.get(m.pk, 0),
        )
        for m in missions
    ]


# HQ portfolio ------------------------------------------------------------------------------

AT_RISK_PROGRESS = (Progress.AT_RISK, Progress.OFF_TRACK)


@dataclass
class ObjectiveAtRisk:
    code: str
    title: str
    progress: str
    progress_label: str


@dataclass
class HQRow:
    """One mission as a desk officer watches it."""

    mission: Mission
    today: date
    last_review: Review | None
    last_review_on: date | None
    next_review: Review | None
    overdue_review: Review | None
    at_risk: list[ObjectiveAtRisk]
    flags: list[Flag]
    mandate_symbol: str | None
    mandate_expires_on: date | None
    brief_id: int | None
    brief_on: date | None

    @property
    def overdue_days(self) -> int | None:
        if self.overdue_review is None:
            return None
        return (self.today - self.overdue_review.due_on).days

    @property
    def days_to_expiry(self) -> int | None:
        if self.mandate_expires_on is None:
            return None
        return (self.mandate_expires_on - self.today).days

    @property
    def days_to_next_due(self) -> int | None:
        if self.next_review is None:
            return None
        return (self.next_review.due_on - self.today).days


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    value: Callable[[HQRow], Any]
    descending_first: bool = False


# Sortable columns, in table order. ``descending_first``: the first click shows the worst
# (most overdue, most flags) at the top.
HQ_COLUMNS: tuple[Column, ...] = (
    Column("mission", _("Mission"), lambda r: r.mission.acronym.lower()),
    Column("last_review", _("Last review"), lambda r: r.last_review_on),
    Column("next_due", _("Next due"), lambda r: r.next_review.due_on if r.next_review else None),
    Column("overdue", _("Overdue"), lambda r: r.overdue_days or 0, descending_first=True),
    Column("at_risk", _("At risk or off track"), lambda r: len(r.at_risk), descending_first=True),
    Column("flags", _("Autopilot flags"), lambda r: len(r.flags), descending_first=True),
    Column("mandate", _("Mandate expires"), lambda r: r.days_to_expiry),
    Column("brief", _("Latest brief"), lambda r: r.brief_on, descending_first=True),
)
HQ_COLUMNS_BY_KEY = {c.key: c for c in HQ_COLUMNS}
DEFAULT_SORT = "mission"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """``?sort=overdue`` or ``?sort=-overdue`` as (column key, descending); unknown keys fall
    back to the mission, ascending."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in HQ_COLUMNS_BY_KEY:
        return DEFAULT_SORT, False
    return key, descending


def sort_rows(rows: list[HQRow], key: str, descending: bool) -> list[HQRow]:
    """Sorted by the column, missions without a value last either way, ties by acronym."""
    value = HQ_COLUMNS_BY_KEY[key].value
    rows = sorted(rows, key=lambda r: r.mission.acronym.lower())
    present = [r for r in rows if value(r) is not None]
    absent = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + absent


def _local_day(moment: datetime | None, mission: Mission) -> date | None:
    return timezone.localtime(moment, mission.zone).date() if moment else None


def hq_rows(user: AbstractBaseUser, sort: str | None = None) -> tuple[list[HQRow], str, bool]:
    """The user's missions for the HQ portfolio, sorted; a fixed number of queries whatever
    the number of missions, objectives or reviews. Returns (rows, sort key, descending)."""
    latest = Mandate.objects.filter(mission=OuterRef("pk")).order_by("-adopted_on", "-pk")
    ready = Brief.objects.filter(mission=OuterRef("pk"), status=BriefStatus.READY).order_by(
        F("finished_at").desc(nulls_last=True), "-created_at", "-pk"
    )
    missions = list(
        Mission.objects.visible_to(user)
        .annotate(
            mandate_symbol=Subquery(latest.values("symbol")[:1]),
            mandate_expires_on=Subquery(latest.values("expires_on")[:1]),
            brief_id=Subquery(ready.values("pk")[:1]),
            brief_at=Subquery(
                ready.annotate(at=Coalesce("finished_at", "created_at")).values("at")[:1]
            ),
        )
        .order_by("acronym")
    )
    facts = gather_facts(missions)
    flags = autopilot_flags(missions, facts=facts)
    last_reviews = {pk: reviews[0] for pk, reviews in facts.recent.items() if reviews}
    wanted = {
        objective_id
        for review in last_reviews.values()
        for objective_id, progress in facts.ratings.get(review.pk, {}).items()
        if progress in AT_RISK_PROGRESS
    }
    objectives = {
        o.pk: o for o in Objective.objects.filter(pk__in=wanted).only("pk", "code", "title")
    }
    labels = dict(Progress.choices)
    rows = []
    for mission in missions:
        today = facts.today[mission.pk]
        last = last_reviews.get(mission.pk)
        pending = facts.pending.get(mission.pk, [])
        at_risk = []
        if last is not None:
            for objective_id, progress in facts.ratings.get(last.pk, {}).items():
                if progress in AT_RISK_PROGRESS and objective_id in objectives:
                    objective = objectives[objective_id]
                    at_risk.append(
                        ObjectiveAtRisk(objective.code, objective.title, progress, labels[progress])
                    )
            at_risk.sort(key=lambda o: natural_key(o.code))
        rows.append(
            HQRow(
                mission=mission,
                today=today,
                last_review=last,
                last_review_on=_local_day(last.signed_off_at or last.concluded_at, mission)
                if last
                else None,
                next_review=pending[0] if pending else None,
                overdue_review=next((r for r in pending if r.due_on < today), None),
                at_risk=at_risk,
                flags=flags[mission.pk],
                mandate_symbol=mission.mandate_symbol,
                mandate_expires_on=mission.mandate_expires_on,
                brief_id=mission.brief_id,
                brief_on=_local_day(mission.brief_at, mission),
            )
        )
    key, descending = parse_sort(sort)
    return sort_rows(rows, key, descending), key, descending
