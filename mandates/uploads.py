"""Resolution uploads over MANDATE_UPLOAD_MAX_MB are refused before their body is read.

The middleware answers 413 from the Content-Length alone, so a 60 MB upload is neither read
nor written to a temporary file. A body whose length was not declared (or understated) meets
the upload handler instead, which stops reading once the file passes the limit and marks the
request, so the view says why.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# The routes that take an uploaded file (URL names): a resolution, a strategy workbook.
UPLOAD_ROUTES = frozenset({"mandates:import", "mandate-import", "workbooks:workbook"})
# Room for the multipart envelope and the small fields sent with the file.
ENVELOPE_BYTES = 256 * 1024


def upload_limit_bytes() -> int:
    return settings.MANDATE_UPLOAD_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": settings.MANDATE_UPLOAD_MAX_MB}


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
        if request.method == "POST" and _is_upload_route(request):
            limit = upload_limit_bytes()
            if _declared_length(request) > limit + ENVELOPE_BYTES:
                return self.refuse(request)
            request.upload_handlers.insert(0, UploadLimitHandler(request, limit))
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        message = too_large_message()
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "errors": {"file": [message]}}, status=413
            )
        else:
            # The page is rendered here, ahead of the CSP middleware: run it for this response.
            def page(req: HttpRequest) -> HttpResponse:
                context = {"message": message, "back": req.path}
                return render(req, "mandates/upload_too_large.html", context, status=413)

            response = CSPMiddleware(page)(request)
        return response


def _is_upload_route(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in UPLOAD_ROUTES or match.url_name in UPLOAD_ROUTES


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0
