"""Text a person types is bounded, and the model, the page's form and the API agree on how far.

Without a bound a client could post megabytes into a note (the database takes any length of
text); with bounds that differ, a text saved on one side would be refused on the other.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from pghistory.models import Event

from missions.models import EndState, Stakeholder
from notifications.models import Notification
from reviews.api.decisions import DecisionSerializer
from reviews.api.reviews import ConcludeInputSerializer, ReopenInputSerializer
from reviews.forms import ConcludeForm, DecisionForm, ReopenForm
from reviews.forms_assess import (
    AssumptionRatingForm,
    ContributionAssessmentForm,
    ObjectiveAssessmentForm,
)
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ObjectiveAssessment,
    Reminder,
    Review,
    ReviewReopening,
)
from strategies.api.drivers import DriverSerializer
from strategies.api.objectives import ObjectiveSerializer
from strategies.forms_register import PositionForm
from strategies.models import ConflictDriver, Contribution, Objective, StakeholderPosition
from strategies.views.matrix import ContributionCellForm
from strategies.views.versions import ApproveForm

# Written by the application, never typed: what a reminder or a notification said.
SYSTEM_TEXT = {(Reminder, "body"), (Notification, "body")}


def test_every_text_a_person_types_has_a_bound():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for label in ("strategies", "reviews", "missions", "briefs")
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, Event)
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and field.max_length is None
        and (model, field.name) not in SYSTEM_TEXT
        and not (label == "briefs" and field.name == "error")
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("form", "name", "model", "field"),
    [
        (ContributionCellForm, "narrative", Contribution, "narrative"),
        (PositionForm, "note", StakeholderPosition, "note"),
        (ApproveForm, "note", apps.get_model("strategies", "StrategyVersion"), "note"),
        (ObjectiveAssessmentForm, "political_environment", ObjectiveAssessment, None),
        (ObjectiveAssessmentForm, "evidence", ObjectiveAssessment, None),
        (ContributionAssessmentForm, "evidence", ContributionAssessment, None),
        (AssumptionRatingForm, "note", AssumptionAssessment, None),
        (ConcludeForm, "summary", Review, None),
        (ReopenForm, "reason", ReviewReopening, None),
        (DecisionForm, "rationale", Decision, None),
        (DecisionForm, "adjust_description", Objective, "description"),
        (DecisionForm, "new_description", Objective, "description"),
    ],
)
def test_the_pages_forms_bound_text_as_the_model_does(form, name, model, field):
    expected = model._meta.get_field(field or name).max_length
    assert form.base_fields[name].max_length == expected


@pytest.mark.parametrize(
    ("serializer", "name", "model", "field"),
    [
        (ConcludeInputSerializer, "summary", Review, "summary"),
        (ReopenInputSerializer, "reason", ReviewReopening, "reason"),
        (DecisionSerializer, "rationale", Decision, "rationale"),
        (ObjectiveSerializer, "description", Objective, "description"),
        (DriverSerializer, "leverage_points", ConflictDriver, "leverage_points"),
    ],
)
def test_the_api_bounds_text_as_the_model_does(serializer, name, model, field):
    assert serializer().fields[name].max_length == model._meta.get_field(field).max_length


def test_mission_texts_are_bounded():
    assert EndState._meta.get_field("statement").max_length == 10_000
    assert Stakeholder._meta.get_field("notes").max_length == 4_000
