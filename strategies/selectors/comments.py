"""HQ comments on objectives and versions: HQ advises, never leads; editors reply and resolve."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from missions.models import Mission
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
