"""Editing pages inside a mission: the page context with ``can_edit``, a form edited in place,
and the confirmation before a delete (with the conflict check of ``core.editing``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.concurrency import StaleEdit
from core.editing import posted_revision
from missions.models import Mission
from missions.policy import Action, can, mission_context


def editor_context(request: HttpRequest, mission: Mission, **extra: Any) -> dict[str, Any]:
    """``mission_context`` plus ``can_edit``, for pages with edit links and buttons."""
    context = mission_context(request.user, mission)
    context["can_edit"] = can(request.user, Action.EDIT_STRATEGY, mission)
    context.update(extra)
    return context


def render_in_place(
    request: HttpRequest,
    mission: Mission,
    context: dict[str, Any],
    *,
    partial: str,
    page: str,
    status: int = 200,
) -> HttpResponse:
    """A form edited in place: for htmx the partial alone (``inline``), else on a page of its
    own, so that the same URL also works without JavaScript."""
    context = {"mission": mission, **context}
    if request.htmx:
        return render(request, partial, {**context, "inline": True}, status=status)
    context.update(mission_context(request.user, mission))
    return render(request, page, context, status=status)


def confirm_delete(
    request: HttpRequest,
    mission: Mission,
    record: models.Model,
    *,
    delete: Callable[[int], object],
    deleted_message: str,
    done_url: str,
    page: Callable[[models.Model], dict[str, Any]],
) -> HttpResponse:
    """GET asks for confirmation; POST deletes, if nobody changed the record meanwhile.

    ``delete(expected_revision)`` calls the service. A record someone deleted meanwhile is
    simply gone; one someone changed is shown again as it is now (409), to confirm afresh.
    ``page(record)`` gives the page's ``kind_label``, ``consequence``, ``delete_url`` and
    ``cancel_url`` for the record it shows.
    """
    changed = False
    if request.method == "POST":
        try:
            delete(posted_revision(request))
        except StaleEdit as exc:
            if exc.current is None:
                return redirect(done_url)
            record, changed = exc.current, True
        else:
            messages.success(request, deleted_message)
            return redirect(done_url)
    context = editor_context(request, mission, record=record, changed=changed, **page(record))
    return render(request, "missions/confirm_delete.html", context, status=409 if changed else 200)
