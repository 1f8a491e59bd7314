"""Writes to the strategy: atomic, keyword-only, taking the acting user.

The objective's writes are here, with what every service of the strategy shares (the register
services in ``strategies.stakeholders``, ``drivers`` and ``exit_conditions`` too): the policy
check, setting the fields a write may set, and the revision-checked update and delete.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import BaseInlineFormSet, ModelForm, model_to_dict

from missions.concurrency import StaleEdit, save_revision
from missions.models import Mission
from missions.policy import Action, can
from strategies.forms import ObjectiveForm
from strategies.models import Objective

M = TypeVar("M", bound=models.Model)


def require_edit(by: AbstractBaseUser, mission: Mission | int) -> None:
    """Services re-check the policy: a view is not the only way in."""
    if not can(by, Action.EDIT_STRATEGY, mission):
        raise PermissionDenied


def apply_values(
    instance: models.Model, values: Mapping[str, Any], allowed: tuple[str, ...]
) -> list[str]:
    """Set the ``allowed`` fields that ``values`` gives; returns their names, to write."""
    names = [name for name in allowed if name in values]
    for name in names:
        setattr(instance, name, values[name])
    return names


def update_at_revision(
    instance: M, values: Mapping[str, Any], allowed: tuple[str, ...], *, expected: int
) -> M:
    """Set the ``allowed`` fields ``values`` gives and write them, if nobody changed the row
    since the user read it at revision ``expected`` (else ``StaleEdit``)."""
    return save_revision(
        instance, expected=expected, fields=apply_values(instance, values, allowed)
    )


def delete_at_revision(instance: models.Model, *, expected: int) -> None:
    """Delete the row only if nobody changed it since the user read it (else ``StaleEdit``)."""
    model = type(instance)
    deleted, _counts = model.objects.filter(pk=instance.pk, revision=expected).delete()
    if not deleted:
        raise StaleEdit(model.objects.filter(pk=instance.pk).first())


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
    values.update((name, data[name]) for name in fields if name in data)
    posted = {
        name: value.pk if isinstance(value, models.Model) else value
        for name, value in values.items()
    }
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
