"""Uploads over their route's limit are refused before their body is read.

The middleware answers 413 from the Content-Length alone, so a 60 MB upload is neither read
nor written to a temporary file. A body whose length was not declared (or understated) meets
the upload handler instead, which stops reading once the file passes the limit and marks the
request, so the view says why.

Each upload route has its own limit and message (``UPLOAD_LIMITS``): resolutions and workbooks
share MANDATE_UPLOAD_MAX_MB; an app above this one registers its routes from its
``AppConfig.ready`` (``upload_limit_register``), so this module never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Room for the multipart envelope and the small fields sent with the file.
ENVELOPE_BYTES = 256 * 1024


def upload_limit_bytes() -> int:
    return settings.MANDATE_UPLOAD_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": settings.MANDATE_UPLOAD_MAX_MB}


@dataclass(frozen=True)
class UploadLimit:
    """A route's limit and what the refusal says, read at each request so a changed setting
    counts; ``advice`` is what the 413 page tells a person to do (the API gets JSON)."""

    max_bytes: Callable[[], int]
    message: Callable[[], str]
    advice: Callable[[], str]


def _resolution_advice() -> str:
    return _("It was not uploaded. Upload only the resolution, or paste its text.")


MANDATE_UPLOAD_LIMIT = UploadLimit(upload_limit_bytes, too_large_message, _resolution_advice)

# The routes that take an uploaded file (URL names), with their limit: a resolution, a
# strategy workbook, and those registered by the apps above.
UPLOAD_LIMITS: dict[str, UploadLimit] = {
    "mandates:import": MANDATE_UPLOAD_LIMIT,
    "mandate-import": MANDATE_UPLOAD_LIMIT,
    "workbooks:workbook": MANDATE_UPLOAD_LIMIT,
}


def upload_limit_register(route: str, limit: UploadLimit) -> None:
    """Refuse uploads to ``route`` (a URL name) over ``limit`` before their body is read."""
    UPLOAD_LIMITS[route] = limit


def upload_was_cut(request: HttpRequest) -> bool:
    """True when the upload handler stopped reading the file at the limit."""
    return getattr(request, "upload_too_large", False)


class UploadLimitHandler(FileUploadHandler):
    """First in the chain: counts the file's bytes and stops at the limit, before the next
    handler writes them anywhere."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = _route_limit(request) if request.method == "POST" else None
        if limit is not None:
            max_bytes = limit.max_bytes()
            if _declared_length(request) > max_bytes + ENVELOPE_BYTES:
                return self.refuse(request, limit)
            request.upload_handlers.insert(0, UploadLimitHandler(request, max_bytes))
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, limit: UploadLimit) -> HttpResponse:
        message = limit.message()
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "errors": {"file": [message]}}, status=413
            )
        else:
            # The page is rendered here, ahead of the CSP middleware: run it for this response.
            def page(req: HttpRequest) -> HttpResponse:
                context = {"message": message, "advice": limit.advice(), "back": req.path}
                return render(req, "mandates/upload_too_large.html", context, status=413)

            response = CSPMiddleware(page)(request)
        return response


def _route_limit(request: HttpRequest) -> UploadLimit | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return UPLOAD_LIMITS.get(match.view_name) or UPLOAD_LIMITS.get(match.url_name or "")


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0
