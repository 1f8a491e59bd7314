from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from missions.policy import get_mission_for_user
from portfolio.selectors import HQ_COLUMNS, hq_rows, mission_rows


@login_required
def my_missions(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/my_missions.html", {"rows": mission_rows(request.user)})


@require_GET
@login_required
def hq(request: HttpRequest) -> HttpResponse:
    """The HQ portfolio: where each of the user's missions stands in its review cycle."""
    rows, key, descending = hq_rows(request.user, request.GET.get("sort"))
    columns = [
        {
            "key": column.key,
            "label": column.label,
            "current": column.key == key,
            "aria_sort": ("descending" if descending else "ascending") if column.key == key else "",
            # Clicking the sorted column flips it; another starts in its natural direction.
            "next": (
                ("" if descending else "-") + column.key
                if column.key == key
                else ("-" if column.descending_first else "") + column.key
            ),
        }
        for column in HQ_COLUMNS
    ]
    return render(
        request,
        "portfolio/hq.html",
        {"rows": rows, "columns": columns, "sort_key": key, "descending": descending},
    )


@require_GET
@login_required
def switch(request: HttpRequest) -> HttpResponse:
    """The header's mission switcher: go to the chosen mission (404 if not the user's)."""
    acronym = request.GET.get("mission", "")
    if not acronym:
        return redirect("portfolio:home")
    mission = get_mission_for_user(request.user, acronym)
    return redirect(mission)
