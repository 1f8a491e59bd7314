"""Findings: gaps in a strategy, computed from the data, never stored by hand.

Each rule is a queryset of the offending rows for a set of missions, so the same rule serves
the panel of one mission (list the rows) and the portfolio of many (count them per mission,
one aggregate query per rule whatever the number of missions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandates.models import Mandate, MandatedTask
from missions.models import Component
from strategies.models import (
    ConflictDriver,
    DriverObjective,
    ExitCondition,
    Objective,
    StakeholderPosition,
)

STALE_POSITION_DAYS = 180
MANDATE_EXPIRY_WARNING_DAYS = 60


def _current_mandate_ids(mission_field: str) -> Subquery:
    """The latest mandate (by adoption) of the mission named by ``mission_field``."""
    return Subquery(
        Mandate.objects.filter(mission=OuterRef(mission_field))
        .order_by("-adopted_on", "-pk")
        .values("pk")[:1]
    )


def unaligned_tasks(ids: Iterable[int], today: date) -> QuerySet:
    return MandatedTask.objects.filter(
        mandate__mission__in=ids,
        mandate=_current_mandate_ids("mandate__mission"),
        alignments__isnull=True,
    ).select_related("mandate")


def objectives_without_contribution(ids: Iterable[int], today: date) -> QuerySet:
    return Objective.objects.filter(mission__in=ids, status="active", contributions__isnull=True)


def components_without_contribution(ids: Iterable[int], today: date) -> QuerySet:
    return Component.objects.filter(mission__in=ids, contributions__isnull=True)


def objectives_without_marker(ids: Iterable[int], today: date) -> QuerySet:
    return Objective.objects.filter(mission__in=ids, status="active", markers__isnull=True)


def stale_positions(ids: Iterable[int], today: date) -> QuerySet:
    newer = StakeholderPosition.objects.filter(
        stakeholder=OuterRef("stakeholder"),
        objective=OuterRef("objective"),
        as_of__gt=OuterRef("as_of"),
    )
    return (
        StakeholderPosition.objects.filter(
            objective__mission__in=ids, as_of__lt=today - timedelta(days=STALE_POSITION_DAYS)
        )
        .filter(~Exists(newer))
        .select_related("stakeholder", "objective")
    )


def exit_conditions_without_evidence(ids: Iterable[int], today: date) -> QuerySet:
    return ExitCondition.objects.filter(
        end_state__mission__in=ids, end_state__superseded_on__isnull=True, evidence=""
    )


def unaddressed_drivers(ids: Iterable[int], today: date) -> QuerySet:
    addressed = DriverObjective.objects.filter(driver=OuterRef("pk"))
    return ConflictDriver.objects.filter(mission__in=ids).filter(~Exists(addressed))


def expiring_mandates(ids: Iterable[int], today: date) -> QuerySet:
    return Mandate.objects.filter(
        mission__in=ids,
        pk=_current_mandate_ids("mission"),
        expires_on__lte=today + timedelta(days=MANDATE_EXPIRY_WARNING_DAYS),
    )


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    mission_path: str
    rows: Callable[[Iterable[int], date], QuerySet]
    describe: Callable[[object], str]


RULES: tuple[Rule, ...] = (
    Rule(
        "unaligned_task",
        _("Mandated task aligned to no objective"),
        "mandate__mission",
        unaligned_tasks,
        lambda t: f"OP {t.reference} ({t.mandate.symbol})",
    ),
    Rule(
        "objective_without_contribution",
        _("Objective no component contributes to"),
        "mission",
        objectives_without_contribution,
        str,
    ),
    Rule(
        "component_without_contribution",
        _("Component that contributes to no objective"),
        "mission",
        components_without_contribution,
        str,
    ),
    Rule(
        "objective_without_marker",
        _("Objective with no marker of political progress"),
        "mission",
        objectives_without_marker,
        str,
    ),
    Rule(
        "stale_position",
        _("Stakeholder position older than 180 days"),
        "objective__mission",
        stale_positions,
        lambda p: f"{p.stakeholder} on {p.objective.code} (as of {p.as_of:%d %b %Y})",
    ),
    Rule(
        "exit_condition_without_evidence",
        _("Exit condition without evidence"),
        "end_state__mission",
        exit_conditions_without_evidence,
        lambda c: c.description,
    ),
    Rule(
        "unaddressed_driver",
        _("Conflict driver no objective addresses"),
        "mission",
        unaddressed_drivers,
        str,
    ),
    Rule(
        "expiring_mandate",
        _("Mandate expires within 60 days"),
        "mission",
        expiring_mandates,
        lambda m: f"{m.symbol} (expires {m.expires_on:%d %b %Y})",
    ),
)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    subject: str
    obj: object


def finding_counts(mission_ids: Iterable[int], today: date | None = None) -> Counter[int]:
    """Number of findings per mission id: one aggregate query per rule."""
    ids = list(mission_ids)
    today = today or timezone.localdate()
    counts: Counter[int] = Counter()
    if not ids:
        return counts
    for rule in RULES:
        rows = (
            rule.rows(ids, today)
            .order_by()
            .values(rule.mission_path)
            .annotate(n=Count("pk", distinct=True))
        )
        for row in rows:
            counts[row[rule.mission_path]] += row["n"]
    return counts


def findings_for_mission(mission_id: int, today: date | None = None) -> list[Finding]:
    """Every finding of one mission, grouped by rule in rule order."""
    today = today or timezone.localdate()
    return [
        Finding(rule, rule.describe(obj), obj)
        for rule in RULES
        for obj in rule.rows([mission_id], today).distinct()
    ]
