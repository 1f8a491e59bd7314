"""The mission's input to a report of the Secretary-General to the Security Council.

One input per reporting obligation: paragraphs under the sections such reports use, prefilled
from what the mission recorded since the previous report (each paragraph keeps the records it
came from), edited by the strategy team, cleared by the chief of staff and approved by the head
of mission. A paragraph drawn from a classified record keeps that record's level.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check
from core.history import tracked
from mandates.models import ReportingObligation
from missions.classification import Classified, classification_check
from missions.models import Mission
from missions.need_to_know import reader_manager
from missions.querysets import ScopedQuerySet

PARAGRAPH_MAX_CHARS = 10_000
COMMENT_MAX_CHARS = 4_000


class InputQuerySet(ScopedQuerySet):
    pass


class InputPartQuerySet(ScopedQuerySet):
    mission_path = "input__mission"


class InputStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CLEARED = "cleared", _("Cleared by the chief of staff")
    APPROVED = "approved", _("Approved by the head of mission")


class Section(models.TextChoices):
    """The parts of a Secretary-General's periodic report the mission writes to, in order."""

    POLITICAL = "political", _("Political situation")
    MANDATE = "mandate", _("Implementation of the mandate")
    BENCHMARKS = "benchmarks", _("Progress towards the benchmarks")
    STAKEHOLDERS = "stakeholders", _("Positions of the parties and stakeholders")
    OBSERVATIONS = "observations", _("Observations and recommendations")


@tracked()
class ReportInput(Revisioned):
    Status = InputStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="report_inputs")
    obligation = models.OneToOneField(
        ReportingObligation, on_delete=models.CASCADE, related_name="report_input"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=InputStatus.choices, default=InputStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = InputQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-period_end"]
        verbose_name = _("input to the Secretary-General's report")
        constraints = [choice_check("status", InputStatus, "report_input_status_valid")]

    def __str__(self) -> str:
        return f"{self.mission.acronym} input to {self.obligation}"

    def get_absolute_url(self) -> str:
        return reverse("council:input", args=[self.mission.acronym, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status != InputStatus.APPROVED


@tracked(mission="input__mission")
class InputParagraph(Classified, Revisioned):
    """One numbered paragraph; ``sources`` lists the records it was drawn from, as
    ``{"kind": ..., "pk": ..., "label": ...}`` (kinds as the record pages name them)."""

    input = models.ForeignKey(ReportInput, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("paragraph"), max_length=PARAGRAPH_MAX_CHARS)
    sources = models.JSONField(_("drawn from"), default=list, blank=True)
    prefilled = models.BooleanField(_("prefilled"), default=False)

    objects = reader_manager(InputPartQuerySet)

    class Meta:
        ordering = ["input", "position", "pk"]
        verbose_name = _("report paragraph")
        constraints = [
            classification_check("input_paragraph_classification_valid"),
            choice_check("section", Section, "input_paragraph_section_valid"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), PARAGRAPH_MAX_CHARS),
                name="input_paragraph_text_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.input}: {self.text[:60]}"


@tracked(mission="input__mission")
class InputComment(models.Model):
    input = models.ForeignKey(ReportInput, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(
        InputParagraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InputPartQuerySet.as_manager()

    class Meta:
        ordering = ["input", "created_at", "pk"]
        verbose_name = _("comment on a report input")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), COMMENT_MAX_CHARS),
                name="input_comment_bounded",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]
