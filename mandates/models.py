"""Security Council mandates and the operative paragraphs that set the mission's tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.concurrency import Revisioned
from missions.dbchecks import date_order_check
from missions.history import tracked
from missions.models import EndState, Mission


@tracked()
class Mandate(Revisioned):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="mandates")
    end_state = models.ForeignKey(
        EndState, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    symbol = models.CharField(
        _("symbol"), max_length=40, help_text=_("As published, for example S/RES/2409 (2018).")
    )
    adopted_on = models.DateField(_("adopted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    chapter_vii = models.BooleanField(_("acting under Chapter VII"), default=False)
    strategic_objectives = models.TextField(
        _("strategic objective(s)"), blank=True, help_text=_("As the Council wrote them.")
    )
    preamble = models.TextField(_("preamble"), blank=True)
    operative_text = models.TextField(_("operative text"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["mission", "-adopted_on"]
        get_latest_by = "adopted_on"
        verbose_name = _("mandate")
        constraints = [
            models.UniqueConstraint(fields=["mission", "symbol"], name="mandate_symbol_unique"),
            date_order_check("adopted_on", "expires_on", "mandate_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.symbol


@tracked()
class MandatedTask(Revisioned):
    """One operative (sub-)paragraph of a mandate, such as ``29 (i) (a)``."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    reference = models.CharField(_("paragraph"), max_length=40)
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    is_strategic_priority = models.BooleanField(_("strategic priority"), default=False)
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        null=True,
        blank=True,
        help_text=_("The phase in which the mission takes the task up (1 = first)."),
    )
    review_reason = models.CharField(
        _("to review because"),
        max_length=10,
        blank=True,
        choices=[("new", _("new in this renewal")), ("material", _("reworded materially"))],
        help_text=_("Set on import of a renewal; cleared when an editor reviews the alignment."),
    )

    class Meta:
        ordering = ["mandate", "position", "pk"]
        verbose_name = _("mandated task")
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "reference"], name="task_reference_unique_per_mandate"
            ),
            models.CheckConstraint(
                condition=models.Q(phase__isnull=True) | models.Q(phase__gte=1, phase__lte=9),
                name="task_phase_1_to_9",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="task_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(review_reason__in=["", "new", "material"]),
                name="task_review_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.symbol} OP {self.reference}"
