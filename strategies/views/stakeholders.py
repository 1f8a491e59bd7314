"""Stakeholders: the register, the position matrix (edited in place), a stakeholder's history.

Editing URLs ask for EDIT_STRATEGY (403 for other members, 404 for outsiders); every record
is looked up within the mission named in the URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.concurrency import StaleEdit
from core.editing import conflict_context, form_values, posted, status_for
from core.grids import start_of
from missions.editing import confirm_delete, editor_context, render_in_place
from missions.models import Mission, Stakeholder
from missions.policy import Action, get_mission_for_user
from strategies.forms_grids import PositionGridFilterForm
from strategies.forms_register import PositionForm, StakeholderFilterForm, StakeholderForm
from strategies.models import Objective, StakeholderPosition
from strategies.selectors.stakeholders import (
    Cell,
    position_history,
    position_matrix,
    stakeholder_history,
    stakeholder_register,
    stale_position_count,
)
from strategies.services.stakeholders import (
    position_record,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
)


def _stakeholder(mission: Mission, pk: int) -> Stakeholder:
    return get_object_or_404(Stakeholder.objects.filter(mission=mission), pk=pk)


# Register


@login_required
def stakeholders(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    filters = StakeholderFilterForm(request.GET)
    chosen = filters.values()
    context = editor_context(
        request,
        mission,
        filters=filters,
        filtered=any(chosen.values()),
        stakeholders=stakeholder_register(mission, **chosen),
    )
    return render(request, "strategies/stakeholders.html", context)


def _stakeholder_editor(
    request: HttpRequest, mission: Mission, stakeholder: Stakeholder
) -> HttpResponse:
    form = StakeholderForm(posted(request), instance=stakeholder, mission=mission)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = form_values(form)
        try:
            if stakeholder.pk:
                saved = stakeholder_update(
                    stakeholder=stakeholder,
                    values=values,
                    expected_revision=form.expected_revision,
                    by=request.user,
                )
            else:
                saved = stakeholder_create(mission=mission, values=values, by=request.user)
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except IntegrityError:
            # Two people added the same name at the same moment: the database said no.
            form.add_error("name", _("This mission already has a stakeholder with this name."))
        else:
            messages.success(request, _("Stakeholder “%(name)s” saved.") % {"name": saved.name})
            return redirect("strategies:stakeholder_detail", acronym=mission.acronym, pk=saved.pk)
    context = editor_context(
        request, mission, stakeholder=stakeholder, form=form, conflict=conflict
    )
    return render(
        request, "strategies/stakeholder_form.html", context, status=status_for(request, conflict)
    )


@login_required
def add_stakeholder(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    return _stakeholder_editor(request, mission, Stakeholder(mission=mission))


@login_required
def edit_stakeholder(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    return _stakeholder_editor(request, mission, _stakeholder(mission, pk))


@login_required
def delete_stakeholder(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes, if nobody changed the record meanwhile."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    stakeholder = _stakeholder(mission, pk)

    def page(record: Stakeholder) -> dict[str, Any]:
        positions = record.positions.count()
        return {
            "kind_label": _("stakeholder"),
            "consequence": ngettext(
                "Its %(n)s recorded position goes with it; the change history keeps a copy.",
                "Its %(n)s recorded positions go with it; the change history keeps a copy.",
                positions,
            )
            % {"n": positions},
            "delete_url": reverse("strategies:stakeholder_delete", args=[mission.acronym, pk]),
            "cancel_url": reverse("strategies:stakeholder_detail", args=[mission.acronym, pk]),
        }

    return confirm_delete(
        request,
        mission,
        stakeholder,
        delete=lambda expected: stakeholder_delete(
            stakeholder=stakeholder, expected_revision=expected, by=request.user
        ),
        deleted_message=_("Stakeholder “%(name)s” deleted.") % {"name": stakeholder.name},
        done_url=reverse("strategies:stakeholders", args=[mission.acronym]),
        page=page,
    )


@login_required
def stakeholder_detail(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    stakeholder = _stakeholder(mission, pk)
    context = editor_context(
        request,
        mission,
        stakeholder=stakeholder,
        history=stakeholder_history(stakeholder, today=timezone.localdate()),
    )
    return render(request, "strategies/stakeholder_detail.html", context)


# Position matrix


@login_required
def positions(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    filters = PositionGridFilterForm(request.GET, mission=mission)
    matrix = position_matrix(
        mission,
        today=timezone.localdate(),
        stakeholders=filters.stakeholder_q(),
        objectives=filters.objective_q(),
        rows_from=start_of(request.GET, "rows"),
        columns_from=start_of(request.GET, "columns"),
    )
    context = editor_context(
        request,
        mission,
        filters=filters,
        matrix=matrix,
        stances=StakeholderPosition.Stance.choices,
    )
    return render(request, "strategies/positions.html", context)


@login_required
def position_cell(
    request: HttpRequest, acronym: str, stakeholder_pk: int, objective_pk: int
) -> HttpResponse:
    """Record a new dated position: in place in the matrix (htmx) or on its own page."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    stakeholder = _stakeholder(mission, stakeholder_pk)
    objective = get_object_or_404(Objective.objects.filter(mission=mission), pk=objective_pk)
    today = timezone.localdate()
    cell, history = position_history(stakeholder, objective, today=today)
    if request.htmx and "cancel" in request.GET:
        return _cell_response(request, mission, cell, today)
    # Ids unique per cell: several cells may be open for editing at once.
    form = PositionForm(
        posted(request),
        mission=mission,
        latest=cell.position,
        auto_id=f"position-{stakeholder.pk}-{objective.pk}-%s",
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            position_record(
                stakeholder=stakeholder,
                objective=objective,
                stance=form.cleaned_data["stance"],
                as_of=form.cleaned_data["as_of"],
                note=form.cleaned_data["note"],
                basis=form.cleaned_data["basis"],
                expected_revision=form.expected_revision,
                by=request.user,
                marking=form.marking,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form, basis=getattr(exc.current, "pk", ""))
        else:
            if request.htmx:
                cell, _history = position_history(stakeholder, objective, today=today)
                return _cell_response(request, mission, cell, today, saved=True)
            messages.success(
                request,
                _("Position of %(who)s on %(code)s recorded.")
                % {"who": stakeholder.name, "code": objective.code},
            )
            url = reverse("strategies:positions", args=[mission.acronym])
            return redirect(f"{url}#cell-{stakeholder.pk}-{objective.pk}")
    return render_in_place(
        request,
        mission,
        editor_context(request, mission, cell=cell, history=history, form=form, conflict=conflict),
        partial="strategies/partials/_position_cell_form.html",
        page="strategies/position_form.html",
        status=status_for(request, conflict),
    )


def _cell_response(
    request: HttpRequest, mission: Mission, cell: Cell, today: date, *, saved: bool = False
) -> HttpResponse:
    """The cell as the matrix shows it, plus the stale count, which the edit may change."""
    context = editor_context(
        request,
        mission,
        cell=cell,
        refocus=True,
        saved=saved,
        stale_count=stale_position_count(mission, today=today),
        oob=True,
    )
    return render(request, "strategies/partials/_position_cell.html", context)
