"""Setting a record's level and need-to-know list from its own classification page: the way
the head of mission, who edits no record, lowers one."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.concurrency import save_revision
from missions.classification import MARKING_FIELDS, Classified
from missions.need_to_know import refuse_lowering
from missions.policy import Action, can


@transaction.atomic
def record_reclassify(
    *,
    record: Classified,
    mission_id: int,
    level: int,
    readers: Iterable[int],
    expected_revision: int,
    by: AbstractBaseUser,
) -> Classified:
    """Write the level and list if nobody changed the record since it was read."""
    if not can(by, Action.CLASSIFY, mission_id):
        raise PermissionDenied
    refuse_lowering(record, level)
    record.classification, record.named_readers = level, sorted(set(readers))
    return save_revision(record, expected=expected_revision, fields=MARKING_FIELDS)
