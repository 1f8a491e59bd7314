"""History context: who made a change, from which URL, and in which mission."""

from typing import Any

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from pghistory.middleware import HistoryMiddleware


class MissionHistoryMiddleware(HistoryMiddleware):
    """Adds the mission acronym of /missions/<acronym>/... URLs to every history event, so a
    mission's activity feed is one indexed filter on the context."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().get_context(request)
        try:
            acronym = resolve(request.path_info).kwargs.get("acronym")
        except Resolver404:
            acronym = None
        if acronym:
            context["mission"] = acronym.upper()
        return context
