"""Writing benchmarks: indicators, their readings, and a person's override of the status.

After each write the exit condition's status follows: from the override if there is one, else
from every indicator's latest reading (``benchmarks.rules.status_from``); its "last assessed"
date becomes the latest reading's. The condition's row is locked while it is worked out, so two
readings entered at once leave the status that both of them make. Every write re-checks the
policy and changes an edited record only at the revision the person read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.models import REASON_MAX, Indicator, IndicatorReading, Measured, StatusOverride
from benchmarks.rules import is_step, status_from
from core.concurrency import StaleEdit, save_revision
from missions.policy import Action
from reviews.models import Review
from reviews.services.guards import require, require_open
from strategies.models import ExitCondition
from strategies.services.records import (
    apply_values,
    delete_at_revision,
    require_edit,
    update_at_revision,
)

INDICATOR_FIELDS = (
    "name",
    "unit",
    "scale",
    "baseline",
    "threshold",
    "direction",
    "target_date",
    "source",
    "owner_kind",
    "owner_name",
)


def _mission_id(condition: ExitCondition) -> int:
    return condition.end_state.mission_id


def require_entry(by: AbstractBaseUser, mission_id: int, review: Review | None) -> None:
    """Who may enter a reading: a strategy editor; in a review, whoever assesses in it, and
    only while it is open (the review's own rules)."""
    if review is None:
        require_edit(by, mission_id)
        return
    require(by, Action.ASSESS_OBJECTIVE, review)  # type: ignore[arg-type]
    if review.mission_id != mission_id:
        raise PermissionDenied
    require_open(review)


def _newest_readings(indicators: list[Indicator]) -> dict[int, IndicatorReading]:
    """Each indicator's latest reading, in one query (PostgreSQL's DISTINCT ON)."""
    return {
        r.indicator_id: r
        for r in IndicatorReading._base_manager.filter(indicator__in=indicators)
        .order_by("indicator_id", "-read_on", "-pk")
        .distinct("indicator_id")
    }


def follow_readings(condition: ExitCondition) -> ExitCondition:
    """Set the condition's status and date from its override or its indicators' readings."""
    locked = ExitCondition._base_manager.select_for_update().get(pk=condition.pk)
    override = StatusOverride._base_manager.filter(exit_condition=locked).first()
    indicators = list(Indicator._base_manager.filter(exit_condition=locked).order_by("pk"))
    newest = _newest_readings(indicators)
    latest = [(i, newest[i.pk].value if i.pk in newest else None) for i in indicators]
    last_read: date | None = max((r.read_on for r in newest.values()), default=None)
    status = override.status if override else status_from(latest)
    fields = []
    if status is not None and status != locked.status:
        locked.status = status
        fields.append("status")
    if last_read is not None and last_read != locked.last_assessed_on:
        locked.last_assessed_on = last_read
        fields.append("last_assessed_on")
    if fields:
        save_revision(locked, expected=locked.revision, fields=fields)
    return locked


def keep_steps(measure: Measured, readings: QuerySet) -> None:
    """A scale may shrink only above every value already recorded on it (``readings``: the
    measure's)."""
    if not measure.scale or measure.pk is None:
        return
    highest = readings.order_by("-value").values_list("value", flat=True).first()
    if highest is not None and highest > len(measure.scale):
        raise ValidationError(
            {
                "scale": _("A reading is at step %(n)s: keep at least that many steps.")
                % {"n": int(highest)}
            }
        )


@transaction.atomic
def indicator_create(
    *, condition: ExitCondition, values: Mapping[str, Any], by: AbstractBaseUser
) -> Indicator:
    require_edit(by, _mission_id(condition))
    indicator = Indicator(exit_condition=condition, mission_id=_mission_id(condition))
    apply_values(indicator, values, INDICATOR_FIELDS)
    indicator.save()
    follow_readings(condition)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    values: Mapping[str, Any],
    expected_revision: int,
    by: AbstractBaseUser,
) -> Indicator:
    condition = indicator.exit_condition
    require_edit(by, _mission_id(condition))
    apply_values(indicator, values, INDICATOR_FIELDS)
    keep_steps(indicator, IndicatorReading._base_manager.filter(indicator=indicator))
    saved = update_at_revision(indicator, values, INDICATOR_FIELDS, expected=expected_revision)
    follow_readings(condition)
    return saved


@transaction.atomic
def indicator_delete(*, indicator: Indicator, expected_revision: int, by: AbstractBaseUser) -> None:
    condition = indicator.exit_condition
    require_edit(by, _mission_id(condition))
    delete_at_revision(indicator, expected=expected_revision)
    follow_readings(condition)


@transaction.atomic
def reading_add(
    *,
    indicator: Indicator,
    value: Decimal,
    read_on: date,
    note: str = "",
    review: Review | None = None,
    by: AbstractBaseUser,
) -> IndicatorReading:
    """A dated value; on a scale, a step number of that scale; ``review``: entered in it."""
    condition = indicator.exit_condition
    require_entry(by, _mission_id(condition), review)
    if indicator.scale and not is_step(value, indicator.scale):
        raise ValidationError({"value": _("Choose one of the scale's steps.")})
    reading = IndicatorReading.objects.create(
        mission_id=indicator.mission_id,
        indicator=indicator,
        value=value,
        read_on=read_on,
        note=note.strip(),
        review=review,
        entered_by=by,
    )
    follow_readings(condition)
    return reading


@transaction.atomic
def reading_delete(*, reading: IndicatorReading, by: AbstractBaseUser) -> None:
    condition = reading.indicator.exit_condition
    require_edit(by, _mission_id(condition))
    IndicatorReading._base_manager.filter(pk=reading.pk).delete()
    follow_readings(condition)


@transaction.atomic
def override_set(
    *,
    condition: ExitCondition,
    status: str,
    reason: str,
    expected_revision: int | None,
    by: AbstractBaseUser,
) -> StatusOverride:
    """Set the status by judgement. ``expected_revision`` is the override's revision read, or
    None when the person saw none (then one set meanwhile is a conflict)."""
    require_edit(by, _mission_id(condition))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the readings do not decide it.")})
    current = StatusOverride._base_manager.select_for_update().filter(exit_condition=condition)
    override = current.first()
    if override is None:
        if expected_revision is not None:
            raise StaleEdit(None)
        override = StatusOverride.objects.create(
            mission_id=_mission_id(condition),
            exit_condition=condition,
            status=status,
            reason=reason,
            set_by=by,
        )
    else:
        if expected_revision is None:
            raise StaleEdit(override)
        override.status, override.reason, override.set_by = status, reason, by
        override.set_at = timezone.now()
        save_revision(
            override, expected=expected_revision, fields=["status", "reason", "set_by", "set_at"]
        )
    follow_readings(condition)
    return override


def keep_judgement(
    sender: object,
    *,
    condition: ExitCondition,
    status: str,
    reason: str,
    by: AbstractBaseUser,
    **kwargs: object,
) -> None:
    """A status a person set by hand on a measured condition (``exit_condition_judged``):
    where the readings say otherwise it becomes the override, with their evidence as the
    reason; where they agree, the status follows the readings again."""
    indicators = list(Indicator._base_manager.filter(exit_condition=condition).order_by("pk"))
    if not indicators:
        return
    newest = _newest_readings(indicators)
    readings_say = status_from(
        [(i, newest[i.pk].value if i.pk in newest else None) for i in indicators]
    )
    current = StatusOverride._base_manager.select_for_update().filter(exit_condition=condition)
    if status == readings_say:
        current.delete()
    else:
        reason = reason.strip()[:REASON_MAX] or _("Set by hand; the readings say otherwise.")
        StatusOverride._base_manager.update_or_create(
            exit_condition=condition,
            defaults={
                "status": status,
                "reason": reason,
                "set_by": by,
                "revision": F("revision") + 1,
            },
            create_defaults={
                "status": status,
                "reason": reason,
                "set_by": by,
                "mission_id": _mission_id(condition),
                "classification": condition.classification,
            },
        )
    follow_readings(condition)


@transaction.atomic
def override_clear(
    *, override: StatusOverride, expected_revision: int, by: AbstractBaseUser
) -> None:
    """Back to the readings."""
    condition = override.exit_condition
    require_edit(by, _mission_id(condition))
    delete_at_revision(override, expected=expected_revision)
    follow_readings(condition)
