"""A document made in the request and handed over as a download: never cached by a shared
cache, and written to the audit log (who took which mission's record away, in what format)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from core.audit import audit_record
from core.models import AuditKind


def exported_file(
    request: HttpRequest,
    *,
    data: bytes,
    content_type: str,
    filename: str,
    target: str,
    mission: str,
) -> HttpResponse:
    """``data`` as the attachment ``filename``; ``target`` names the record in the audit log
    ("renewal:12"), ``mission`` its mission's acronym."""
    audit_record(
        kind=AuditKind.EXPORT,
        request=request,
        user=request.user,
        target=target,
        detail={"format": filename.rsplit(".", 1)[-1], "mission": mission},
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
