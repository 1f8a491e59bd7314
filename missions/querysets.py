"""Querysets scoped to the people allowed to see the rows.

Every model of a mission's data has ``visible_to(user, action)`` (as NetBox's
``restrict(user, action)``): the rows in missions where ``user`` holds a role allowing
``action`` under the one policy (missions/policy.py), decided in the database as a
subquery, so a scoped list costs the same queries as an unscoped one. Lookups by id go
through it, so a row of another mission answers exactly as a row that does not exist; and a
record above the user's level (``missions.need_to_know``) answers the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from missions.classification import Classified
from missions.need_to_know import readable
from missions.roles import ADMIN_ACTIONS, COMPONENT_SCOPED, ROLE_ACTIONS, Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


def _model(name: str) -> type[models.Model]:
    """A missions model, looked up when a query runs: the models import these querysets."""
    return apps.get_model("missions", name)


class MissionQuerySet(models.QuerySet):
    def visible_to(self, user: User, action: str = "view") -> MissionQuerySet:
        """Missions in which ``user`` may take ``action``; administrators read every mission.

        For component-scoped actions, a component lead's mission is not among them: the lead
        may act only on their component's rows (see ``ScopedQuerySet.component_path``).
        """
        action = Action(action)
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser and action in ADMIN_ACTIONS:
            return self.all()
        return self.filter(pk__in=_seats(user, action, component_scoped=False))


def _seats(user: User, action: str, *, component_scoped: bool) -> models.QuerySet:
    """The user's memberships allowing ``action``, mission-wide or for their component only."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    seats = _model("Membership").objects.filter(user=user, role__in=roles)
    scoped_roles = {Role.COMPONENT_LEAD} if action in COMPONENT_SCOPED else set()
    if component_scoped:
        return seats.filter(role__in=scoped_roles).values("component_id")
    return seats.exclude(role__in=scoped_roles).values("mission_id")


class ScopedQuerySet(models.QuerySet):
    """Rows of a mission's data. Subclasses say how a row reaches its mission and, where a
    component lead may act on their own component's rows only, how it reaches its component.
    """

    mission_path: ClassVar[str] = "mission"
    component_path: ClassVar[str | None] = None

    def visible_to(self, user: User, action: str = "view") -> ScopedQuerySet:
        action = Action(action)
        in_missions = models.Q(
            **{f"{self.mission_path}__in": _model("Mission").objects.visible_to(user, action)}
        )
        rows = self._readable_by(user)
        if (
            self.component_path is None
            or action not in COMPONENT_SCOPED
            or not user.is_authenticated
        ):
            return rows.filter(in_missions)
        own = _seats(user, action, component_scoped=True)
        return rows.filter(in_missions | models.Q(**{f"{self.component_path}__in": own}))

    def _readable_by(self, user: User) -> ScopedQuerySet:
        """Rows at levels ``user`` may read, their own and their parents' (need to know)."""
        if not issubclass(self.model, Classified) and not hasattr(self.model, "classified_parents"):
            return self
        return self.filter(readable(self.model, user))


class MembershipQuerySet(ScopedQuerySet):
    def for_user(self, user: User) -> MembershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class EndStateQuerySet(ScopedQuerySet):
    pass


class ComponentQuerySet(ScopedQuerySet):
    component_path = "pk"


class StakeholderQuerySet(ScopedQuerySet):
    pass


class PersonalQuerySet(models.QuerySet):
    """Rows that belong to one person (preferences, notifications, feeds): theirs only."""

    owner_path: ClassVar[str] = "user"

    def visible_to(self, user: User, action: str = "view") -> PersonalQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(**{self.owner_path: user})


def people_visible_to(user: User, action: str = "view") -> models.QuerySet:
    """People holding a role in a mission where ``user`` may take ``action``: the only people
    a lookup by user id may find, so an id outside them answers as a missing one."""
    missions = _model("Mission").objects.visible_to(user, action)
    return get_user_model().objects.filter(
        pk__in=_model("Membership").objects.filter(mission__in=missions).values("user_id")
    )


def members_of(mission_id: int) -> models.QuerySet:
    """The people holding a role in one mission."""
    return get_user_model().objects.filter(
        pk__in=_model("Membership").objects.filter(mission_id=mission_id).values("user_id")
    )
