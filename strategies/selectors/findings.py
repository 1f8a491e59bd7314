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
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import compiled
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


def renewal_tasks_to_review(ids: Iterable[int], today: date) -> QuerySet:
    return MandatedTask.objects.filter(
        mandate__mission__in=ids,
        mandate=_current_mandate_ids("mandate__mission"),
    ).exclude(review_reason="")


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
    """Conditions in force with neither evidence text nor an attached file. The files' model
    is looked up, not imported: the evidence app sits above this one. A file is read at its
    condition's level, so the base manager answers as the reader's would, without its joins."""
    from django.apps import apps

    files = apps.get_model("evidence", "EvidenceFile")._base_manager.filter(
        exit_condition=OuterRef("pk")
    )
    return ExitCondition.objects.filter(
        end_state__mission__in=ids, end_state__superseded_on__isnull=True, evidence=""
    ).filter(~Exists(files))


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
    label: Callable[[], Any]
    route: str
    per_record: bool = False

    def fix_url(self, acronym: str, pk: int) -> str | None:
        """Where the finding is fixed (the record's editor, or the screen that lists it)."""
        kwargs: dict[str, Any] = {"acronym": acronym}
        if self.per_record:
            kwargs["pk"] = pk
        try:
            return reverse(self.route, kwargs=kwargs)
        except NoReverseMatch:
            return None


def _text(*parts: Any) -> Any:
    if len(parts) == 1:
        return Cast(parts[0], CharField())
    return Concat(*parts, output_field=CharField())


RULES: list[Rule] = [
    Rule(
        "unaligned_task",
        _("Mandated task aligned to no objective"),
        "mandate__mission",
        unaligned_tasks,
        lambda: _text(Value("OP "), "reference", Value(" ("), "mandate__symbol", Value(")")),
        "strategies:alignment",
    ),
    Rule(
        "renewal_task_to_review",
        _("Task new or reworded materially in the renewal, to review"),
        "mandate__mission",
        renewal_tasks_to_review,
        lambda: _text(Value("OP "), "reference", Value(" ("), "mandate__symbol", Value(")")),
        "strategies:alignment",
    ),
    Rule(
        "objective_without_contribution",
        _("Objective no component contributes to"),
        "mission",
        objectives_without_contribution,
        lambda: _text("code", Value(" "), "title"),
        "strategies:matrix",
    ),
    Rule(
        "component_without_contribution",
        _("Component that contributes to no objective"),
        "mission",
        components_without_contribution,
        lambda: _text("name"),
        "strategies:matrix",
    ),
    Rule(
        "objective_without_marker",
        _("Objective with no marker of political progress"),
        "mission",
        objectives_without_marker,
        lambda: _text("code", Value(" "), "title"),
        "strategies:objective_edit",
        per_record=True,
    ),
    Rule(
        "stale_position",
        _("Stakeholder position older than 180 days"),
        "objective__mission",
        stale_positions,
        lambda: _text(
            "stakeholder__name",
            Value(" on "),
            "objective__code",
            Value(" (as of "),
            Cast("as_of", CharField()),
            Value(")"),
        ),
        "strategies:positions",
    ),
    Rule(
        "exit_condition_without_evidence",
        _("Exit condition without evidence"),
        "end_state__mission",
        exit_conditions_without_evidence,
        lambda: _text("description"),
        "strategies:exit_conditions",
    ),
    Rule(
        "unaddressed_driver",
        _("Conflict driver no objective addresses"),
        "mission",
        unaddressed_drivers,
        lambda: _text("title"),
        "strategies:driver_edit",
        per_record=True,
    ),
    Rule(
        "expiring_mandate",
        _("Mandate expires within 60 days"),
        "mission",
        expiring_mandates,
        lambda: _text("symbol", Value(" (expires "), Cast("expires_on", CharField()), Value(")")),
        "strategies:alignment",
    ),
]
RULES_BY_CODE = {rule.code: rule for rule in RULES}
PK_PLACEHOLDER = 987654321


def finding_rule_register(rule: Rule) -> None:
    """Add a rule from a higher app (its ``AppConfig.ready``), so findings about its records
    are counted and listed with the rest without this module importing it."""
    if rule.code not in RULES_BY_CODE:
        RULES.append(rule)
        RULES_BY_CODE[rule.code] = rule


@dataclass(frozen=True)
class Finding:
    rule: Rule
    subject: str
    pk: int
    url: str | None


def _all_rules(ids: list[int], today: date, *columns: str) -> list[tuple]:
    """Every rule's offending rows, (rule, pk, label, *columns), from one UNION ALL query
    compiled once per process for these arguments and reader (``core.compiled``)."""
    return compiled.rows(
        ("findings", tuple(ids), today, columns), lambda: _all_rules_query(ids, today, *columns)
    )


def _all_rules_query(ids: list[int], today: date, *columns: str) -> QuerySet:
    parts = [
        rule.rows(ids, today)
        .order_by()
        .annotate(
            finding_rule=Value(rule.code, output_field=CharField()),
            finding_label=rule.label(),
            **{f"finding_{c}": F(getattr(rule, f"{c}_path")) for c in columns},
        )
        .values_list("finding_rule", "pk", "finding_label", *(f"finding_{c}" for c in columns))
        for rule in RULES
    ]
    return parts[0].union(*parts[1:], all=True)


def finding_counts(mission_ids: Iterable[int], today: date | None = None) -> Counter[int]:
    """Number of findings per mission id, in one query whatever the number of missions."""
    ids = list(mission_ids)
    counts: Counter[int] = Counter()
    if ids:
        for _rule, _pk, _label, mission_id in _all_rules(
            ids, today or timezone.localdate(), "mission"
        ):
            counts[mission_id] += 1
    return counts


def findings_for_mission(
    mission_id: int, acronym: str = "", today: date | None = None
) -> list[Finding]:
    """Every finding of one mission (one query), in rule order, each with where to fix it."""
    order = {rule.code: i for i, rule in enumerate(RULES)}
    rows = sorted(
        set(_all_rules([mission_id], today or timezone.localdate())),
        key=lambda row: (order[row[0]], row[2]),
    )
    # One reverse() per rule, not per finding: pages list hundreds of them.
    urls = {rule.code: rule.fix_url(acronym, PK_PLACEHOLDER) for rule in RULES} if acronym else {}
    return [
        Finding(
            RULES_BY_CODE[code],
            label,
            pk,
            (urls.get(code) or "").replace(str(PK_PLACEHOLDER), str(pk)) or None,
        )
        for code, pk, label in rows
    ]
