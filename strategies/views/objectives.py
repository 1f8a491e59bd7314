"""The objective editor: the objective with its assumptions, risks and markers, in one form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.editing import conflict_context, posted, status_for
from missions.models import Mission
from missions.policy import Action, can, get_mission_for_user, mission_context
from strategies.forms import FORMSETS, ObjectiveForm
from strategies.models import Objective
from strategies.selectors.activity import record_history
from strategies.selectors.comments import comments_for, threads
from strategies.services.objectives import objective_save


def get_objective_for_user(user, acronym: str, pk: int, action: Action) -> Objective:
    """The objective in a mission the user may see (404 otherwise), with the right to act."""
    mission = get_mission_for_user(user, acronym, action)
    return get_object_or_404(_objectives(mission), pk=pk)


def _objectives(mission: Mission) -> QuerySet[Objective]:
    return Objective.objects.filter(mission=mission).select_related("mission", "parent")


def _bind(request: HttpRequest, mission: Mission, objective: Objective) -> tuple[Any, dict]:
    data = posted(request)
    form = ObjectiveForm(data, instance=objective, mission=mission)
    formsets = {
        prefix: formset(data, instance=objective, prefix=prefix)
        for prefix, formset in FORMSETS.items()
    }
    return form, formsets


def _conflict(exc: StaleEdit, form, formsets: dict) -> dict[str, Any]:
    """The conflict box, about the form whose record changed: the objective's, or that of
    one of its assumptions, risks or markers."""
    current = exc.current
    children = (child for formset in formsets.values() for child in formset.forms)
    target = next(
        (c for c in children if type(c.instance) is type(current) and c.instance.pk == current.pk),
        form,
    )
    return conflict_context(exc, target)


def _editor(request: HttpRequest, mission: Mission, objective: Objective) -> HttpResponse:
    form, formsets = _bind(request, mission, objective)
    conflict = None
    valid = request.method == "POST" and form.is_valid()
    if valid and all(fs.is_valid() for fs in formsets.values()):
        try:
            saved = objective_save(form=form, formsets=formsets, by=request.user)
        except StaleEdit as exc:
            conflict = _conflict(exc, form, formsets)
        else:
            messages.success(request, _("Objective %(code)s saved.") % {"code": saved.code})
            return redirect("strategies:objective_edit", acronym=mission.acronym, pk=saved.pk)
    context = mission_context(request.user, mission)
    context.update(objective=objective, form=form, formsets=formsets, conflict=conflict)
    if objective.pk:
        context.update(_comment_context(mission, objective))
    return render(
        request, "strategies/objective_form.html", context, status=status_for(request, conflict)
    )


@login_required
def objective_create(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    return _editor(request, mission, Objective(mission=mission))


@login_required
def objective_edit(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Editors edit; every other member reads the objective (and may not POST)."""
    objective = get_objective_for_user(request.user, acronym, pk, Action.VIEW)
    if can(request.user, Action.EDIT_STRATEGY, objective.mission):
        return _editor(request, objective.mission, objective)
    if request.method != "GET":
        raise PermissionDenied
    context = mission_context(request.user, objective.mission)
    context["objective"] = (
        Objective.objects.filter(pk=objective.pk)
        .select_related("parent", "owner")
        .prefetch_related("assumptions", "risks", "markers", "children")
        .get()
    )
    context.update(_comment_context(objective.mission, objective))
    return render(request, "strategies/objective_detail.html", context)


def _comment_context(mission: Mission, objective: Objective) -> dict[str, Any]:
    """Comments on the objective and its latest changes, shown under it."""
    return {
        "threads": threads(list(comments_for(mission, objective=objective))),
        "target_objective": objective,
        "entries": record_history(objective, limit=5),
    }


@login_required
def objective_list(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return redirect(
        reverse("strategies:overview", kwargs={"acronym": mission.acronym}) + "#objectives"
    )
