"""Review screens: trends, how each objective's rating moved across the mission's reviews."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from missions.policy import get_mission_for_user, mission_context
from reviews.selectors.trends import trend_table


@require_GET
@login_required
def trends(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = mission_context(request.user, mission)
    context["table"] = trend_table(mission)
    return render(request, "reviews/trends.html", context)
