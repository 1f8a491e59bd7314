"""``{% evidence_for record as ev %}``: a record's files and what the reader may do with them,
for the panel other apps' pages render through ``{% mission_panels "record_evidence" %}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat

from evidence.forms import EvidenceUploadForm
from evidence.models import EvidenceFile
from evidence.records import RecordKind, kind_of
from evidence.selectors import files_on
from evidence.services import may_attach, may_remove, review_lock
from evidence.sniffing import LABELS
from missions.policy import Action, can

register = template.Library()


@dataclass
class Listed:
    file: EvidenceFile
    removable: bool

    @property
    def label(self) -> str:
        return LABELS.get(self.file.content_type, self.file.content_type)

    @property
    def size(self) -> str:
        return filesizeformat(self.file.size)


@dataclass
class RecordEvidence:
    kind: RecordKind
    record: models.Model
    files: list[Listed]
    can_attach: bool
    form: EvidenceUploadForm | None

    @property
    def max_mb(self) -> int:
        return settings.EVIDENCE_MAX_MB

    @property
    def anchor(self) -> str:
        return f"evidence-{self.kind.field.replace('_', '-')}-{self.record.pk}"


@register.simple_tag(takes_context=True)
def evidence_for(context: template.Context, record: models.Model | None) -> RecordEvidence | None:
    request, mission = context.get("request"), context.get("mission")
    kind = kind_of(record) if record is not None and record.pk else None
    if kind is None or request is None or mission is None:
        return None
    user = request.user
    if not can(user, Action.VIEW, mission):
        return None
    review = _review_of(context, record) if hasattr(record, "review_id") else None
    attach = may_attach(user, kind.field, mission)
    removing_locked = review_lock(kind.field, review, removing=True) is not None
    files = [
        Listed(f, not removing_locked and (attach or may_remove(user, f)))
        for f in files_on(request, mission.pk, kind.field, record.pk)
    ]
    attach = attach and review_lock(kind.field, review, removing=False) is None
    anchor = f"evidence-{kind.field.replace('_', '-')}-{record.pk}"
    form = EvidenceUploadForm(id_prefix=anchor) if attach else None
    return RecordEvidence(kind, record, files, attach, form)


def _review_of(context: template.Context, record: models.Model) -> Any:
    """The record's review: the page's own when it is that one (no query per record)."""
    review = context.get("review")
    if review is not None and getattr(review, "pk", None) == record.review_id:
        return review
    return record.review


@register.filter
def uploader(user: Any) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
