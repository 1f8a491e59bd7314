"""What reaches a person: in-app notifications, weekly digests, delivery choices per mission and
the private calendar feed. Emails leave through the outbox (``core.outbox``).

These tables began in the missions app and keep their names there (``missions_notification``
and so on): moving the models moved no row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dbchecks import choice_check
from core.words import thaw
from missions.models import Mission
from missions.querysets import PersonalQuerySet


class NotificationPreferenceDelivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationPreference(models.Model):
    """How reminders for one mission reach one person. Escalations always go through."""

    Delivery = NotificationPreferenceDelivery

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default="immediate"
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        db_table = "missions_notificationpreference"
        verbose_name = _("notification preference")
        constraints = [
            models.UniqueConstraint(fields=["user", "mission"], name="one_preference_per_mission"),
            choice_check("delivery", NotificationPreferenceDelivery, "preference_delivery_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.mission.acronym} · {self.delivery}"


class Notification(models.Model):
    """An in-app message; ``read_at`` is its read state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    # The subject and body as messages and values (core.words), said in the reader's language;
    # ``subject`` and ``body`` keep the words as first said, for search and older rows.
    words = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Weekly-digest people get the in-app message now and its email in the next digest.
    awaits_digest = models.BooleanField(default=False)
    digest = models.ForeignKey(
        "NotificationDigest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        db_table = "missions_notification"
        ordering = ["-created_at"]
        verbose_name = _("notification")
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(
                fields=["user"],
                condition=models.Q(awaits_digest=True, digest__isnull=True),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_text

    @property
    def subject_text(self) -> str:
        return self._said("subject") or self.subject

    @property
    def body_text(self) -> str:
        return self._said("body") or self.body

    def _said(self, part: str) -> str:
        return str(thaw(self.words[part])) if part in self.words else ""


class ChosenLanguage(models.Model):
    """The language a person last chose on a page: what is written to them later, away from
    any page (their emails), is written in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chosen_language",
    )
    language = models.CharField(_("language"), max_length=10)

    class Meta:
        verbose_name = _("chosen language")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"


class NotificationDigest(models.Model):
    """One person's weekly digest. The unique (user, period) row makes it once; its email
    is sent, and retried, by the outbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    period = models.CharField(_("week"), max_length=10)
    claimed_at = models.DateTimeField(_("made at"), default=timezone.now)
    email = models.ForeignKey(
        "core.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email"),
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        db_table = "missions_notificationdigest"
        ordering = ["-claimed_at"]
        verbose_name = _("notification digest")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"digest {self.period} → {self.user}"


class CalendarFeed(models.Model):
    """A person's private iCal address. Deleting the row revokes it; a new row, a new address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonalQuerySet.as_manager()

    class Meta:
        db_table = "missions_calendarfeed"
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
