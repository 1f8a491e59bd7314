"""Recommendations for a mandate's renewal: what the mission asks the Council to do with each
mandated task (keep, drop, resequence, make or unmake a strategic priority, reword), new tasks it
proposes, comments, and the head of mission's approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check
from core.history import tracked
from mandates.models import Mandate, MandatedTask
from missions.models import Mission
from missions.querysets import ScopedQuerySet

NOTE_MAX_CHARS = 10_000
WORDING_MAX_CHARS = 10_000
RATIONALE_MAX_CHARS = 4_000
COMMENT_MAX_CHARS = 4_000


def _bounded(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class RenewalQuerySet(ScopedQuerySet):
    pass


class RenewalPartQuerySet(ScopedQuerySet):
    mission_path = "renewal__mission"


class RenewalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the head of mission")


class RecommendationAction(models.TextChoices):
    KEEP = "keep", _("Keep")
    DROP = "drop", _("Drop")
    RESEQUENCE = "resequence", _("Resequence")
    MAKE_PRIORITY = "make_priority", _("Make a strategic priority")
    UNMAKE_PRIORITY = "unmake_priority", _("No longer a strategic priority")
    REWORD = "reword", _("Reword")


@tracked()
class Renewal(Revisioned):
    Status = RenewalStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="renewals")
    mandate = models.OneToOneField(Mandate, on_delete=models.CASCADE, related_name="renewal")
    status = models.CharField(
        _("status"), max_length=10, choices=RenewalStatus.choices, default=RenewalStatus.DRAFT
    )
    note = models.TextField(
        _("covering note"),
        blank=True,
        max_length=NOTE_MAX_CHARS,
        help_text=_("The mission's overall view of the renewal, ahead of the recommendations."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = RenewalQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-created_at"]
        verbose_name = _("mandate renewal recommendations")
        constraints = [
            choice_check("status", RenewalStatus, "renewal_status_valid"),
            models.CheckConstraint(
                condition=models.Q(approved_at__isnull=True, status="draft")
                | models.Q(approved_at__isnull=False, status="approved"),
                name="renewal_approved_when_dated",
            ),
            _bounded("note", NOTE_MAX_CHARS, "renewal_note_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym}: renewal of {self.mandate.symbol}"

    @property
    def is_editable(self) -> bool:
        return self.status == RenewalStatus.DRAFT


@tracked(mission="renewal__mission")
class Recommendation(Revisioned):
    Action = RecommendationAction

    # ``__str__`` reads the task: the activity feed loads it with the recommendation.
    named_with = ("task",)

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="recommendations")
    task = models.ForeignKey(
        MandatedTask, on_delete=models.CASCADE, related_name="renewal_recommendations"
    )
    action = models.CharField(
        _("recommendation"), max_length=16, choices=RecommendationAction.choices
    )
    phase = models.PositiveSmallIntegerField(
        _("proposed phase"),
        null=True,
        blank=True,
        help_text=_("For a resequencing: the phase in which the task should be taken up (1-9)."),
    )
    wording = models.TextField(
        _("proposed wording"),
        blank=True,
        max_length=WORDING_MAX_CHARS,
        help_text=_("For a rewording: the paragraph as the mission would have it read."),
    )
    rationale = models.TextField(_("rationale"), blank=True, max_length=RATIONALE_MAX_CHARS)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RenewalPartQuerySet.as_manager()

    class Meta:
        ordering = ["renewal", "task__position", "pk"]
        verbose_name = _("renewal recommendation")
        constraints = [
            models.UniqueConstraint(fields=["renewal", "task"], name="one_recommendation_per_task"),
            choice_check("action", RecommendationAction, "recommendation_action_valid"),
            models.CheckConstraint(
                condition=models.Q(action="resequence", phase__gte=1, phase__lte=9)
                | (~models.Q(action="resequence") & models.Q(phase__isnull=True)),
                name="recommendation_phase_for_resequencing",
            ),
            models.CheckConstraint(
                condition=~models.Q(action="reword") | ~models.Q(wording=""),
                name="recommendation_wording_for_rewording",
            ),
            _bounded("wording", WORDING_MAX_CHARS, "recommendation_wording_bounded"),
            _bounded("rationale", RATIONALE_MAX_CHARS, "recommendation_rationale_bounded"),
        ]

    def __str__(self) -> str:
        return f"OP {self.task.reference}: {self.action}"


@tracked(mission="renewal__mission")
class ProposedTask(Revisioned):
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="proposed_tasks")
    text = models.TextField(_("proposed task"), max_length=WORDING_MAX_CHARS)
    rationale = models.TextField(_("rationale"), blank=True, max_length=RATIONALE_MAX_CHARS)
    objectives = models.ManyToManyField(
        "strategies.Objective",
        blank=True,
        related_name="proposed_tasks",
        verbose_name=_("objectives served"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RenewalPartQuerySet.as_manager()

    class Meta:
        ordering = ["renewal", "created_at", "pk"]
        verbose_name = _("proposed new task")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="proposed_task_has_text"),
            _bounded("text", WORDING_MAX_CHARS, "proposed_task_text_bounded"),
            _bounded("rationale", RATIONALE_MAX_CHARS, "proposed_task_rationale_bounded"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


@tracked(mission="renewal__mission")
class RenewalComment(models.Model):
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="comments")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("on the recommendation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RenewalPartQuerySet.as_manager()

    class Meta:
        ordering = ["renewal", "created_at", "pk"]
        verbose_name = _("comment on the renewal")
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="renewal_comment_has_body"),
            _bounded("body", COMMENT_MAX_CHARS, "renewal_comment_bounded"),
        ]

    def __str__(self) -> str:
        return self.body[:60]
