"""Briefs, scoped to the missions the user may see; subscriptions, to their owner."""

from __future__ import annotations

from missions.querysets import ScopedQuerySet


class BriefQuerySet(ScopedQuerySet):
    pass
