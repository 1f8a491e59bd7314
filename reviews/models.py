"""Periodic reviews of a mission's strategy: assessments, decisions, reminders."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check, date_order_check
from core.history import tracked
from core.words import Day, Said, said
from mandates.models import MandatedTask
from missions.classification import (
    Classified,
    classification_check,
    level_model_field,
    readers_model_field,
)
from missions.models import Component, Mission
from missions.need_to_know import marked_text, reader_manager
from reviews.querysets import (
    ContributionAssessmentQuerySet,
    ReminderQuerySet,
    ReviewPartQuerySet,
    ReviewQuerySet,
)
from strategies.models import (
    Assumption,
    AssumptionRating,
    Contribution,
    ExitCondition,
    ExitConditionStatus,
    Objective,
    ProgressMarker,
    Risk,
    RiskSeverity,
)


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CONCLUDED = "concluded", _("Concluded")
    SIGNED_OFF = "signed_off", _("Signed off")


# A review in one of these is over: read-only, its ratings the mission's latest.
DONE = (ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF)


@tracked()
class Review(Revisioned):
    Status = ReviewStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reviews")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    opens_on = models.DateField(
        _("opens on"), null=True, blank=True, help_text=_("When the review is planned to open.")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="planned")
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_reviews",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_participations"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_off_reviews",
    )
    summary = models.TextField(_("conclusions"), blank=True, max_length=20_000)
    # The conclusions' own level and need-to-know list: the review itself is for every member.
    summary_classification = level_model_field(_("classification of the conclusions"))
    summary_readers = readers_model_field(_("people who need to know the conclusions"))

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-period_start"]
        verbose_name = _("review")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "period_start"], name="one_review_per_period"
            ),
            date_order_check("period_start", "period_end", "review_period_in_order"),
            choice_check("status", ReviewStatus, "review_status_valid"),
        ]

    def __str__(self) -> str:
        start, end = self.period_start, self.period_end
        return f"{self.mission.acronym} review {start:%Y-%m-%d} to {end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"acronym": self.mission.acronym, "pk": self.pk})

    @property
    def conclusions(self) -> str:
        """The conclusions, for a reader who may read them at their level (need to know)."""
        return marked_text(
            self.summary, self.mission_id, self.summary_classification, self.summary_readers
        )

    @property
    def is_editable(self) -> bool:
        """Assessments and decisions are written only while the review is open."""
        return self.status == ReviewStatus.OPEN

    @property
    def label(self) -> str:
        """``Review of 1 Jul to 30 Sep 2026``, for headings and links."""
        return str(self.label_said)

    @property
    def label_said(self) -> Said:
        """The label kept as words, for messages read later in other languages."""
        return said(
            _("Review of %(start)s to %(end)s"),
            start=Day(self.period_start, "MONTH_DAY_FORMAT"),
            end=Day(self.period_end),
        )


class ReviewReopening(models.Model):
    """A concluded review sent back to open, and why: the record the cycle keeps of it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reopenings")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=4_000)

    objects = ReviewPartQuerySet.as_manager()

    class Meta:
        ordering = ["review", "reopened_at"]
        verbose_name = _("reopening")

    def __str__(self) -> str:
        return f"{self.review} reopened {self.reopened_at:%Y-%m-%d}"


class Assessed(Classified, Revisioned):
    """What every assessment in a review records besides its rating: who entered it, when."""

    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    assessed_at = models.DateTimeField(auto_now=True)

    objects = reader_manager(ReviewPartQuerySet)

    class Meta:
        abstract = True


class Progress(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    STALLED = "stalled", _("Stalled")
    ACHIEVED = "achieved", _("Achieved")


@tracked(mission="review__mission")
class ObjectiveAssessment(Assessed):
    classified_parents = ("objective",)

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="objective_assessments"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="assessments")
    progress = models.CharField(_("progress"), max_length=10, choices=Progress.choices)
    political_environment = models.TextField(
        _("political environment"), blank=True, max_length=10_000
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=10_000)

    class Meta:
        verbose_name = _("objective assessment")
        constraints = [
            classification_check("objective_assessment_classification_valid"),
            models.UniqueConstraint(
                fields=["review", "objective"], name="one_assessment_per_objective"
            ),
            choice_check("progress", Progress, "objective_assessment_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.objective.code}: {self.progress}"


@tracked(mission="review__mission")
class AssumptionAssessment(Assessed):
    """An assumption re-rated in a review (the assumption's own rating follows it)."""

    classified_parents = ("assumption",)

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="assumption_assessments"
    )
    assumption = models.ForeignKey(Assumption, on_delete=models.CASCADE, related_name="assessments")
    rating = models.CharField(_("rating"), max_length=12, choices=AssumptionRating.choices)
    note = models.TextField(_("note"), blank=True, max_length=4_000)

    class Meta:
        verbose_name = _("assumption rating")
        constraints = [
            classification_check("assumption_assessment_classification_valid"),
            models.UniqueConstraint(
                fields=["review", "assumption"], name="one_rating_per_assumption"
            ),
            choice_check("rating", AssumptionRating, "assumption_assessment_rating_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.assumption}: {self.rating}"


@tracked(mission="review__mission")
class RiskAssessment(Assessed):
    """A risk re-rated in a review. The risk's own severity follows it when the review is
    signed off, unless the strategy's severity was changed meanwhile (``severity_was``)."""

    classified_parents = ("risk",)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="risk_assessments")
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    severity = models.CharField(_("severity"), max_length=6, choices=RiskSeverity.choices)
    # The risk's severity in the strategy when it was re-rated: what the rating moves it from.
    severity_was = models.CharField(
        _("severity before"), max_length=6, choices=RiskSeverity.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=4_000)

    class Meta:
        verbose_name = _("risk rating")
        constraints = [
            classification_check("risk_assessment_classification_valid"),
            models.UniqueConstraint(fields=["review", "risk"], name="one_rating_per_risk"),
            choice_check("severity", RiskSeverity, "risk_assessment_severity_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.risk}: {self.severity}"

    @property
    def changed(self) -> bool:
        """Does the review move the risk's severity (from what it was when re-rated)?"""
        return bool(self.severity_was) and self.severity_was != self.severity


@tracked(mission="review__mission")
class MarkerReading(Assessed):
    """A marker of progress read in a review (the marker's latest reading follows it)."""

    classified_parents = ("marker",)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="marker_readings")
    marker = models.ForeignKey(ProgressMarker, on_delete=models.CASCADE, related_name="readings")
    reading = models.CharField(_("reading"), max_length=300)
    read_on = models.DateField(_("read on"))

    class Meta:
        verbose_name = _("marker reading")
        constraints = [
            classification_check("marker_reading_classification_valid"),
            models.UniqueConstraint(fields=["review", "marker"], name="one_reading_per_marker"),
        ]

    def __str__(self) -> str:
        return f"{self.marker}: {self.reading}"


@tracked(mission="review__mission")
class ExitConditionAssessment(Assessed):
    """An exit condition re-assessed in a review (the condition's status follows it)."""

    classified_parents = ("exit_condition",)

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="exit_condition_assessments"
    )
    exit_condition = models.ForeignKey(
        ExitCondition, on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=10, choices=ExitConditionStatus.choices)
    evidence = models.TextField(_("evidence"), blank=True, max_length=10_000)

    class Meta:
        verbose_name = _("exit condition assessment")
        constraints = [
            classification_check("exit_condition_assessment_classification_valid"),
            models.UniqueConstraint(
                fields=["review", "exit_condition"], name="one_assessment_per_exit_condition"
            ),
            choice_check("status", ExitConditionStatus, "exit_condition_assessment_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.exit_condition}: {self.status}"


class ContributionAssessmentStrength(models.TextChoices):
    STRONG = "strong", _("Strong")
    SOME = "some", _("Some")
    NONE = "none", _("None")
    COUNTER = "counter", _("Counter-productive")


@tracked(mission="review__mission")
class ContributionAssessment(Assessed):
    classified_parents = ("contribution",)

    Strength = ContributionAssessmentStrength

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="contribution_assessments"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="assessments"
    )
    strength = models.CharField(_("strength"), max_length=8, choices=Strength.choices)
    evidence = models.TextField(_("evidence"), blank=True, max_length=10_000)

    objects = reader_manager(ContributionAssessmentQuerySet)

    class Meta:
        verbose_name = _("contribution assessment")
        constraints = [
            classification_check("contribution_assessment_classification_valid"),
            models.UniqueConstraint(
                fields=["review", "contribution"], name="one_assessment_per_contribution"
            ),
            choice_check("strength", ContributionAssessmentStrength, "contribution_strength_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution}: {self.strength}"


class DecisionKind(models.TextChoices):
    KEEP = "keep", _("Keep objective")
    ADJUST = "adjust", _("Adjust objective")
    ADD = "add", _("Add objective")
    DROP = "drop", _("Drop objective")
    REPRIORITISE = "reprioritise", _("Reprioritise task")
    RESEQUENCE = "resequence", _("Resequence task")
    CONTRIBUTION = "contribution", _("Change contribution")


@tracked(mission="review__mission")
class Decision(Classified, Revisioned):
    """A recalibration agreed in a review; applied to the working draft on sign-off."""

    Kind = DecisionKind

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    task = models.ForeignKey(
        MandatedTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    # A contribution decision names the pair, so it can add one that does not exist yet.
    component = models.ForeignKey(
        Component, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    rationale = models.TextField(_("rationale"), max_length=8_000)
    details = models.JSONField(_("details"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("what it changed in the draft"), blank=True, max_length=10_000)
    # What it changed, as a message key and its values, so each reader reads it in their own
    # language (``outcome`` keeps the words of the sign-off for search and older rows).
    outcome_key = models.CharField(max_length=40, blank=True, default="")
    outcome_args = models.JSONField(default=dict, blank=True)

    classified_parents = ("objective", "contribution")

    objects = reader_manager(ReviewPartQuerySet)

    class Meta:
        ordering = ["review", "created_at"]
        verbose_name = _("decision")
        constraints = [
            classification_check("decision_classification_valid"),
            choice_check("kind", DecisionKind, "decision_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {Truncator(self.rationale).chars(60)}"

    @property
    def outcome_text(self) -> str:
        """What it changed, in the reader's language (older rows kept only the words)."""
        from reviews.outcomes import outcome_words

        return outcome_words(self.outcome_key, self.outcome_args) or self.outcome


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", _("Email in the outbox")
    DIGEST = "digest", _("In the weekly digest")
    SKIPPED = "skipped", _("In the app only")


class Reminder(models.Model):
    """A reminder claimed. The unique row is what makes each one go out once; its email is
    sent, and retried, by the outbox."""

    Status = ReminderStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reminders")
    rule = models.CharField(_("rule"), max_length=60)
    object_key = models.CharField(_("about"), max_length=80)
    period = models.CharField(_("period"), max_length=40)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="queued")
    claimed_at = models.DateTimeField(default=timezone.now)
    # What was told, kept so the record shows the words.
    escalation = models.BooleanField(_("escalation"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    email = models.ForeignKey(
        "core.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email"),
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "rule", "object_key", "period"], name="reminder_once"
            ),
            choice_check("status", ReminderStatus, "reminder_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} → {self.recipient} ({self.period})"
