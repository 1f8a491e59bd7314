"""Adding a comment to a strategy record and resolving it. The reads are in
``strategies.selectors.comments``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.models import Mission
from missions.policy import Action, can
from strategies.models import Comment, Objective, StrategyVersion


@transaction.atomic
def comment_add(
    *,
    mission: Mission,
    by: AbstractBaseUser,
    body: str,
    objective: Objective | None = None,
    version: StrategyVersion | None = None,
    parent: Comment | None = None,
) -> Comment:
    if not can(by, Action.COMMENT, mission):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if parent is not None:
        if parent.mission_id != mission.pk or parent.parent_id is not None:
            raise ValidationError({"parent": _("Replies go to a comment of this mission.")})
        objective, version = parent.objective, parent.version
    if (objective is None) == (version is None):
        raise ValidationError(_("A comment is about one objective or one version."))
    for target in (objective, version):
        if target is not None and target.mission_id != mission.pk:
            raise ValidationError(_("That belongs to another mission."))
    return Comment.objects.create(
        mission=mission, author=by, body=body, objective=objective, version=version, parent=parent
    )


@transaction.atomic
def comment_resolve(*, comment: Comment, by: AbstractBaseUser, resolved: bool = True) -> Comment:
    """Editors resolve (or reopen) a comment thread."""
    if not can(by, Action.EDIT_STRATEGY, comment.mission_id):
        raise PermissionDenied
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
