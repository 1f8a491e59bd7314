"""The email outbox: every email the app sends is a row here first.

The row is written in the same transaction as the action that caused it, so an email exists
exactly when its action committed; a worker sends it later and records how it went. The unique
(recipient, purpose, object, period) key makes each email go out once however often, or however
concurrently, its cause runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (gave up)")
    SKIPPED = "skipped", _("Skipped (no address)")


class OutboxEmail(models.Model):
    Status = EmailStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outbox_emails",
        verbose_name=_("recipient"),
    )
    # What kind of email (a reminder rule's code, "nudge", "brief_ready", "digest"), about what
    # object, for which period: together with the recipient, what makes it once.
    purpose = models.CharField(_("purpose"), max_length=60)
    object_key = models.CharField(_("about"), max_length=80)
    period = models.CharField(_("period"), max_length=40)
    to = models.EmailField(_("address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    # Not before this instant: the backoff after a failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "purpose", "object_key", "period"], name="outbox_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EmailStatus.values), name="outbox_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["queued", "sending"]),
                name="outbox_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.to or self.recipient_id} ({self.status})"
