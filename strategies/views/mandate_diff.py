"""Mandate renewal diff: what a resolution changed against the previous one, side by side.

Routes (under /missions/<acronym>/; the mandates app may not import strategies, so the page
lives here, in the mandates URL space):
    mandates/diff/<old>/<new>/              mandate_diff            read: every role
    mandates/diff/<old>/<new>/carry-over/   mandate_carry_over      POST: strategy editors
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mandates.models import Mandate
from missions.models import Mission
from missions.policy import Action, get_mission_for_user, mission_context
from strategies.selectors.carry_over import alignments_to_carry, mandate_diff
from strategies.services.carry_over import alignments_carry_over


def get_mandates_for_user(mission: Mission, old: int, new: int) -> tuple[Mandate, Mandate]:
    """Both mandates, of this mission only: another mission's mandate is 404, as if missing."""
    mandates = Mandate.objects.filter(mission=mission)
    return get_object_or_404(mandates, pk=old), get_object_or_404(mandates, pk=new)


@require_GET
@login_required
def mandate_diff_page(request: HttpRequest, acronym: str, old: int, new: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    old_mandate, new_mandate = get_mandates_for_user(mission, old, new)
    diff = mandate_diff(old_mandate, new_mandate)
    context = mission_context(request.user, mission)
    context.update(
        old=old_mandate,
        new=new_mandate,
        diff=diff,
        to_carry=len(alignments_to_carry(diff)),
        can_edit=Action.EDIT_STRATEGY in context["actions"],
    )
    return render(request, "strategies/mandate_diff.html", context)


@require_POST
@login_required
def mandate_carry_over(request: HttpRequest, acronym: str, old: int, new: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.EDIT_STRATEGY)
    old_mandate, new_mandate = get_mandates_for_user(mission, old, new)
    added = alignments_carry_over(old=old_mandate, new=new_mandate, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)s alignment carried over to %(symbol)s.",
            "%(n)s alignments carried over to %(symbol)s.",
            added,
        )
        % {"n": added, "symbol": new_mandate.symbol},
    )
    return redirect("strategies:mandate_diff", mission.acronym, old_mandate.pk, new_mandate.pk)
