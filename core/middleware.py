"""Telling people what will follow when their action's background work could not be queued."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core import queueing


class DeferredWorkMiddleware:
    """The action committed; its task waits for the broker. Pages get a message, the API
    a ``Deferred-Work`` header, both saying what will happen once the worker is back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queueing.deferred_reset()
        response = self.get_response(request)
        notes = list(dict.fromkeys(queueing.deferred()))
        if notes:
            text = _("Saved. The background worker cannot be reached just now: %(what)s.") % {
                "what": "; ".join(notes)
            }
            response["Deferred-Work"] = text.encode("ascii", "replace").decode()
            if hasattr(request, "_messages"):
                messages.warning(request, text)
            queueing.deferred_reset()
        return response
