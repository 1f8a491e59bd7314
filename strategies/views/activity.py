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
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from missions.policy import get_mission_for_user, mission_context
from strategies.selectors.activity import (
    TRACKED,
    entries_for,
    get_tracked_record,
    kind_choices,
    mission_activity,
    mission_people,
    record_history,
)

PAGE_SIZE = 50


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
    events = mission_activity(
        mission, user_id=filters.get("person") or None, kind=filters.get("kind") or None
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {key: value for key, value in filters.items() if value not in (None, "")}
    context = mission_context(request.user, mission)
    context.update(
        form=form,
        page=page,
        entries=entries_for(page.object_list),
        query=urlencode(kept),
        filtered=bool(kept),
    )
    return render(request, "strategies/activity.html", context)


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
