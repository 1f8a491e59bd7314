"""The contribution matrix: components x objectives, each cell edited in place.

Every cell URL also works without JavaScript: GET ``?edit=1`` is a form page and a POST
redirects back to the matrix, so HTMX only saves the round trip.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.concurrency import RevisionFormMixin, StaleEdit
from core.editing import conflict_context, repost
from core.grids import start_of
from missions.editing import render_in_place
from missions.models import Component, Mission
from missions.policy import get_mission_for_user, mission_context
from strategies.forms_grids import MatrixFilterForm
from strategies.models import Contribution, Objective
from strategies.selectors.matrix import NO_ROLE, Cell, matrix, matrix_cell, matrix_margins
from strategies.services.matrix import contribution_set


class ContributionCellForm(RevisionFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            *Contribution.Role.choices,
            (NO_ROLE, gettext_lazy("None (no contribution)")),
        ],
    )
    narrative = forms.CharField(
        label=gettext_lazy("How this component's work advances this objective"),
        help_text=gettext_lazy("Its contribution to the political objective, not its outputs."),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, cell: Cell, **kwargs: Any):
        # RevisionFormMixin reads the revision from ``instance``; an empty cell has none.
        self.instance = cell.contribution
        kwargs.setdefault("auto_id", f"{cell.dom_id}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            current = cell.contribution
            # An empty cell opens as it is, so a careless Save adds nothing.
            self.initial.update(
                role=current.role if current else NO_ROLE,
                narrative=current.narrative if current else "",
            )
        self.fields["role"].widget.attrs["autofocus"] = True

    @property
    def read_revision(self) -> int | None:
        """The revision the user read, or None if the cell was empty when they opened it."""
        return self.cleaned_data.get("revision")


def get_cell_for_user(
    request: HttpRequest, acronym: str, component_pk: int, objective_pk: int
) -> tuple[Mission, Cell]:
    """The cell of a mission the user may see: 404 for outsiders and for foreign rows."""
    mission = get_mission_for_user(request.user, acronym)
    component = get_object_or_404(
        Component.objects.filter(mission=mission).select_related("lead"), pk=component_pk
    )
    objective = get_object_or_404(Objective.objects.filter(mission=mission), pk=objective_pk)
    return mission, matrix_cell(component=component, objective=objective, user=request.user)


@login_required
def contribution_matrix(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = mission_context(request.user, mission)
    filters = MatrixFilterForm(request.GET, mission=mission)
    context["filters"] = filters
    context["matrix"] = matrix(
        mission,
        user=request.user,
        components=filters.component_q(),
        objectives=filters.objective_q(by_component=False),
        rows_from=start_of(request.GET, "rows"),
        columns_from=start_of(request.GET, "columns"),
    )
    return render(request, "strategies/matrix.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_cell(
    request: HttpRequest, acronym: str, component_pk: int, objective_pk: int
) -> HttpResponse:
    """GET shows the cell (``?edit=1``: its form); POST saves it. Only editors of the row."""
    mission, cell = get_cell_for_user(request, acronym, component_pk, objective_pk)
    editing = request.method == "POST" or request.GET.get("edit")
    if editing and not cell.can_edit:
        raise PermissionDenied
    if request.method == "POST":
        return _save(request, mission, cell)
    if editing:
        return _form(request, mission, cell, ContributionCellForm(cell=cell))
    if not request.htmx:
        return redirect(_matrix_url(mission, cell))
    return _display(request, mission, cell)


def _save(request: HttpRequest, mission: Mission, cell: Cell) -> HttpResponse:
    form = ContributionCellForm(request.POST, cell=cell)
    if not form.is_valid():
        return _form(request, mission, cell, form, status=400)
    try:
        saved = contribution_set(
            component=cell.component,
            objective=cell.objective,
            role=form.cleaned_data["role"],
            narrative=form.cleaned_data["narrative"],
            expected_revision=form.read_revision,
            by=request.user,
        )
    except StaleEdit as exc:
        return _form(request, mission, cell, form, conflict=_conflict(exc, form), status=409)
    cell.contribution = saved
    if not request.htmx:
        messages.success(
            request,
            _("Contribution of %(component)s to %(code)s saved.")
            % {"component": cell.component.name, "code": cell.objective.code},
        )
        return redirect(_matrix_url(mission, cell))
    return _display(request, mission, cell, saved=True)


def _conflict(exc: StaleEdit, form: ContributionCellForm) -> dict[str, Any]:
    """The conflict box; if the contribution was removed meanwhile, the cell is empty again
    and saving once more creates it anew."""
    if exc.current is None:
        repost(form, revision="")
    return conflict_context(exc, form)


def _form(
    request: HttpRequest,
    mission: Mission,
    cell: Cell,
    form: ContributionCellForm,
    *,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_in_place(
        request,
        mission,
        {"cell": cell, "form": form, "conflict": conflict},
        partial="strategies/partials/_matrix_cell.html",
        page="strategies/matrix_cell.html",
        status=status,
    )


def _display(
    request: HttpRequest, mission: Mission, cell: Cell, *, saved: bool = False
) -> HttpResponse:
    """The cell, focused again; after a save also the totals and flags around it (OOB)."""
    context: dict[str, Any] = {"mission": mission, "cell": cell, "focus": True}
    if saved:
        context["margins"] = matrix_margins(component=cell.component, objective=cell.objective)
    return render(request, "strategies/partials/_matrix_cell.html", context)


def _matrix_url(mission: Mission, cell: Cell) -> str:
    return reverse("strategies:matrix", kwargs={"acronym": mission.acronym}) + f"#{cell.dom_id}"
