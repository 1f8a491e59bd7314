"""Comment threads: desk officers (and any member who may comment) write; editors resolve."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from missions.policy import Action, can, get_mission_for_user, mission_context
from strategies.models import Comment, Objective, StrategyVersion
from strategies.selectors.comments import comments_for, mission_comments, threads
from strategies.services.comments import comment_add, comment_resolve


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _thread_partial(request: HttpRequest, mission, objective=None, version=None, error=None):
    context = mission_context(request.user, mission)
    context.update(
        threads=threads(list(comments_for(mission, objective=objective, version=version))),
        target_objective=objective,
        target_version=version,
        comment_error=error,
        typed=request.POST.get("body", "") if error else "",
    )
    return render(request, "strategies/partials/_comments.html", context)


@require_POST
@login_required
def comment_create(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.COMMENT)
    objective = version = parent = None
    if request.POST.get("objective"):
        objective = get_object_or_404(Objective, mission=mission, pk=request.POST["objective"])
    if request.POST.get("version"):
        version = get_object_or_404(StrategyVersion, mission=mission, pk=request.POST["version"])
    if request.POST.get("parent"):
        parent = get_object_or_404(Comment, mission=mission, pk=request.POST["parent"])
    error = None
    try:
        comment_add(
            mission=mission,
            by=request.user,
            body=request.POST.get("body", ""),
            objective=objective,
            version=version,
            parent=parent,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return _thread_partial(
            request,
            mission,
            objective or (parent and parent.objective),
            version or (parent and parent.version),
            error,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Comment posted."))
    return redirect(_back(request, mission.get_absolute_url()))


@require_POST
@login_required
def comment_set_resolved(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    comment = get_object_or_404(Comment, mission=mission, pk=pk, parent__isnull=True)
    comment_resolve(comment=comment, by=request.user, resolved=request.POST.get("resolved") != "0")
    if request.htmx:
        return _thread_partial(request, mission, comment.objective, comment.version)
    return redirect(_back(request, mission.get_absolute_url()))


@login_required
def comment_list(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    state = request.GET.get("state", "open")
    if state not in {"open", "resolved", "all"}:
        state = "open"
    context = mission_context(request.user, mission)
    context.update(
        threads=mission_comments(mission, state=state),
        state=state,
        can_comment=can(request.user, Action.COMMENT, mission),
    )
    return render(request, "strategies/comments.html", context)
