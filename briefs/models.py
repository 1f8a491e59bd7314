"""PDF briefs for HQ, rendered in the background and stored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.dbchecks import choice_check
from missions.models import Mission
from reviews.models import Review
from strategies.models import StrategyVersion


class BriefStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Brief(models.Model):
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
    error = models.TextField(_("reason for failure"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("brief")
        constraints = [
            choice_check("status", BriefStatus, "brief_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(version__isnull=False, review__isnull=False),
                name="brief_of_version_or_review_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym} brief {self.created_at:%Y-%m-%d %H:%M}"
