"""Writes to the strategy: atomic, keyword-only, taking the acting user."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from missions.concurrency import save_revision
from missions.policy import Action, can
from strategies.models import Objective


def _fields(form: ModelForm) -> list[str]:
    return [name for name in form.Meta.fields if name in form.fields]


@transaction.atomic
def objective_save(
    *, form: ModelForm, formsets: dict[str, BaseInlineFormSet], by: AbstractBaseUser
) -> Objective:
    """Create or update an objective with its assumptions, risks and markers.

    Every row is written only if it is still at the revision the user read; otherwise
    ``StaleEdit`` is raised and the whole save is rolled back, so nothing half-saves.
    """
    objective: Objective = form.instance
    if not can(by, Action.EDIT_STRATEGY, form.mission):
        raise PermissionDenied
    objective = form.save(commit=False)
    objective.mission = form.mission
    if objective.pk is None:
        objective.end_state = form.mission.current_end_state
        objective.save()
    else:
        save_revision(objective, expected=form.expected_revision, fields=_fields(form))
    for formset in formsets.values():
        formset.instance = objective
        for child in formset.forms:
            if not child.has_changed() and not child.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(child):
                if child.instance.pk:
                    _check_unchanged(child)
                    child.instance.delete()
                continue
            item = child.save(commit=False)
            item.objective = objective
            if item.pk is None:
                item.save()
            elif child.has_changed():
                save_revision(item, expected=child.expected_revision, fields=_fields(child))
    return objective


def _check_unchanged(child: ModelForm) -> None:
    """Deleting a row someone changed meanwhile is a conflict too."""
    from missions.concurrency import StaleEdit

    model = type(child.instance)
    current = model.objects.filter(pk=child.instance.pk).first()
    if current is None or current.revision != child.expected_revision:
        raise StaleEdit(current)
