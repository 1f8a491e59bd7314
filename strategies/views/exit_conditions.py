"""The end state and its exit conditions: readiness for drawdown, assessed in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.editing import conflict_context, form_values, posted, status_for
from missions.editing import confirm_delete, editor_context, render_in_place
from missions.models import EndState, Mission
from missions.policy import Action, can, get_mission_for_user
from strategies.forms_register import EndStateForm, ExitConditionCreateForm, ExitConditionForm
from strategies.models import ExitCondition
from strategies.selectors.exit_conditions import (
    current_end_state,
    current_exit_conditions,
    exit_readiness,
)
from strategies.services.exit_conditions import (
    end_state_create,
    end_state_update,
    exit_condition_assess,
    exit_condition_create,
    exit_condition_delete,
)


def _condition(mission: Mission, pk: int) -> ExitCondition:
    return get_object_or_404(current_exit_conditions(mission), pk=pk)


def _list_url(mission: Mission, condition: ExitCondition | None = None) -> str:
    url = reverse("strategies:exit_conditions", args=[mission.acronym])
    return f"{url}#exit-condition-{condition.pk}" if condition else url


@login_required
def exit_conditions(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    conditions = list(current_exit_conditions(mission))
    context = editor_context(
        request,
        mission,
        end_state=conditions[0].end_state if conditions else current_end_state(mission),
        conditions=conditions,
        readiness=exit_readiness(conditions),
    )
    return render(request, "strategies/exit_conditions.html", context)


@login_required
def add_exit_condition(request: HttpRequest, acronym: str) -> HttpResponse:
    """Adds a condition to the end state in force; without one there is nothing to add to."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    end_state = current_end_state(mission)
    form = ExitConditionCreateForm(posted(request), mission=mission)
    if request.method == "POST" and form.is_valid():
        if end_state is None:
            form.add_error(None, _("Set the mission's political end state first."))
        else:
            values = form_values(form)
            condition = exit_condition_create(mission=mission, values=values, by=request.user)
            messages.success(request, _("Exit condition added."))
            return redirect(_list_url(mission, condition))
    context = editor_context(request, mission, form=form, condition=None, end_state=end_state)
    return render(
        request, "strategies/exit_condition_form.html", context, status=status_for(request, None)
    )


@login_required
def edit_exit_condition(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Assess one condition: in place in the list (htmx) or on its own page."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    condition = _condition(mission, pk)
    if request.htmx and "cancel" in request.GET:
        return _item_response(request, mission, condition)
    form = ExitConditionForm(
        posted(request),
        instance=condition,
        mission=mission,
        auto_id=f"condition-{condition.pk}-%s",
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = form_values(form)
        try:
            saved = exit_condition_assess(
                condition=condition,
                values=values,
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
            # The form's instance took the user's input; show the record as saved.
            condition = exc.current or condition
        else:
            if request.htmx:
                return _item_response(request, mission, saved, saved_now=True)
            messages.success(request, _("Exit condition updated."))
            return redirect(_list_url(mission, saved))
    return render_in_place(
        request,
        mission,
        editor_context(request, mission, form=form, condition=condition, conflict=conflict),
        partial="strategies/partials/_exit_condition_form.html",
        page="strategies/exit_condition_form.html",
        status=status_for(request, conflict),
    )


def _item_response(
    request: HttpRequest, mission: Mission, condition: ExitCondition, *, saved_now: bool = False
) -> HttpResponse:
    """The condition as the list shows it, plus the readiness summary it may have changed."""
    context = editor_context(
        request,
        mission,
        condition=condition,
        refocus=True,
        saved_now=saved_now,
        readiness=exit_readiness(list(current_exit_conditions(mission))),
        oob=True,
    )
    return render(request, "strategies/partials/_exit_condition.html", context)


@login_required
def delete_exit_condition(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    condition = _condition(mission, pk)
    return confirm_delete(
        request,
        mission,
        condition,
        delete=lambda expected: exit_condition_delete(
            condition=condition, expected_revision=expected, by=request.user
        ),
        deleted_message=_("Exit condition deleted."),
        done_url=_list_url(mission),
        page=lambda record: {
            "kind_label": _("exit condition"),
            "consequence": _("The change history keeps a copy."),
            "delete_url": reverse("strategies:exit_condition_delete", args=[mission.acronym, pk]),
            "cancel_url": _list_url(mission, record),
        },
    )


@login_required
def end_state(request: HttpRequest, acronym: str) -> HttpResponse:
    """Editors edit the end state in force (or set the first one); other members read it."""
    mission = get_mission_for_user(request.user, acronym)
    current = current_end_state(mission)
    if not can(request.user, Action.EDIT_STRATEGY, mission):
        if request.method != "GET":
            raise PermissionDenied
        return render(
            request,
            "strategies/end_state.html",
            editor_context(request, mission, end_state=current, form=None),
        )
    form = EndStateForm(posted(request), instance=current or EndState(mission=mission))
    conflict: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        values = form_values(form)
        try:
            if current is None:
                end_state_create(mission=mission, values=values, by=request.user)
            else:
                end_state_update(
                    end_state=current,
                    values=values,
                    expected_revision=form.expected_revision,
                    by=request.user,
                )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
            current = exc.current
        else:
            messages.success(request, _("Political end state saved."))
            return redirect("strategies:end_state", acronym=mission.acronym)
    context = editor_context(request, mission, end_state=current, form=form, conflict=conflict)
    return render(
        request, "strategies/end_state.html", context, status=status_for(request, conflict)
    )
