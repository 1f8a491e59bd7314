"""The workbook page: the strategy out as .xlsx, and readings back in with a preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import exported_file
from mandates.uploads import too_large_message, upload_was_cut
from missions.models import Mission
from missions.policy import Action, can, get_mission_for_user, mission_context
from workbooks.export import XLSX_TYPE, strategy_workbook, workbook_filename
from workbooks.forms import WorkbookUploadForm
from workbooks.importing import (
    ChangedMeanwhile,
    Preview,
    RowError,
    WorkbookRefused,
    apply_changes,
    change_rows,
    changes_from_token,
    read_workbook,
    sheet_title,
)


def _page(
    request: HttpRequest,
    mission: Mission,
    *,
    form: WorkbookUploadForm | None = None,
    preview: Preview | None = None,
    status: int = 200,
) -> HttpResponse:
    can_import = can(request.user, Action.EDIT_STRATEGY, mission)
    context: dict[str, Any] = mission_context(request.user, mission)
    context.update(
        form=form or (WorkbookUploadForm() if can_import else None),
        can_import=can_import,
        preview=preview,
        rows=change_rows(preview.changes, mission=mission) if preview else [],
        token=preview.token(mission) if preview and preview.can_confirm else "",
    )
    return render(request, "workbooks/workbook.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def workbook(request: HttpRequest, acronym: str) -> HttpResponse:
    """GET: export and import. POST: the file read into a preview; nothing saved."""
    if request.method == "GET":
        return _page(request, get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF))
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    if upload_was_cut(request):
        form = WorkbookUploadForm()
        form.add_error("file", too_large_message())
        return _page(request, mission, form=form, status=413)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, mission, form=form, status=400)
    try:
        preview = read_workbook(form.cleaned_data["file"], mission=mission)
    except WorkbookRefused as refused:
        form.add_error("file", str(refused))
        return _page(request, mission, form=form, status=400)
    return _page(request, mission, form=WorkbookUploadForm(), preview=preview)


@login_required
@require_GET
def export(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    return exported_file(
        request,
        data=strategy_workbook(mission, by=request.user),
        content_type=XLSX_TYPE,
        filename=workbook_filename(mission, mission.today()),
        target=f"workbook:{mission.acronym}",
        mission=mission.acronym,
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, acronym: str) -> HttpResponse:
    """Write what the preview showed, all or nothing."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    try:
        changes = changes_from_token(request.POST.get("changes", ""), mission)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return HttpResponseBadRequest(_("This import preview is not valid; upload the file again."))
    try:
        count = apply_changes(changes, mission=mission, by=request.user)
    except ChangedMeanwhile as stale:
        kept = [c for c in changes if c not in stale.changes]
        message = _(
            "Changed in the workbench since you uploaded the file; nothing was saved. Export "
            "again to see what is there now."
        )
        errors = [RowError(sheet_title(c.kind), c.row, message) for c in stale.changes]
        preview = Preview(changes=kept, errors=errors)
        return _page(request, mission, preview=preview, status=409)
    messages.success(
        request,
        ngettext(
            "Imported %(count)s change from the workbook.",
            "Imported %(count)s changes from the workbook.",
            count,
        )
        % {"count": count},
    )
    return redirect("workbooks:workbook", mission.acronym)
