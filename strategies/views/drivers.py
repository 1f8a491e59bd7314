"""Conflict analysis: drivers by level, the objectives that address them, and their editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.editing import conflict_context, form_values, posted, status_for
from missions.editing import confirm_delete, editor_context
from missions.models import Mission
from missions.policy import Action, get_mission_for_user
from strategies.forms_register import DriverForm
from strategies.models import ConflictDriver
from strategies.selectors.drivers import conflict_analysis
from strategies.services.drivers import driver_create, driver_delete, driver_update


def _driver(mission: Mission, pk: int) -> ConflictDriver:
    return get_object_or_404(ConflictDriver.objects.filter(mission=mission), pk=pk)


@login_required
def drivers(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = editor_context(request, mission, analysis=conflict_analysis(mission))
    return render(request, "strategies/drivers.html", context)


def _driver_editor(request: HttpRequest, mission: Mission, driver: ConflictDriver) -> HttpResponse:
    form = DriverForm(posted(request), instance=driver, mission=mission)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = form_values(form)
        objectives = values.pop("objectives")
        try:
            if driver.pk:
                saved = driver_update(
                    driver=driver,
                    values=values,
                    objectives=objectives,
                    expected_revision=form.expected_revision,
                    by=request.user,
                )
            else:
                saved = driver_create(
                    mission=mission, values=values, objectives=objectives, by=request.user
                )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        else:
            messages.success(request, _("Driver “%(title)s” saved.") % {"title": saved.title})
            url = reverse("strategies:drivers", args=[mission.acronym])
            return redirect(f"{url}#driver-{saved.pk}")
    context = editor_context(request, mission, driver=driver, form=form, conflict=conflict)
    return render(
        request, "strategies/driver_form.html", context, status=status_for(request, conflict)
    )


@login_required
def add_driver(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    return _driver_editor(request, mission, ConflictDriver(mission=mission))


@login_required
def edit_driver(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    return _driver_editor(request, mission, _driver(mission, pk))


@login_required
def delete_driver(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes, if nobody changed the driver meanwhile."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    driver = _driver(mission, pk)
    list_url = reverse("strategies:drivers", args=[mission.acronym])
    return confirm_delete(
        request,
        mission,
        driver,
        delete=lambda expected: driver_delete(
            driver=driver, expected_revision=expected, by=request.user
        ),
        deleted_message=_("Driver “%(title)s” deleted.") % {"title": driver.title},
        done_url=list_url,
        page=lambda record: {
            "kind_label": _("conflict driver"),
            "consequence": _(
                "Its links to objectives go with it; the objectives stay. "
                "The change history keeps a copy."
            ),
            "delete_url": reverse("strategies:driver_delete", args=[mission.acronym, pk]),
            "cancel_url": f"{list_url}#driver-{pk}",
        },
    )
