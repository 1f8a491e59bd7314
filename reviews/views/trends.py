"""Review screens: trends, how each objective's rating moved across the mission's reviews."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.grids import start_of
from missions.policy import get_mission_for_user, mission_context
from reviews.selectors.trends import trend_table
from strategies.forms_grids import ObjectiveFilterForm


@require_GET
@login_required
def trends(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = mission_context(request.user, mission)
    filters = ObjectiveFilterForm(request.GET, mission=mission)
    context["filters"] = filters
    context["table"] = trend_table(
        mission,
        objectives_q=filters.objective_q(),
        component=filters.chosen("component"),
        rows_from=start_of(request.GET, "rows"),
    )
    return render(request, "reviews/trends.html", context)
