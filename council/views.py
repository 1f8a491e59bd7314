"""The input workspace: start an input for a reporting obligation, edit its paragraphs, comment,
clear and approve it, and take it out as Word or PDF."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import StaleEdit
from core.downloads import exported_file
from core.editing import conflict_context, posted, posted_revision, status_for
from council import services
from council.documents import DOCX_TYPE, filename, input_docx, input_pdf
from council.forms import CommentForm, NewParagraphForm, ParagraphForm
from council.models import InputStatus, ReportInput
from council.selectors import (
    comments_of,
    get_input,
    get_obligation_input,
    get_paragraph,
    history_of,
    sections_of,
)
from missions.models import Mission
from missions.policy import Action, get_mission_for_user, mission_context


def _workspace_url(report: ReportInput, anchor: str = "") -> str:
    url = reverse("council:input", args=[report.mission.acronym, report.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(
    request: HttpRequest, mission: Mission, report: ReportInput, status: int = 200, **extra: Any
) -> HttpResponse:
    context = mission_context(request.user, mission)
    actions = context["actions"]
    context.update(
        report=report,
        obligation=report.obligation,
        sections=sections_of(report),
        comments=comments_of(report),
        entries=history_of(report),
        can_edit=Action.EDIT_STRATEGY in actions and report.is_editable,
        can_clear=Action.CLEAR_COUNCIL_INPUT in actions and report.status == InputStatus.DRAFT,
        can_approve=Action.APPROVE_COUNCIL_INPUT in actions
        and report.status == InputStatus.CLEARED,
        can_reopen=(
            report.status == InputStatus.APPROVED and Action.APPROVE_COUNCIL_INPUT in actions
        )
        or (
            report.status == InputStatus.CLEARED
            and bool({Action.CLEAR_COUNCIL_INPUT, Action.APPROVE_COUNCIL_INPUT} & actions)
        ),
        can_comment=Action.COMMENT in actions,
        new_form=extra.pop("new_form", None) or NewParagraphForm(),
        comment_form=extra.pop("comment_form", None) or CommentForm(),
        **extra,
    )
    return render(request, "council/input.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def for_obligation(request: HttpRequest, acronym: str, obligation_pk: int) -> HttpResponse:
    """The obligation's input, or (none yet) what starting one does; POST starts it."""
    mission = get_mission_for_user(request.user, acronym)
    obligation, report = get_obligation_input(mission, obligation_pk)
    if report is not None:
        return redirect(_workspace_url(report))
    if request.method == "POST":
        mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
        report = services.input_start(obligation=obligation, by=request.user)
        messages.success(
            request,
            _("Input started from the mission's records since %(day)s: check every paragraph.")
            % {"day": date_format(report.period_start)},
        )
        return redirect(_workspace_url(report))
    context = mission_context(request.user, mission)
    context.update(obligation=obligation, can_start=Action.EDIT_STRATEGY in context["actions"])
    return render(request, "council/start.html", context)


@login_required
@require_GET
def input_page(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return _page(request, mission, get_input(mission, pk))


@login_required
@require_http_methods(["GET", "POST"])
def paragraph_edit(request: HttpRequest, acronym: str, pk: int, para_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    report = get_input(mission, pk)
    paragraph = get_paragraph(report, para_pk)
    form = ParagraphForm(posted(request), instance=paragraph)
    conflict = None
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.paragraph_delete(
                paragraph=paragraph, expected_revision=posted_revision(request), by=request.user
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form) if exc.current else {"gone": True}
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Paragraph deleted."))
            return redirect(_workspace_url(report, f"section-{paragraph.section}"))
    elif request.method == "POST" and form.is_valid():
        try:
            services.paragraph_update(
                paragraph=paragraph,
                text=form.cleaned_data["text"],
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Paragraph saved."))
            return redirect(_workspace_url(report, f"paragraph-{paragraph.pk}"))
    context = mission_context(request.user, mission)
    context.update(report=report, paragraph=paragraph, form=form, conflict=conflict)
    status = status_for(request, conflict) if request.method == "POST" else 200
    if request.method == "POST" and conflict is None and form.errors:
        status = 400
    return render(request, "council/paragraph_form.html", context, status=status)


@login_required
@require_POST
def paragraph_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    report = get_input(mission, pk)
    form = NewParagraphForm(request.POST)
    if form.is_valid():
        try:
            paragraph = services.paragraph_add(
                report=report,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Paragraph added."))
            return redirect(_workspace_url(report, f"paragraph-{paragraph.pk}"))
    return _page(request, mission, report, status=400, new_form=form)


@login_required
@require_POST
def paragraph_move(request: HttpRequest, acronym: str, pk: int, para_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    report = get_input(mission, pk)
    paragraph = get_paragraph(report, para_pk)
    try:
        services.paragraph_move(
            paragraph=paragraph, up=request.POST.get("direction") == "up", by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_workspace_url(report, f"paragraph-{paragraph.pk}"))


@login_required
@require_POST
def status_change(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Clear (chief of staff), approve (head of mission) or reopen, at the revision read."""
    mission = get_mission_for_user(request.user, acronym)
    report = get_input(mission, pk)
    step = request.POST.get("step")
    change = {
        "clear": (services.input_clear, _("Cleared: the head of mission can approve it now.")),
        "approve": (
            services.input_approve,
            _("Approved, and recorded as sent to Headquarters today."),
        ),
        "reopen": (services.input_reopen, _("Reopened as a draft.")),
    }.get(step or "")
    if change is None:
        return _page(request, mission, report, status=400)
    service, done = change
    try:
        service(report=report, expected_revision=posted_revision(request), by=request.user)
    except StaleEdit:
        messages.error(
            request,
            _("Someone changed the input since you opened it; read it again before you decide."),
        )
        return _page(request, mission, get_input(mission, pk), status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page(request, mission, report, status=400)
    messages.success(request, done)
    return redirect(_workspace_url(report))


@login_required
@require_POST
def comment_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.COMMENT)
    report = get_input(mission, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(report=report, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Comment added."))
        return redirect(_workspace_url(report, "comments"))
    return _page(request, mission, report, status=400, comment_form=form)


def _download(
    request: HttpRequest, report: ReportInput, data: bytes, content_type: str, extension: str
) -> HttpResponse:
    return exported_file(
        request,
        data=data,
        content_type=content_type,
        filename=filename(report, extension),
        target=f"report-input:{report.pk}",
        mission=report.mission.acronym,
    )


@login_required
@require_GET
def export_docx(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    report = get_input(mission, pk)
    return _download(request, report, input_docx(report), DOCX_TYPE, "docx")


@login_required
@require_GET
def export_pdf(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    report = get_input(mission, pk)
    return _download(request, report, input_pdf(report), "application/pdf", "pdf")
