"""Mandate alignment: the current mandate's tasks, each aligned in place to objectives.

Every task URL also works without JavaScript: GET ``?edit=1`` is a form page and a POST
redirects back to the list, so HTMX only saves the round trip.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.concurrency import RevisionFormMixin, StaleEdit
from core.editing import conflict_context
from mandates.models import MandatedTask
from missions.editing import render_in_place
from missions.models import Mission
from missions.policy import get_mission_for_user, mission_context
from strategies.models import Objective
from strategies.selectors.alignment import TaskRow, alignment_summary, mandate_alignment, task_row
from strategies.services.alignment import task_align

PHASES = [("", gettext_lazy("Not set")), *((n, str(n)) for n in range(1, 10))]


class TaskAlignmentForm(RevisionFormMixin, forms.Form):
    objectives = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Aligned to objectives"),
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The political objectives this task serves; one or more."),
    )
    is_strategic_priority = forms.BooleanField(
        label=gettext_lazy("Strategic priority"), required=False
    )
    phase = forms.TypedChoiceField(
        label=gettext_lazy("Phase"),
        choices=PHASES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Sequencing: the phase in which the mission takes the task up."),
    )
    is_procedural = forms.BooleanField(
        label=gettext_lazy("Procedural"),
        required=False,
        help_text=gettext_lazy(
            "The Council's own business, not a task for the mission (the mandate extended, "
            "troop ceilings, reports asked of the Secretary-General): aligned to no objective "
            "and never a finding."
        ),
    )

    def __init__(self, *args: Any, row: TaskRow, **kwargs: Any):
        # RevisionFormMixin reads the revision the form was opened at from ``instance``.
        self.instance = row.task
        kwargs.setdefault("auto_id", f"{row.dom_id}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                objectives=[o.pk for o in row.objectives],
                is_strategic_priority=row.task.is_strategic_priority,
                phase=row.task.phase,
                is_procedural=row.task.is_procedural,
            )
        # Active objectives, plus any other the task is already aligned to, so that saving
        # never drops an alignment the user was not offered.
        offered = Q(status=Objective.Status.ACTIVE) | Q(pk__in=[o.pk for o in row.objectives])
        self.fields["objectives"].queryset = Objective.objects.filter(
            offered, mission_id=row.task.mandate.mission_id
        ).order_by("code")
        # Shown by conflict_rows when someone else changed the priority meanwhile.
        self.fields["is_strategic_priority"].choices = [(True, _("Yes")), (False, _("No"))]
        self.fields["is_procedural"].choices = [(True, _("Yes")), (False, _("No"))]
        self.fields["objectives"].widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("is_procedural") and cleaned.get("objectives"):
            self.add_error(
                "objectives",
                _(
                    "A procedural paragraph serves no objective: untick the objectives, "
                    "or untick “Procedural”."
                ),
            )
        return cleaned


def get_task_for_user(request: HttpRequest, acronym: str, pk: int) -> tuple[Mission, TaskRow]:
    """A task of one of the mission's mandates: 404 for outsiders and for other missions."""
    mission = get_mission_for_user(request.user, acronym)
    task = get_object_or_404(MandatedTask.objects.filter(mandate__mission=mission), pk=pk)
    return mission, task_row(task=task, user=request.user)


@login_required
def alignment(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = mission_context(request.user, mission)
    context["alignment"] = mandate_alignment(
        mission, user=request.user, only_unaligned=request.GET.get("unaligned") == "1"
    )
    return render(request, "strategies/alignment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alignment_task(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """GET shows the task (``?edit=1``: its form); POST saves it. Only strategy editors."""
    mission, row = get_task_for_user(request, acronym, pk)
    editing = request.method == "POST" or request.GET.get("edit")
    if editing and not row.can_edit:
        raise PermissionDenied
    if request.method == "POST":
        return _save(request, mission, row)
    if editing:
        return _form(request, mission, row, TaskAlignmentForm(row=row))
    if not request.htmx:
        return redirect(_list_url(mission, row))
    return _display(request, mission, row)


def _save(request: HttpRequest, mission: Mission, row: TaskRow) -> HttpResponse:
    form = TaskAlignmentForm(request.POST, row=row)
    if not form.is_valid():
        return _form(request, mission, row, form, status=400)
    try:
        task_align(
            task=row.task,
            objectives=form.cleaned_data["objectives"],
            is_strategic_priority=form.cleaned_data["is_strategic_priority"],
            phase=form.cleaned_data["phase"],
            expected_revision=form.expected_revision,
            by=request.user,
            is_procedural=form.cleaned_data["is_procedural"],
        )
    except StaleEdit as exc:
        return _form(request, mission, row, form, conflict=conflict_context(exc, form), status=409)
    row = task_row(task=row.task, user=request.user)
    if not request.htmx:
        messages.success(request, _("OP %(ref)s saved.") % {"ref": row.task.reference})
        return redirect(_list_url(mission, row))
    return _display(request, mission, row, saved=True)


def _form(
    request: HttpRequest,
    mission: Mission,
    row: TaskRow,
    form: TaskAlignmentForm,
    *,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_in_place(
        request,
        mission,
        {"row": row, "form": form, "conflict": conflict},
        partial="strategies/partials/_alignment_task.html",
        page="strategies/alignment_task.html",
        status=status,
    )


def _display(
    request: HttpRequest, mission: Mission, row: TaskRow, *, saved: bool = False
) -> HttpResponse:
    """The task row, focused again; after a save also the page's counts (out of band)."""
    context: dict[str, Any] = {"mission": mission, "row": row, "focus": True}
    if saved:
        context["summary"] = alignment_summary(row.task.mandate)
    return render(request, "strategies/partials/_alignment_task.html", context)


def _list_url(mission: Mission, row: TaskRow) -> str:
    return reverse("strategies:alignment", kwargs={"acronym": mission.acronym}) + f"#{row.dom_id}"
