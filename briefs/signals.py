"""A version approved or a review signed off: its brief is rendered for the subscribers.

Briefs sit above strategies and reviews, so they listen to the signals those apps send rather
than being called: the lower apps never import briefs. The work waits for the approving
transaction to commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from briefs.services import briefs_for_subscribers
from reviews.models import Review
from reviews.signals import review_signed_off
from strategies.models import StrategyVersion
from strategies.signals import version_approved


@receiver(version_approved, dispatch_uid="briefs.version_approved")
def version_approved_brief(sender: type, version: StrategyVersion, **kwargs: Any) -> None:
    transaction.on_commit(lambda: briefs_for_subscribers(mission=version.mission, version=version))


@receiver(review_signed_off, dispatch_uid="briefs.review_signed_off")
def review_signed_off_brief(sender: type, review: Review, **kwargs: Any) -> None:
    transaction.on_commit(lambda: briefs_for_subscribers(mission=review.mission, review=review))
