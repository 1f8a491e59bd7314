"""A record's classification page: its level and who needs to know, set apart from its
content, so the head of mission (who edits no record) can lower a level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.concurrency import RevisionFormMixin, StaleEdit
from core.editing import conflict_context, posted, status_for
from missions.classification import Classified
from missions.classification_forms import ClassificationFormMixin
from missions.models import Mission
from missions.policy import Action, get_mission_for_user, mission_context
from strategies.selectors.activity import TRACKED, get_tracked_record
from strategies.services.classification import record_reclassify


class ClassificationForm(ClassificationFormMixin, RevisionFormMixin, forms.Form):
    def __init__(self, *args: Any, mission: Mission, record: Classified, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["revision"] = record.revision
        self.add_classification_fields(mission, record)


@login_required
def record_classification(request: HttpRequest, acronym: str, model: str, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym, Action.CLASSIFY)
    record, name = get_tracked_record(mission, model, pk)
    if not isinstance(record, Classified) or record.pk is None or not record.revision:
        raise Http404(_("This record has no classification of its own."))
    form = ClassificationForm(posted(request), mission=mission, record=record)
    conflict = None
    history_url = reverse("strategies:record_history", args=[mission.acronym, model, pk])
    if request.method == "POST" and form.is_valid():
        try:
            record_reclassify(
                record=record,
                mission_id=mission.pk,
                level=form.cleaned_data["classification"],
                readers=form.cleaned_data["named_readers"],
                expected_revision=form.expected_revision,
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        else:
            messages.success(request, _("Classification of “%(name)s” saved.") % {"name": name})
            return redirect(history_url)
    context = mission_context(request.user, mission)
    context.update(
        record=record,
        record_name=name,
        kind_label=TRACKED[model][0]._meta.verbose_name,
        form=form,
        conflict=conflict,
        history_url=history_url,
    )
    return render(
        request,
        "strategies/record_classification.html",
        context,
        status=status_for(request, conflict),
    )
