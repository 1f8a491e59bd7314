"""The email outbox, personal API tokens and the audit log.

The outbox: every email the app sends is a row here first.

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


class ApiToken(models.Model):
    """A personal API token, kept as the SHA-256 of its secret: the database never holds a
    working credential, and the person sees the token once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The token's first characters: enough to recognise it in a list, useless to sign in with.
    prefix = models.CharField(_("prefix"), max_length=16)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    # Written at most once a minute (and the audit log once an hour), so a busy script
    # does not write on every call.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_logged_at = models.DateTimeField(_("use last logged"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_by_owner")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def revoke(self) -> None:
        """Stop the token working from now on; revoking twice keeps the first date."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    BRIEF_DOWNLOAD = "brief_download", _("Brief downloaded")
    BRIEF_EXPORT = "brief_export", _("Brief made for an audience")
    EXPORT = "export", _("Export downloaded")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TOKEN_USED = "token_used", _("API token used")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    SECOND_FACTOR_SET_UP = "second_factor_set_up", _("Second factor set up")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("Recovery codes renewed")
    SECOND_FACTOR_REMOVED = "second_factor_removed", _("Second factor removed")


class AuditEvent(models.Model):
    """Who did what security-relevant thing, when and from where. Written by core.audit only,
    read in the admin, deleted after AUDIT_RETENTION_DAYS."""

    Kind = AuditKind

    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    kind = models.CharField(_("what"), max_length=40, choices=AuditKind.choices)
    # The object concerned, as text so the event outlives it: a mission acronym, a brief id,
    # a token's prefix.
    target = models.CharField(_("object"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["at"], name="audit_event_at"),
            models.Index(fields=["kind", "-at"], name="audit_event_kind_at"),
            models.Index(fields=["user", "-at"], name="audit_event_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
