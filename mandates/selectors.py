"""Named reads of a mission's mandates, for the timeline and the import screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from mandates.matching import match_tasks
from mandates.models import Mandate, MandatedTask, MandateImportJob, ReportingObligation
from mandates.parsing import ParsedResolution
from missions.models import Mission
from missions.policy import Action, can

# Under this many days before expiry the renewal is a finding for the strategy editor.
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class TimelineRow:
    mandate: Mandate
    task_count: int  # the mission's tasks: procedural paragraphs are counted apart
    priority_count: int
    days_left: int | None  # None when the resolution sets no end date
    previous: Mandate | None  # the mandate this one followed, for the renewal diff
    is_current: bool
    procedural_count: int = 0

    @property
    def expired(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def expiring_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left < EXPIRY_WARNING_DAYS


def mandate_timeline(mission: Mission, *, today: date) -> list[TimelineRow]:
    """Every mandate of the mission, newest first, with its counts: one query, whatever the size."""
    mandates = list(
        Mandate.objects.filter(mission=mission)
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__is_procedural=False)),
            procedural_count=Count("tasks", filter=Q(tasks__is_procedural=True)),
            priority_count=Count("tasks", filter=Q(tasks__is_strategic_priority=True)),
        )
        .order_by("-adopted_on", "-pk")
    )
    return [
        TimelineRow(
            mandate=mandate,
            task_count=mandate.task_count,
            priority_count=mandate.priority_count,
            days_left=(mandate.expires_on - today).days if mandate.expires_on else None,
            previous=mandates[index + 1] if index + 1 < len(mandates) else None,
            is_current=index == 0,
            procedural_count=mandate.procedural_count,
        )
        for index, mandate in enumerate(mandates)
    ]


def mandate_latest(mission: Mission) -> Mandate | None:
    """The mandate in force: the latest adopted, as the alignment screen reads it."""
    return Mandate.objects.filter(mission=mission).order_by("-adopted_on", "-pk").first()


def get_import_job_for_user(
    user: AbstractBaseUser, pk: int, *, mission: Mission | None = None
) -> MandateImportJob:
    """A PDF import job, to the person who started it or anyone who may import into its
    mission; 404 for everyone else (hidden looks like missing)."""
    qs = MandateImportJob.objects.select_related("mission").filter(
        mission__in=Mission.objects.visible_to(user)
    )
    if mission is not None:
        qs = qs.filter(mission=mission)
    job = qs.filter(pk=pk).first()
    if job is None or not (
        job.requested_by_id == user.pk or can(user, Action.IMPORT_MANDATE, job.mission)
    ):
        raise Http404(_("No such import."))
    return job


@dataclass(frozen=True)
class ObligationRow:
    obligation: ReportingObligation
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.obligation.submitted_on is None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def due_soon(self) -> bool:
        return self.obligation.submitted_on is None and 0 <= self.days_left <= 30


# Obligations submitted this long ago drop off the timeline (their history stays).
SUBMITTED_SHOWN_DAYS = 120


def mission_obligations(mission: Mission, *, today: date) -> list[ObligationRow]:
    """The mission's reporting obligations still to send, and those sent lately: one query."""
    rows = (
        ReportingObligation.objects.filter(mandate__mission=mission)
        .filter(
            Q(submitted_on__isnull=True)
            | Q(submitted_on__gte=today - timedelta(days=SUBMITTED_SHOWN_DAYS))
        )
        .select_related("mandate")
        .order_by("due_on", "pk")
    )
    return [ObligationRow(row, (row.due_on - today).days) for row in rows]


def get_obligation(mission: Mission, pk: int) -> ReportingObligation:
    found = (
        ReportingObligation.objects.filter(mandate__mission=mission, pk=pk)
        .select_related("mandate")
        .first()
    )
    if found is None:
        raise Http404(_("No such reporting obligation."))
    return found


def get_task(mission: Mission, pk: int) -> MandatedTask:
    """A task of the mission's mandates (404 for another mission's, as for a missing one)."""
    found = (
        MandatedTask.objects.filter(mandate__mission=mission, pk=pk)
        .select_related("mandate__mission")
        .first()
    )
    if found is None:
        raise Http404(_("No such mandated task."))
    return found


def successor(mandate: Mandate) -> Mandate | None:
    """The mandate that renewed this one: the next adopted for the mission."""
    return (
        Mandate.objects.filter(mission_id=mandate.mission_id, adopted_on__gte=mandate.adopted_on)
        .exclude(pk=mandate.pk)
        .exclude(adopted_on=mandate.adopted_on, pk__lt=mandate.pk)
        .order_by("adopted_on", "pk")
        .first()
    )


def predecessor(mandate: Mandate) -> Mandate | None:
    """The mandate this one renewed: the one adopted before it."""
    return (
        Mandate.objects.filter(mission_id=mandate.mission_id, adopted_on__lte=mandate.adopted_on)
        .exclude(pk=mandate.pk)
        .exclude(adopted_on=mandate.adopted_on, pk__gt=mandate.pk)
        .order_by("-adopted_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class _SavedTask:
    """A saved task in the shape the renewal matcher reads, with what a renewal carries over."""

    reference: str
    text: str
    parent_reference: str | None
    phase: int | None = None
    is_procedural: bool = False


@dataclass(frozen=True)
class Carried:
    """What a renewed paragraph takes from the previous mandate's task it matches."""

    reference: str  # the previous task's paragraph
    phase: int | None
    is_procedural: bool


@dataclass(frozen=True)
class RenewalMatch:
    """A resolution being imported against the mission's previous mandate, by paragraph."""

    previous: Mandate | None
    # Paragraphs the strategy editor should look at: new, or reworded materially.
    review: dict[str, str]
    # Paragraphs matched to a previous task, with the phase and procedural flag it had.
    carried: dict[str, Carried]


def renewal_match(*, mission: Mission, parsed: ParsedResolution) -> RenewalMatch:
    """Match the paragraphs read to the tasks of the mandate the resolution renews: the latest
    adopted before it that gave the mission work. A technical rollover (every paragraph
    procedural: "extends the mandate as set out in resolution X until ...") is passed over, so
    the full renewal after it finds the tasks rolled over. Two queries, whatever the size."""
    earlier = (
        Mandate.objects.filter(mission=mission, adopted_on__lte=parsed.adopted_on)
        .exclude(symbol__iexact=parsed.symbol)
        .annotate(
            work=Exists(MandatedTask.objects.filter(mandate=OuterRef("pk"), is_procedural=False))
        )
        .order_by("-work", "-adopted_on", "-pk")
    )
    previous = earlier.first()
    if previous is None:
        return RenewalMatch(None, {}, {})
    old = [
        _SavedTask(
            task.reference,
            task.text,
            task.parent.reference if task.parent else None,
            task.phase,
            task.is_procedural,
        )
        for task in previous.tasks.select_related("parent").order_by("position")
    ]
    diff = match_tasks(old, parsed.flat())
    review = {paragraph.reference: "new" for paragraph in diff.new}
    review.update({pair.new.reference: "material" for pair in diff.material})
    carried = {
        pair.new.reference: Carried(pair.old.reference, pair.old.phase, pair.old.is_procedural)
        for pair in diff.pairs
    }
    return RenewalMatch(previous, review, carried)
