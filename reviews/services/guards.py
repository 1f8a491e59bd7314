"""What every review write checks first: the policy, and that the review is in the right state.

A closed review is read-only (``ReviewLocked``, a 403); a transition from a state the review has
left (``ReviewNotInState``) means someone moved it on meanwhile, which the pages answer 409.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from missions.policy import Action, can
from reviews.models import (
    Review,
    ReviewStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


class ReviewLocked(PermissionDenied):
    """The review is not open, so nothing in it can be written (a 403 with this message)."""

    def __init__(self, review: Review):
        super().__init__(
            _("This review is %(status)s and read-only.")
            % {"status": review.get_status_display().lower()}
        )
        self.review = review


class ReviewNotInState(ValidationError):
    """The review is not in a state the transition starts from: it moved on meanwhile (another
    tab, another person). A plain message, on no field: the views answer 409 with the review
    as it is now, the API 400."""

    def __init__(self, review: Review):
        super().__init__(
            _("This review is %(status)s; it cannot be moved on from here.")
            % {"status": review.get_status_display().lower()}
        )
        self.review = review


def require(by: User, action: Action, review: Review, obj: Any = None) -> None:
    """PermissionDenied unless the policy lets ``by`` do ``action`` in the review's mission."""
    if not can(by, action, review.mission_id, obj):
        raise PermissionDenied


def require_open(review: Review) -> None:
    """ReviewLocked unless the review is open now (read from the row, not the object)."""
    status = Review.objects.filter(pk=review.pk).values_list("status", flat=True).first()
    if status != ReviewStatus.OPEN:
        review.status = status or review.status
        raise ReviewLocked(review)
