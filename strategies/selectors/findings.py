"""Findings: gaps in a strategy, computed from the data, never stored by hand.

Each rule is a queryset of the offending rows for a set of missions, so the same rule serves
the panel of one mission (list the rows) and the portfolio of many (count them per mission,
one aggregate query per rule whatever the number of missions).

The query reads values, never words: each rule names the columns its subject is made of, and
the subject is written in Python when it is read, in the reader's language ("OP 3 (S/RES/...)"
is "Par. 3 du dispositif (...)" for a French reader), with dates in the reader's format.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, JSONObject
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
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
from strategies.selectors.versions import natural_key

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
    """Tasks of the mandate in force aligned to no objective; a procedural paragraph (the
    mandate extended, a report asked of the Secretary-General) is not a task to align."""
    return MandatedTask.objects.filter(
        mandate__mission__in=ids,
        mandate=_current_mandate_ids("mandate__mission"),
        alignments__isnull=True,
        is_procedural=False,
    ).select_related("mandate")


def renewal_tasks_to_review(ids: Iterable[int], today: date) -> QuerySet:
    return MandatedTask.objects.filter(
        mandate__mission__in=ids,
        mandate=_current_mandate_ids("mandate__mission"),
        is_procedural=False,
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


Values = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One kind of finding.

    ``label`` gives the columns the subject is made of, ``{name: field or expression}``, read
    in the one query; ``subject`` writes them in the reader's language when the finding is
    shown (the default joins them with spaces). A ``label`` that returns one text expression
    (rules written before this split) is shown as the query made it. ``anchor`` is the id of the
    record's row on the fix page (``"task-{pk}"``); ``order`` sorts a rule's findings (the
    default: by subject).
    """

    code: str
    title: str
    mission_path: str
    rows: Callable[[Iterable[int], date], QuerySet]
    label: Callable[[], Any]
    route: str
    per_record: bool = False
    subject: Callable[[Values], str] | None = None
    anchor: str = ""
    order: Callable[[Values], Any] | None = None

    def subject_of(self, values: Values) -> str:
        if self.subject is not None:
            return self.subject(values)
        return " ".join(str(v) for v in values.values() if v not in (None, ""))

    def sort_key(self, values: Values, subject: str) -> Any:
        return self.order(values) if self.order is not None else subject.casefold()

    def fix_url(self, acronym: str, pk: int) -> str | None:
        """Where the finding is fixed (the record's editor, or the screen that lists it)."""
        kwargs: dict[str, Any] = {"acronym": acronym}
        if self.per_record:
            kwargs["pk"] = pk
        try:
            return reverse(self.route, kwargs=kwargs)
        except NoReverseMatch:
            return None


def _day(value: Any) -> str:
    """A date read from the query (ISO text in JSON), in the reader's format."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return date_format(day)  # the reader's format: 8 Apr 2026, 8 avr. 2026


def _task_values() -> dict[str, Any]:
    return {"reference": "reference", "symbol": "mandate__symbol", "position": "position"}


def _task_subject(values: Values) -> str:
    return gettext("OP %(reference)s (%(symbol)s)") % {
        "reference": values["reference"],
        "symbol": values["symbol"],
    }


def _task_order(values: Values) -> tuple:
    """Paragraph order: the task's place in the resolution, then its reference read as
    numbers (OP 2 before OP 10) for tasks saved without a place."""
    return (values.get("position") or 0, natural_key(str(values["reference"])))


def _code_title(values: Values) -> str:
    return f"{values['code']} {values['title']}"


def _code_order(values: Values) -> tuple:
    return (natural_key(str(values["code"])), str(values["title"]).casefold())


def _stale_position(values: Values) -> str:
    return gettext("%(stakeholder)s on %(objective)s, as of %(date)s") % {
        "stakeholder": values["stakeholder"],
        "objective": values["objective"],
        "date": _day(values["as_of"]),
    }


def _expiring(values: Values) -> str:
    return gettext("%(symbol)s, expires %(date)s") % {
        "symbol": values["symbol"],
        "date": _day(values["expires_on"]),
    }


RULES: list[Rule] = [
    Rule(
        "unaligned_task",
        _("Mandated task aligned to no objective"),
        "mandate__mission",
        unaligned_tasks,
        _task_values,
        "strategies:alignment",
        subject=_task_subject,
        anchor="task-{pk}",
        order=_task_order,
    ),
    Rule(
        "renewal_task_to_review",
        _("Task new or reworded materially in the renewal, to review"),
        "mandate__mission",
        renewal_tasks_to_review,
        _task_values,
        "strategies:alignment",
        subject=_task_subject,
        anchor="task-{pk}",
        order=_task_order,
    ),
    Rule(
        "objective_without_contribution",
        _("Objective no component contributes to"),
        "mission",
        objectives_without_contribution,
        lambda: {"code": "code", "title": "title"},
        "strategies:matrix",
        subject=_code_title,
        order=_code_order,
    ),
    Rule(
        "component_without_contribution",
        _("Component that contributes to no objective"),
        "mission",
        components_without_contribution,
        lambda: {"name": "name"},
        "strategies:matrix",
    ),
    Rule(
        "objective_without_marker",
        _("Objective with no marker of political progress"),
        "mission",
        objectives_without_marker,
        lambda: {"code": "code", "title": "title"},
        "strategies:objective_edit",
        per_record=True,
        subject=_code_title,
        order=_code_order,
    ),
    Rule(
        "stale_position",
        _("Stakeholder position older than 180 days"),
        "objective__mission",
        stale_positions,
        lambda: {
            "stakeholder": "stakeholder__name",
            "objective": "objective__code",
            "as_of": "as_of",
        },
        "strategies:positions",
        subject=_stale_position,
        order=lambda v: (str(v["stakeholder"]).casefold(), natural_key(str(v["objective"]))),
    ),
    Rule(
        "exit_condition_without_evidence",
        _("Exit condition without evidence"),
        "end_state__mission",
        exit_conditions_without_evidence,
        lambda: {"description": "description"},
        "strategies:exit_conditions",
    ),
    Rule(
        "unaddressed_driver",
        _("Conflict driver no objective addresses"),
        "mission",
        unaddressed_drivers,
        lambda: {"title": "title"},
        "strategies:driver_edit",
        per_record=True,
    ),
    Rule(
        "expiring_mandate",
        _("Mandate expires within 60 days"),
        "mission",
        expiring_mandates,
        lambda: {"symbol": "symbol", "expires_on": "expires_on"},
        "strategies:alignment",
        subject=_expiring,
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
    subject: str  # in the reader's language
    pk: int
    url: str | None  # where it is fixed: the record's row on that page when there is one
    page_url: str | None = None  # that page, for "see all"

    @property
    def list_url(self) -> str | None:
        return self.page_url or self.url


def _all_rules(ids: list[int], today: date, *columns: str) -> list[tuple]:
    """Every rule's offending rows, (rule, pk, label, *columns), from one UNION ALL query
    compiled once per process for these arguments and reader (``core.compiled``)."""
    return compiled.rows(
        ("findings", tuple(ids), today, columns), lambda: _all_rules_query(ids, today, *columns)
    )


def _label_values(label: Any) -> JSONObject:
    """The columns a subject is made of, as one JSON object (one column type for the UNION)."""
    if isinstance(label, dict):
        return JSONObject(**label)
    return JSONObject(text=Cast(label, CharField()))  # a rule that writes its own text


def _all_rules_query(ids: list[int], today: date, *columns: str) -> QuerySet:
    parts = [
        rule.rows(ids, today)
        .order_by()
        .annotate(
            finding_rule=Value(rule.code, output_field=CharField()),
            finding_label=_label_values(rule.label()),
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
    """Every finding of one mission (one query), in rule order, each with where to fix it:
    written in the reader's language, tasks in paragraph order (OP 2 before OP 10)."""
    order = {rule.code: i for i, rule in enumerate(RULES)}
    seen: set[tuple[str, int]] = set()
    read: list[tuple[tuple, str, int, str]] = []
    for code, pk, raw in _all_rules([mission_id], today or timezone.localdate()):
        if (code, pk) in seen:  # a join may give a record twice
            continue
        seen.add((code, pk))
        rule = RULES_BY_CODE[code]
        values = json.loads(raw) if isinstance(raw, str) else raw
        subject = rule.subject_of(values) if isinstance(values, dict) else str(values)
        read.append(((order[code], rule.sort_key(values, subject)), code, pk, subject))
    read.sort(key=lambda row: row[0])
    # One reverse() per rule, not per finding: pages list hundreds of them.
    urls = {rule.code: rule.fix_url(acronym, PK_PLACEHOLDER) for rule in RULES} if acronym else {}
    findings = []
    for _key, code, pk, subject in read:
        page = (urls.get(code) or "").replace(str(PK_PLACEHOLDER), str(pk)) or None
        anchor = RULES_BY_CODE[code].anchor
        url = f"{page}#{anchor.format(pk=pk)}" if page and anchor else page
        findings.append(Finding(RULES_BY_CODE[code], subject, pk, url, page))
    return findings
