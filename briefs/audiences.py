"""For whom a brief is made, and the highest level each audience may receive.

The mission's leadership reads what the person exporting reads. HQ reads *Confidential* only
if the mission shares it with HQ (the same setting that lets desk officers read it on screen).
Troop- and police-contributing countries and the UN country team receive *Unclassified* only.
Whatever lies above an audience's level is left out of its brief with a visible line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.classification import Classification
from missions.need_to_know import reading_as, within
from missions.roles import Role

if TYPE_CHECKING:
    from missions.models import Mission
    from missions.need_to_know import User


class Audience(models.TextChoices):
    LEADERSHIP = "leadership", _("The mission's leadership")
    HQ = "hq", _("UN Headquarters")
    TCC_PCC = "tcc_pcc", _("Troop- and police-contributing countries")
    UNCT = "unct", _("The UN country team")


def audience_ceiling(audience: str, mission: Mission) -> Classification:
    """The highest level a brief for ``audience`` may include."""
    if audience == Audience.LEADERSHIP:
        return Classification.STRICTLY_CONFIDENTIAL
    if audience == Audience.HQ and mission.hq_reads_confidential:
        return Classification.CONFIDENTIAL
    return Classification.UNCLASSIFIED


def audiences_for(role: str | None) -> list[Audience]:
    """Whom a person may export for: a desk officer is HQ and exports for HQ only."""
    if role == Role.DESK_OFFICER:
        return [Audience.HQ]
    return list(Audience)


@contextmanager
def as_exporter(user: User | None) -> Iterator[None]:
    """Compose a brief reading what its exporter reads. Without a person (the subscribers'
    brief, the command line) it reads what every member reads: nothing Strictly confidential,
    which is for named people only."""
    if user is not None:
        with reading_as(user):
            yield
    else:
        with within(Classification.CONFIDENTIAL):
            yield
