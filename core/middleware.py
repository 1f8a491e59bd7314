"""Telling people what will follow when their action's background work could not be queued."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import queueing


class DeferredWorkMiddleware:
    """The action committed; its task waits for the broker. Pages get a message (an HTMX
    fragment carries it inline), every response a ``Deferred-Work`` header, saying what will
    happen once the worker is back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queueing.deferred_reset()
        response = self.get_response(request)
        notes = list(dict.fromkeys(queueing.deferred()))
        if notes:
            queueing.deferred_reset()
            self.tell(request, response, notes)
        return response

    @staticmethod
    def tell(request: HttpRequest, response: HttpResponse, notes: list[str]) -> None:
        text = _("Saved. The background worker cannot be reached just now: %(what)s.") % {
            "what": "; ".join(notes)
        }
        response["Deferred-Work"] = text.encode("ascii", "replace").decode()
        html = response.get("Content-Type", "").startswith("text/html")
        if getattr(request, "htmx", False) and html and not response.streaming:
            # The fragment replaces part of the page: the notice goes with it.
            notice = format_html('<p class="message message--warning" role="status">{}</p>', text)
            response.content = notice.encode() + response.content
        elif not request.path.startswith("/api/") and hasattr(request, "_messages"):
            messages.warning(request, text)
