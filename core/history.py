"""Change history (django-pghistory: database triggers) and its context.

Triggers see every write, from a view, the API, a command or a shell; the middleware adds who
made it, from which URL and in which mission. What the events say in words, per record and
per mission, is the strategy's business (``strategies.activity``); who last changed a record is
all the conflict box needs, so it lives here.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from pghistory.middleware import HistoryMiddleware
from pghistory.models import Events


def tracked():
    """Track inserts, updates and deletes. Fresh trackers each time: they bind to one model."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()
    )


class HistoryContextMiddleware(HistoryMiddleware):
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


def person_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def last_editor(record: models.Model) -> str | None:
    """Who made the latest change to ``record``, by name; None if no one signed in made it."""
    event = Events.objects.tracks(record).order_by("-pgh_created_at").first()
    user_id = (event.pgh_context or {}).get("user") if event else None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return person_name(user) if user else None
