"""What a brief for one audience leaves out, and the marking of what it keeps.

The strategy comes to a brief as a snapshot already cut to what its exporter may read; here it
is cut again to the audience's level (``briefs.audiences``). Every record left out is listed,
never dropped silently: the brief prints a "withheld" line in each part it was cut from, and
the list is kept with the brief as its export log. A record hanging on one left out (a risk of
a withheld objective) goes with it and is listed too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.classification import Classification
from missions.need_to_know import at_most
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    RiskAssessment,
)
from strategies.need_to_know import redact_snapshot_with

STRICT = Classification.STRICTLY_CONFIDENTIAL


@dataclass(frozen=True)
class Withheld:
    """One record left out: what it is, which one (a code or a title), why, and where."""

    kind: str
    key: str
    level: int
    part: str

    def as_log(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "level": self.level, "part": self.part}


def kind_count(kind: str, count: int) -> str:
    """``2 risks``: a kind of record and how many, for the withheld lines and the log."""
    words = {
        "objective": lambda n: ngettext("%(n)s objective", "%(n)s objectives", n),
        "assumption": lambda n: ngettext("%(n)s assumption", "%(n)s assumptions", n),
        "risk": lambda n: ngettext("%(n)s risk", "%(n)s risks", n),
        "marker": lambda n: ngettext("%(n)s progress marker", "%(n)s progress markers", n),
        "exit_condition": lambda n: ngettext("%(n)s exit condition", "%(n)s exit conditions", n),
        "contribution": lambda n: ngettext("%(n)s contribution", "%(n)s contributions", n),
        "position": lambda n: ngettext(
            "%(n)s stakeholder position", "%(n)s stakeholder positions", n
        ),
        "driver": lambda n: ngettext("%(n)s conflict driver", "%(n)s conflict drivers", n),
        "assessment": lambda n: ngettext("%(n)s assessment", "%(n)s assessments", n),
        "decision": lambda n: ngettext("%(n)s decision", "%(n)s decisions", n),
        "conclusions": lambda n: ngettext("the conclusions", "the conclusions", n),
    }
    return words[kind](count) % {"n": count}


def kind_label(kind: str) -> str:
    return {
        "objective": _("Objective"),
        "assumption": _("Assumption"),
        "risk": _("Risk"),
        "marker": _("Progress marker"),
        "exit_condition": _("Exit condition"),
        "contribution": _("Contribution"),
        "position": _("Stakeholder position"),
        "driver": _("Conflict driver"),
        "assessment": _("Assessment"),
        "decision": _("Decision"),
        "conclusions": _("Conclusions"),
    }.get(kind, kind)


def withheld_lines(withheld: Iterable[Withheld | dict[str, Any]]) -> dict[str, str]:
    """Per part, the sentence its "withheld" line prints: ``2 risks, 1 objective``."""
    by_part: dict[str, Counter] = {}
    for item in withheld:
        part, kind = (
            (item.part, item.kind)
            if isinstance(item, Withheld)
            else (
                item["part"],
                item["kind"],
            )
        )
        by_part.setdefault(part, Counter())[kind] += 1
    return {
        part: ", ".join(kind_count(kind, n) for kind, n in counts.items())
        for part, counts in by_part.items()
    }


# The strategy (a snapshot) -------------------------------------------------------------------


def _level(entry: dict[str, Any]) -> int:
    return max(entry.get("classification", 0), entry.get("stakeholder_classification", 0))


def snapshot_entries(snapshot: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of a snapshot that carries a level, with its kind."""
    for objective in snapshot.get("objectives") or []:
        yield "objective", objective
        for kind, key in (("assumption", "assumptions"), ("risk", "risks"), ("marker", "markers")):
            for entry in objective.get(key) or []:
                yield kind, entry
    for kind, key in (
        ("exit_condition", "exit_conditions"),
        ("contribution", "contributions"),
        ("position", "positions"),
        ("driver", "drivers"),
    ):
        for entry in snapshot.get(key) or []:
            yield kind, entry


def strategy_withheld(snapshot: dict[str, Any], ceiling: int) -> list[Withheld]:
    """The records of ``snapshot`` a brief cut to ``ceiling`` leaves out."""
    out: list[Withheld] = []
    hidden_codes: dict[str, int] = {}
    for objective in snapshot.get("objectives") or []:
        code = objective["code"]
        level = _level(objective)
        if level > ceiling:
            hidden_codes[code] = level
            out.append(Withheld("objective", code, level, "objectives"))
        for kind, key in (("assumption", "assumptions"), ("risk", "risks"), ("marker", "markers")):
            for n, entry in enumerate(objective.get(key) or [], start=1):
                level = max(_level(entry), hidden_codes.get(code, 0))
                if level > ceiling:
                    out.append(Withheld(kind, f"{code} #{n}", level, "objectives"))
    for n, entry in enumerate(snapshot.get("exit_conditions") or [], start=1):
        if _level(entry) > ceiling:
            out.append(Withheld("exit_condition", f"#{n}", _level(entry), "end_state"))
    for kind, key, part in (
        ("contribution", "contributions", "matrix"),
        ("position", "positions", "positions"),
    ):
        for entry in snapshot.get(key) or []:
            first = entry["component"] if kind == "contribution" else entry["stakeholder"]
            level = max(_level(entry), hidden_codes.get(entry.get("objective"), 0))
            if level > ceiling:
                out.append(Withheld(kind, f"{first} · {entry.get('objective')}", level, part))
    for entry in snapshot.get("drivers") or []:
        if _level(entry) > ceiling:
            out.append(Withheld("driver", entry["title"], _level(entry), "drivers"))
    return out


def strategy_cut(snapshot: dict[str, Any], ceiling: int) -> dict[str, Any]:
    """``snapshot`` with only what an audience receiving ``ceiling`` may have."""
    return redact_snapshot_with(snapshot, lambda level, _readers: level <= ceiling)


def strict_readers(snapshot: dict[str, Any]) -> set[int] | None:
    """The people named on every *Strictly confidential* record of ``snapshot`` (None: there
    is none)."""
    common: set[int] | None = None
    for _kind, entry in snapshot_entries(snapshot):
        for prefix in ("", "stakeholder_"):
            if entry.get(f"{prefix}classification", 0) == STRICT:
                readers = set(entry.get(f"{prefix}readers") or [])
                common = readers if common is None else common & readers
    return common


def highest_level(snapshot: dict[str, Any]) -> int:
    return max((_level(entry) for _kind, entry in snapshot_entries(snapshot)), default=0)


# The review (records in the tables) ----------------------------------------------------------

REVIEW_RECORDS: tuple[tuple[type[Model], str, str, tuple[str, ...]], ...] = (
    (ObjectiveAssessment, "assessment", "review", ("objective",)),
    (ContributionAssessment, "assessment", "review_contributions", ("contribution__objective",)),
    (AssumptionAssessment, "assessment", "review_assessed", ("assumption__objective",)),
    (MarkerReading, "assessment", "review_assessed", ("marker__objective",)),
    (RiskAssessment, "assessment", "review_assessed", ("risk__objective",)),
    (ExitConditionAssessment, "assessment", "review_assessed", ()),
    (Decision, "decision", "decisions", ()),
)


def _review_key(record: Model) -> str:
    for path in ("objective", "contribution", "assumption", "marker", "risk"):
        target = getattr(record, path, None)
        if target is not None:
            objective = getattr(target, "objective", target)
            return f"{objective.code} #{record.pk}"
    return f"#{record.pk}"


def review_withheld(review: Review, ceiling: int) -> list[Withheld]:
    """Assessments and decisions of ``review`` (that the reader may read) above ``ceiling``.
    Read outside the ceiling: inside it they would not be found."""
    out: list[Withheld] = []
    for model, kind, part, related in REVIEW_RECORDS:
        rows = (
            model.objects.filter(review=review)
            .exclude(at_most(model, ceiling))
            .select_related(*related)
            .order_by("pk")
        )
        for record in rows:
            out.append(Withheld(kind, _review_key(record), record.classification, part))
    if review.conclusions and review.summary_classification > ceiling:
        out.append(Withheld("conclusions", review.label, review.summary_classification, "review"))
    return out


def review_marking(review: Review) -> tuple[int, set[int] | None]:
    """The highest level among the review's records the reader reads (within any ceiling),
    and the people named on all its *Strictly confidential* ones."""
    highest, common = 0, None
    for model, _kind, _part, _related in REVIEW_RECORDS:
        rows = model.objects.filter(review=review)
        highest = max(highest, rows.aggregate(top=Max("classification"))["top"] or 0)
        for readers in rows.filter(classification=STRICT).values_list("named_readers", flat=True):
            common = set(readers) if common is None else common & set(readers)
    if review.conclusions:  # empty when the reading may not have them
        highest = max(highest, review.summary_classification)
        if review.summary_classification == STRICT:
            readers = set(review.summary_readers)
            common = readers if common is None else common & readers
    return highest, common


def join_readers(*lists: set[int] | None) -> set[int] | None:
    common: set[int] | None = None
    for readers in lists:
        if readers is not None:
            common = set(readers) if common is None else common & readers
    return common
