"""Evidence files scoped to the people allowed to see them (their mission, their record)."""

from __future__ import annotations

from missions.querysets import ScopedQuerySet


class EvidenceQuerySet(ScopedQuerySet):
    mission_path = "mission"
