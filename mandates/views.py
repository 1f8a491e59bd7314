"""The mandate timeline and the import screen (read, preview and correct, then save).

A PDF is read by the worker, never here: the upload is stored and the person watches its
progress (``import/<job>/``, polled with HTMX) until the same preview appears, or the reason
the file was refused. Pasted text and .txt files are cheap and are read at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.concurrency import StaleEdit
from core.editing import conflict_context, form_values, posted, status_for
from mandates.forms import (
    ImportSourceForm,
    MandateConfirmForm,
    ObligationCreateForm,
    ObligationForm,
)
from mandates.models import RESOLUTION_MAX_CHARS, MandateImportJob
from mandates.parsing import NotAResolution, ParsedResolution, parse_resolution
from mandates.selectors import (
    get_import_job_for_user,
    get_obligation,
    mandate_latest,
    mandate_timeline,
    mission_obligations,
    renewal_match,
)
from mandates.services import (
    import_job_create,
    import_job_error_message,
    mandate_import,
    obligation_create,
    obligation_delete,
    obligation_update,
)
from mandates.uploads import too_large_message, upload_was_cut
from missions.editing import confirm_delete
from missions.models import Mission
from missions.policy import Action, can, get_mission_for_user, mission_context


@login_required
@require_http_methods(["GET"])
def timeline(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    today = mission.today()
    rows = mandate_timeline(mission, today=today)
    imported = next((r for r in rows if str(r.mandate.pk) == request.GET.get("imported")), None)
    context = mission_context(request.user, mission)
    context.update(
        rows=rows,
        obligations=mission_obligations(mission, today=today),
        imported=imported,
        can_import=can(request.user, Action.IMPORT_MANDATE, mission),
    )
    return render(request, "mandates/timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_resolution(request: HttpRequest, acronym: str) -> HttpResponse:
    """GET: the upload form. POST: text is read and previewed at once; a PDF is stored and
    queued for the worker, and the person is sent to watch it being read. Saves no mandate."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    if request.method == "GET":
        return _source_page(request, mission, ImportSourceForm())
    if upload_was_cut(request):
        form = ImportSourceForm.refused(too_large_message())
        return _source_page(request, mission, form, status=413)
    form = ImportSourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _source_page(request, mission, form, status=400)
    data = form.cleaned_data
    if "pdf" in data:
        job = import_job_create(mission=mission, by=request.user, upload=data["pdf"])
        return redirect("mandates:import_job", mission.acronym, job.pk)
    return _first_preview(
        request, mission, data["parsed"], text=data["source_text"], source=data["source_name"]
    )


@login_required
@require_http_methods(["GET"])
def import_job(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The PDF being read (progress), then what was read (the preview), or why it was refused
    (the upload form again, the reason beside the file field)."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    job = get_import_job_for_user(request.user, pk, mission=mission)
    if job.is_pending:
        context = mission_context(request.user, mission)
        context["job"] = job
        return render(request, "mandates/import_progress.html", context)
    if job.is_failed:
        form = ImportSourceForm.refused(import_job_error_message(job))
        return _source_page(request, mission, form, job=job)
    parsed = parse_resolution(job.text)  # read by the worker already; checked there
    return _first_preview(request, mission, parsed, text=job.text, source=job.source_name)


@login_required
@require_http_methods(["GET"])
def import_job_status(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """What the progress page polls: the fragment while reading, then off to the result."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    job = get_import_job_for_user(request.user, pk, mission=mission)
    if job.is_pending:
        return render(request, "mandates/partials/_import_status.html", {"job": job})
    url = reverse("mandates:import_job", args=[mission.acronym, job.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _first_preview(
    request: HttpRequest, mission: Mission, parsed: ParsedResolution, *, text: str, source: str
) -> HttpResponse:
    renewal = renewal_match(mission=mission, parsed=parsed)
    preview = MandateConfirmForm(
        MandateConfirmForm.data_for(parsed, text=text, source_name=source, renewal=renewal),
        mission=mission,
        parsed=parsed,
    )
    preview.renewal = renewal  # matched once for the data and the rows
    preview.is_valid()  # shows at once what must be corrected, e.g. a symbol already imported
    return _preview_page(request, mission, preview)


@login_required
@require_POST
def import_confirm(request: HttpRequest, acronym: str) -> HttpResponse:
    """Parse the carried text again, apply the corrections, save the mandate and its tasks."""
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    carried = request.POST.get("source_text", "")
    try:
        if len(carried) > RESOLUTION_MAX_CHARS:  # parsing time grows with the text: bound it
            raise NotAResolution("The text is longer than any resolution.")
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
                obligations=form.obligations(),
                procedural_confirmed=True,
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
    request: HttpRequest,
    mission: Mission,
    form: ImportSourceForm,
    status: int = 200,
    job: MandateImportJob | None = None,
) -> HttpResponse:
    context = mission_context(request.user, mission)
    context.update(form=form, job=job)
    return render(request, "mandates/import_form.html", context, status=status)


def _preview_page(
    request: HttpRequest, mission: Mission, form: MandateConfirmForm, status: int = 200
) -> HttpResponse:
    parsed = form.parsed
    flat = parsed.flat()
    procedural = form.procedural_count
    context: dict[str, Any] = mission_context(request.user, mission)
    context.update(
        form=form,
        parsed=parsed,
        counts={
            "operative": len(parsed.paragraphs),
            "tasks": len(flat) - procedural,
            "priorities": sum(p.is_strategic_priority for p in flat),
            "procedural": procedural,
            "doubts": len(parsed.warnings) + sum(len(p.warnings) for p in flat),
        },
        current=mandate_latest(mission),
    )
    return render(request, "mandates/import_preview.html", context, status=status)


# Reporting obligations by hand -------------------------------------------------------------


def _obligations_url(mission: Mission) -> str:
    return reverse("mandates:timeline", args=[mission.acronym]) + "#reporting"


@login_required
@require_http_methods(["GET", "POST"])
def obligation_create_view(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    form = ObligationCreateForm(posted(request), mission=mission)
    if request.method == "POST" and form.is_valid():
        count = obligation_create(
            mandate=form.cleaned_data["mandate"],
            request=form.request(),
            title=form.cleaned_data["title"],
            by=request.user,
        )
        messages.success(
            request,
            ngettext(
                "Added %(count)s reporting obligation.",
                "Added %(count)s reporting obligations, one per due date.",
                count,
            )
            % {"count": count},
        )
        return redirect(_obligations_url(mission))
    context = mission_context(request.user, mission)
    context.update(form=form, obligation=None)
    return render(
        request, "mandates/obligation_form.html", context, status=status_for(request, None)
    )


@login_required
@require_http_methods(["GET", "POST"])
def obligation_edit_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    obligation = get_obligation(mission, pk)
    form = ObligationForm(posted(request), instance=obligation, mission=mission)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            obligation_update(
                obligation=obligation,
                values=form_values(form),
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        else:
            messages.success(request, _("Reporting obligation saved."))
            return redirect(_obligations_url(mission))
    context = mission_context(request.user, mission)
    context.update(form=form, obligation=obligation, conflict=conflict)
    return render(
        request, "mandates/obligation_form.html", context, status=status_for(request, conflict)
    )


@login_required
@require_http_methods(["GET", "POST"])
def obligation_delete_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.IMPORT_MANDATE)
    obligation = get_obligation(mission, pk)
    return confirm_delete(
        request,
        mission,
        obligation,
        delete=lambda revision: obligation_delete(
            obligation=obligation, expected_revision=revision, by=request.user
        ),
        deleted_message=_("Reporting obligation deleted."),
        done_url=_obligations_url(mission),
        page=lambda record: {
            "kind_label": _("reporting obligation"),
            "consequence": _(
                "%(label)s due on %(day)s will no longer be on the timeline, in reminders or "
                "in the calendar."
            )
            % {"label": record.label, "day": date_format(record.due_on)},
            "delete_url": reverse("mandates:obligation_delete", args=[mission.acronym, record.pk]),
            "cancel_url": _obligations_url(mission),
        },
    )
