"""The mandate timeline and the import screen (read, preview and correct, then save)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mandates.forms import ImportSourceForm, MandateConfirmForm
from mandates.parsing import NotAResolution, parse_resolution
from mandates.selectors import mandate_latest, mandate_timeline
from mandates.services import mandate_import
from missions.models import Mission
from missions.policy import Action, can, get_mission_for_user, mission_context


@login_required
@require_http_methods(["GET"])
def timeline(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    rows = mandate_timeline(mission, today=timezone.localdate(timezone=ZoneInfo(mission.time_zone)))
    imported = next((r for r in rows if str(r.mandate.pk) == request.GET.get("imported")), None)
    context = mission_context(request.user, mission)
    context.update(
        rows=rows,
        imported=imported,
        can_import=can(request.user, Action.IMPORT_MANDATE, mission),
    )
    return render(request, "mandates/timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_resolution(request: HttpRequest, acronym: str) -> HttpResponse:
    """GET: the upload form. POST: read the file or text and show the preview; save nothing."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    if request.method == "GET":
        return _source_page(request, mission, ImportSourceForm())
    form = ImportSourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _source_page(request, mission, form, status=400)
    data = form.cleaned_data
    preview = MandateConfirmForm(
        MandateConfirmForm.data_for(
            data["parsed"], text=data["source_text"], source_name=data["source_name"]
        ),
        mission=mission,
        parsed=data["parsed"],
    )
    preview.is_valid()  # shows at once what must be corrected, e.g. a symbol already imported
    return _preview_page(request, mission, preview)


@login_required
@require_POST
def import_confirm(request: HttpRequest, acronym: str) -> HttpResponse:
    """Parse the carried text again, apply the corrections, save the mandate and its tasks."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    carried = request.POST.get("source_text", "")
    try:
        parsed = parse_resolution(carried)
    except NotAResolution:  # only when the hidden field was tampered with: say why, as step 1
        source = ImportSourceForm({"text": carried})
        source.is_valid()
        return _source_page(request, mission, source, status=400)
    form = MandateConfirmForm(request.POST, mission=mission, parsed=parsed)
    if form.is_valid():
        try:
            mandate = mandate_import(
                mission=mission,
                parsed=form.corrected(),
                by=request.user,
                source=form.cleaned_data["source_name"],
            )
        except ValidationError as exc:  # imported by someone else since the preview
            form.add_error("symbol", exc)
        else:
            messages.success(
                request,
                _("Imported %(symbol)s: %(count)s tasks.")
                % {"symbol": mandate.symbol, "count": len(parsed.flat())},
            )
            url = reverse("mandates:timeline", kwargs={"acronym": mission.acronym})
            return redirect(f"{url}?imported={mandate.pk}")
    return _preview_page(request, mission, form, status=400)


def _source_page(
    request: HttpRequest, mission: Mission, form: ImportSourceForm, status: int = 200
) -> HttpResponse:
    context = mission_context(request.user, mission)
    context["form"] = form
    return render(request, "mandates/import_form.html", context, status=status)


def _preview_page(
    request: HttpRequest, mission: Mission, form: MandateConfirmForm, status: int = 200
) -> HttpResponse:
    parsed = form.parsed
    flat = parsed.flat()
    context: dict[str, Any] = mission_context(request.user, mission)
    context.update(
        form=form,
        parsed=parsed,
        counts={
            "operative": len(parsed.paragraphs),
            "tasks": len(flat),
            "priorities": sum(p.is_strategic_priority for p in flat),
            "doubts": len(parsed.warnings) + sum(len(p.warnings) for p in flat),
        },
        current=mandate_latest(mission),
    )
    return render(request, "mandates/import_preview.html", context, status=status)


urlpatterns = [
    path("", timeline, name="timeline"),
    path("import/", import_resolution, name="import"),
    path("import/confirm/", import_confirm, name="import_confirm"),
]
