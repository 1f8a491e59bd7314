"""Evidence screens: attach a file to a record, download it, remove it.

Every file streams through ``download``: there is no URL to the storage, so the one policy
(and the record's level) decides each download, and each is written to the audit log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.audit import audit_record
from core.models import AuditKind
from evidence.forms import EvidenceUploadForm
from evidence.records import KINDS
from evidence.selectors import get_evidence_for_user, get_record_for_user
from evidence.services import (
    evidence_attach,
    evidence_remove,
    evidence_storage,
    may_attach,
    may_remove,
    record_review,
    review_lock,
    too_large_message,
)
from mandates.uploads import upload_was_cut
from missions.editing import confirm_delete, editor_context
from missions.policy import get_mission_for_user, mission_context
from reviews.services.guards import ReviewLocked

log = logging.getLogger(__name__)


def _locked_page(request: HttpRequest, mission, exc: ReviewLocked) -> HttpResponse:
    """A change the review's state refuses: 403 with the reason, as the review's pages say it."""
    context = mission_context(request.user, mission)
    context.update(review=exc.review, message=str(exc.args[0]) if exc.args else "")
    return render(request, "reviews/locked.html", context, status=403)


@login_required
def upload(request: HttpRequest, acronym: str, kind: str, pk: int) -> HttpResponse:
    """Attach a file to a record; refused files come back with the reason next to the field."""
    mission = get_mission_for_user(request.user, acronym)
    record = get_record_for_user(request.user, mission, kind, pk)
    spec = KINDS[kind]
    if not may_attach(request.user, kind, mission):
        raise PermissionDenied
    locked = review_lock(kind, record_review(kind, record), removing=False)
    if locked:
        return _locked_page(request, mission, locked)
    form = EvidenceUploadForm()
    status = 200
    if request.method == "POST":
        form = EvidenceUploadForm(request.POST, request.FILES)
        status = 400
        if upload_was_cut(request):  # the upload handler stopped reading at the limit
            form.is_valid()
            form.errors.clear()
            form.add_error("file", too_large_message())
            status = 413
        elif form.is_valid():
            try:
                evidence = evidence_attach(
                    by=request.user,
                    mission=mission,
                    kind=kind,
                    record=record,
                    upload=form.cleaned_data["file"],
                )
            except ReviewLocked as exc:  # the review moved on meanwhile
                return _locked_page(request, mission, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": evidence.original_name}
                )
                return redirect(spec.page_url(mission, record))
    context = editor_context(
        request,
        mission,
        form=form,
        record=record,
        kind=spec,
        back=spec.page_url(mission, record),
        max_mb=settings.EVIDENCE_MAX_MB,
    )
    return render(request, "evidence/upload.html", context, status=status)


@require_GET
@login_required
def download(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    evidence = get_evidence_for_user(request.user, mission, pk)
    try:
        handle = evidence_storage().open(evidence.key, "rb")
    except (FileNotFoundError, OSError) as exc:
        log.error("The stored evidence file %s is missing: %s", evidence.key, exc)
        raise Http404 from exc
    audit_record(
        kind=AuditKind.EXPORT,
        request=request,
        target=f"evidence:{evidence.pk}",
        detail={
            "format": evidence.original_name.rsplit(".", 1)[-1].lower(),
            "mission": mission.acronym,
            "sha256": evidence.sha256,
        },
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Content-Length"] = str(evidence.size)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def delete(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Confirm, then remove a file (the uploader, or whoever may attach files to its record)."""
    mission = get_mission_for_user(request.user, acronym)
    evidence = get_evidence_for_user(request.user, mission, pk)
    if not may_remove(request.user, evidence):
        raise PermissionDenied
    kind = KINDS[evidence.record_field]
    record = get_record_for_user(request.user, mission, kind.field, evidence.record_id)
    done_url = kind.page_url(mission, record)
    locked = review_lock(kind.field, record_review(kind.field, record), removing=True)
    if locked:
        return _locked_page(request, mission, locked)
    return confirm_delete(
        request,
        mission,
        evidence,
        delete=lambda expected: evidence_remove(
            by=request.user, evidence=evidence, expected=expected
        ),
        deleted_message=_("“%(name)s” is removed.") % {"name": evidence.original_name},
        done_url=done_url,
        page=lambda _record: {
            "kind_label": _("evidence file"),
            "consequence": _(
                "The file is removed from the %(kind)s for everyone; the history keeps its "
                "name, who removed it and when."
            )
            % {"kind": kind.label},
            "delete_url": request.path,
            "cancel_url": done_url,
        },
    )


@require_GET
@login_required
def assessment(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """An objective assessment's evidence, where its findings link (the review's page for the
    objective, at its evidence)."""
    mission = get_mission_for_user(request.user, acronym)
    record = get_record_for_user(request.user, mission, "assessment", pk)
    return redirect(KINDS["assessment"].page_url(mission, record))
