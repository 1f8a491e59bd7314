"""The mission's search page: the box's answer, every kind of record at once or one kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from missions.policy import get_mission_for_user, mission_context
from search.forms import SearchForm
from search.registry import search_kinds
from search.selectors import mission_search


@login_required
@require_GET
def results(request: HttpRequest, acronym: str) -> HttpResponse:
    """Every member may search; what they find is what they may read."""
    mission = get_mission_for_user(request.user, acronym)
    form = SearchForm(request.GET)
    found = None
    if form.is_valid():
        found = mission_search(
            user=request.user,
            mission=mission,
            words=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"],
        )
    context = mission_context(request.user, mission)
    context.update(form=form, found=found, kinds=search_kinds())
    return render(request, "search/results.html", context, status=200 if found else 400)
