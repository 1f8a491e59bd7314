"""Security Council mandates and the operative paragraphs that set the mission's tasks."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from core.concurrency import Revisioned
from core.dbchecks import choice_check, date_order_check
from core.history import tracked
from mandates.querysets import (
    MandatedTaskQuerySet,
    MandateImportJobQuerySet,
    MandateQuerySet,
    ReportingObligationQuerySet,
)
from mandates.reporting import ReportKind
from missions.models import EndState, Mission

# Bounds on text people paste or correct. A long resolution runs to some 100,000 characters;
# the parser reads 300,000 in well under a second. A paragraph is a few hundred words.
RESOLUTION_MAX_CHARS = 300_000
PARAGRAPH_MAX_CHARS = 10_000
# The texts kept with a mandate: the preamble, the operative paragraphs joined with references.
MANDATE_TEXT_MAX_CHARS = 2 * RESOLUTION_MAX_CHARS
# What a reporting paragraph asks, as kept with each obligation read from it.
OBLIGATION_EXCERPT_MAX_CHARS = 2_000


def _max_length_check(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


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
        _("strategic objective(s)"),
        blank=True,
        max_length=MANDATE_TEXT_MAX_CHARS,
        help_text=_("As the Council wrote them."),
    )
    preamble = models.TextField(_("preamble"), blank=True, max_length=MANDATE_TEXT_MAX_CHARS)
    operative_text = models.TextField(
        _("operative text"), blank=True, max_length=MANDATE_TEXT_MAX_CHARS
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-adopted_on"]
        get_latest_by = "adopted_on"
        verbose_name = _("mandate")
        constraints = [
            models.UniqueConstraint(fields=["mission", "symbol"], name="mandate_symbol_unique"),
            date_order_check("adopted_on", "expires_on", "mandate_dates_in_order"),
            _max_length_check("preamble", MANDATE_TEXT_MAX_CHARS, "mandate_preamble_bounded"),
            _max_length_check(
                "operative_text", MANDATE_TEXT_MAX_CHARS, "mandate_operative_text_bounded"
            ),
            _max_length_check(
                "strategic_objectives", MANDATE_TEXT_MAX_CHARS, "mandate_objectives_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.symbol


@tracked(mission="mandate__mission")
class MandatedTask(Revisioned):
    """One operative (sub-)paragraph of a mandate, such as ``29 (i) (a)``."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    reference = models.CharField(_("paragraph"), max_length=40)
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), max_length=PARAGRAPH_MAX_CHARS)
    is_strategic_priority = models.BooleanField(_("strategic priority"), default=False)
    is_procedural = models.BooleanField(
        _("procedural"),
        default=False,
        help_text=_(
            "The Council's own business (the mandate extended, troop ceilings, reports asked "
            "of the Secretary-General, remaining seized), not a task for the mission: kept out "
            "of the alignment and the findings."
        ),
    )
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

    objects = MandatedTaskQuerySet.as_manager()

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
            _max_length_check("text", PARAGRAPH_MAX_CHARS, "task_text_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.symbol} OP {self.reference}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", pgettext_lazy("import status", "Reading")
    DONE = "done", pgettext_lazy("import status", "Read")
    FAILED = "failed", _("Failed")


class ImportJobError(models.TextChoices):
    """Why reading stopped; the message shown is made from it when displayed."""

    PAGES = "pages", _("too many pages")
    TIME = "time", _("took too long")
    MEMORY = "memory", _("needed too much memory")
    UNREADABLE = "unreadable", _("not a readable PDF")
    TOO_LONG = "too_long", _("too much text")
    NOT_RESOLUTION = "not_resolution", _("not a resolution")
    LOST = "lost", _("the worker stopped")


class MandateImportJob(models.Model):
    """An uploaded PDF read by the worker, never in the web request.

    The file is kept only until it is read; the text read stays with the job (the preview and
    the API's confirm parse it again) until the sweep deletes the job.
    """

    Status = ImportJobStatus

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mandate_import_jobs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    file = models.FileField(upload_to="mandate-imports/%Y/%m/", blank=True, max_length=200)
    source_name = models.CharField(_("file name"), max_length=300)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("text read"), blank=True, max_length=RESOLUTION_MAX_CHARS)
    error_code = models.CharField(
        _("why it failed"), max_length=20, blank=True, choices=ImportJobError.choices
    )
    error = models.TextField(_("details"), blank=True, max_length=2000)
    # The values of the %(name)s placeholders in ``error`` when it is a refusal to translate.
    error_params = models.JSONField(_("details' values"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = MandateImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mandate import job")
        constraints = [
            choice_check("status", ImportJobStatus, "import_job_status_valid"),
            models.CheckConstraint(
                condition=models.Q(error_code="") | models.Q(error_code__in=ImportJobError.values),
                name="import_job_error_code_valid",
            ),
            _max_length_check("text", RESOLUTION_MAX_CHARS, "import_job_text_bounded"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="import_job_status_created")]

    def __str__(self) -> str:
        return f"{self.mission.acronym} import {self.source_name}"

    @property
    def is_pending(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == ImportJobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportJobStatus.FAILED


def obligation_label(kind: str, every_days: int | None, every_months: int | None) -> str:
    """ "Report, every 90 days", "Written update": what a request is, in the reader's language."""
    name = str(ReportKind(kind).label) if kind in ReportKind.values else kind
    if every_days:
        rhythm = ngettext("every %(n)s day", "every %(n)s days", every_days) % {"n": every_days}
    elif every_months:
        rhythm = ngettext("every %(n)s month", "every %(n)s months", every_months) % {
            "n": every_months
        }
    else:
        return name
    return pgettext("report, rhythm", "%(kind)s, %(rhythm)s") % {"kind": name, "rhythm": rhythm}


@tracked(mission="mandate__mission")
class ReportingObligation(Revisioned):
    """A dated report the Council asked of the Secretary-General in a resolution: read from a
    reporting paragraph on import (one row per due date of a recurring request), or added by
    hand where the parser missed one. The mission drafts its input to each."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="obligations")
    reference = models.CharField(
        _("paragraph"), max_length=40, blank=True, help_text=_("The paragraph that asks for it.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to call it by its kind and how often it recurs."),
    )
    # How often the request recurs (one row per due date); both empty for a one-off.
    every_days = models.PositiveSmallIntegerField(_("every (days)"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(_("every (months)"), null=True, blank=True)
    excerpt = models.TextField(
        _("what the Council asked"), blank=True, max_length=OBLIGATION_EXCERPT_MAX_CHARS
    )
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(
        _("submitted on"),
        null=True,
        blank=True,
        help_text=_("When the mission's input went to Headquarters; reminders stop then."),
    )
    added_by_hand = models.BooleanField(_("added by hand"), default=False)

    objects = ReportingObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reporting obligation")
        constraints = [
            choice_check("kind", ReportKind, "obligation_kind_valid"),
            _max_length_check(
                "excerpt", OBLIGATION_EXCERPT_MAX_CHARS, "obligation_excerpt_bounded"
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="obligation_due_on")]

    def __str__(self) -> str:
        return f"{self.mandate.symbol}: {self.label} ({self.due_on:%Y-%m-%d})"

    @property
    def short_label(self) -> str:
        """The title given, or the kind: "Report", "Written update"."""
        return self.title or obligation_label(self.kind, None, None)

    @property
    def label(self) -> str:
        """The title given, or the kind and its rhythm in the reader's language."""
        return self.title or obligation_label(self.kind, self.every_days, self.every_months)
