"""What every write of the strategy shares: the policy check, setting the fields a write may
set, and the update and delete that happen only at the revision the user read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models

from core.concurrency import StaleEdit, save_revision
from missions.classification import Classified
from missions.models import Mission
from missions.need_to_know import refuse_lowering
from missions.policy import Action, can

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
    if "classification" in names and isinstance(instance, Classified):
        refuse_lowering(instance, values["classification"])
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
