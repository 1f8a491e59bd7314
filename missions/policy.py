"""The one place that decides who may do what on which mission (the table of which role may
take which action is ``missions.roles``).

Every view, API endpoint, command and task asks ``can()`` (or a lookup helper built on it).
Access is per mission and per role (DESIGN.md section 1); someone with no role in a mission
does not learn that it exists (404), a member without the right gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.times import show_mission_time
from missions.models import Mission
from missions.need_to_know import memberships_of
from missions.roles import ADMIN_ACTIONS, COMPONENT_SCOPED, ROLE_ACTIONS, Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Seat:
    """What one user holds in one mission."""

    role: str
    component_id: int | None

    @property
    def label(self) -> str:
        if self.role == "administrator":
            return str(_("Administrator"))
        return str(Role(self.role).label)


def seats(user: User) -> dict[int, Seat]:
    """The user's seats by mission id, read once per user object (so once per request)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_mission_seats", None)
    if cached is None:
        cached = {
            mission_id: Seat(role, component_id)
            for mission_id, role, component_id, _acronym in memberships_of(user)
        }
        user._mission_seats = cached
    return cached


def seat(user: User, mission: Mission | int) -> Seat | None:
    mission_id = mission if isinstance(mission, int) else mission.pk
    found = seats(user).get(mission_id)
    if found is None and user.is_authenticated and user.is_superuser:
        return Seat("administrator", None)
    return found


def can(user: User, action: Action, mission: Mission | int, obj: Any = None) -> bool:
    """May ``user`` take ``action`` on ``mission`` (and on record ``obj`` within it)?

    ``obj`` matters for component-scoped actions: a component lead may act only on records
    whose ``component_id`` is their own component.
    """
    held = seat(user, mission)
    if held is None:
        return False
    allowed = ADMIN_ACTIONS if held.role == "administrator" else ROLE_ACTIONS[held.role]
    if action not in allowed:
        return False
    if held.role == Role.COMPONENT_LEAD and action in COMPONENT_SCOPED:
        component_id = getattr(obj, "component_id", getattr(obj, "pk", None)) if obj else None
        return component_id is not None and component_id == held.component_id
    return True


def allowed_actions(user: User, mission: Mission | int) -> frozenset[Action]:
    """Mission-wide actions, for templates deciding which buttons to show."""
    held = seat(user, mission)
    if held is None:
        return frozenset()
    return ADMIN_ACTIONS if held.role == "administrator" else ROLE_ACTIONS[held.role]


def get_mission_for_user(user: User, acronym: str, action: Action = Action.VIEW) -> Mission:
    """The mission by acronym: 404 for outsiders, 403 for members lacking ``action``."""
    mission = Mission.objects.visible_to(user).filter(acronym__iexact=acronym).first()
    if mission is None:
        raise Http404(_("No such mission."))
    if not can(user, action, mission):
        raise PermissionDenied
    return mission


def mission_context(user: User, mission: Mission) -> dict[str, Any]:
    """What every mission page template needs: the mission, the user's seat and rights.
    The page's times are the mission's: its zone is active from here on."""
    show_mission_time(mission)
    return {
        "mission": mission,
        "seat": seat(user, mission),
        "actions": allowed_actions(user, mission),
    }
