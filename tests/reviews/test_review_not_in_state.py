"""A transition from a state the review is no longer in raises ``ReviewNotInState``, a plain
message on no field, naming the state the review is in now; the review does not move."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reviews.services.cycle import review_conclude, review_open, review_reopen, review_sign_off
from reviews.services.guards import ReviewNotInState
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "run", "who"),
    [
        ("open", lambda review, by: review_open(review=review, by=by), "chief"),
        (
            "concluded",
            lambda review, by: review_conclude(review=review, by=by, summary="S"),
            "chief",
        ),
        ("open", lambda review, by: review_reopen(review=review, by=by, reason="R"), "chief"),
        ("signed_off", lambda review, by: review_sign_off(review=review, by=by), "hom"),
    ],
)
def test_a_transition_from_the_wrong_state_raises_review_not_in_state(world, status, run, who):
    review = world.review(status)
    with pytest.raises(ReviewNotInState) as caught:
        run(review, world.users[who])
    assert not hasattr(caught.value, "error_dict")
    assert caught.value.review.status == status
    review.refresh_from_db()
    assert review.status == status


def test_a_refused_value_is_a_field_error_not_a_state_error(world):
    review = world.review("open")
    with pytest.raises(ValidationError) as caught:
        review_conclude(review=review, by=world.users["chief"], summary="")
    assert not isinstance(caught.value, ReviewNotInState)
    assert "summary" in caught.value.error_dict
