"""Evidence documents: files attached to the records a rating or a judgement rests on.

One row per file, hanging on exactly one record (an objective assessment, a marker reading, a
stakeholder position, a decision or an exit condition) through one nullable foreign key per
kind of record rather than a generic relation: the records are ``classified_parents``, so the
default manager hides a file exactly when its record is hidden (``missions.need_to_know``),
with joins, at a fixed number of queries. The file has no level of its own: it is read at its
record's.

The bytes live in the ``"evidence"`` storage (``settings.STORAGES``) under a random key; they
are never served by URL, only through ``evidence.views.download``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.history import tracked
from evidence.querysets import EvidenceQuerySet
from missions.models import Mission
from missions.need_to_know import reader_manager
from reviews.models import Decision, MarkerReading, ObjectiveAssessment
from strategies.models import ExitCondition, StakeholderPosition

# The foreign keys to the records a file may hang on, one of which is set.
RECORD_FIELDS = ("assessment", "reading", "position", "decision", "exit_condition")


def _exactly_one_record() -> models.Q:
    either = models.Q(pk__in=[])
    for name in RECORD_FIELDS:
        either |= models.Q(
            **{f"{name}__isnull": False},
            **{f"{other}__isnull": True for other in RECORD_FIELDS if other != name},
        )
    return either


def new_key(mission_id: int) -> str:
    """Where the bytes go: random, so a key says nothing and cannot be guessed."""
    return f"{mission_id}/{uuid.uuid4().hex}"


@tracked()
class EvidenceFile(Revisioned):
    classified_parents = RECORD_FIELDS

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="evidence_files")
    assessment = models.ForeignKey(
        ObjectiveAssessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    reading = models.ForeignKey(
        MarkerReading,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    position = models.ForeignKey(
        StakeholderPosition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_files"
    )
    exit_condition = models.ForeignKey(
        ExitCondition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    key = models.CharField(_("storage key"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # A PDF's text (pdftotext, read by the worker), for the mission's search.
    text = models.TextField(_("text"), blank=True)
    text_read_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = reader_manager(EvidenceQuerySet)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_record(), name="evidence_file_on_one_record"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_file_not_empty"),
        ]
        indexes = [models.Index(fields=["mission", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def record_field(self) -> str:
        """The name of the foreign key that is set."""
        return next(name for name in RECORD_FIELDS if getattr(self, f"{name}_id") is not None)

    @property
    def record_id(self) -> int:
        return getattr(self, f"{self.record_field}_id")
