"""What a version's snapshot shows its reader: the records the reader may read at their level
(``missions.need_to_know`` decides), and nothing that hangs on one they may not.

Applied when a version is loaded from the database (``StrategyVersion.from_db``), so a page,
the API, a comparison and a brief all start from the same redacted snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from missions.classification import Classification, note_shown
from missions.need_to_know import current_ceiling, current_reader, may_read_marked


def redact_for_reading(snapshot: dict[str, Any], mission_id: int) -> dict[str, Any]:
    """What the current reader may read of ``snapshot``, within any ceiling (``within``)."""
    reader, ceiling = current_reader(), current_ceiling()
    if reader is None and ceiling is None:
        return snapshot

    def may_read(level: int, readers: list[int] | None) -> bool:
        if ceiling is not None and level > ceiling:
            return False
        return reader is None or may_read_marked(reader, mission_id, level, readers)

    return redact_snapshot_with(snapshot, may_read)


def counts_by_clearance(snapshot: dict[str, Any]) -> dict[str, dict[str, int]]:
    """How many objectives and contributions a reader cleared to each level sees, kept with
    the snapshot so the list of versions counts without reading every snapshot."""
    counts = {}
    for clearance in Classification.values:
        shown = redact_snapshot_with(snapshot, lambda level, _r, c=clearance: level <= c)
        counts[str(clearance)] = {key: len(shown[key]) for key in ("objectives", "contributions")}
    return counts


def redact_snapshot_with(
    snapshot: dict[str, Any], may_read: Callable[[int, list[int] | None], bool]
) -> dict[str, Any]:
    def shown(entry: dict[str, Any], prefix: str = "") -> bool:
        level = entry.get(f"{prefix}classification", 0)
        if level == 0:
            return True
        if may_read(level, entry.get(f"{prefix}readers")):
            note_shown(level)
            return True
        return False

    def kept(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [entry for entry in entries or [] if shown(entry)]

    objectives = kept(snapshot.get("objectives"))
    codes = {objective["code"] for objective in objectives}
    redacted = dict(snapshot)
    redacted["objectives"] = [
        {
            **objective,
            "parent": objective.get("parent") if objective.get("parent") in codes else None,
            "assumptions": kept(objective.get("assumptions")),
            "risks": kept(objective.get("risks")),
            "markers": kept(objective.get("markers")),
        }
        for objective in objectives
    ]
    redacted["exit_conditions"] = kept(snapshot.get("exit_conditions"))
    redacted["contributions"] = [
        c for c in kept(snapshot.get("contributions")) if c.get("objective") in codes
    ]
    redacted["positions"] = [
        p
        for p in kept(snapshot.get("positions"))
        if p.get("objective") in codes and shown(p, "stakeholder_")
    ]
    redacted["alignments"] = [
        {**a, "objectives": [code for code in a.get("objectives", []) if code in codes]}
        for a in snapshot.get("alignments") or []
    ]
    redacted["drivers"] = [
        {**d, "objectives": [code for code in d.get("objectives", []) if code in codes]}
        for d in kept(snapshot.get("drivers"))
    ]
    return redacted
