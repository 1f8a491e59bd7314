"""The handover plan in the documents other apps make: the brief's "Transition and handover"
part and the paragraphs of the Secretary-General's report input. Registered with briefs and
council in ``TransitionConfig.ready``, so neither imports this app."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from council.models import Section
from council.prefill import Draft, source
from mandates.models import ReportingObligation
from missions.models import Mission
from missions.need_to_know import within
from strategies.models import ExitCondition
from transition.models import Handover, HandoverStatus
from transition.selectors import transition_plan


def brief_part_context(mission: Mission, level: int) -> dict[str, Any]:
    """The plan as the brief prints it: a handover above the brief's level is left out (its
    task reads as one with no handover), and so is a benchmark (withheld)."""
    with within(level):
        plan = transition_plan(mission)
    return {"transition": plan}


def _short(text: str, words: int = 12) -> str:
    return Truncator(" ".join(text.split())).words(words)


def _task_words(handover: Handover) -> str:
    return _("OP %(ref)s (%(text)s)") % {
        "ref": handover.task.reference,
        "text": _short(handover.task.text).rstrip(".;:"),
    }


def _receiver_words(handover: Handover) -> str:
    if not handover.receiver:
        return str(handover.get_receiver_kind_display()).lower()
    return _("%(receiver)s (%(kind)s)") % {
        "receiver": handover.receiver,
        "kind": str(handover.get_receiver_kind_display()).lower(),
    }


def report_drafts(obligation: ReportingObligation, start: date, end: date) -> list[Draft]:
    """Per receiver: the tasks handed over in the period, then those in preparation, with
    the benchmark each waits on (handovers and benchmarks as the person starting the draft
    may read them; each paragraph at the highest level of what it restates)."""
    handovers = list(
        Handover.objects.filter(task__mandate=obligation.mandate)
        .filter(status__in=[HandoverStatus.HANDED_OVER, HandoverStatus.IN_PREPARATION])
        .select_related("task")
        .order_by("receiver_kind", "receiver", "task__position")
    )
    wanted = {h.depends_on_id for h in handovers if h.depends_on_id}
    benchmarks = {c.pk: c for c in ExitCondition.objects.filter(pk__in=wanted)} if wanted else {}
    done: dict[str, list[Handover]] = defaultdict(list)
    preparing: dict[str, list[Handover]] = defaultdict(list)
    for handover in handovers:
        key = _receiver_words(handover)
        if handover.status == HandoverStatus.HANDED_OVER:
            if handover.handed_over_on and start <= handover.handed_over_on <= end:
                done[key].append(handover)
        else:
            preparing[key].append(handover)
    drafts = []
    for receiver, items in done.items():
        tasks = "; ".join(
            _("%(task)s on %(day)s")
            % {"task": _task_words(h), "day": date_format(h.handed_over_on)}
            for h in items
        )
        text = _("During the period, the mission handed over to %(receiver)s: %(tasks)s.") % {
            "receiver": receiver,
            "tasks": tasks,
        }
        drafts.append(_draft(text, items, benchmarks))
    for receiver, items in preparing.items():
        parts = []
        for h in items:
            words = _task_words(h)
            if h.timing_label:
                words += f", {h.timing_label.lower()}"
            benchmark = benchmarks.get(h.depends_on_id)
            if benchmark is not None:
                words += ", " + _("once %(benchmark)s (now %(status)s)") % {
                    "benchmark": _short(benchmark.description, 10).rstrip("."),
                    "status": str(benchmark.get_status_display()).lower(),
                }
            parts.append(words)
        text = _("The handover to %(receiver)s is in preparation: %(tasks)s.") % {
            "receiver": receiver,
            "tasks": "; ".join(parts),
        }
        drafts.append(_draft(text, items, benchmarks))
    return drafts


def _draft(text: str, items: list[Handover], benchmarks: dict[int, ExitCondition]) -> Draft:
    sources = [source("task", h.task, _("OP %(ref)s") % {"ref": h.task.reference}) for h in items]
    used = [benchmarks[h.depends_on_id] for h in items if h.depends_on_id in benchmarks]
    sources += [source("exitcondition", c, _short(c.description, 10)) for c in used]
    level = max((record.classification for record in [*items, *used]), default=0)
    return Draft(Section.BENCHMARKS, text, sources, level)
