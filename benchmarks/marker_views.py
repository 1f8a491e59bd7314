"""A marker of progress measured as a series, under /missions/<acronym>/benchmarks/markers/:
how it is measured (a unit or a scale, baseline, target), its values as a chart and a table,
and the forms to add them. A value may come from a review's objective sheet; it then goes back
there. Plain form POSTs that redirect (no script needed); a form that fails comes back with its
errors next to the fields (400), or the conflict box when someone saved first (409)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from benchmarks import marker_services as services
from benchmarks.entry import entered_in
from benchmarks.forms import MeasureForm, ReadingForm, marker_value_form
from benchmarks.marker_series import marker_row
from benchmarks.models import MarkerMeasure, MarkerValue
from core.concurrency import StaleEdit
from core.editing import add_service_errors, conflict_context, form_values, posted_revision
from missions.editing import editor_context
from missions.models import Mission
from missions.policy import Action, get_mission_for_user
from strategies.models import ProgressMarker


def _marker(mission: Mission, pk: int) -> ProgressMarker:
    return get_object_or_404(
        ProgressMarker.objects.filter(objective__mission=mission).select_related("objective"),
        pk=pk,
    )


def _url(mission: Mission, marker: ProgressMarker, anchor: str = "") -> str:
    url = reverse("benchmarks:marker", args=[mission.acronym, marker.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(
    request: HttpRequest,
    mission: Mission,
    marker: ProgressMarker,
    *,
    status: int = 200,
    value_form: ReadingForm | None = None,
    measure_form: MeasureForm | None = None,
    **extra: Any,
) -> HttpResponse:
    row = marker_row(marker)
    measure = row.measure if row else None
    if row is not None:
        row.form = value_form or marker_value_form(measure=measure, mission=mission)
    context = editor_context(
        request,
        mission,
        marker=marker,
        objective=marker.objective,
        row=row,
        measure_form=measure_form or MeasureForm(instance=measure),
        **extra,
    )
    return render(request, "benchmarks/marker.html", context, status=status)


@login_required
@require_GET
def marker(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return _page(request, mission, _marker(mission, pk))


@login_required
@require_POST
def measure(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Measure the marker or change how; the other button takes it back to words."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    marker = _marker(mission, pk)
    current = MarkerMeasure.objects.filter(marker=marker).first()
    if "clear" in request.POST:
        if current is not None:
            try:
                services.measure_clear(
                    measure=current, expected_revision=posted_revision(request), by=request.user
                )
            except StaleEdit:
                messages.error(
                    request,
                    _("Someone changed the measure since you opened the page; read it again."),
                )
                return _page(request, mission, marker, status=409)
        messages.success(request, _("The marker is read in words again."))
        return redirect(_url(mission, marker))
    form = MeasureForm(request.POST, instance=current)
    conflict = None
    if form.is_valid():
        try:
            services.measure_set(
                marker=marker,
                values=form_values(form),
                expected_revision=form.cleaned_data.get("revision") if current else None,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Measure saved."))
            return redirect(_url(mission, marker, "series"))
    return _page(
        request,
        mission,
        marker,
        status=409 if conflict else 400,
        measure_form=form,
        measure_conflict=conflict,
    )


@login_required
@require_POST
def value_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    marker = _marker(mission, pk)
    measure = MarkerMeasure.objects.filter(marker=marker).first()
    if measure is None:
        raise Http404(_("This marker is read in words."))
    form = marker_value_form(request.POST, measure=measure, mission=mission)
    if form.is_valid():
        review = entered_in(request, mission, form)
        try:
            services.value_add(
                marker=marker,
                value=form.cleaned_data["value"],
                read_on=form.cleaned_data["read_on"],
                note=form.cleaned_data["note"],
                review=review,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reading added."))
            if review is not None:
                return redirect(
                    reverse(
                        "reviews:assess_objective",
                        args=[acronym, review.pk, marker.objective.code],
                    )
                    + f"#marker-{marker.pk}"
                )
            return redirect(_url(mission, marker, "series"))
    return _page(request, mission, marker, status=400, value_form=form)


@login_required
@require_POST
def value_delete(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    value = (
        MarkerValue.objects.filter(marker__objective__mission=mission, pk=pk)
        .select_related("marker__objective")
        .first()
    )
    if value is None:
        raise Http404(_("No such reading."))
    services.value_delete(value=value, by=request.user)
    messages.success(request, _("Reading deleted."))
    return redirect(_url(mission, value.marker, "series"))
