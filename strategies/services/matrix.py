"""Setting one cell of the contribution matrix: a component's role for an objective.
The reads are in ``strategies.selectors.matrix``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from core.concurrency import StaleEdit, save_revision
from missions.classification import MARKING_FIELDS
from missions.models import Component
from missions.policy import Action, can
from strategies.models import Contribution, Objective
from strategies.services.records import apply_values

if TYPE_CHECKING:
    from missions.policy import User
from strategies.selectors.matrix import NO_ROLE


@transaction.atomic
def contribution_set(
    *,
    component: Component,
    objective: Objective,
    role: str,
    narrative: str,
    expected_revision: int | None,
    by: User,
    marking: Mapping[str, Any] | None = None,
) -> Contribution | None:
    """Create, change or (with ``role`` "none") remove the contribution in one cell.

    ``expected_revision`` is the revision the user read, or None if the cell was empty then.
    Any change since (including someone else creating or deleting the row) raises
    ``StaleEdit`` and writes nothing. Returns the contribution, or None once removed.
    """
    if component.mission_id != objective.mission_id:
        raise ValueError("The component and the objective belong to different missions.")
    if role != NO_ROLE and role not in Contribution.Role.values:
        raise ValueError(f"Unknown contribution role {role!r}.")
    if not can(by, Action.EDIT_CONTRIBUTION, component.mission_id, component):
        raise PermissionDenied
    current = Contribution.objects.filter(component=component, objective=objective).first()

    if current is None:
        if role == NO_ROLE:
            return None  # Already what the user asked for, whoever removed it.
        if expected_revision is not None:
            raise StaleEdit(None)  # Deleted by someone else since the user opened it.
        try:
            with transaction.atomic():
                created = Contribution(
                    component=component, objective=objective, role=role, narrative=narrative
                )
                apply_values(created, marking or {}, MARKING_FIELDS)
                created.save()
                return created
        except IntegrityError:
            # Someone created the same cell a moment ago: theirs stands, the user decides.
            raise StaleEdit(
                Contribution.objects.filter(component=component, objective=objective).first()
            ) from None

    if expected_revision is None or current.revision != expected_revision:
        raise StaleEdit(current)
    if role == NO_ROLE:
        # Conditional on the revision, so a change made between the read above and now wins.
        deleted, _ = Contribution.objects.filter(pk=current.pk, revision=expected_revision).delete()
        if not deleted:
            raise StaleEdit(Contribution.objects.filter(pk=current.pk).first())
        return None
    current.role = role
    current.narrative = narrative
    marked = apply_values(current, marking or {}, MARKING_FIELDS)
    return save_revision(current, expected=expected_revision, fields=["role", "narrative", *marked])
