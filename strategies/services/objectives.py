"""Writes of objectives: atomic, keyword-only, taking the acting user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import BaseInlineFormSet, ModelForm, model_to_dict

from core.concurrency import save_revision
from missions.models import Mission
from missions.need_to_know import refuse_lowering
from strategies.forms import ObjectiveForm
from strategies.models import Objective
from strategies.services.records import delete_at_revision, require_edit

# Objectives


def _fields(form: ModelForm) -> list[str]:
    return [name for name in form.Meta.fields if name in form.fields]


def _write_objective(form: ObjectiveForm, *, expected_revision: int | None = None) -> Objective:
    """Insert the validated objective, serving the current end state, or update it if it is
    still at ``expected_revision`` (else ``StaleEdit``)."""
    objective = form.save(commit=False)
    objective.mission = form.mission
    if objective.pk is None:
        objective.end_state = form.mission.current_end_state
        objective.save()
    else:
        refuse_lowering(objective, objective.classification)
        save_revision(objective, expected=expected_revision, fields=_fields(form))
    return objective


@transaction.atomic
def objective_save(
    *, form: ObjectiveForm, formsets: dict[str, BaseInlineFormSet], by: AbstractBaseUser
) -> Objective:
    """Create or update an objective with its assumptions, risks and markers.

    Every row is written only if it is still at the revision the user read; otherwise
    ``StaleEdit`` is raised and the whole save is rolled back, so nothing half-saves.
    """
    require_edit(by, form.mission)
    objective = _write_objective(form, expected_revision=form.expected_revision)
    for formset in formsets.values():
        formset.instance = objective
        for child in formset.forms:
            if not child.has_changed() and not child.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(child):
                if child.instance.pk:
                    # Deleting a row someone changed meanwhile is a conflict too.
                    delete_at_revision(child.instance, expected=child.expected_revision)
                continue
            item = child.save(commit=False)
            item.objective = objective
            if item.pk is None:
                item.save()
            elif child.has_changed():
                save_revision(item, expected=child.expected_revision, fields=_fields(child))
    return objective


def _validated_objective_form(objective: Objective, data: Mapping[str, Any]) -> ObjectiveForm:
    """``data`` (values by ObjectiveForm field) through the objective editor's own rules.

    A new objective is validated whole, its defaults standing in for what ``data`` leaves
    out; an existing one only in the fields given, so that the others stay as they are.
    Raises ``ValidationError`` with the messages by field, as the editor shows them.
    """
    fields = ObjectiveForm.Meta.fields
    values = model_to_dict(objective, fields=fields) if objective.pk is None else {}
    if objective.pk is None:
        values["classification"] = objective.mission.default_classification
    values.update((name, data[name]) for name in fields if name in data)
    posted = {
        name: value.pk if isinstance(value, models.Model) else value
        for name, value in values.items()
    }
    # What a client sends is deliberate: no second ask before a level it may not read.
    posted["confirm_level"] = True
    form = ObjectiveForm(posted, instance=objective, mission=objective.mission)
    for name in set(form.fields) - set(posted):
        del form.fields[name]
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


@transaction.atomic
def objective_create(
    *, mission: Mission, data: Mapping[str, Any], by: AbstractBaseUser
) -> Objective:
    """A new objective of ``mission`` serving its current end state, from ``data``."""
    require_edit(by, mission)
    return _write_objective(_validated_objective_form(Objective(mission=mission), data))


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    data: Mapping[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> Objective:
    """Change the fields ``data`` gives, if the objective is still at ``expected_revision``."""
    require_edit(by, objective.mission_id)
    form = _validated_objective_form(objective, data)
    return _write_objective(form, expected_revision=expected_revision)


@transaction.atomic
def objective_delete(*, objective: Objective, expected_revision: int, by: AbstractBaseUser) -> None:
    """Deletes the objective with its assumptions, risks and markers (history keeps them)."""
    require_edit(by, objective.mission_id)
    delete_at_revision(objective, expected=expected_revision)
