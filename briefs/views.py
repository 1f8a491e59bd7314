"""Brief screens, under /missions/<acronym>/briefs/.

Routes:
    ""                    list            the mission's briefs, export form, subscription
                                          (htmx, target #brief-list: the list alone)
    export/               export          POST: queue a brief (htmx: its live status)
    subscription/         subscription    POST: subscribe to the mission's briefs, or stop
    <pk>/                 detail          one brief, its status live until ready or failed
    <pk>/status/          status          the status fragment the page polls
    <pk>/download/        download        the PDF, to members of the mission only
    <pk>/retry/           retry           POST: queue a failed brief again
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from briefs.audiences import audience_ceiling, audiences_for
from briefs.content import Subject
from briefs.forms import ExportForm, SubscriptionForm, subject_value
from briefs.models import Brief
from briefs.selectors import brief_list, get_brief_for_user, is_subscribed
from briefs.services import (
    brief_expire_if_stale,
    brief_language,
    brief_request,
    brief_retry,
    subscription_set,
)
from briefs.withholding import kind_label, withheld_lines
from core.audit import audit_record
from core.models import AuditKind
from missions.classification import note_shown
from missions.models import Mission
from missions.need_to_know import level_label, may_read
from missions.policy import Action, get_mission_for_user, mission_context, seat
from reviews.models import Review, ReviewStatus
from strategies.selectors.versions import version_list

LIST_LIMIT = 50
# Sent when a brief is requested, or turns ready or failed: the list on the page fetches itself
# again, so it never says "no brief" beside a panel that says "Ready".
BRIEFS_CHANGED = "briefs-changed"
LIST_TARGET = "brief-list"


def _export_choices(mission: Mission) -> list[tuple[str, str]]:
    """Everything a brief can be of: the draft, each version, each review that has begun."""
    choices = [(subject_value(), _("Working draft (not approved)"))]
    choices += [
        (subject_value(version=v), _("Version %(n)s") % {"n": v.number})
        for v in version_list(mission)
    ]
    reviews = Review.objects.filter(mission=mission).exclude(status=ReviewStatus.PLANNED)
    choices += [(subject_value(review=r), r.label) for r in reviews.order_by("-period_start")]
    return choices


def _export_form(request: HttpRequest, mission: Mission, data: Any = None) -> ExportForm:
    held = seat(request.user, mission)
    audiences = audiences_for(held.role if held else None)
    return ExportForm(
        data,
        mission=mission,
        audiences=audiences,
        initial={"language": brief_language(request.LANGUAGE_CODE)},
    )


def _list_page(
    request: HttpRequest, mission: Mission, form: ExportForm | None = None, status: int = 200
) -> HttpResponse:
    context = mission_context(request.user, mission)
    choices = _export_choices(mission)
    if form is None:
        form = _export_form(request, mission)
    context.update(
        briefs=_briefs(mission),
        subscribed=is_subscribed(request.user, mission),
        export_choices=choices,
        form=form,
        # A link from a version's page chooses that version (?subject=version-3).
        selected=form.data.get("subject") if form.is_bound else request.GET.get("subject"),
    )
    return render(request, "briefs/list.html", context, status=status)


def _briefs(mission: Mission) -> list[Brief]:
    return list(brief_list(mission)[:LIST_LIMIT])


@require_GET
@login_required
def brief_list_view(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    if request.htmx and request.htmx.target == LIST_TARGET:
        return render(
            request, "briefs/partials/_list.html", {"mission": mission, "briefs": _briefs(mission)}
        )
    return _list_page(request, mission)


def _status(
    request: HttpRequest, brief: Brief, *, changed: bool = False, **extra: Any
) -> HttpResponse:
    """The status fragment; ``changed`` (a brief requested again) or a brief no longer
    pending tells the page's list to fetch itself again."""
    context = {"brief": brief, "mission": brief.mission, **extra}
    response = render(request, "briefs/partials/_status.html", context)
    if changed or not brief.is_pending:
        response["HX-Trigger"] = BRIEFS_CHANGED
    return response


@require_POST
@login_required
def export(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    form = _export_form(request, mission, request.POST)
    if not form.is_valid():
        if request.htmx:
            # The whole form again, each message beside its field.
            response = render(
                request,
                "briefs/partials/_export_form.html",
                {
                    "form": form,
                    "mission": mission,
                    "export_choices": _export_choices(mission),
                    "selected": form.data.get("subject"),
                },
                status=400,
            )
            response["HX-Retarget"] = "#brief-export"
            response["HX-Reswap"] = "outerHTML"
            return response
        return _list_page(request, mission, form, status=400)
    requested = brief_request(
        mission=mission,
        by=request.user,
        version=form.version,
        review=form.review,
        audience=form.cleaned_data["audience"],
        recipient=form.cleaned_data["recipient"],
        language=form.cleaned_data["language"],
    )
    if request.htmx:
        return _status(
            request, requested.brief, changed=True, reused=requested.reused, show_link=True
        )
    if requested.reused:
        messages.info(request, _("This version's brief was made already: here it is."))
    return redirect("briefs:detail", mission.acronym, requested.brief.pk)


@require_GET
@login_required
def detail(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    brief = brief_expire_if_stale(get_brief_for_user(request.user, acronym, pk))
    mission = brief.mission
    withheld = brief.withheld or []
    # Which records were left out is for those who may read them all (the exporter, the
    # people named); the brief's audience reads what its pages say: how many, of what kind.
    named = may_read(request.user, brief)
    if named:
        note_shown(max((item.get("level", 0) for item in withheld), default=0))
    context = mission_context(request.user, mission)
    context.update(
        brief=brief,
        subject=Subject.of(brief),
        printed_label=level_label(brief.printed_level, mission),
        ceiling_label=level_label(audience_ceiling(brief.audience, mission), mission),
        withheld=[{**item, "kind": kind_label(item.get("kind", ""))} for item in withheld]
        if named
        else [],
        withheld_counts=withheld_lines(withheld).values(),
        withheld_total=len(withheld),
    )
    return render(request, "briefs/detail.html", context)


@require_GET
@login_required
def status(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    brief = brief_expire_if_stale(get_brief_for_user(request.user, acronym, pk))
    return _status(
        request,
        brief,
        show_link=request.GET.get("link") == "1",
        in_row=request.GET.get("row") == "1",
    )


@require_GET
@login_required
def download(request: HttpRequest, acronym: str, pk: int) -> FileResponse:
    brief = get_brief_for_user(request.user, acronym, pk)
    if not brief.is_ready:
        raise Http404(_("This brief is not ready."))
    try:
        handle = brief.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this brief is missing; export it again.")) from None
    made_on = timezone.localtime(brief.finished_at, timezone=brief.mission.zone).date()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=Subject.of(brief).filename(made_on, brief.audience),
        content_type="application/pdf",
    )
    digest = base64.b64encode(bytes.fromhex(brief.checksum)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["Cache-Control"] = "private, no-store"
    audit_record(
        kind=AuditKind.BRIEF_DOWNLOAD,
        request=request,
        target=f"{brief.mission.acronym} brief {brief.pk}",
        detail={
            "mission": brief.mission.acronym,
            "brief": brief.pk,
            "file": response.filename,
            "audience": brief.audience,
        },
    )
    return response


@require_POST
@login_required
def retry(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    brief = brief_retry(brief=get_brief_for_user(request.user, acronym, pk), by=request.user)
    if request.htmx:
        return _status(
            request,
            brief,
            changed=True,
            show_link=request.POST.get("link") == "1",
            in_row=request.POST.get("row") == "1",
        )
    return redirect("briefs:detail", acronym, brief.pk)


@require_POST
@login_required
def subscription(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EXPORT_BRIEF)
    form = SubscriptionForm(request.POST)
    form.is_valid()  # an unticked box is "stop": there is no bad input
    subscribed = subscription_set(
        mission=mission, user=request.user, subscribed=form.cleaned_data.get("subscribe", False)
    )
    if request.htmx:
        return render(
            request,
            "briefs/partials/_subscription.html",
            {"mission": mission, "subscribed": subscribed, "just_changed": True},
        )
    if subscribed:
        messages.success(request, _("You will be sent each new brief of this mission."))
    else:
        messages.success(request, _("You will no longer be sent this mission's briefs."))
    return redirect("briefs:list", mission.acronym)
