"""Conflict drivers: adding, editing and deleting them, with the objectives they touch.
The reads are in ``strategies.selectors.drivers``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from missions.models import Mission
from strategies.models import ConflictDriver, DriverObjective, Objective
from strategies.selectors.drivers import (
    DRIVER_FIELDS,
)
from strategies.services.records import (
    apply_values,
    delete_at_revision,
    require_edit,
    update_at_revision,
)


def _link(driver: ConflictDriver, objectives: Iterable[Objective]) -> None:
    """Make the driver's objectives exactly ``objectives``, touching only what changed."""
    wanted = {o.pk: o for o in objectives}
    if any(o.mission_id != driver.mission_id for o in wanted.values()):
        raise PermissionDenied
    current = set(
        DriverObjective.objects.filter(driver=driver).values_list("objective_id", flat=True)
    )
    DriverObjective.objects.filter(driver=driver, objective_id__in=current - wanted.keys()).delete()
    DriverObjective.objects.bulk_create(
        [DriverObjective(driver=driver, objective_id=pk) for pk in wanted.keys() - current]
    )


@transaction.atomic
def driver_create(
    *,
    mission: Mission,
    values: Mapping[str, Any],
    objectives: Iterable[Objective],
    by: AbstractBaseUser,
) -> ConflictDriver:
    require_edit(by, mission)
    driver = ConflictDriver(mission=mission)
    apply_values(driver, values, DRIVER_FIELDS)
    driver.save()
    _link(driver, objectives)
    return driver


@transaction.atomic
def driver_update(
    *,
    driver: ConflictDriver,
    values: Mapping[str, Any],
    objectives: Iterable[Objective] | None,
    expected_revision: int,
    by: AbstractBaseUser,
) -> ConflictDriver:
    """The revision moves on every save, links included, so a stale save of links is caught.

    ``objectives`` replaces the linked objectives; None leaves them as they are.
    """
    require_edit(by, driver.mission_id)
    update_at_revision(driver, values, DRIVER_FIELDS, expected=expected_revision)
    if objectives is not None:
        _link(driver, objectives)
    return driver


@transaction.atomic
def driver_delete(*, driver: ConflictDriver, expected_revision: int, by: AbstractBaseUser) -> None:
    require_edit(by, driver.mission_id)
    delete_at_revision(driver, expected=expected_revision)
