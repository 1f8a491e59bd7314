from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from missions.policy import get_mission_for_user
from portfolio.selectors import mission_rows


@login_required
def my_missions(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/my_missions.html", {"rows": mission_rows(request.user)})


@require_GET
@login_required
def switch(request: HttpRequest) -> HttpResponse:
    """The header's mission switcher: go to the chosen mission (404 if not the user's)."""
    acronym = request.GET.get("mission", "")
    if not acronym:
        return redirect("portfolio:home")
    mission = get_mission_for_user(request.user, acronym)
    return redirect(mission)
