"""The handover plan: for each mandated task, who takes it over when the mission draws down,
when, how far the handover has gone, and the benchmark (exit condition) it waits on.

MONUSCO's and UNAMID's transition plans hand each task to a UN country team entity, the
government or a regional organisation; some tasks simply end with the mission.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check
from core.history import tracked
from mandates.models import MandatedTask
from missions.classification import Classified, classification_check
from missions.models import Mission
from missions.need_to_know import reader_manager
from missions.querysets import ScopedQuerySet
from strategies.models import ExitCondition

NOTES_MAX_CHARS = 4_000


class HandoverQuerySet(ScopedQuerySet):
    """Handovers carry their task's mission, so history and scoping reach it in one step."""


class ReceiverKind(models.TextChoices):
    UN_COUNTRY_TEAM = "unct", _("UN country team entity")
    GOVERNMENT = "government", _("Host government institution")
    REGIONAL = "regional", _("Regional organisation")
    ENDS = "ends", _("Ends with the mission")


class HandoverStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PREPARATION = "in_preparation", _("In preparation")
    HANDED_OVER = "handed_over", _("Handed over")


def handover_name(reference: str | None, kind: str | None, receiver: str | None) -> str:
    """ "Handover of OP 29 (i) (b) to UNDP": a handover as the feed and the delete page name it,
    from its values alone (a deleted handover's history still has them)."""
    ref = reference or str(_("(deleted task)"))
    if kind == ReceiverKind.ENDS or not receiver:
        label = ReceiverKind(kind).label if kind in ReceiverKind.values else ""
        return str(
            _("Handover of OP %(ref)s (%(kind)s)") % {"ref": ref, "kind": str(label).lower()}
        )
    return str(_("Handover of OP %(ref)s to %(receiver)s") % {"ref": ref, "receiver": receiver})


@tracked()
class Handover(Classified, Revisioned):
    """One task's handover. ``mission`` repeats the task's (set by the service) so a row
    reaches its mission, its history and its scope without a join through the mandate."""

    Kind = ReceiverKind
    Status = HandoverStatus

    # Mandated tasks carry no level, so a handover has no classified parent. Nor is the
    # benchmark it waits on one: a handover whose benchmark the reader may not read is shown
    # without it ("Not shown at your level"), as before handovers had levels.
    classified_parents = ()
    # ``__str__`` reads the task: whoever names many handovers loads it with them.
    named_with = ("task",)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="handovers")
    task = models.OneToOneField(MandatedTask, on_delete=models.CASCADE, related_name="handover")
    receiver_kind = models.CharField(_("handed to"), max_length=12, choices=ReceiverKind.choices)
    receiver = models.CharField(
        _("receiver"),
        max_length=200,
        blank=True,
        help_text=_("For example UNDP, Ministry of Justice, African Union."),
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        null=True,
        blank=True,
        help_text=_("The drawdown phase in which the task is handed over (1-9)."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=HandoverStatus.choices,
        default=HandoverStatus.NOT_STARTED,
    )
    handed_over_on = models.DateField(
        _("handed over on"),
        null=True,
        blank=True,
        help_text=_("When the receiver took the task over."),
    )
    depends_on = models.ForeignKey(
        ExitCondition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("benchmark it depends on"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=NOTES_MAX_CHARS)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = reader_manager(HandoverQuerySet)

    class Meta:
        ordering = ["mission", "receiver_kind", "receiver", "pk"]
        verbose_name = _("handover")
        constraints = [
            classification_check("handover_classification_valid"),
            choice_check("receiver_kind", ReceiverKind, "handover_receiver_kind_valid"),
            choice_check("status", HandoverStatus, "handover_status_valid"),
            models.CheckConstraint(
                condition=models.Q(receiver_kind="ends") | ~models.Q(receiver=""),
                name="handover_receiver_named",
            ),
            models.CheckConstraint(
                condition=models.Q(receiver_kind="ends")
                | models.Q(phase__isnull=False)
                | models.Q(target_date__isnull=False),
                name="handover_has_timing",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__isnull=True) | models.Q(phase__gte=1, phase__lte=9),
                name="handover_phase_1_to_9",
            ),
            models.CheckConstraint(
                condition=models.Q(status="handed_over", handed_over_on__isnull=False)
                | (~models.Q(status="handed_over") & models.Q(handed_over_on__isnull=True)),
                name="handover_dated_when_handed_over",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("notes"), NOTES_MAX_CHARS),
                name="handover_notes_bounded",
            ),
        ]

    def __str__(self) -> str:
        return handover_name(self.task.reference, self.receiver_kind, self.receiver)

    @property
    def receiver_label(self) -> str:
        return self.receiver or str(self.get_receiver_kind_display())

    @property
    def timing_label(self) -> str:
        """ "Phase 2, by 30 Jun 2026": when, as the plan says it."""
        parts = []
        if self.phase:
            parts.append(str(_("Phase %(n)s") % {"n": self.phase}))
        if self.target_date:
            parts.append(str(_("by %(day)s") % {"day": date_format(self.target_date)}))
        return ", ".join(parts)
