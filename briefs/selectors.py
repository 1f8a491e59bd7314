"""Reads of briefs for the screens, scoped to one mission the user may export from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from briefs.models import Brief, BriefSubscription
from missions.policy import Action, get_mission_for_user

if TYPE_CHECKING:
    from missions.models import Mission
    from missions.policy import User


def brief_list(mission: Mission) -> QuerySet[Brief]:
    """The mission's briefs, newest first, with what each is of and who asked (one query)."""
    return Brief.objects.filter(mission=mission).select_related(
        "mission", "version", "review", "requested_by"
    )


def get_brief_for_user(user: User, acronym: str, pk: int) -> Brief:
    """404 for someone with no role in the mission, as for a brief that does not exist."""
    mission = get_mission_for_user(user, acronym, Action.EXPORT_BRIEF)
    brief = brief_list(mission).filter(pk=pk).first()
    if brief is None:
        raise Http404(_("No such brief."))
    return brief


def is_subscribed(user: User, mission: Mission) -> bool:
    return BriefSubscription.objects.filter(user=user, mission=mission).exists()
