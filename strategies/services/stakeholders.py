"""Stakeholders and their positions on objectives: the register's writes. The reads are in
``strategies.selectors.stakeholders``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, save_revision
from missions.classification import MARKING_FIELDS
from missions.models import Mission, Stakeholder
from strategies.forms_register import mission_today
from strategies.models import Objective, StakeholderPosition
from strategies.selectors.stakeholders import (
    STAKEHOLDER_FIELDS,
)
from strategies.services.records import (
    apply_values,
    delete_at_revision,
    require_edit,
    update_at_revision,
)


@transaction.atomic
def stakeholder_create(
    *, mission: Mission, values: Mapping[str, Any], by: AbstractBaseUser
) -> Stakeholder:
    require_edit(by, mission)
    stakeholder = Stakeholder(mission=mission)
    apply_values(stakeholder, values, STAKEHOLDER_FIELDS)
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    stakeholder: Stakeholder,
    values: Mapping[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> Stakeholder:
    require_edit(by, stakeholder.mission_id)
    return update_at_revision(stakeholder, values, STAKEHOLDER_FIELDS, expected=expected_revision)


@transaction.atomic
def stakeholder_delete(
    *, stakeholder: Stakeholder, expected_revision: int, by: AbstractBaseUser
) -> None:
    """Deletes the stakeholder and its positions (the history tables keep them)."""
    require_edit(by, stakeholder.mission_id)
    delete_at_revision(stakeholder, expected=expected_revision)


@transaction.atomic
def position_record(
    *,
    stakeholder: Stakeholder,
    objective: Objective,
    stance: str,
    as_of: date,
    note: str,
    basis: int | None,
    expected_revision: int,
    by: AbstractBaseUser,
    marking: Mapping[str, Any] | None = None,
) -> StakeholderPosition:
    """Record a stance as of a day: a new row, or that day's row updated (one per day).

    ``basis`` is the position the user saw as the latest. Updating a day's row is allowed only
    if it is that row, still at the revision read; a row someone else recorded for the day
    meanwhile raises ``StaleEdit`` instead of being overwritten.
    """
    require_edit(by, stakeholder.mission_id)
    if objective.mission_id != stakeholder.mission_id:
        raise PermissionDenied
    if as_of > mission_today(stakeholder.mission):
        raise ValidationError(_("A position cannot be recorded as of a future date."))
    same_day = (
        StakeholderPosition.objects.select_for_update()
        .filter(stakeholder=stakeholder, objective=objective, as_of=as_of)
        .first()
    )
    if same_day is not None:
        if same_day.pk != basis:
            raise StaleEdit(same_day)
        same_day.stance, same_day.note = stance, note
        marked = apply_values(same_day, marking or {}, MARKING_FIELDS)
        return save_revision(
            same_day, expected=expected_revision, fields=["stance", "note", *marked]
        )
    position = StakeholderPosition(
        stakeholder=stakeholder, objective=objective, stance=stance, as_of=as_of, note=note
    )
    apply_values(position, marking or {}, MARKING_FIELDS)
    try:
        with transaction.atomic():
            position.save()
            return position
    except IntegrityError:
        # Someone recorded the same day between our read and our insert.
        raise StaleEdit(
            StakeholderPosition.objects.filter(
                stakeholder=stakeholder, objective=objective, as_of=as_of
            ).first()
        ) from None
