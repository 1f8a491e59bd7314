"""The end state and its exit conditions: adopting, editing, assessing, deleting. The reads are in
``strategies.selectors.exit_conditions``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from core.concurrency import StaleEdit
from missions.models import EndState, Mission
from strategies.forms_register import mission_today
from strategies.models import ExitCondition
from strategies.selectors.exit_conditions import (
    ASSESS_FIELDS,
    CREATE_FIELDS,
    END_STATE_FIELDS,
    current_end_state,
)
from strategies.services.records import (
    apply_values,
    delete_at_revision,
    require_edit,
    update_at_revision,
)
from strategies.signals import exit_condition_judged


@transaction.atomic
def exit_condition_create(
    *, mission: Mission, values: Mapping[str, Any], by: AbstractBaseUser
) -> ExitCondition:
    """Adds a condition to the end state in force (ValueError if the mission has none)."""
    require_edit(by, mission)
    end_state = current_end_state(mission)
    if end_state is None:
        raise ValueError("The mission has no end state in force.")
    condition = ExitCondition(end_state=end_state)
    apply_values(condition, values, CREATE_FIELDS)
    condition.save()
    return condition


@transaction.atomic
def exit_condition_assess(
    *,
    condition: ExitCondition,
    values: Mapping[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> ExitCondition:
    require_edit(by, condition.end_state.mission_id)
    before = condition.status
    saved = update_at_revision(condition, values, ASSESS_FIELDS, expected=expected_revision)
    if saved.status != before:
        exit_condition_judged.send(
            ExitCondition,
            condition=saved,
            status=saved.status,
            reason=saved.evidence,
            by=by,
        )
    return saved


@transaction.atomic
def exit_condition_delete(
    *, condition: ExitCondition, expected_revision: int, by: AbstractBaseUser
) -> None:
    require_edit(by, condition.end_state.mission_id)
    delete_at_revision(condition, expected=expected_revision)


@transaction.atomic
def end_state_create(
    *, mission: Mission, values: Mapping[str, Any], by: AbstractBaseUser
) -> EndState:
    """Sets a mission's first end state, adopted today; if one appeared meanwhile, that is a
    conflict (``StaleEdit``), not a second end state in force."""
    require_edit(by, mission)
    existing = current_end_state(mission)
    if existing is not None:
        raise StaleEdit(existing)
    end_state = EndState(mission=mission, adopted_on=mission_today(mission))
    apply_values(end_state, values, END_STATE_FIELDS)
    try:
        with transaction.atomic():
            end_state.save()
    except IntegrityError:
        raise StaleEdit(current_end_state(mission)) from None
    return end_state


@transaction.atomic
def end_state_update(
    *,
    end_state: EndState,
    values: Mapping[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> EndState:
    require_edit(by, end_state.mission_id)
    return update_at_revision(end_state, values, END_STATE_FIELDS, expected=expected_revision)
