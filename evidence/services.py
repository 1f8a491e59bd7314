"""Writes of evidence files: attach one to a record, remove one, read a PDF's text.

Every file is checked before anything is stored: its size (``EVIDENCE_MAX_MB``; an upload
declared larger is refused before its body is read, ``UPLOAD_LIMIT``), its type from its bytes
(``evidence.sniffing``) and the scan hook (``evidence.scanning``). The bytes go to the
``"evidence"`` storage under a random key, then the row is written; if the row cannot be
written the bytes are removed again. The bytes go when the row goes, however it goes
(``evidence_bytes_delete_on_commit``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import subprocess
import tempfile
from typing import IO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.queueing import enqueue_on_commit
from evidence.models import EvidenceFile, new_key
from evidence.records import KINDS
from evidence.scanning import scan_refuses
from evidence.sniffing import ACCEPTED_EXTENSIONS, sniff
from mandates.uploads import UploadLimit
from missions.models import Mission
from missions.policy import Action, can
from reviews.models import Review, ReviewStatus
from reviews.services.guards import ReviewLocked

log = logging.getLogger(__name__)

PDF_MAX_PAGES = 2_000
PDF_SECONDS = 60
PDF_MEMORY_MB = 512
TEXT_MAX_CHARS = 2_000_000


def evidence_storage():
    """Looked up at each use, so a changed ``STORAGES`` setting takes effect (tests, S3)."""
    return storages["evidence"]


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": settings.EVIDENCE_MAX_MB}


# The upload route's limit, registered with the upload middleware (``EvidenceConfig.ready``).
def _upload_advice() -> str:
    return _("It was not attached. Choose a smaller file, or attach the document in parts.")


UPLOAD_LIMIT = UploadLimit(max_bytes, too_large_message, _upload_advice)


def may_attach(user: AbstractBaseUser, kind: str, mission: Mission | int) -> bool:
    """Those who may edit that kind of record may attach files to it."""
    return can(user, KINDS[kind].action, mission)


def may_remove(user: AbstractBaseUser, evidence: EvidenceFile) -> bool:
    """The person who uploaded the file, while they still see the mission, or anyone who may
    attach files to its record."""
    kind = evidence.record_field
    if may_attach(user, kind, evidence.mission_id):
        return True
    return evidence.uploaded_by_id == user.pk and can(user, Action.VIEW, evidence.mission_id)


def review_lock(kind: str, review: Review | None, *, removing: bool) -> ReviewLocked | None:
    """Why a review's state refuses this change to the files of one of its records, if it does.

    A decision's files are part of the deliberation: written while the review is open, like
    the decision. A rating's or a reading's files support what was rated without changing it,
    so they may be attached once the review has opened, even after sign-off (a rating with no
    evidence is a finding, which must stay fixable); but a signed-off review keeps the files
    it was signed off with: none is removed then.
    """
    if review is None:
        return None
    if kind == "decision":
        return None if review.status == ReviewStatus.OPEN else ReviewLocked(review)
    if review.status == ReviewStatus.PLANNED or (
        removing and review.status == ReviewStatus.SIGNED_OFF
    ):
        return ReviewLocked(review)
    return None


def record_review(kind: str, record: models.Model) -> Review | None:
    """The review a record belongs to, read afresh (None for a strategy's record)."""
    if kind not in ("assessment", "reading", "decision"):
        return None
    return Review.objects.filter(pk=record.review_id).first()


def evidence_attach(
    *, by: AbstractBaseUser, mission: Mission, kind: str, record: models.Model, upload: UploadedFile
) -> EvidenceFile:
    """Store ``upload`` as evidence of ``record``, a record of ``kind`` in ``mission``.

    Raises PermissionDenied (also for a record of another mission or above ``by``'s level),
    ReviewLocked (a PermissionDenied) when the review's state refuses it, or ValidationError
    on ``file`` saying why the file is refused.
    """
    spec = KINDS[kind]
    path = spec.model._default_manager._queryset_class.mission_path
    readable = spec.model.objects.visible_to(by).filter(pk=record.pk, **{path: mission})
    if not may_attach(by, kind, mission) or not readable.exists():
        raise PermissionDenied
    locked = review_lock(kind, record_review(kind, record), removing=False)
    if locked:
        raise locked
    checked = _checked(upload)
    key = new_key(mission.pk)
    storage = evidence_storage()
    stored = storage.save(key, upload)
    try:
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                mission=mission,
                **{kind: record},
                key=stored,
                original_name=_clean_name(upload.name),
                size=upload.size,
                content_type=checked.content_type,
                sha256=_sha256(upload),
                uploaded_by=by,
            )
            if checked.content_type == "application/pdf":
                enqueue_on_commit(
                    "evidence.tasks.evidence_read_text",
                    evidence.pk,
                    later=_("The file's text will be read for search when the worker is back."),
                )
    except Exception:
        storage.delete(stored)
        raise
    return evidence


def _checked(upload: UploadedFile):
    """The file's sniffed type, or ValidationError saying why it is refused."""
    if upload.size is None or upload.size > max_bytes():
        raise ValidationError({"file": too_large_message()}, code="too_large")
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    checked = sniff(upload.file, upload.name or "")
    if checked is None:
        raise ValidationError(
            {
                "file": _(
                    "This is not a file type accepted as evidence, or its content does not "
                    "match its name. Accepted: %(types)s."
                )
                % {"types": ", ".join(f".{ext}" for ext in ACCEPTED_EXTENSIONS)}
            },
            code="type",
        )
    if scan_refuses(upload.file):
        raise ValidationError(
            {"file": _("The virus scan refused this file. It was not stored.")}, code="scan"
        )
    return checked


def _clean_name(name: str | None) -> str:
    """The name as the user knows it, without any folder part or control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"')
    return base[-255:] or "file"


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_remove(*, by: AbstractBaseUser, evidence: EvidenceFile, expected: int) -> None:
    """Delete the row at the revision the user read (else ``StaleEdit``), then the bytes once
    the deletion is committed (``evidence_bytes_delete_on_commit``); the history keeps who
    removed what (name, size, SHA-256)."""
    if not may_remove(by, evidence):
        raise PermissionDenied
    kind = evidence.record_field
    record = KINDS[kind].model._base_manager.get(pk=evidence.record_id)
    locked = review_lock(kind, record_review(kind, record), removing=True)
    if locked:
        raise locked
    with transaction.atomic():
        deleted, _counts = EvidenceFile.objects.filter(pk=evidence.pk, revision=expected).delete()
        if not deleted:
            raise StaleEdit(EvidenceFile.objects.filter(pk=evidence.pk).first())


def evidence_bytes_delete_on_commit(
    sender: type[EvidenceFile], instance: EvidenceFile, using: str, **kwargs: object
) -> None:
    """``post_delete`` receiver: a row also goes with its record or its mission, by cascades
    that no service sees, so its bytes are deleted here, once the deletion is committed; a
    deletion rolled back keeps them."""
    key = instance.key
    transaction.on_commit(lambda: _delete_bytes(key), using=using)


def _delete_bytes(key: str) -> None:
    try:
        evidence_storage().delete(key)
    except Exception:  # the row is gone; a left-over object is harmless and logged
        log.exception("Could not delete the stored evidence file %s", key)


def evidence_read_text(evidence_id: int) -> str:
    """Read a PDF's text with ``pdftotext`` (under time and memory caps) for search. Idempotent:
    a file already read, removed, or not a PDF is left alone."""
    evidence = EvidenceFile._base_manager.filter(pk=evidence_id, text_read_at__isnull=True).first()
    if evidence is None:
        return "gone or done"
    if evidence.content_type != "application/pdf":
        return "not a PDF"
    with evidence_storage().open(evidence.key, "rb") as handle:
        text = pdf_text(handle)
    EvidenceFile._base_manager.filter(pk=evidence.pk).update(
        text=text[:TEXT_MAX_CHARS], text_read_at=timezone.now()
    )
    return "read"


def pdf_text(handle: IO[bytes]) -> str:
    """The text of a PDF, or "" when pdftotext cannot read it within the caps."""
    memory = PDF_MEMORY_MB * 1024 * 1024

    def limit() -> None:  # in the child
        os.nice(10)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (PDF_SECONDS + 1, PDF_SECONDS + 2))

    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            copy.write(chunk)
        copy.flush()
        try:
            done = subprocess.run(
                ["pdftotext", "-l", str(PDF_MAX_PAGES), "-enc", "UTF-8", copy.name, "-"],
                capture_output=True,
                timeout=PDF_SECONDS,
                preexec_fn=limit,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            log.warning("pdftotext did not read an evidence file within its caps")
            return ""
    if done.returncode != 0:
        return ""
    return done.stdout.decode("utf-8", errors="replace").replace("\x00", "")


def evidence_read_text_sweep() -> int:
    """Queue again the PDFs whose text is still unread (a lost message, a worker that was
    down): run as each worker starts. Reading is idempotent, so a double is harmless."""
    from core.queueing import enqueue

    pending = EvidenceFile._base_manager.filter(
        content_type="application/pdf", text_read_at__isnull=True
    ).values_list("pk", flat=True)[:1000]
    return sum(enqueue("evidence.tasks.evidence_read_text", pk) for pk in pending)
