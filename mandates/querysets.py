"""Mandates and their tasks, scoped to the missions the user may see (``visible_to``)."""

from __future__ import annotations

from missions.querysets import ScopedQuerySet


class MandateQuerySet(ScopedQuerySet):
    pass


class MandatedTaskQuerySet(ScopedQuerySet):
    mission_path = "mandate__mission"


class MandateImportJobQuerySet(ScopedQuerySet):
    """Mission-wide; the views narrow it further to the uploader or those who may import."""


class ReportingObligationQuerySet(ScopedQuerySet):
    mission_path = "mandate__mission"
