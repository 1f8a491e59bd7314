"""The benchmark page: an exit condition's indicators, their readings as a chart and a table,
the status they give and any override; editors add indicators and readings and override.

Every write is a plain form POST that redirects back to the page (no script needed); a form
that fails comes back on the page with its errors next to the fields (400), or with the
conflict box when someone saved first (409).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from benchmarks import services
from benchmarks.entry import entered_in
from benchmarks.forms import IndicatorForm, OverrideForm, ReadingForm, indicator_reading_form
from benchmarks.models import Indicator, IndicatorReading, StatusOverride
from benchmarks.selectors import benchmark_of
from core.concurrency import StaleEdit
from core.editing import (
    add_service_errors,
    conflict_context,
    form_values,
    posted,
    posted_revision,
    status_for,
)
from missions.editing import confirm_delete, editor_context
from missions.models import Mission
from missions.policy import Action, get_mission_for_user
from strategies.models import ExitCondition
from strategies.selectors.exit_conditions import current_exit_conditions


def _condition(mission: Mission, pk: int) -> ExitCondition:
    return get_object_or_404(current_exit_conditions(mission).select_related("end_state"), pk=pk)


def _indicator(mission: Mission, pk: int) -> Indicator:
    found = (
        Indicator.objects.filter(exit_condition__in=current_exit_conditions(mission), pk=pk)
        .select_related("exit_condition__end_state")
        .first()
    )
    if found is None:
        raise Http404(_("No such indicator."))
    return found


def _url(mission: Mission, condition: ExitCondition, anchor: str = "") -> str:
    url = reverse("benchmarks:benchmark", args=[mission.acronym, condition.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(
    request: HttpRequest,
    mission: Mission,
    condition: ExitCondition,
    *,
    status: int = 200,
    reading_forms: dict[int, ReadingForm] | None = None,
    **extra: Any,
) -> HttpResponse:
    bench = benchmark_of(condition)
    given = reading_forms or {}
    for row in bench.rows:
        row.form = given.get(row.indicator.pk) or indicator_reading_form(
            indicator=row.indicator, mission=mission
        )
    context = editor_context(
        request,
        mission,
        condition=condition,
        bench=bench,
        indicator_form=extra.pop("indicator_form", None) or IndicatorForm(mission=mission),
        override_form=extra.pop("override_form", None)
        or OverrideForm(
            instance=bench.override,
            initial=None if bench.override else {"status": condition.status},
        ),
        **extra,
    )
    return render(request, "benchmarks/benchmark.html", context, status=status)


@login_required
@require_GET
def benchmark(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return _page(request, mission, _condition(mission, pk))


@login_required
@require_GET
def indicator(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """An indicator's place on its benchmark's page (where findings about it link)."""
    mission = get_mission_for_user(request.user, acronym)
    found = _indicator(mission, pk)
    return redirect(_url(mission, found.exit_condition, f"indicator-{found.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    condition = _condition(mission, pk)
    if request.method == "GET":
        return redirect(_url(mission, condition, "add-indicator"))
    form = IndicatorForm(request.POST, mission=mission)
    if form.is_valid():
        try:
            indicator = services.indicator_create(
                condition=condition, values=form_values(form), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator added."))
            return redirect(_url(mission, condition, f"indicator-{indicator.pk}"))
    return _page(request, mission, condition, status=400, indicator_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    indicator = _indicator(mission, pk)
    condition = indicator.exit_condition
    form = IndicatorForm(posted(request), instance=indicator, mission=mission)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator=indicator,
                values=form_values(form),
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(_url(mission, condition, f"indicator-{indicator.pk}"))
    context = editor_context(
        request, mission, condition=condition, indicator=indicator, form=form, conflict=conflict
    )
    return render(
        request,
        "benchmarks/indicator_form.html",
        context,
        status=status_for(request, conflict) if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    indicator = _indicator(mission, pk)
    condition = indicator.exit_condition

    def page(record: Any) -> dict[str, Any]:
        return {
            "kind_label": _("indicator"),
            "consequence": _("Its readings are deleted with it; the status follows the rest."),
            "delete_url": reverse("benchmarks:indicator_delete", args=[acronym, record.pk]),
            "cancel_url": _url(mission, condition, f"indicator-{record.pk}"),
        }

    return confirm_delete(
        request,
        mission,
        indicator,
        delete=lambda expected: services.indicator_delete(
            indicator=indicator, expected_revision=expected, by=request.user
        ),
        deleted_message=_("Indicator deleted."),
        done_url=_url(mission, condition),
        page=page,
    )


@login_required
@require_POST
def reading_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """A reading from the benchmark page, or from a review's exit conditions (then back
    there). Who may enter it the service decides: an editor, or the review's assessor."""
    mission = get_mission_for_user(request.user, acronym)
    indicator = _indicator(mission, pk)
    condition = indicator.exit_condition
    form = indicator_reading_form(request.POST, indicator=indicator, mission=mission)
    if form.is_valid():
        review = entered_in(request, mission, form)
        try:
            services.reading_add(
                indicator=indicator,
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
                back = reverse("reviews:assess_exit_conditions", args=[acronym, review.pk])
                return redirect(f"{back}#exit-condition-{condition.pk}")
            return redirect(_url(mission, condition, f"indicator-{indicator.pk}"))
    return _page(request, mission, condition, status=400, reading_forms={indicator.pk: form})


@login_required
@require_POST
def reading_delete(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    reading = (
        IndicatorReading.objects.filter(
            indicator__exit_condition__in=current_exit_conditions(mission), pk=pk
        )
        .select_related("indicator__exit_condition__end_state")
        .first()
    )
    if reading is None:
        raise Http404(_("No such reading."))
    services.reading_delete(reading=reading, by=request.user)
    messages.success(request, _("Reading deleted."))
    return redirect(
        _url(mission, reading.indicator.exit_condition, f"indicator-{reading.indicator_id}")
    )


@login_required
@require_POST
def override(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Set the status by judgement, or (the other button) go back to the readings."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    condition = _condition(mission, pk)
    current = StatusOverride.objects.filter(exit_condition=condition).first()
    if "clear" in request.POST:
        if current is not None:
            try:
                services.override_clear(
                    override=current, expected_revision=posted_revision(request), by=request.user
                )
            except StaleEdit:
                messages.error(
                    request,
                    _("Someone changed the override since you opened the page; read it again."),
                )
                return _page(request, mission, condition, status=409)
        messages.success(request, _("The status follows the readings again."))
        return redirect(_url(mission, condition, "status"))
    form = OverrideForm(request.POST, instance=current)
    conflict = None
    if form.is_valid():
        try:
            services.override_set(
                condition=condition,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_revision=form.cleaned_data.get("revision") if current else None,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status set; the reason is kept in the history."))
            return redirect(_url(mission, condition, "status"))
    return _page(
        request,
        mission,
        condition,
        status=409 if conflict else 400,
        override_form=form,
        override_conflict=conflict,
    )
