"""A version approved or a review signed off: its brief is rendered for the subscribers.

Briefs sit above strategies and reviews, so they listen rather than being called: the lower
apps never import briefs. The work waits for the approving transaction to commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from briefs.services import briefs_for_subscribers
from reviews.models import Review
from reviews.signals import review_signed_off
from strategies.models import StrategyVersion


@receiver(post_save, sender=StrategyVersion, dispatch_uid="briefs.version_approved")
def version_approved(
    sender: type, instance: StrategyVersion, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw:
        return
    transaction.on_commit(
        lambda: briefs_for_subscribers(mission=instance.mission, version=instance)
    )


@receiver(review_signed_off, dispatch_uid="briefs.review_signed_off")
def review_signed_off_brief(sender: type, review: Review, **kwargs: Any) -> None:
    transaction.on_commit(lambda: briefs_for_subscribers(mission=review.mission, review=review))
