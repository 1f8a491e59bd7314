"""Change history (django-pghistory: database triggers) and its context.

Triggers see every write, from a view, the API, a command or a shell; the middleware adds who
made it, from which URL and in which mission. What the events say in words, per record and
per mission, is the strategy's business (``strategies.activity``); who last changed a record is
all the conflict box needs, so it lives here.
"""

from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from pghistory.middleware import HistoryMiddleware
from pghistory.models import Events


def tracked(mission: str = "mission"):
    """Track inserts, updates and deletes. Fresh trackers each time: they bind to one model.

    Every event carries the mission it belongs to (``pgh_mission``, indexed with time), so a
    mission's feed reads that mission's events only, however many the other missions have.
    ``mission`` is how a row reaches its mission: ``"mission"`` (its own column), ``""`` (the
    row is the mission) or ``"<parent>__mission"`` (through a parent's).
    """

    def decorate(model: type[models.Model]) -> type[models.Model]:
        name = model._meta.model_name
        event = pghistory.create_event_model(
            model,
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            attrs={
                "pgh_mission_path": mission,
                "pgh_mission": models.ForeignKey(
                    "missions.Mission",
                    null=True,
                    on_delete=models.DO_NOTHING,
                    db_constraint=False,
                    db_index=False,
                    related_name="+",
                ),
            },
            meta={
                "triggers": [MissionOfEvent(name="pgh_mission", mission=mission)],
                "indexes": [
                    models.Index(
                        fields=["pgh_mission", "pgh_created_at", "pgh_id"],
                        name=f"{name[:18]}_ev_mission",
                    )
                ],
            },
            abstract=False,
        )
        model.pgh_event_model = event  # type: ignore[attr-defined]
        return model

    return decorate


class MissionOfEvent(pgtrigger.Trigger):
    """Sets an event's mission as it is written: from the row, or from its parent (the live
    row, else the parent's last event, for a parent deleted in the same breath)."""

    when = pgtrigger.Before
    operation = pgtrigger.Insert

    def __init__(self, *, mission: str, **kwargs: Any) -> None:
        self.mission = mission
        super().__init__(**kwargs)

    def get_func(self, model: type[models.Model]) -> str:
        # Migrations pass a historical model: the tracked model is looked up by name.
        tracked = apps.get_model(model._meta.app_label, model._meta.object_name[: -len("Event")])
        return f"NEW.pgh_mission_id := {mission_of_row(tracked, self.mission)};\nRETURN NEW;"


def mission_of_row(tracked: type[models.Model], mission: str, row: str = "NEW") -> str:
    """SQL for the mission of an event ``row`` of ``tracked``'s history (also for backfills)."""
    if not mission:
        return f'{row}."id"'
    if mission == "mission":
        return f'{row}."mission_id"'
    parent_name, rest = mission.split("__", 1)
    assert rest == "mission", "one parent at most between a row and its mission"
    parent_field = tracked._meta.get_field(parent_name)
    parent = parent_field.related_model
    parent_events = apps.get_model(parent._meta.app_label, f"{parent._meta.object_name}Event")
    column = parent_field.column
    return (
        f'COALESCE((SELECT p."mission_id" FROM "{parent._meta.db_table}" p'
        f' WHERE p."id" = {row}."{column}"),'
        f' (SELECT p."mission_id" FROM "{parent_events._meta.db_table}" p'
        f' WHERE p."pgh_obj_id" = {row}."{column}" ORDER BY p."pgh_id" DESC LIMIT 1))'
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
