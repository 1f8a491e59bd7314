"""Approving the working draft as a numbered strategy version (a frozen snapshot). The reads are in
``strategies.selectors.versions``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.models import EndState, Mission
from missions.policy import Action, can
from strategies.models import (
    StrategyVersion,
)
from strategies.signals import version_approved

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
from strategies.selectors.versions import strategy_snapshot


@transaction.atomic
def version_approve(*, mission: Mission, by: AbstractBaseUser, note: str) -> StrategyVersion:
    """Freeze the working strategy as the mission's next numbered version."""
    # The view asks the policy too; a command or the API calling this must not skip it.
    if not can(by, Action.APPROVE_VERSION, mission):
        raise PermissionDenied
    # Serialise approvals of one mission, so two heads clicking at once get 1 and 2.
    list(Mission.objects.select_for_update().filter(pk=mission.pk).values_list("pk"))
    end_state = EndState.objects.filter(mission=mission, superseded_on__isnull=True).first()
    if end_state is None:
        raise ValidationError(
            _("Set the mission's political end state before approving a strategy version.")
        )
    last = StrategyVersion.objects.filter(mission=mission).aggregate(n=Max("number"))["n"] or 0
    version = StrategyVersion.objects.create(
        mission=mission,
        number=last + 1,
        end_state=end_state,
        approved_by=by,
        approved_at=timezone.now(),
        note=note.strip(),
        snapshot=strategy_snapshot(mission=mission),
    )
    version_approved.send(sender=StrategyVersion, version=version, by=by)
    return version
