"""Reads of evidence files: a record to attach files to, one file, and a page's files by
record (one query per kind of record, whatever the number of records and files)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest

from evidence.models import EvidenceFile
from evidence.records import KINDS
from missions.models import Mission


def get_record_for_user(user: Any, mission: Mission, kind: str, pk: int) -> models.Model:
    """A record of ``kind`` in ``mission`` that ``user`` may read; 404 otherwise (another
    mission's record, or one above their level, answers like a missing one)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    path = spec.model._default_manager._queryset_class.mission_path
    record = (
        spec.model.objects.visible_to(user)
        .filter(pk=pk, **{path: mission})
        .select_related(*spec.related)
        .first()
    )
    if record is None:
        raise Http404
    return record


def get_evidence_for_user(user: Any, mission: Mission, pk: int) -> EvidenceFile:
    """One file of ``mission`` whose record ``user`` may read; 404 otherwise."""
    evidence = (
        EvidenceFile.objects.visible_to(user)
        .filter(mission=mission, pk=pk)
        .select_related("uploaded_by")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def evidence_by_record(mission_id: int, kind: str) -> dict[int, list[EvidenceFile]]:
    """Every file of ``mission_id`` on records of ``kind`` that the reader may read, by record
    id, oldest first: one query, made once per page and kind (``files_on``)."""
    grouped: dict[int, list[EvidenceFile]] = defaultdict(list)
    rows = (
        EvidenceFile.objects.filter(mission_id=mission_id, **{f"{kind}__isnull": False})
        .select_related("uploaded_by")
        .defer("text")
        .order_by("uploaded_at", "pk")
    )
    for evidence in rows:
        grouped[getattr(evidence, f"{kind}_id")].append(evidence)
    return grouped


def files_on(
    request: HttpRequest, mission_id: int, kind: str, record_id: int
) -> list[EvidenceFile]:
    """The files of one record, from the page's one read per kind (kept on the request)."""
    cache = request.__dict__.setdefault("_evidence_by_record", {})
    if (mission_id, kind) not in cache:
        cache[(mission_id, kind)] = evidence_by_record(mission_id, kind)
    return cache[(mission_id, kind)].get(record_id, [])
