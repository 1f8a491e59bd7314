"""PDF briefs for HQ, rendered in the background and stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from briefs.audiences import Audience
from briefs.querysets import BriefManager
from core.dbchecks import choice_check
from missions.classification import Classification, Classified, classification_check
from missions.models import Mission
from missions.querysets import PersonalQuerySet
from reviews.models import Review
from strategies.models import StrategyVersion


class BriefStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class BriefKind(models.TextChoices):
    """What a brief is of; derived from which of version and review is set."""

    DRAFT = "draft", _("Working draft")
    VERSION = "version", _("Strategy version")
    REVIEW = "review", _("Review")


class Brief(Classified):
    """One PDF made in one language for one audience and recipient.

    Its own level and list (``Classified``) say who may fetch it in the app: the highest level
    it prints, raised to *Strictly confidential* (with the lists' common names) when it prints
    or withholds a record of that level, so nobody off a list learns from a brief, or from
    its "withheld" lines, that such a record exists; its own audience (HQ's desk officers for
    a brief made for HQ) reads it at ``printed_level``, what its pages say
    (``briefs.querysets``).
    """

    Status = BriefStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="briefs")
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="briefs"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="briefs"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="queued")
    file = models.FileField(upload_to="briefs/%Y/%m/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("reason for failure"), blank=True)
    # The language the brief is written in: chosen on export, the requester's by default.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience.choices, default=Audience.HQ
    )
    # Who it is sent to, printed in every page's margin ("" for the subscribers' brief).
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    printed_level = models.PositiveSmallIntegerField(
        _("highest level printed"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
    )
    # What was left out for the audience: [{"kind", "key", "level", "part"}], the export log's.
    withheld = models.JSONField(_("withheld"), default=list, blank=True)
    # Rendered because a version was approved or a review signed off: subscribers are told.
    notify_subscribers = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BriefManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("brief")
        constraints = [
            choice_check("status", BriefStatus, "brief_status_valid"),
            choice_check("audience", Audience, "brief_audience_valid"),
            classification_check("brief_classification_valid"),
            models.CheckConstraint(
                condition=~models.Q(version__isnull=False, review__isnull=False),
                name="brief_of_version_or_review_not_both",
            ),
            # An approved version never changes, so its brief is made once per language for one
            # audience, recipient and requester (the audience and the requester decide the
            # level it is cut to): at most one such brief that is not failed.
            models.UniqueConstraint(
                fields=["version", "language", "audience", "recipient", "requested_by"],
                condition=models.Q(version__isnull=False) & ~models.Q(status="failed"),
                name="one_live_brief_per_version",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | (~models.Q(checksum="") & ~models.Q(file="")),
                name="ready_brief_has_file_and_checksum",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="brief_status_started")]

    def __str__(self) -> str:
        return f"{self.mission.acronym} brief {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def kind(self) -> str:
        if self.version_id:
            return BriefKind.VERSION
        if self.review_id:
            return BriefKind.REVIEW
        return BriefKind.DRAFT

    @property
    def is_pending(self) -> bool:
        return self.status in (BriefStatus.QUEUED, BriefStatus.RENDERING)

    @property
    def is_ready(self) -> bool:
        return self.status == BriefStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == BriefStatus.FAILED


class BriefSubscription(models.Model):
    """Someone (typically an HQ desk officer) who is sent each new brief of a mission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brief_subscriptions"
    )
    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="brief_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("brief subscription")
        constraints = [
            models.UniqueConstraint(fields=["user", "mission"], name="one_subscription_per_mission")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.mission.acronym} briefs"
