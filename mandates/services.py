"""Writing a read resolution into a mission's mandate and its mandated tasks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import queueing
from core.concurrency import StaleEdit, save_revision
from mandates.models import (
    MANDATE_TEXT_MAX_CHARS,
    OBLIGATION_EXCERPT_MAX_CHARS,
    PARAGRAPH_MAX_CHARS,
    RESOLUTION_MAX_CHARS,
    ImportJobError,
    ImportJobStatus,
    Mandate,
    MandatedTask,
    MandateImportJob,
    ReportingObligation,
)
from mandates.parsing import (
    NotAResolution,
    Paragraph,
    ParsedResolution,
    localised_refusal,
    parse_resolution,
)
from mandates.pdf_reading import PdfRefused, read_pdf_capped
from mandates.reporting import ReportingRequest, due_dates
from mandates.selectors import renewal_match
from missions.models import Mission
from missions.policy import Action, can

logger = logging.getLogger(__name__)
# Due dates made from one recurring request: every 30 days over three years at most.
MAX_DUE_DATES = 40


def mandate_exists(*, mission: Mission, symbol: str) -> Mandate | None:
    return Mandate.objects.filter(mission=mission, symbol__iexact=symbol).first()


@transaction.atomic
def mandate_import(
    *,
    mission: Mission,
    parsed: ParsedResolution,
    by: AbstractBaseUser | None,
    source: str = "",
    obligations: Iterable[ReportingRequest] = (),
    procedural_confirmed: bool = False,
) -> Mandate:
    """Create the mandate and one task per operative (sub-)paragraph, keeping the tree, and
    one reporting obligation per due date of each reporting request kept.

    A renewal's paragraph matched to a task of the previous mandate takes that task's phase,
    and its procedural flag (the person's choice then) unless ``procedural_confirmed``: the
    import screen passes True, its preview having shown that flag for the person to confirm.

    ``by`` is None for HQ scripts run by an administrator on the command line.
    A resolution already imported for this mission is refused, so nothing is changed twice.
    """
    if by is not None and not can(by, Action.IMPORT_MANDATE, mission):
        raise PermissionDenied
    if mandate_exists(mission=mission, symbol=parsed.symbol):
        raise ValidationError(
            _("%(symbol)s is already imported for %(mission)s.")
            % {"symbol": parsed.symbol, "mission": mission.acronym}
        )
    priorities = [p for p in parsed.flat() if p.is_strategic_priority]
    texts = {
        "preamble": parsed.preamble,
        "operative_text": "\n\n".join(f"{p.reference}. {p.text}" for p in parsed.flat()),
        "strategic_objectives": "\n\n".join(
            p.text for p in priorities if "strateg" in p.text.lower()
        ),
    }
    _check_lengths(parsed, texts)
    mandate = Mandate.objects.create(
        mission=mission,
        end_state=mission.current_end_state,
        symbol=parsed.symbol,
        adopted_on=parsed.adopted_on,
        expires_on=parsed.mandate_end,
        chapter_vii=parsed.chapter_vii,
        source=source[:300],
        **texts,
    )
    renewal = renewal_match(mission=mission, parsed=parsed)
    position = 0
    stack: list[tuple[Paragraph, MandatedTask | None]] = [
        (p, None) for p in reversed(parsed.paragraphs)
    ]
    while stack:
        paragraph, parent = stack.pop()
        position += 1
        carried = renewal.carried.get(paragraph.reference)
        procedural = paragraph.is_procedural
        if carried is not None and not procedural_confirmed:
            procedural = carried.is_procedural
        task = MandatedTask.objects.create(
            mandate=mandate,
            parent=parent,
            reference=paragraph.reference,
            position=position,
            text=paragraph.text,
            is_strategic_priority=paragraph.is_strategic_priority,
            is_procedural=procedural,
            phase=carried.phase if carried is not None else None,
            review_reason="" if procedural else renewal.review.get(paragraph.reference, ""),
        )
        stack.extend((child, task) for child in reversed(paragraph.children))
    obligations_create(mandate, obligations)
    return mandate


def obligations_create(mandate: Mandate, requests: Iterable[ReportingRequest]) -> int:
    """A row per due date of each request (at most MAX_DUE_DATES each), in one insert."""
    rows = [
        ReportingObligation(
            mandate=mandate,
            reference=request.reference[:40],
            kind=request.kind,
            excerpt=request.excerpt[:OBLIGATION_EXCERPT_MAX_CHARS],
            every_days=request.every_days,
            every_months=request.every_months,
            due_on=day,
        )
        for request in requests
        for day in due_dates(request, limit=MAX_DUE_DATES)
    ]
    ReportingObligation.objects.bulk_create(rows)
    return len(rows)


def _check_lengths(parsed: ParsedResolution, texts: dict[str, str]) -> None:
    """The database bounds these texts; say which one is over, rather than fail there."""
    for paragraph in parsed.flat():
        if len(paragraph.text) > PARAGRAPH_MAX_CHARS:
            raise ValidationError(
                _("Paragraph %(ref)s is longer than %(max)s characters; shorten it.")
                % {"ref": paragraph.reference, "max": f"{PARAGRAPH_MAX_CHARS:,}"}
            )
    for text in texts.values():
        if len(text) > MANDATE_TEXT_MAX_CHARS:
            raise ValidationError(
                _("The resolution is longer than %(max)s characters.")
                % {"max": f"{MANDATE_TEXT_MAX_CHARS:,}"}
            )


# Import jobs: a PDF read by the worker --------------------------------------------------------

# A job queued this long ago and not started lost its message (broker down or restarted).
JOB_LOST_AFTER = timedelta(minutes=2)
READ_TASK = "mandates.tasks.mandate_import_read"


def _enqueue_read(job_id: int) -> None:
    queueing.enqueue_on_commit(
        READ_TASK, job_id, later=_("the PDF will be read when the worker is back")
    )


@transaction.atomic
def import_job_create(*, mission: Mission, by: AbstractBaseUser, upload: Any) -> MandateImportJob:
    """Store the uploaded PDF and queue its reading; the request never opens it."""
    if not can(by, Action.IMPORT_MANDATE, mission):
        raise PermissionDenied
    name = (getattr(upload, "name", "") or "resolution.pdf")[:300]
    job = MandateImportJob(mission=mission, requested_by=by, source_name=name, size=upload.size)
    job.file.save("resolution.pdf", upload, save=False)
    try:
        job.save()
    except Exception:  # no row, so no sweep would ever find the file
        job.file.delete(save=False)
        raise
    _enqueue_read(job.pk)
    return job


def import_job_claim(job_id: int, *, now: datetime | None = None) -> MandateImportJob | None:
    """Take a queued job for reading, or None (taken, finished or deleted)."""
    now = now or timezone.now()
    claimed = MandateImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=now
    )
    return MandateImportJob.objects.get(pk=job_id) if claimed else None


def _job_end(job: MandateImportJob, **values: Any) -> None:
    values["finished_at"] = timezone.now()
    MandateImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(**values)
    if job.file:
        job.file.delete(save=False)  # the text read is all that is needed from now on
        MandateImportJob.objects.filter(pk=job.pk).update(file="")


def import_job_read(job_id: int) -> str:
    """The worker's side: read the stored PDF within the caps, check it reads as a resolution,
    keep the text. Every outcome is the job's status; nothing here raises."""
    job = import_job_claim(job_id)
    if job is None:
        logger.info("mandate import %s: not claimable (done, taken or deleted)", job_id)
        return "skipped"
    failed = ImportJobStatus.FAILED
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        _job_end(job, status=failed, error_code=ImportJobError.LOST, error="file missing")
        return "failed"
    try:
        read = read_pdf_capped(
            data,
            max_pages=settings.MANDATE_PDF_MAX_PAGES,
            seconds=settings.MANDATE_PDF_SECONDS,
            memory_mb=settings.MANDATE_PDF_MEMORY_MB,
        )
    except PdfRefused as refused:
        logger.info("mandate import %s: refused (%s)", job_id, refused)
        _job_end(
            job, status=failed, error_code=refused.code, pages=refused.pages, error=refused.detail
        )
        return "failed"
    except Exception:  # the reader could not be started, say: the job ends, the worker goes on
        logger.exception("mandate import %s: reading failed", job_id)
        _job_end(job, status=failed, error_code=ImportJobError.LOST)
        return "failed"
    if len(read.text) > RESOLUTION_MAX_CHARS:
        _job_end(job, status=failed, error_code=ImportJobError.TOO_LONG, pages=read.pages)
        return "failed"
    try:
        parse_resolution(read.text)
    except NotAResolution as exc:
        _job_end(
            job,
            status=failed,
            error_code=ImportJobError.NOT_RESOLUTION,
            pages=read.pages,
            error=exc.message[:2000],
            error_params=exc.params,
        )
        return "failed"
    _job_end(job, status=ImportJobStatus.DONE, pages=read.pages, text=read.text)
    return "done"


def import_job_error_message(job: MandateImportJob) -> str:
    """Why the PDF was refused, in the reader's language, and what to do instead."""
    instead = _("Upload only the resolution, or paste its text.")
    code = job.error_code
    if code == ImportJobError.PAGES:
        said = _("The PDF has %(pages)s pages; at most %(max)s can be read.") % {
            "pages": f"{job.pages:,}" if job.pages else "?",
            "max": settings.MANDATE_PDF_MAX_PAGES,
        }
    elif code == ImportJobError.TIME:
        said = _("Reading the PDF took longer than %(seconds)s seconds, so it was stopped.") % {
            "seconds": settings.MANDATE_PDF_SECONDS
        }
    elif code == ImportJobError.MEMORY:
        said = _("Reading the PDF needed more than %(mb)s MB of memory, so it was stopped.") % {
            "mb": settings.MANDATE_PDF_MEMORY_MB
        }
    elif code == ImportJobError.TOO_LONG:
        said = _("The PDF holds more than %(max)s characters of text.") % {
            "max": f"{RESOLUTION_MAX_CHARS:,}"
        }
    elif code == ImportJobError.NOT_RESOLUTION:
        return localised_refusal(job.error, job.error_params)
    elif code == ImportJobError.LOST:
        return _("The worker stopped before the PDF was read. Try again.")
    elif job.error == "no text":
        return _(
            "The PDF holds no text; it may be a scan. Paste the text of the resolution instead."
        )
    else:
        said = _("This file could not be read as a PDF (%(detail)s).") % {"detail": job.error}
        instead = _("Upload the official PDF, or paste the text of the resolution.")
    return f"{said} {instead}"


@dataclass(frozen=True)
class JobsSwept:
    failed: int
    requeued: int
    deleted: int


def import_job_sweep(
    *, now: datetime | None = None, lost_after: timedelta = JOB_LOST_AFTER
) -> JobsSwept:
    """Beat's housekeeping: fail jobs whose worker died while reading, queue again those whose
    message was lost, delete jobs (and files) older than MANDATE_IMPORT_KEEP_HOURS."""
    now = now or timezone.now()
    # A read ends within its time cap; twice that and a minute more means the worker is gone.
    stale = now - timedelta(seconds=2 * settings.MANDATE_PDF_SECONDS + 60)
    running = MandateImportJob.objects.filter(status=ImportJobStatus.RUNNING, started_at__lt=stale)
    failed = 0
    for job in running:
        _job_end(job, status=ImportJobStatus.FAILED, error_code=ImportJobError.LOST)
        failed += 1
    old = MandateImportJob.objects.filter(
        created_at__lt=now - timedelta(hours=settings.MANDATE_IMPORT_KEEP_HOURS)
    )
    deleted = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    lost = list(
        MandateImportJob.objects.filter(
            status=ImportJobStatus.QUEUED, created_at__lte=now - lost_after
        ).values_list("pk", flat=True)
    )
    for pk in lost:
        queueing.enqueue(READ_TASK, pk)
    return JobsSwept(failed=failed, requeued=len(lost), deleted=deleted)


# Reporting obligations by hand -------------------------------------------------------------

OBLIGATION_FIELDS = ("mandate", "kind", "title", "reference", "due_on", "submitted_on", "excerpt")


def _require_import(by: AbstractBaseUser, mission: Mission | int) -> None:
    if not can(by, Action.IMPORT_MANDATE, mission):
        raise PermissionDenied


@transaction.atomic
def obligation_create(
    *, mandate: Mandate, request: ReportingRequest, title: str, by: AbstractBaseUser
) -> int:
    """Add what the parser missed: a row per due date; returns how many."""
    _require_import(by, mandate.mission_id)
    rows = [
        ReportingObligation(
            mandate=mandate,
            reference=request.reference,
            kind=request.kind,
            title=title,
            excerpt=request.excerpt,
            every_days=request.every_days,
            every_months=request.every_months,
            due_on=day,
            added_by_hand=True,
        )
        for day in due_dates(request, limit=MAX_DUE_DATES)
    ]
    ReportingObligation.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def obligation_update(
    *,
    obligation: ReportingObligation,
    values: dict[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> ReportingObligation:
    _require_import(by, obligation.mandate.mission_id)
    if values.get("mandate") and values["mandate"].mission_id != obligation.mandate.mission_id:
        raise PermissionDenied
    for name in OBLIGATION_FIELDS:
        if name in values:
            setattr(obligation, name, values[name])
    return save_revision(obligation, expected=expected_revision, fields=OBLIGATION_FIELDS)


@transaction.atomic
def obligation_delete(
    *, obligation: ReportingObligation, expected_revision: int, by: AbstractBaseUser
) -> None:
    _require_import(by, obligation.mandate.mission_id)
    deleted, _counts = ReportingObligation.objects.filter(
        pk=obligation.pk, revision=expected_revision
    ).delete()
    if not deleted:
        raise StaleEdit(ReportingObligation.objects.filter(pk=obligation.pk).first())
