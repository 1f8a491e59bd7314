"""Strategy versions: snapshot the working strategy, approve it as a numbered version, compare.

A snapshot names records by their natural keys (objective codes, component and stakeholder
names, paragraph references), never by ids, so two versions compare by meaning even when a
row was deleted and re-created in between. Snapshots keep raw choice values; labels are applied
when a snapshot is shown or compared, in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import F, Func, IntegerField, Prefetch, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from mandates.models import Mandate, MandatedTask
from missions.classification import Classification
from missions.models import EndState, Mission
from missions.need_to_know import clearance, current_reader, marking
from strategies.models import (
    ConflictDriver,
    Contribution,
    ExitCondition,
    Objective,
    StakeholderPosition,
    StrategyVersion,
    TaskAlignment,
)
from strategies.need_to_know import counts_by_clearance

if TYPE_CHECKING:
    pass

SNAPSHOT_SCHEMA = 1
DRAFT = "draft"


# Snapshot ----------------------------------------------------------------------------------


def natural_key(text: str) -> list[Any]:
    """Sort ``O2`` before ``O10`` and ``29 (b)`` before ``29 (i)``."""
    return [int(part) if part.isdecimal() else part.lower() for part in re.split(r"(\d+)", text)]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _sorted_codes(objectives: Iterable[Objective]) -> list[str]:
    return sorted((o.code for o in objectives), key=natural_key)


def _end_state(mission: Mission) -> dict[str, Any]:
    """The end state in force and its exit conditions."""
    end_state = (
        EndState.objects.filter(mission=mission, superseded_on__isnull=True)
        .prefetch_related(
            Prefetch("exit_conditions", queryset=ExitCondition.objects.order_by("kind", "pk"))
        )
        .first()
    )
    return {
        "end_state": end_state
        and {
            "statement": end_state.statement,
            "horizon": end_state.horizon,
            "adopted_on": _iso(end_state.adopted_on),
        },
        "exit_conditions": [
            {
                "kind": c.kind,
                "description": c.description,
                "status": c.status,
                "evidence": c.evidence,
                "last_assessed_on": _iso(c.last_assessed_on),
                **marking(c),
            }
            for c in (end_state.exit_conditions.all() if end_state else [])
        ],
    }


def _objective(o: Objective) -> dict[str, Any]:
    return {
        "code": o.code,
        "title": o.title,
        "description": o.description,
        "levels": list(o.levels),
        "parent": o.parent.code if o.parent else None,
        "priority": o.priority,
        "phase": o.phase,
        "status": o.status,
        "owner": _person(o.owner),
        "assumptions": [
            {"statement": a.statement, "rating": a.rating, **marking(a)}
            for a in o.assumptions.all()
        ],
        "risks": [
            {
                "description": r.description,
                "severity": r.severity,
                "mitigation": r.mitigation,
                **marking(r),
            }
            for r in o.risks.all()
        ],
        "markers": [
            {
                "statement": m.statement,
                "baseline": m.baseline,
                "target": m.target,
                "latest_reading": m.latest_reading,
                "reading_on": _iso(m.reading_on),
                **marking(m),
            }
            for m in o.markers.all()
        ],
        **marking(o),
    }


def _objectives(mission: Mission) -> list[dict[str, Any]]:
    objectives = (
        Objective.objects.filter(mission=mission)
        .select_related("parent", "owner")
        .prefetch_related("assumptions", "risks", "markers")
    )
    return [_objective(o) for o in sorted(objectives, key=lambda o: natural_key(o.code))]


def _contributions(mission: Mission) -> list[dict[str, Any]]:
    contributions = Contribution.objects.filter(objective__mission=mission).select_related(
        "component", "objective"
    )
    return [
        {
            "component": c.component.name,
            "objective": c.objective.code,
            "role": c.role,
            "narrative": c.narrative,
            **marking(c),
        }
        for c in sorted(
            contributions, key=lambda c: (c.component.name.lower(), natural_key(c.objective.code))
        )
    ]


def _alignments(mission: Mission) -> list[dict[str, Any]]:
    """The tasks of the latest mandate and the objectives each serves."""
    mandate = Mandate.objects.filter(mission=mission).order_by("-adopted_on", "-pk").first()
    if mandate is None:
        return []
    tasks = (
        MandatedTask.objects.filter(mandate=mandate)
        .prefetch_related(
            Prefetch("alignments", queryset=TaskAlignment.objects.select_related("objective"))
        )
        .order_by("position", "pk")
    )
    return [
        {
            "mandate": mandate.symbol,
            "task": t.reference,
            "text": t.text,
            "objectives": _sorted_codes(a.objective for a in t.alignments.all()),
            "is_strategic_priority": t.is_strategic_priority,
            "is_procedural": t.is_procedural,
            "phase": t.phase,
        }
        for t in tasks
    ]


def _positions(mission: Mission) -> list[dict[str, Any]]:
    """The latest position per stakeholder and objective; older rows are its history."""
    positions = (
        StakeholderPosition.objects.filter(objective__mission=mission)
        .select_related("stakeholder", "objective")
        .order_by("stakeholder_id", "objective_id", "-as_of")
        .distinct("stakeholder_id", "objective_id")
    )
    return [
        {
            "stakeholder": p.stakeholder.name,
            "objective": p.objective.code,
            "stance": p.stance,
            "as_of": _iso(p.as_of),
            "note": p.note,
            **marking(p),
            **marking(p.stakeholder, "stakeholder_"),
        }
        for p in sorted(
            positions, key=lambda p: (p.stakeholder.name.lower(), natural_key(p.objective.code))
        )
    ]


def _drivers(mission: Mission) -> list[dict[str, Any]]:
    drivers = (
        ConflictDriver.objects.filter(mission=mission)
        .prefetch_related("objectives")
        .order_by("level", "title", "pk")
    )
    return [
        {
            "level": d.level,
            "title": d.title,
            "description": d.description,
            "leverage_points": d.leverage_points,
            "entry_points": d.entry_points,
            "objectives": _sorted_codes(d.objectives.all()),
            **marking(d),
        }
        for d in drivers
    ]


def strategy_snapshot(*, mission: Mission) -> dict[str, Any]:
    """The whole working strategy as JSON-ready data, in a fixed number of queries."""
    snapshot = {
        "schema": SNAPSHOT_SCHEMA,
        **_end_state(mission),
        "objectives": _objectives(mission),
        "contributions": _contributions(mission),
        "alignments": _alignments(mission),
        "positions": _positions(mission),
        "drivers": _drivers(mission),
    }
    snapshot["counts"] = counts_by_clearance(snapshot)
    return snapshot


# Approve -----------------------------------------------------------------------------------


# Reads -------------------------------------------------------------------------------------


def _count(key: str, clearance: int) -> Coalesce:
    """The count kept for the reader's clearance (need to know); a snapshot made before levels
    existed holds only Unclassified records, so its list's length."""
    kept = KeyTextTransform(key, KeyTransform(str(clearance), KeyTransform("counts", "snapshot")))
    return Coalesce(
        Cast(kept, IntegerField()),
        Func(
            KeyTransform(key, "snapshot"),
            function="jsonb_array_length",
            output_field=IntegerField(),
        ),
    )


def version_list(mission: Mission) -> QuerySet[StrategyVersion]:
    """Versions newest first, with counts read inside the database (snapshots stay there)."""
    reader = current_reader()
    level = clearance(reader, mission.pk) if reader is not None else max(Classification)
    return (
        StrategyVersion.objects.filter(mission=mission)
        .select_related("approved_by")
        .defer("snapshot")
        .annotate(
            objective_count=_count("objectives", level),
            contribution_count=_count("contributions", level),
        )
        .order_by("-number")
    )


def get_version(mission: Mission, number: int) -> StrategyVersion:
    version = (
        StrategyVersion.objects.filter(mission=mission, number=number)
        .select_related("approved_by")
        .first()
    )
    if version is None:
        raise Http404(_("No such version."))
    return version


def version_numbers(mission: Mission) -> list[int]:
    return list(
        StrategyVersion.objects.filter(mission=mission)
        .order_by(F("number").desc())
        .values_list("number", flat=True)
    )
