"""HQ comments on objectives and versions: HQ advises, never leads; editors reply and resolve."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.models import Mission
from missions.policy import Action, can
from strategies.models import Comment, Objective, StrategyVersion


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def open_comment_count(mission: Mission) -> int:
    return Comment.objects.filter(
        mission=mission, parent__isnull=True, resolved_at__isnull=True
    ).count()


def comments_for(
    mission: Mission, *, objective: Objective | None = None, version: StrategyVersion | None = None
) -> QuerySet[Comment]:
    qs = Comment.objects.filter(mission=mission).select_related(
        "author", "resolved_by", "objective", "version"
    )
    if objective is not None:
        qs = qs.filter(objective=objective)
    if version is not None:
        qs = qs.filter(version=version)
    return qs.order_by("created_at")


def threads(comments: QuerySet[Comment] | list[Comment]) -> list[Thread]:
    """Top-level comments with their replies, from one list (no query per comment)."""
    by_id: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            by_id[comment.pk] = Thread(comment)
    for comment in comments:
        if comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
    return list(by_id.values())


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


def mission_comments(mission: Mission, *, state: str = "open") -> list[Thread]:
    qs = comments_for(mission)
    tops = Q(parent__isnull=True)
    if state == "open":
        open_ids = Comment.objects.filter(mission=mission, resolved_at__isnull=True).filter(tops)
        qs = qs.filter(Q(pk__in=open_ids.values("pk")) | Q(parent__in=open_ids.values("pk")))
    elif state == "resolved":
        done = Comment.objects.filter(mission=mission, resolved_at__isnull=False).filter(tops)
        qs = qs.filter(Q(pk__in=done.values("pk")) | Q(parent__in=done.values("pk")))
    return threads(list(qs))
