"""Briefs, scoped to the missions the user may see, at levels they may read, and for a desk
officer only those made for HQ (a brief made for one audience is never served to another);
subscriptions, to their owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from briefs.audiences import Audience
from missions.need_to_know import ReaderManager, desk_officer_missions, level_q, readable
from missions.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from missions.need_to_know import User


def brief_readable(model: type, user: User) -> Q:
    """A brief's own level and list (``Brief``) decide, except for its audience: a desk
    officer reads a brief made for HQ at the level it printed, since its "withheld" lines were
    written for HQ to read. A desk officer is served briefs made for HQ only."""
    desk = desk_officer_missions(user)
    for_hq = Q(audience=Audience.HQ)
    to_its_audience = for_hq & Q(mission__in=desk) & level_q(model, user, field="printed_level")
    return (readable(model, user) | to_its_audience) & (for_hq | ~Q(mission__in=desk))


class BriefQuerySet(ScopedQuerySet):
    def _readable_by(self, user: User) -> BriefQuerySet:
        return self.filter(brief_readable(self.model, user))


class BriefManager(ReaderManager.from_queryset(BriefQuerySet)):
    """The current reader's briefs only, as for every classified record."""

    def reader_q(self, reader: User) -> Q:
        return brief_readable(self.model, reader)
