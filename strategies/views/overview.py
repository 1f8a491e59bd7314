from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from missions.policy import get_mission_for_user, mission_context
from strategies.selectors.overview import mission_overview


@login_required
def overview(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    context = mission_context(request.user, mission)
    context["overview"] = mission_overview(mission)
    return render(request, "strategies/overview.html", context)
