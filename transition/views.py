"""The transition view and the handover of each task, under /missions/<acronym>/transition/.

Everyone in the mission reads the plan; the strategy team (``EDIT_STRATEGY``) adds, changes
and deletes handovers on a form page of their own, with the "someone saved first" check.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import StaleEdit
from core.editing import add_service_errors, conflict_context, posted, status_for
from mandates.selectors import get_task, predecessor
from missions.editing import confirm_delete, editor_context
from missions.models import Mission
from missions.policy import Action, get_mission_for_user
from transition import services
from transition.forms import HandoverForm
from transition.models import Handover
from transition.selectors import (
    handover_of,
    horizon_asked,
    transition_plan,
)


def _plan_url(mission: Mission, task_pk: int | None = None) -> str:
    url = reverse("transition:plan", args=[mission.acronym])
    return f"{url}#task-{task_pk}" if task_pk else url


@login_required
@require_GET
def plan(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    horizon = horizon_asked(request.GET.get("horizon"))
    found = transition_plan(mission, horizon=horizon)
    previous = predecessor(found.mandate) if found.mandate else None
    context = editor_context(request, mission, plan=found, previous=previous, carry=0)
    if previous is not None and context["can_edit"]:
        context["carry"] = len(services.handovers_to_carry(previous, found.mandate))
    return render(request, "transition/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def handover_edit(request: HttpRequest, acronym: str, task_pk: int) -> HttpResponse:
    """Add or change the task's handover; a conflict shows both versions (409)."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    task = get_task(mission, task_pk)
    handover = handover_of(task)
    form = HandoverForm(
        posted(request), instance=handover or Handover(), task=task, mission=mission
    )
    conflict: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_save(
                task=task,
                values=form.cleaned_data,
                expected_revision=form.revision_read,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
            handover = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Handover saved."))
            return redirect(_plan_url(mission, task.pk))
    context = editor_context(
        request, mission, task=task, handover=handover, form=form, conflict=conflict
    )
    return render(
        request, "transition/handover_form.html", context, status=status_for(request, conflict)
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_delete(request: HttpRequest, acronym: str, task_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    task = get_task(mission, task_pk)
    handover = handover_of(task)
    if handover is None:
        raise Http404(_("This task has no handover."))
    return confirm_delete(
        request,
        mission,
        handover,
        delete=lambda expected: services.handover_delete(
            handover=handover, expected_revision=expected, by=request.user
        ),
        deleted_message=_("Handover deleted."),
        done_url=_plan_url(mission, task.pk),
        page=lambda record: {
            "kind_label": _("handover"),
            "consequence": _("The task goes back to having no handover; history keeps a copy."),
            "delete_url": reverse("transition:handover_delete", args=[mission.acronym, task.pk]),
            "cancel_url": _plan_url(mission, task.pk),
        },
    )


@login_required
@require_POST
def carry_over(request: HttpRequest, acronym: str) -> HttpResponse:
    """Copy the previous mandate's handovers to the matching tasks of the mandate in force."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    found = transition_plan(mission)
    previous = predecessor(found.mandate) if found.mandate else None
    if previous is None:
        messages.error(request, _("There is no earlier mandate to carry handovers over from."))
        return redirect(_plan_url(mission))
    added = services.handovers_carry_over(old=previous, new=found.mandate, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)s handover carried over from %(symbol)s.",
            "%(n)s handovers carried over from %(symbol)s.",
            added,
        )
        % {"n": added, "symbol": previous.symbol},
    )
    return redirect(_plan_url(mission))
