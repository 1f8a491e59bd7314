"""Measured progress. Benchmarks: an exit condition measured by indicators, each with a unit
(or an ordered scale), a baseline, the threshold that counts as met, a target date, the source
of its data and who owns it, and dated readings. The condition's status follows its indicators'
latest readings unless a person overrides it, with the reason kept in history. Markers of
progress measured the same way: a unit or a scale, a baseline and a target, dated values."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check
from core.history import tracked
from missions.classification import Classified, classification_check
from missions.models import Mission
from missions.need_to_know import reader_manager
from missions.querysets import ScopedQuerySet
from strategies.models import ExitCondition, ExitConditionStatus, ProgressMarker

NAME_MAX = 300
# A number as people type it, maybe followed by its unit: "12", "-3.5 %", "12,5 prefectures".
_NUMBER = re.compile(r"(?P<number>-?\d+(?:[.,]\d+)?)\s*(?P<unit>\S.*)?")
NOTE_MAX = 2_000
REASON_MAX = 2_000
SCALE_STEPS_MAX = 10


def is_step(value: Decimal, scale: Sequence[str]) -> bool:
    """A step number of ``scale``: a whole number from 1 (the lowest) to its length."""
    return value == value.to_integral_value() and 1 <= value <= len(scale)


class OwnerKind(models.TextChoices):
    COMPONENT = "component", _("Mission component")
    UNCT = "unct", _("UN country team entity")
    GOVERNMENT = "government", _("Host government institution")
    REGIONAL = "regional", _("Regional organisation")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("Met at or above the threshold")
    AT_MOST = "at_most", _("Met at or below the threshold")


class BenchmarkPartQuerySet(ScopedQuerySet):
    """Each row names its mission (the exit condition's, set by the services), so history and
    scoping reach it in one step."""


class Measured(models.Model):
    """How a thing is measured: numbers in a unit, or the steps of an ordered scale (``scale``
    holds their names, lowest first; values, baseline and goal are then step numbers, 1 for
    the lowest). ``goal`` is what counts as reached: an indicator's threshold, a marker's
    target."""

    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: %, incidents, prefectures.")
    )
    scale = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("ordered scale"),
        default=list,
        blank=True,
        size=SCALE_STEPS_MAX,
        help_text=_("Instead of numbers: the steps, lowest first, one per line."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def goal(self) -> Decimal:
        raise NotImplementedError

    @property
    def rising(self) -> bool:
        """Whether a higher value is better."""
        raise NotImplementedError

    @property
    def on_scale(self) -> bool:
        return bool(self.scale)

    def parse(self, text: str) -> Decimal | None:
        """A value from how people write it (a workbook cell, say): on a scale a step's name
        or number; else a number, with or without the unit ("9", "9 prefectures", "45%").
        None if it is neither."""
        text = " ".join(str(text).split())
        if self.scale:
            names = {step.casefold(): n for n, step in enumerate(self.scale, start=1)}
            if text.casefold() in names:
                return Decimal(names[text.casefold()])
        found = _NUMBER.fullmatch(text.replace("\u202f", "").replace("\xa0", ""))
        if found is None or (found["unit"] and found["unit"].strip() not in {self.unit, "%"}):
            return None
        value = Decimal(found["number"].replace(",", "."))
        if self.scale and not (
            value == value.to_integral_value() and 1 <= value <= len(self.scale)
        ):
            return None
        return value

    def shown(self, value: object) -> str:
        """A value as people read it: the step's name on a scale, else the number and unit."""
        if value is None:
            return "—"
        if self.scale:
            step = int(value)  # type: ignore[call-overload]
            return self.scale[step - 1] if 1 <= step <= len(self.scale) else str(step)
        number = number_format(Decimal(value).normalize())  # type: ignore[arg-type]
        return f"{number}%" if self.unit == "%" else f"{number} {self.unit}".strip()


class Reading(models.Model):
    """A dated value as measured, by whom it was entered, and the review it was entered in."""

    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    read_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered in the review"),
    )

    class Meta:
        abstract = True


@tracked()
class Indicator(Classified, Revisioned, Measured):
    """How one part of a benchmark is measured."""

    classified_parents = ("exit_condition",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    exit_condition = models.ForeignKey(
        ExitCondition, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=NAME_MAX)
    threshold = models.DecimalField(_("threshold"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("met when"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source = models.CharField(_("source of the data"), max_length=NAME_MAX, blank=True)
    owner_kind = models.CharField(_("owned by"), max_length=12, choices=OwnerKind.choices)
    owner_name = models.CharField(
        _("owner"),
        max_length=200,
        help_text=_(
            "For example: Civil Affairs, UNDP, the Ministry of Justice, the African Union."
        ),
    )

    objects = reader_manager(BenchmarkPartQuerySet)

    class Meta:
        ordering = ["exit_condition", "pk"]
        verbose_name = _("indicator")
        constraints = [
            classification_check("indicator_classification_valid"),
            choice_check("direction", Direction, "indicator_direction_valid"),
            choice_check("owner_kind", OwnerKind, "indicator_owner_kind_valid"),
            models.CheckConstraint(condition=~models.Q(name=""), name="indicator_has_name"),
            models.CheckConstraint(condition=~models.Q(owner_name=""), name="indicator_has_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def goal(self) -> Decimal:
        return self.threshold

    @property
    def rising(self) -> bool:
        return self.direction == Direction.AT_LEAST


@tracked()
class IndicatorReading(Classified, Reading):
    """A dated value of an indicator, as measured by its source."""

    classified_parents = ("indicator",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")

    objects = reader_manager(BenchmarkPartQuerySet)

    class Meta:
        ordering = ["indicator", "read_on", "pk"]
        verbose_name = _("indicator reading")
        constraints = [classification_check("indicator_reading_classification_valid")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.read_on})"


@tracked()
class MarkerMeasure(Classified, Revisioned, Measured):
    """How a marker of progress is measured, from its baseline to its target. A marker with
    none is read in words, as before; with one, its readings are a series."""

    classified_parents = ("marker",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    marker = models.OneToOneField(ProgressMarker, on_delete=models.CASCADE, related_name="measure")
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("reached when"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
    )

    objects = reader_manager(BenchmarkPartQuerySet)

    class Meta:
        verbose_name = _("marker measure")
        constraints = [
            classification_check("marker_measure_classification_valid"),
            choice_check("direction", Direction, "marker_measure_direction_valid"),
        ]

    def __str__(self) -> str:
        return str(self.marker)

    @property
    def goal(self) -> Decimal:
        return self.target

    @property
    def rising(self) -> bool:
        return self.direction == Direction.AT_LEAST


@tracked()
class MarkerValue(Classified, Reading):
    """A dated value of a measured marker; the marker's latest reading follows the newest."""

    classified_parents = ("marker",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    marker = models.ForeignKey(ProgressMarker, on_delete=models.CASCADE, related_name="values")

    objects = reader_manager(BenchmarkPartQuerySet)

    class Meta:
        ordering = ["marker", "read_on", "pk"]
        verbose_name = _("marker value")
        constraints = [classification_check("marker_value_classification_valid")]

    def __str__(self) -> str:
        return f"{self.marker}: {self.value} ({self.read_on})"


@tracked()
class StatusOverride(Classified, Revisioned):
    """A person's judgement over the readings: the status the condition has, and why."""

    classified_parents = ("exit_condition",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    exit_condition = models.OneToOneField(
        ExitCondition, on_delete=models.CASCADE, related_name="status_override"
    )
    status = models.CharField(_("status"), max_length=10, choices=ExitConditionStatus.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    objects = reader_manager(BenchmarkPartQuerySet)

    class Meta:
        verbose_name = _("status override")
        constraints = [
            classification_check("status_override_classification_valid"),
            choice_check("status", ExitConditionStatus, "status_override_status_valid"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="status_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.exit_condition}: {self.status}"
