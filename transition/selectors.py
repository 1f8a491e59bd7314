"""Reading the handover plan: the transition view (tasks of the mandate in force by receiver
and phase, with the benchmark each waits on), the tasks with no handover as the mandate runs
out, and the same facts for the brief, the Secretary-General's report input and the findings.

A fixed number of queries whatever the number of tasks. Handovers are read through their
default manager, so a handover the reader may not read (need to know) is not there for them:
its task reads as one with no handover, on the page, in the brief and in the findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from core.hostile_input import plain_digits
from mandates.models import Mandate, MandatedTask
from mandates.selectors import mandate_latest
from missions.models import Mission
from strategies.models import ExitCondition
from transition.models import Handover, HandoverStatus, ReceiverKind, handover_name

# How far ahead the transition view looks for tasks with no handover (?horizon=, in days).
DEFAULT_HORIZON_DAYS = 365
MAX_HORIZON_DAYS = 5 * 365
KIND_ORDER = list(ReceiverKind.values)
STATUS_ORDER = list(HandoverStatus.values)


def horizon_asked(asked: str | None) -> int:
    """``?horizon=<days>``, bounded to 1 to 5 years; the default when absent or junk."""
    if asked and plain_digits(asked):
        return max(1, min(int(asked), MAX_HORIZON_DAYS))
    return DEFAULT_HORIZON_DAYS


def handover_of(task: MandatedTask) -> Handover | None:
    return Handover.objects.filter(task=task).first()


def handover_feed_name(data: dict[str, Any], names: Any) -> str:
    """A handover in the activity feed, from its event's columns: its task is among the names
    the feed reads once for the whole page (``names.get``), never one query per entry."""
    task = names.get(MandatedTask, data.get("task_id"))
    return handover_name(
        task.reference if task else None, data.get("receiver_kind"), data.get("receiver")
    )


def benchmarks_for(mission: Mission) -> QuerySet[ExitCondition]:
    """The benchmarks a handover may wait on: the exit conditions of the end state in force,
    as the reader may read them (the default manager hides the others)."""
    return ExitCondition.objects.filter(
        end_state__mission=mission, end_state__superseded_on__isnull=True
    ).order_by("kind", "pk")


def _leaf(queryset: QuerySet[MandatedTask]) -> QuerySet[MandatedTask]:
    """Paragraphs with sub-paragraphs are headers ("Decides that the mandate shall include
    the following tasks:"): their sub-paragraphs are the tasks handed over. A procedural
    paragraph (the mandate extended, a report asked) has nothing to hand over."""
    return queryset.filter(is_procedural=False).filter(
        ~Exists(MandatedTask.objects.filter(parent=OuterRef("pk")))
    )


@dataclass
class Row:
    task: MandatedTask
    handover: Handover | None
    benchmark: ExitCondition | None = None

    @property
    def sort_key(self) -> tuple:
        h = self.handover
        if h is None:
            return (0, date.max, self.task.position)
        return (h.phase or 10, h.target_date or date.max, self.task.position)


@dataclass
class ReceiverGroup:
    name: str
    rows: list[Row] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return _counts(self.rows)


@dataclass
class KindGroup:
    kind: str
    label: str
    receivers: list[ReceiverGroup] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(r.rows) for r in self.receivers)


def _counts(rows: Iterable[Row]) -> list[tuple[str, str, int]]:
    """(status, label, how many) in the plan's order, statuses with none left out."""
    found = {value: 0 for value in STATUS_ORDER}
    for row in rows:
        if row.handover is not None:
            found[row.handover.status] += 1
    return [
        (value, str(HandoverStatus(value).label), found[value])
        for value in STATUS_ORDER
        if found[value]
    ]


@dataclass
class Plan:
    mandate: Mandate | None
    horizon: int
    today: date
    kinds: list[KindGroup] = field(default_factory=list)
    unplanned: list[Row] = field(default_factory=list)
    planned: list[Row] = field(default_factory=list)

    @property
    def expiring(self) -> bool:
        """The mandate runs out within the horizon: a task with no handover is a finding."""
        m = self.mandate
        return bool(m and m.expires_on and m.expires_on <= self.today + timedelta(self.horizon))

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return _counts(self.planned)

    @property
    def task_count(self) -> int:
        return len(self.planned) + len(self.unplanned)


def transition_plan(
    mission: Mission, *, horizon: int = DEFAULT_HORIZON_DAYS, today: date | None = None
) -> Plan:
    """The mandate in force's tasks by receiver kind, receiver and timing (four queries)."""
    mandate = mandate_latest(mission)
    plan = Plan(mandate, horizon, today or mission.today())
    if mandate is None:
        return plan
    tasks = list(
        _leaf(MandatedTask.objects.filter(mandate=mandate))
        # Not select_related: a join would read past the reader's need to know.
        .prefetch_related(Prefetch("handover", queryset=Handover.objects.all()))
        .order_by("position", "pk")
    )
    wanted = {t.handover.depends_on_id for t in tasks if _handover(t) and t.handover.depends_on_id}
    # Through the default manager: a benchmark the reader may not read is not printed.
    benchmarks = {c.pk: c for c in ExitCondition.objects.filter(pk__in=wanted)} if wanted else {}
    kinds = {value: KindGroup(value, str(ReceiverKind(value).label)) for value in KIND_ORDER}
    receivers: dict[tuple[str, str], ReceiverGroup] = {}
    for task in tasks:
        handover = _handover(task)
        if handover is None:
            plan.unplanned.append(Row(task, None))
            continue
        row = Row(task, handover, benchmarks.get(handover.depends_on_id))
        plan.planned.append(row)
        name = handover.receiver_label
        key = (handover.receiver_kind, name.casefold())
        if key not in receivers:
            receivers[key] = ReceiverGroup(name)
            kinds[handover.receiver_kind].receivers.append(receivers[key])
        receivers[key].rows.append(row)
    for kind in kinds.values():
        kind.receivers.sort(key=lambda group: group.name.casefold())
        for group in kind.receivers:
            group.rows.sort(key=lambda row: row.sort_key)
    plan.kinds = [kind for kind in kinds.values() if kind.receivers]
    return plan


def _handover(task: MandatedTask) -> Handover | None:
    try:
        return task.handover
    except Handover.DoesNotExist:
        return None


# The finding -----------------------------------------------------------------------------------


def _current_mandate(mission_field: str) -> Subquery:
    return Subquery(
        Mandate.objects.filter(mission=OuterRef(mission_field))
        .order_by("-adopted_on", "-pk")
        .values("pk")[:1]
    )


def tasks_without_handover(ids: Iterable[int], today: date) -> QuerySet[MandatedTask]:
    """Tasks of the mandate in force with no handover (that the reader may read) while it
    expires within the horizon."""
    return _leaf(
        MandatedTask.objects.filter(
            mandate__mission__in=ids,
            mandate=_current_mandate("mandate__mission"),
            mandate__expires_on__lte=today + timedelta(days=DEFAULT_HORIZON_DAYS),
        ).filter(~Exists(Handover.objects.filter(task=OuterRef("pk"))))
    )
