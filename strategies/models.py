"""The political strategy: objectives serving the end state, and everything that feeds them.

Every strategy record is tracked by django-pghistory (database triggers), so a change made by
a view, the API, a command or a shell is kept with who made it and what it was before.
"""

from __future__ import annotations

from typing import Any

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check
from core.history import tracked
from mandates.models import MandatedTask
from missions.classification import Classified, classification_check
from missions.models import Component, EndState, Level, Mission, Stakeholder
from missions.need_to_know import reader_manager
from strategies.need_to_know import redact_for_reading
from strategies.querysets import (
    ContributionQuerySet,
    DriverObjectiveQuerySet,
    ExitConditionQuerySet,
    MissionRowQuerySet,
    ObjectivePartQuerySet,
    ObjectiveQuerySet,
)


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class ExitConditionKind(models.TextChoices):
    POLITICAL = "political", _("Political")
    SECURITY = "security", _("Security")


class ExitConditionStatus(models.TextChoices):
    NOT_MET = "not_met", _("Not met")
    PARTLY_MET = "partly_met", _("Partly met")
    MET = "met", _("Met")


@tracked(mission="end_state__mission")
class ExitCondition(Classified, Revisioned):
    Kind = ExitConditionKind

    Status = ExitConditionStatus

    end_state = models.ForeignKey(
        EndState, on_delete=models.CASCADE, related_name="exit_conditions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("condition"), max_length=10_000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="not_met")
    evidence = models.TextField(_("evidence"), blank=True, max_length=10_000)
    last_assessed_on = models.DateField(_("last assessed on"), null=True, blank=True)

    objects = reader_manager(ExitConditionQuerySet)

    class Meta:
        ordering = ["end_state", "kind", "pk"]
        verbose_name = _("exit condition")
        constraints = [
            classification_check("exit_condition_classification_valid"),
            choice_check("kind", ExitConditionKind, "exit_condition_kind_valid"),
            choice_check("status", ExitConditionStatus, "exit_condition_status_valid"),
        ]

    def __str__(self) -> str:
        return Truncator(self.description).chars(80)


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


@tracked()
class Objective(Classified, Revisioned):
    Status = ObjectiveStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="objectives")
    end_state = models.ForeignKey(EndState, on_delete=models.PROTECT, related_name="objectives")
    code = models.CharField(_("code"), max_length=12, help_text=_("For example O1 or O2.3."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    levels = ArrayField(
        models.CharField(max_length=13, choices=Level.choices),
        verbose_name=_("levels of engagement"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A local objective may feed a national one."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    phase = models.PositiveSmallIntegerField(_("phase"), default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_objectives",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="active")
    tasks = models.ManyToManyField(
        MandatedTask, through="TaskAlignment", related_name="objectives", blank=True
    )

    objects = reader_manager(ObjectiveQuerySet)

    class Meta:
        ordering = ["mission", "code"]
        verbose_name = _("strategic objective")
        constraints = [
            classification_check("objective_classification_valid"),
            models.UniqueConstraint(fields=["mission", "code"], name="objective_code_unique"),
            models.CheckConstraint(
                condition=models.Q(levels__contained_by=Level.values, levels__len__gte=1),
                name="objective_levels_valid",
            ),
            choice_check("priority", Priority, "objective_priority_valid"),
            choice_check("status", ObjectiveStatus, "objective_status_valid"),
            models.CheckConstraint(
                condition=models.Q(phase__gte=1, phase__lte=9), name="objective_phase_1_to_9"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="objective_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return (
            reverse("strategies:overview", kwargs={"acronym": self.mission.acronym})
            + f"#objective-{self.code}"
        )

    def get_levels_display(self) -> list[str]:
        return [str(Level(value).label) for value in self.levels]


class AssumptionRating(models.TextChoices):
    HOLDS = "holds", _("Holds")
    UNDER_STRAIN = "under_strain", _("Under strain")
    BROKEN = "broken", _("Broken")


@tracked(mission="objective__mission")
class Assumption(Classified, Revisioned):
    Rating = AssumptionRating

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="assumptions")
    statement = models.TextField(_("assumption"), max_length=10_000)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, default="holds")
    # When the rating last changed, set by the database whatever wrote it: the autopilot
    # detector asks whether a decision followed an assumption breaking.
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)

    classified_parents = ("objective",)

    objects = reader_manager(ObjectivePartQuerySet)

    class Meta:
        ordering = ["objective", "pk"]
        verbose_name = _("assumption")
        constraints = [
            classification_check("assumption_classification_valid"),
            choice_check("rating", AssumptionRating, "assumption_rating_valid"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="assumption_rated_at_on_insert",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func="NEW.rated_at = COALESCE(NEW.rated_at, now()); RETURN NEW;",
            ),
            pgtrigger.Trigger(
                name="assumption_rated_at_on_change",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("rating"),
                func="NEW.rated_at = now(); RETURN NEW;",
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.statement).chars(80)


class RiskSeverity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


@tracked(mission="objective__mission")
class Risk(Classified, Revisioned):
    Severity = RiskSeverity

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk"), max_length=10_000)
    severity = models.CharField(_("severity"), max_length=6, choices=Severity.choices)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=10_000)

    classified_parents = ("objective",)

    objects = reader_manager(ObjectivePartQuerySet)

    class Meta:
        ordering = ["objective", "pk"]
        verbose_name = _("risk")
        constraints = [
            classification_check("risk_classification_valid"),
            choice_check("severity", RiskSeverity, "risk_severity_valid"),
        ]

    def __str__(self) -> str:
        return Truncator(self.description).chars(80)


@tracked(mission="objective__mission")
class ProgressMarker(Classified, Revisioned):
    """A marker of political progress: observable, with a baseline and a target."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="markers")
    statement = models.TextField(_("marker"), max_length=10_000)
    baseline = models.CharField(_("baseline"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    latest_reading = models.CharField(_("latest reading"), max_length=300, blank=True)
    reading_on = models.DateField(_("read on"), null=True, blank=True)

    classified_parents = ("objective",)

    objects = reader_manager(ObjectivePartQuerySet)

    class Meta:
        constraints = [classification_check("progress_marker_classification_valid")]
        ordering = ["objective", "pk"]
        verbose_name = _("marker of political progress")

    def __str__(self) -> str:
        return Truncator(self.statement).chars(80)


class ContributionRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


@tracked(mission="objective__mission")
class Contribution(Classified, Revisioned):
    """How one component's work advances one objective: its contribution, not its outputs."""

    Role = ContributionRole

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="contributions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="contributions")
    role = models.CharField(_("role"), max_length=7, choices=Role.choices)
    narrative = models.TextField(
        _("how this work advances the objective"), blank=True, max_length=10_000
    )

    classified_parents = ("objective",)

    objects = reader_manager(ContributionQuerySet)

    class Meta:
        ordering = ["objective", "component"]
        verbose_name = _("contribution")
        constraints = [
            classification_check("contribution_classification_valid"),
            models.UniqueConstraint(
                fields=["component", "objective"], name="one_contribution_per_cell"
            ),
            choice_check("role", ContributionRole, "contribution_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.component} → {self.objective.code}"


@tracked(mission="objective__mission")
class TaskAlignment(models.Model):
    task = models.ForeignKey(MandatedTask, on_delete=models.CASCADE, related_name="alignments")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="alignments")

    classified_parents = ("objective",)

    objects = reader_manager(ObjectivePartQuerySet)

    class Meta:
        verbose_name = _("task alignment")
        constraints = [
            models.UniqueConstraint(fields=["task", "objective"], name="task_alignment_unique")
        ]

    def __str__(self) -> str:
        return f"OP {self.task.reference} → {self.objective.code}"


class StakeholderPositionStance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    AMBIVALENT = "ambivalent", _("Ambivalent")
    OPPOSES = "opposes", _("Opposes")
    UNKNOWN = "unknown", _("Unknown")


@tracked(mission="objective__mission")
class StakeholderPosition(Classified, Revisioned):
    """A stakeholder's stance on an objective as of a date; older rows are the history."""

    Stance = StakeholderPositionStance

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="positions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="positions")
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True, max_length=2_000)

    classified_parents = ("stakeholder", "objective")

    objects = reader_manager(ObjectivePartQuerySet)

    class Meta:
        ordering = ["stakeholder", "objective", "-as_of"]
        verbose_name = _("stakeholder position")
        constraints = [
            classification_check("stakeholder_position_classification_valid"),
            models.UniqueConstraint(
                fields=["stakeholder", "objective", "as_of"], name="one_position_per_day"
            ),
            choice_check("stance", StakeholderPositionStance, "position_stance_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} on {self.objective.code}: {self.stance} ({self.as_of})"


@tracked()
class ConflictDriver(Classified, Revisioned):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="drivers")
    level = models.CharField(_("level"), max_length=13, choices=Level.choices)
    title = models.CharField(_("driver"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    leverage_points = models.TextField(_("points of leverage"), blank=True, max_length=10_000)
    entry_points = models.TextField(_("entry points"), blank=True, max_length=10_000)
    objectives = models.ManyToManyField(
        Objective, through="DriverObjective", related_name="drivers", blank=True
    )

    objects = reader_manager(MissionRowQuerySet)

    class Meta:
        ordering = ["mission", "level", "title"]
        verbose_name = _("conflict driver")
        constraints = [
            classification_check("conflict_driver_classification_valid"),
            choice_check("level", Level, "driver_level_valid"),
        ]

    def __str__(self) -> str:
        return self.title


@tracked(mission="objective__mission")
class DriverObjective(models.Model):
    """An objective that addresses a conflict driver."""

    driver = models.ForeignKey(ConflictDriver, on_delete=models.CASCADE)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE)

    classified_parents = ("driver", "objective")

    objects = reader_manager(DriverObjectiveQuerySet)

    class Meta:
        verbose_name = _("driver addressed by objective")
        constraints = [
            models.UniqueConstraint(fields=["driver", "objective"], name="driver_objective_unique")
        ]

    def __str__(self) -> str:
        return f"{self.driver} ← {self.objective.code}"


class StrategyVersion(models.Model):
    """An immutable, numbered snapshot of the whole strategy, made when the head approves."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    end_state = models.ForeignKey(EndState, on_delete=models.PROTECT, related_name="versions")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approved_versions"
    )
    approved_at = models.DateTimeField(_("approved at"))
    note = models.TextField(_("approval note"), blank=True, max_length=4_000)
    snapshot = models.JSONField(_("snapshot"))

    objects = MissionRowQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-number"]
        verbose_name = _("strategy version")
        constraints = [
            models.UniqueConstraint(fields=["mission", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_gte_1"),
        ]
        triggers = [
            # A version is a record of what was approved: the database refuses to change it.
            pgtrigger.Protect(name="version_is_immutable", operation=pgtrigger.Update)
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym} v{self.number}"

    @classmethod
    def from_db(cls, db: str, field_names: list[str], values: list[Any]) -> StrategyVersion:
        """Loaded for a reader, the snapshot holds only what they may read (need to know)."""
        version = super().from_db(db, field_names, values)
        if "snapshot" in field_names:
            version.snapshot = redact_for_reading(version.snapshot, version.mission_id)
        return version


@tracked()
class Comment(Classified, Revisioned):
    """A remark on an objective or a version. HQ advises; editors reply and resolve."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=4_000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_comments",
    )

    classified_parents = ("objective", "parent")

    objects = reader_manager(MissionRowQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        constraints = [
            classification_check("comment_classification_valid"),
            models.CheckConstraint(
                condition=models.Q(objective__isnull=False, version__isnull=True)
                | models.Q(objective__isnull=True, version__isnull=False),
                name="comment_on_objective_or_version",
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.body).chars(80)
