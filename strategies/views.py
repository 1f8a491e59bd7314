from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from missions.policy import allowed_actions, get_mission_for_user
from strategies.selectors import mission_overview


@login_required
def overview(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    return render(
        request,
        "strategies/overview.html",
        {
            "mission": mission,
            "overview": mission_overview(mission),
            "actions": allowed_actions(request.user, mission),
        },
    )
