"""Strategy versions: list, approve, read one, compare two.

Routes (under /missions/<acronym>/):
    versions/                      versions                 list, compare form, approve form
    versions/approve/              version_approve          POST: the head of mission approves
    versions/<number>/             version_detail           one version, read-only
    versions/compare/?from=&to=    version_compare          two versions (or the draft) compared
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.hostile_input import plain_digits
from missions.models import Mission
from missions.policy import Action, get_mission_for_user, mission_context
from strategies.selectors.comments import comments_for, threads
from strategies.selectors.version_compare import snapshot_for_display, version_compare
from strategies.selectors.versions import (
    DRAFT,
    get_version,
    strategy_snapshot,
    version_list,
    version_numbers,
)
from strategies.services.versions import version_approve


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Approval note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy(
            "What this version settles and why: staff and HQ read it beside the version."
        ),
    )


def _versions_page(
    request: HttpRequest, mission: Mission, form: ApproveForm | None = None
) -> HttpResponse:
    versions = list(version_list(mission))
    latest = versions[0] if versions else None
    # Compare the two latest versions by default; with only one, that version and the draft.
    sides = [*(str(v.number) for v in reversed(versions[:2])), DRAFT, DRAFT]
    context = mission_context(request.user, mission)
    context.update(
        versions=versions,
        latest=latest,
        next_number=(latest.number if latest else 0) + 1,
        form=form or ApproveForm(),
        choices=_side_choices([v.number for v in versions]),
        compare_from=sides[0],
        compare_to=sides[1],
        can_approve=Action.APPROVE_VERSION in context["actions"],
    )
    if latest is not None:
        # How far the draft has moved since the last approval, for the head deciding to approve.
        latest_snapshot = get_version(mission, latest.number).snapshot
        sections = version_compare(latest_snapshot, strategy_snapshot(mission=mission))
        context["draft_changes"] = sum(len(s.changes) for s in sections)
    return render(request, "strategies/versions.html", context)


def _side_choices(numbers: list[int]) -> list[tuple[str, str]]:
    choices = [(DRAFT, _("Working draft (not approved)"))]
    return choices + [(str(n), _("Version %(n)s") % {"n": n}) for n in numbers]


@login_required
def versions(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return _versions_page(request, mission)


@require_POST
@login_required
def approve_version(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.APPROVE_VERSION)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _versions_page(request, mission, form)
    try:
        version = version_approve(mission=mission, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("strategies:versions", mission.acronym)
    messages.success(
        request,
        _("Version %(n)s approved. The working draft stays open for the next version.")
        % {"n": version.number},
    )
    return redirect("strategies:version_detail", mission.acronym, version.number)


@login_required
def version_detail(request: HttpRequest, acronym: str, number: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    version = get_version(mission, number)
    context = mission_context(request.user, mission)
    context.update(
        version=version,
        strategy=snapshot_for_display(version.snapshot),
        numbers=version_numbers(mission),
        threads=threads(list(comments_for(mission, version=version))),
        target_version=version,
    )
    return render(request, "strategies/version_detail.html", context)


@login_required
def version_compare_view(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    numbers = version_numbers(mission)
    default_from = str(numbers[0]) if numbers else DRAFT
    side_from = request.GET.get("from") or default_from
    side_to = request.GET.get("to") or DRAFT
    context = mission_context(request.user, mission)
    context.update(
        choices=_side_choices(numbers),
        compare_from=side_from,
        compare_to=side_to,
        sections=None,
        errors=[],
    )
    old, new = _side(mission, side_from, numbers), _side(mission, side_to, numbers)
    context["errors"] = [side["error"] for side in (old, new) if side["error"]]
    if not numbers and DRAFT == side_from == side_to:
        context["errors"].append(
            _("No version has been approved yet: there is nothing to compare.")
        )
    if not context["errors"]:
        sections = version_compare(old["snapshot"], new["snapshot"])
        context.update(
            sections=sections,
            old=old,
            new=new,
            change_count=sum(len(s.changes) for s in sections),
            unchanged=[s.title for s in sections if not s.changes],
        )
    return render(request, "strategies/version_compare.html", context)


def _side(mission: Mission, value: str, numbers: list[int]) -> dict[str, Any]:
    """One side of a comparison: the live draft or an approved version, or why it can't be."""
    if value == DRAFT:
        return {
            "label": _("the working draft"),
            "snapshot": strategy_snapshot(mission=mission),
            "error": None,
        }
    if not plain_digits(value) or int(value) not in numbers:
        return {
            "label": value,
            "snapshot": None,
            "error": _("There is no version “%(value)s” of this strategy. Choose from the list.")
            % {"value": value},
        }
    version = get_version(mission, int(value))
    return {
        "label": _("version %(n)s") % {"n": version.number},
        "version": version,
        "snapshot": version.snapshot,
        "error": None,
    }
