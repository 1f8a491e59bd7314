"""Who changed what, when, from what to what.

Routes (under /missions/<acronym>/):
    activity/                      activity          the mission's feed, by person and kind
    history/<model>/<pk>/          record_history    one record's history
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from missions.policy import get_mission_for_user, mission_context
from strategies.selectors.activity import (
    TRACKED,
    get_tracked_record,
    kind_choices,
    mission_activity,
    mission_people,
    record_history,
)

PAGE_SIZE = 50
# Deep enough for years of a mission's record; the record history pages go further back.
MAX_PAGE = 2000


class ActivityFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("Person"), coerce=int, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of record"), required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everyone = [("", gettext_lazy("Everyone"))]
        self.fields["person"].choices = everyone + [(str(pk), name) for pk, name in people]
        self.fields["kind"].choices = [("", gettext_lazy("All records")), *kind_choices()]


@login_required
def activity(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    form = ActivityFilterForm(request.GET or None, people=mission_people(mission))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = mission_activity(
        mission,
        user_id=filters.get("person") or None,
        kind=filters.get("kind") or None,
        page=_page_number(request.GET.get("page")),
        size=PAGE_SIZE,
    )
    kept = {key: value for key, value in filters.items() if value not in (None, "")}
    context = mission_context(request.user, mission)
    context.update(
        form=form,
        page=page,
        entries=page.entries,
        query=urlencode(kept),
        filtered=bool(kept),
    )
    return render(request, "strategies/activity.html", context)


def _page_number(asked: str | None) -> int:
    """A page number from the address: anything else is the first page."""
    try:
        return max(1, min(int(asked or 1), MAX_PAGE))
    except ValueError:
        return 1


@login_required
def record_history_view(request: HttpRequest, acronym: str, model: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    record, name = get_tracked_record(mission, model, pk)
    context = mission_context(request.user, mission)
    context.update(
        record=record,
        record_name=name,
        kind=model,
        kind_label=TRACKED[model][0]._meta.verbose_name,
        entries=record_history(record),
    )
    return render(request, "strategies/record_history.html", context)
