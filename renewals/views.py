"""The renewal workspace: recommend what the Council should do with each mandated task, propose
new ones, comment, approve; take it out as Word or Excel; read it against the Council's decision.

Every write URL also works without JavaScript (a form page and a redirect); htmx only saves the
round trip of the recommendation on a task.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import StaleEdit
from core.downloads import exported_file
from core.editing import add_service_errors, conflict_context, posted, posted_revision
from core.hostile_input import plain_digits
from mandates.models import Mandate
from mandates.selectors import get_task, mandate_latest, predecessor, successor
from missions.editing import render_in_place
from missions.models import Mission
from missions.policy import Action, get_mission_for_user, mission_context
from renewals import services
from renewals.documents import DOCX_TYPE, XLSX_TYPE, filename, renewal_docx, renewal_xlsx
from renewals.forms import CommentForm, NoteForm, ProposedTaskForm, RecommendationForm
from renewals.models import Recommendation, Renewal
from renewals.outcome import renewal_outcome
from renewals.selectors import (
    HISTORY_PAGE,
    comments_of,
    content_stamp,
    get_mandate,
    get_proposed,
    history_of,
    mandate_asked,
    renewal_of,
    task_row,
    workspace,
)


def _workspace_url(mandate: Mandate, anchor: str = "") -> str:
    url = reverse("renewals:workspace", args=[mandate.mission.acronym])
    if mandate_latest(mandate.mission) != mandate:
        url += f"?mandate={mandate.pk}"
    return f"{url}#{anchor}" if anchor else url


def _rights(actions: frozenset[Action], renewal: Renewal | None) -> dict[str, bool]:
    editable = renewal is None or renewal.is_editable
    approvable = renewal is not None and renewal.is_editable
    return {
        "can_edit": Action.EDIT_STRATEGY in actions and editable,
        "can_approve": Action.APPROVE_COUNCIL_INPUT in actions and approvable,
        "can_reopen": Action.APPROVE_COUNCIL_INPUT in actions and not editable,
        "can_comment": Action.COMMENT in actions,
        "can_export": Action.EXPORT_BRIEF in actions,
    }


def _page(
    request: HttpRequest,
    mission: Mission,
    mandate: Mandate,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    renewal = renewal_of(mandate)
    context = mission_context(request.user, mission)
    rights = _rights(context["actions"], renewal)
    space = workspace(mandate, renewal)
    recommendations = [row.recommendation for row in space.rows if row.recommendation]
    context.update(
        rights,
        mandate=mandate,
        renewal=renewal,
        space=space,
        stamp=content_stamp(renewal),
        renewed_by=successor(mandate),
        previous=predecessor(mandate),
        in_force=mandate_latest(mission) == mandate,
        comments=comments_of(renewal),
        entries=history_of(renewal),
        note_form=forms.pop("note_form", None) or NoteForm(renewal=renewal),
        proposed_form=forms.pop("proposed_form", None) or ProposedTaskForm(mission_id=mission.pk),
        comment_form=forms.pop("comment_form", None)
        or CommentForm(recommendations=recommendations),
        **forms,
    )
    return render(request, "renewals/workspace.html", context, status=status)


@login_required
@require_GET
def workspace_page(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    mandate = mandate_asked(mission, request.GET.get("mandate"))
    if mandate is None:
        context = mission_context(request.user, mission)
        return render(request, "renewals/no_mandate.html", context)
    return _page(request, mission, mandate)


# The recommendation on a task ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, acronym: str, task_pk: int) -> HttpResponse:
    """GET shows the task (``?edit=1``: its form); POST saves or withdraws the
    recommendation. Only the strategy team, and only while the renewal is a draft."""
    mission = get_mission_for_user(request.user, acronym)
    task = get_task(mission, task_pk)
    editing = request.method == "POST" or request.GET.get("edit")
    if editing:
        mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    if not editing and not request.htmx:
        return redirect(_workspace_url(task.mandate, f"task-{task.pk}"))
    row = task_row(task)
    if not editing:
        return _task_display(request, mission, row)
    renewal = renewal_of(task.mandate)
    if request.method == "GET" and renewal is not None and not renewal.is_editable:
        if request.htmx:
            return _task_display(request, mission, row)
        messages.error(request, _("The recommendations are approved: they are read-only."))
        return redirect(_workspace_url(task.mandate, f"task-{task.pk}"))
    form = RecommendationForm(posted(request), task=task, recommendation=row.recommendation)
    conflict = None
    if request.method == "POST" and "delete" in request.POST:
        if row.recommendation is None:
            return _task_done(request, mission, task, _("No recommendation to withdraw."))
        try:
            services.recommendation_delete(
                recommendation=row.recommendation,
                expected_revision=posted_revision(request),
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form) if exc.current else {"gone": True}
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _task_done(request, mission, task, _("Recommendation withdrawn."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(
                task=task,
                values=form.cleaned_data,
                expected_revision=form.revision_read,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _task_done(request, mission, task, _("Recommendation saved."))
    return render_in_place(
        request,
        mission,
        {"row": task_row(task) if conflict else row, "form": form, "conflict": conflict},
        partial="renewals/partials/_task.html",
        page="renewals/recommendation_form.html",
        status=_form_status(request, form, conflict),
    )


def _form_status(request: HttpRequest, form: Any, conflict: dict[str, Any] | None) -> int:
    if request.method != "POST":
        return 200
    if conflict:
        return 409
    return 400


def _task_display(
    request: HttpRequest, mission: Mission, row: Any, *, saved: str = ""
) -> HttpResponse:
    renewal = renewal_of(row.task.mandate)
    context = {
        "mission": mission,
        "row": row,
        "focus": bool(saved),
        "saved": saved,
        "mandate": row.task.mandate,
        **_rights(mission_context(request.user, mission)["actions"], renewal),
    }
    if saved:
        # The counts and the approval's stamp changed with it.
        context.update(
            oob=True,
            renewal=renewal,
            space=workspace(row.task.mandate, renewal),
            stamp=content_stamp(renewal),
        )
    return render(request, "renewals/partials/_task.html", context)


def _task_done(request: HttpRequest, mission: Mission, task: Any, message: str) -> HttpResponse:
    if request.htmx:
        return _task_display(request, mission, task_row(task), saved=message)
    messages.success(request, message)
    return redirect(_workspace_url(task.mandate, f"task-{task.pk}"))


# Proposed new tasks ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposed_add(request: HttpRequest, acronym: str, mandate_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    mandate = get_mandate(mission, mandate_pk)
    form = ProposedTaskForm(posted(request), mission_id=mission.pk)
    if request.method == "POST" and form.is_valid():
        try:
            proposed = services.proposed_task_create(
                mandate=mandate,
                text=form.cleaned_data["text"],
                rationale=form.cleaned_data["rationale"],
                objectives=form.cleaned_data["objectives"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New task proposed."))
            return redirect(_workspace_url(mandate, f"proposed-{proposed.pk}"))
    context = mission_context(request.user, mission)
    context.update(mandate=mandate, form=form, proposed=None)
    return render(
        request,
        "renewals/proposed_form.html",
        context,
        status=_form_status(request, form, None),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposed_edit(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Edit a proposed task, or (the form's other button) delete it."""
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    proposed = get_proposed(mission, pk)
    mandate = proposed.renewal.mandate
    form = ProposedTaskForm(posted(request), mission_id=mission.pk, proposed=proposed)
    conflict = None
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.proposed_task_delete(
                proposed=proposed, expected_revision=posted_revision(request), by=request.user
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form) if exc.current else {"gone": True}
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proposed task deleted."))
            return redirect(_workspace_url(mandate, "proposed"))
    elif request.method == "POST" and form.is_valid():
        try:
            services.proposed_task_update(
                proposed=proposed,
                text=form.cleaned_data["text"],
                rationale=form.cleaned_data["rationale"],
                objectives=form.cleaned_data["objectives"],
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposed task saved."))
            return redirect(_workspace_url(mandate, f"proposed-{proposed.pk}"))
    context = mission_context(request.user, mission)
    context.update(mandate=mandate, form=form, proposed=proposed, conflict=conflict)
    return render(
        request,
        "renewals/proposed_form.html",
        context,
        status=_form_status(request, form, conflict),
    )


# The covering note, the approval, comments ------------------------------------------------------


@login_required
@require_POST
def note_edit(request: HttpRequest, acronym: str, mandate_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    mandate = get_mandate(mission, mandate_pk)
    form = NoteForm(request.POST, renewal=renewal_of(mandate))
    conflict = None
    if form.is_valid():
        try:
            services.renewal_note_update(
                mandate=mandate,
                note=form.cleaned_data["note"],
                expected_revision=form.revision_read,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Covering note saved."))
            return redirect(_workspace_url(mandate, "note"))
    return _page(
        request,
        mission,
        mandate,
        status=_form_status(request, form, conflict),
        note_form=form,
        note_conflict=conflict,
    )


@login_required
@require_POST
def status_change(request: HttpRequest, acronym: str, mandate_pk: int) -> HttpResponse:
    """Approve (the head of mission, at the revision and content read) or reopen."""
    mission = get_mission_for_user(request.user, acronym, Action.APPROVE_COUNCIL_INPUT)
    mandate = get_mandate(mission, mandate_pk)
    renewal = renewal_of(mandate)
    step = request.POST.get("step")
    if renewal is None or step not in {"approve", "reopen"}:
        messages.error(request, _("There is nothing to approve yet: no recommendation is drafted."))
        return _page(request, mission, mandate, status=400)
    try:
        if step == "approve":
            services.renewal_approve(
                renewal=renewal,
                expected_revision=posted_revision(request),
                expected_stamp=request.POST.get("stamp", ""),
                by=request.user,
            )
        else:
            services.renewal_reopen(
                renewal=renewal, expected_revision=posted_revision(request), by=request.user
            )
    except StaleEdit:
        messages.error(
            request,
            _(
                "Someone changed the recommendations since you opened the page; "
                "read them again before you decide."
            ),
        )
        return _page(request, mission, mandate, status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page(request, mission, mandate, status=400)
    if step == "approve":
        messages.success(request, _("Recommendations approved. They are read-only now."))
    else:
        messages.success(request, _("Reopened as a draft."))
    return redirect(_workspace_url(mandate))


@login_required
@require_POST
def comment_add(request: HttpRequest, acronym: str, mandate_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.COMMENT)
    mandate = get_mandate(mission, mandate_pk)
    renewal = renewal_of(mandate)
    recommendations = list(
        Recommendation.objects.filter(renewal=renewal).select_related("task") if renewal else []
    )
    form = CommentForm(request.POST, recommendations=recommendations)
    if form.is_valid():
        try:
            services.comment_add(
                mandate=mandate,
                body=form.cleaned_data["body"],
                recommendation=form.recommendation,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect(_workspace_url(mandate, "comments"))
    return _page(request, mission, mandate, status=400, comment_form=form)


# History, documents ----------------------------------------------------------------------------


def _mandate_or_404(mission: Mission, asked: str | None) -> Mandate:
    mandate = mandate_asked(mission, asked)
    if mandate is None:
        raise Http404(_("No mandate is recorded for this mission."))
    return mandate


@login_required
@require_GET
def history(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    mandate = _mandate_or_404(mission, request.GET.get("mandate"))
    renewal = renewal_of(mandate)
    context = mission_context(request.user, mission)
    context.update(
        mandate=mandate,
        renewal=renewal,
        entries=history_of(renewal, limit=HISTORY_PAGE),
        limit=HISTORY_PAGE,
        workspace_url=_workspace_url(mandate),
    )
    return render(request, "renewals/history.html", context)


def _download(
    request: HttpRequest, mandate: Mandate, data: bytes, content_type: str, extension: str
) -> HttpResponse:
    return exported_file(
        request,
        data=data,
        content_type=content_type,
        filename=filename(mandate, extension),
        target=f"renewal:{mandate.pk}",
        mission=mandate.mission.acronym,
    )


@login_required
@require_GET
def export_docx(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    mandate = _mandate_or_404(mission, request.GET.get("mandate"))
    return _download(request, mandate, renewal_docx(mandate), DOCX_TYPE, "docx")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    mandate = _mandate_or_404(mission, request.GET.get("mandate"))
    return _download(request, mandate, renewal_xlsx(mandate), XLSX_TYPE, "xlsx")


# Against the outcome -------------------------------------------------------------------------


def _asked_pk(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not plain_digits(value):
        raise Http404(_("No such mandate."))
    return int(value)


@login_required
@require_GET
def outcome(request: HttpRequest, acronym: str) -> HttpResponse:
    """The recommendations on ``?old=`` against the renewal ``?new=``; by default the mandate
    in force against the one before it."""
    mission = get_mission_for_user(request.user, acronym)
    new_pk, old_pk = _asked_pk(request.GET.get("new")), _asked_pk(request.GET.get("old"))
    new = get_mandate(mission, new_pk) if new_pk else None
    old = get_mandate(mission, old_pk) if old_pk else None
    if new is None:
        new = successor(old) if old is not None else mandate_latest(mission)
    if old is None and new is not None:
        old = predecessor(new)
    context = mission_context(request.user, mission)
    if old is None or new is None:
        context.update(old=old, new=new)
        return render(request, "renewals/outcome_none.html", context)
    if old.pk == new.pk or (old.adopted_on, old.pk) > (new.adopted_on, new.pk):
        raise Http404(_("The renewal comes after the mandate it renews."))
    report = renewal_outcome(old, new)
    only_recommended = request.GET.get("only") == "recommended"
    context.update(
        report=report,
        rows=[r for r in report.rows if r.recommendation or r.proposed]
        if only_recommended
        else report.rows,
        only_recommended=only_recommended,
        old=old,
        new=new,
        old_url=_workspace_url(old),
    )
    return render(request, "renewals/outcome.html", context)
