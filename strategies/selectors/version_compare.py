"""What changed between two strategy snapshots, by section and field, and one snapshot in
words: the compare page, the API's compare and the briefs read these."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, NamedTuple

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import Level
from strategies.models import (
    AssumptionRating,
    ContributionRole,
    ExitConditionKind,
    ExitConditionStatus,
    ObjectiveStatus,
    Priority,
    RiskSeverity,
    StakeholderPositionStance,
)

if TYPE_CHECKING:
    from django.db.models import Choices


# Showing values in words -------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    return str(value)


def _choice(choices: type[Choices]) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return _text(value)

    return show


def _choices(choices: type[Choices]) -> Callable[[Any], str]:
    one = _choice(choices)
    return lambda values: ", ".join(one(v) for v in values or []) or "—"


def _date(value: Any) -> str:
    if not value:
        return "—"
    try:
        return formats.date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def _codes(values: Any) -> str:
    return ", ".join(values or []) or "—"


def _short(text: str, length: int = 90) -> str:
    return Truncator(text or "").chars(length)


show_priority = _choice(Priority)
show_levels = _choices(Level)
show_level = _choice(Level)


# Compare -----------------------------------------------------------------------------------


EMPTY = "—"

# A run of a text compared word by word: ("equal" | "delete" | "insert", its text).
Run = tuple[str, str]
# Words and the whitespace between them, each a token, so the text reads back as written
# (line breaks included); whitespace never anchors a match (``isjunk``).
_TOKENS = re.compile(r"\s+|\S+")
# Below this share of words in common, two texts are a rewrite: each side is marked whole
# rather than as confetti of matched "the"s and "of"s.
REWRITE_BELOW = 0.3


def word_diff(before: str, after: str) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """The two sides of a change word by word: ``before`` with its deleted words marked,
    ``after`` with its inserted words marked; what both share is "equal".

    A sentence added to a paragraph is one "insert" run, and nothing is deleted.
    """
    if before == EMPTY or after == EMPTY:
        return _whole(before, "delete"), _whole(after, "insert")
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    matcher = SequenceMatcher(str.isspace, old, new, autojunk=False)
    if matcher.ratio() < REWRITE_BELOW:
        return _whole(before, "delete"), _whole(after, "insert")
    old_side: list[Run] = []
    new_side: list[Run] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_side.append(("equal", "".join(old[i1:i2])))
            new_side.append(("equal", "".join(new[j1:j2])))
            continue
        _append_changed(old_side, "delete", "".join(old[i1:i2]))
        _append_changed(new_side, "insert", "".join(new[j1:j2]))
    return _merged(old_side), _merged(new_side)


def _whole(text: str, op: str) -> tuple[Run, ...]:
    return (("equal" if text == EMPTY else op, text),)


def _append_changed(runs: list[Run], op: str, text: str) -> None:
    """A changed run without the whitespace at its edges: only the words are marked."""
    if not text:
        return
    words = text.strip()
    if not words:
        runs.append(("equal", text))
        return
    start = text.index(words)
    runs += [("equal", text[:start]), (op, words), ("equal", text[start + len(words) :])]


def _merged(runs: list[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for op, text in runs:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


class Detail(NamedTuple):
    """One line of a change: a field in words, its value before and after."""

    label: str
    before: str
    after: str

    @property
    def words(self) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
        """Both sides compared word by word (see ``word_diff``), for the compare page."""
        return word_diff(self.before, self.after)


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    subject: str
    details: list[Detail] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    changes: list[Change]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")


@dataclass(frozen=True)
class _Field:
    key: str
    label: Any  # a lazy translation, turned into words when compared
    show: Callable[[Any], str] = _text


@dataclass(frozen=True)
class _Nested:
    """A list inside a record (an objective's assumptions), matched by its text."""

    key: str
    match: str
    added: Any
    removed: Any
    changed: Any  # "%(item)s: %(field)s"
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class _Kind:
    key: str
    title: Any
    list_key: str
    match: Callable[[dict[str, Any]], tuple[Any, ...]]
    subject: Callable[[dict[str, Any]], str]
    fields: tuple[_Field, ...]
    # What an added or removed record shows besides its name.
    summary: tuple[str, ...] = ()
    nested: tuple[_Nested, ...] = ()


_gl = gettext_lazy

_END_STATE_FIELDS = (
    _Field("statement", _gl("Statement")),
    _Field("horizon", _gl("Horizon")),
    _Field("adopted_on", _gl("Adopted on"), _date),
)

KINDS: tuple[_Kind, ...] = (
    _Kind(
        "objectives",
        _gl("Objectives"),
        "objectives",
        lambda o: (o["code"],),
        lambda o: f"{o['code']} {o['title']}",
        (
            _Field("title", _gl("Title")),
            _Field("description", _gl("Description")),
            _Field("levels", _gl("Levels of engagement"), show_levels),
            _Field("parent", _gl("Feeds objective")),
            _Field("priority", _gl("Priority"), show_priority),
            _Field("phase", _gl("Phase")),
            _Field("status", _gl("Status"), _choice(ObjectiveStatus)),
            _Field("owner", _gl("Owner")),
        ),
        summary=("levels", "priority", "phase"),
        nested=(
            _Nested(
                "assumptions",
                "statement",
                _gl("Assumption added"),
                _gl("Assumption removed"),
                _gl("Assumption “%(item)s”: %(field)s"),
                (_Field("rating", _gl("rating"), _choice(AssumptionRating)),),
            ),
            _Nested(
                "risks",
                "description",
                _gl("Risk added"),
                _gl("Risk removed"),
                _gl("Risk “%(item)s”: %(field)s"),
                (
                    _Field("severity", _gl("severity"), _choice(RiskSeverity)),
                    _Field("mitigation", _gl("mitigation")),
                ),
            ),
            _Nested(
                "markers",
                "statement",
                _gl("Marker added"),
                _gl("Marker removed"),
                _gl("Marker “%(item)s”: %(field)s"),
                (
                    _Field("baseline", _gl("baseline")),
                    _Field("target", _gl("target")),
                    _Field("latest_reading", _gl("latest reading")),
                    _Field("reading_on", _gl("read on"), _date),
                ),
            ),
        ),
    ),
    _Kind(
        "contributions",
        _gl("Contributions"),
        "contributions",
        lambda c: (c["component"], c["objective"]),
        lambda c: f"{c['component']} → {c['objective']}",
        (
            _Field("role", _gl("Role"), _choice(ContributionRole)),
            _Field("narrative", _gl("How this work advances the objective")),
        ),
        summary=("role",),
    ),
    _Kind(
        "alignments",
        _gl("Mandate alignment"),
        "alignments",
        lambda t: (t["mandate"], t["task"]),
        lambda t: (
            _("OP %(reference)s (%(symbol)s)") % {"reference": t["task"], "symbol": t["mandate"]}
        ),
        (
            _Field("objectives", _gl("Aligned to objectives"), _codes),
            _Field("is_strategic_priority", _gl("Strategic priority"), _yes_no),
            _Field("phase", _gl("Phase")),
            _Field("text", _gl("Text")),
        ),
        summary=("objectives",),
    ),
    _Kind(
        "positions",
        _gl("Stakeholder positions"),
        "positions",
        lambda p: (p["stakeholder"], p["objective"]),
        lambda p: (
            _("%(stakeholder)s on %(objective)s")
            % {"stakeholder": p["stakeholder"], "objective": p["objective"]}
        ),
        (
            _Field("stance", _gl("Stance"), _choice(StakeholderPositionStance)),
            _Field("as_of", _gl("As of"), _date),
            _Field("note", _gl("Note")),
        ),
        summary=("stance", "as_of"),
    ),
    _Kind(
        "drivers",
        _gl("Conflict drivers"),
        "drivers",
        lambda d: (d["title"],),
        lambda d: d["title"],
        (
            _Field("level", _gl("Level"), show_level),
            _Field("description", _gl("Description")),
            _Field("leverage_points", _gl("Points of leverage")),
            _Field("entry_points", _gl("Entry points")),
            _Field("objectives", _gl("Addressed by objectives"), _codes),
        ),
        summary=("level", "objectives"),
    ),
    _Kind(
        "exit_conditions",
        _gl("Exit conditions"),
        "exit_conditions",
        lambda c: (c["description"],),
        lambda c: _short(c["description"]),
        (
            _Field("kind", _gl("Kind"), _choice(ExitConditionKind)),
            _Field("status", _gl("Status"), _choice(ExitConditionStatus)),
            _Field("evidence", _gl("Evidence")),
            _Field("last_assessed_on", _gl("Last assessed on"), _date),
        ),
        summary=("kind", "status"),
    ),
)


def _by_key(
    items: Sequence[dict[str, Any]], match: Callable[[dict[str, Any]], tuple[Any, ...]]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Records by natural key; a repeated key gets a counter so neither copy is lost."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in items:
        key = match(item)
        n = 1
        while (*key, n) in found:
            n += 1
        found[(*key, n)] = item
    return found


def _field_details(
    old: dict[str, Any], new: dict[str, Any], fields: Iterable[_Field], label: Callable[[str], str]
) -> list[Detail]:
    return [
        Detail(label(str(f.label)), f.show(old.get(f.key)), f.show(new.get(f.key)))
        for f in fields
        if old.get(f.key) != new.get(f.key)
    ]


def _summary(record: dict[str, Any], kind: _Kind, *, added: bool) -> list[Detail]:
    details = []
    for f in kind.fields:
        if f.key in kind.summary:
            value = f.show(record.get(f.key))
            details.append(Detail(str(f.label), "—" if added else value, value if added else "—"))
    return details


def _nested_details(old: dict[str, Any], new: dict[str, Any], spec: _Nested) -> list[Detail]:
    def describe(item: dict[str, Any]) -> str:
        extras = [f.show(item.get(f.key)) for f in spec.fields if item.get(f.key) not in ("", None)]
        text = _short(item.get(spec.match, ""), 120)
        return f"{text} ({'; '.join(extras)})" if extras else text

    before = _by_key(old.get(spec.key) or [], lambda i: (i.get(spec.match),))
    after = _by_key(new.get(spec.key) or [], lambda i: (i.get(spec.match),))
    details = []
    for key, item in after.items():
        if key not in before:
            details.append(Detail(str(spec.added), "—", describe(item)))
            continue
        name = _short(item.get(spec.match, ""), 60)
        details += _field_details(
            before[key],
            item,
            spec.fields,
            lambda label, name=name: str(spec.changed) % {"item": name, "field": label},
        )
    for key, item in before.items():
        if key not in after:
            details.append(Detail(str(spec.removed), describe(item), "—"))
    return details


def _compare_kind(old: dict[str, Any], new: dict[str, Any], kind: _Kind) -> Section:
    before = _by_key(old.get(kind.list_key) or [], kind.match)
    after = _by_key(new.get(kind.list_key) or [], kind.match)
    changes = []
    for key, record in after.items():
        if key not in before:
            changes.append(
                Change("added", kind.subject(record), _summary(record, kind, added=True))
            )
            continue
        details = _field_details(before[key], record, kind.fields, str)
        for spec in kind.nested:
            details += _nested_details(before[key], record, spec)
        if details:
            changes.append(Change("changed", kind.subject(record), details))
    for key, record in before.items():
        if key not in after:
            changes.append(
                Change("removed", kind.subject(record), _summary(record, kind, added=False))
            )
    return Section(kind.key, str(kind.title), changes)


def _compare_end_state(old: dict[str, Any] | None, new: dict[str, Any] | None) -> Section:
    subject = _("Political end state")
    changes = []
    if old and new:
        details = _field_details(old, new, _END_STATE_FIELDS, str)
        if details:
            changes.append(Change("changed", subject, details))
    elif new:
        changes.append(Change("added", _short(new["statement"])))
    elif old:
        changes.append(Change("removed", _short(old["statement"])))
    return Section("end_state", _("End state"), changes)


def version_compare(old: dict[str, Any], new: dict[str, Any]) -> list[Section]:
    """What changed from snapshot ``old`` to snapshot ``new``, section by section, in words.

    Pure: reads no database, so it serves the page, the API and tests alike.
    """
    return [_compare_end_state(old.get("end_state"), new.get("end_state"))] + [
        _compare_kind(old, new, kind) for kind in KINDS
    ]


# Showing one snapshot ----------------------------------------------------------------------


def snapshot_for_display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``snapshot`` with labels beside the stored codes, for templates."""
    show = {
        "stance": _choice(StakeholderPositionStance),
        "role": _choice(ContributionRole),
        "rating": _choice(AssumptionRating),
        "severity": _choice(RiskSeverity),
        "status": _choice(ObjectiveStatus),
    }
    exit_kind, exit_status = _choice(ExitConditionKind), _choice(ExitConditionStatus)

    def dated(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    objectives = [
        {
            **o,
            "levels_label": show_levels(o["levels"]),
            "priority_label": show_priority(o["priority"]),
            "status_label": show["status"](o["status"]),
            "assumptions": [
                {**a, "rating_label": show["rating"](a["rating"])} for a in o["assumptions"]
            ],
            "risks": [{**r, "severity_label": show["severity"](r["severity"])} for r in o["risks"]],
            "markers": [{**m, "reading_on": dated(m["reading_on"])} for m in o["markers"]],
        }
        for o in snapshot.get("objectives", [])
    ]
    end_state = snapshot.get("end_state")
    return {
        "end_state": end_state and {**end_state, "adopted_on": dated(end_state["adopted_on"])},
        "exit_conditions": [
            {
                **c,
                "kind_label": exit_kind(c["kind"]),
                "status_label": exit_status(c["status"]),
                "last_assessed_on": dated(c["last_assessed_on"]),
            }
            for c in snapshot.get("exit_conditions", [])
        ],
        "objectives": objectives,
        "contributions": [
            {**c, "role_label": show["role"](c["role"])} for c in snapshot.get("contributions", [])
        ],
        "alignments": snapshot.get("alignments", []),
        "positions": [
            {**p, "stance_label": show["stance"](p["stance"]), "as_of": dated(p["as_of"])}
            for p in snapshot.get("positions", [])
        ],
        "drivers": [
            {**d, "level_label": show_level(d["level"])} for d in snapshot.get("drivers", [])
        ],
    }
