"""Who may own an objective: the people who can act on the mission's strategy.

An owner answers for an objective's progress, so it is someone whose role lets them act on
the strategy (edit it, edit a component's contribution, or approve it). Desk officers and
viewers read and comment; they cannot own the mission's work.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from missions.roles import ROLE_ACTIONS, Action

OWNING_ACTIONS = frozenset({Action.EDIT_STRATEGY, Action.EDIT_CONTRIBUTION, Action.APPROVE_VERSION})
# Read from the policy's table, so a role given or refused these rights follows by itself.
OWNER_ROLES = tuple(role for role, actions in ROLE_ACTIONS.items() if actions & OWNING_ACTIONS)

NOT_AN_OWNER = _(
    "Choose someone who can act on this mission's strategy: desk officers, viewers and "
    "people outside the mission cannot own an objective."
)


def objective_owner_choices(mission: Mission, *, keep: int | None = None) -> QuerySet:
    """The active people whose role in ``mission`` lets them own an objective.

    ``keep``: the id of the objective's current owner, kept even if their role has changed
    since, so that saving other fields does not silently drop them.
    """
    may_own = Q(
        is_active=True,
        memberships__mission=mission,
        memberships__role__in=OWNER_ROLES,
    )
    if keep is not None:
        may_own |= Q(pk=keep)
    return (
        get_user_model()
        .objects.filter(may_own)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
