"""Fixtures shared by the strategy tests."""

import pytest

from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def hom(mission):
    return MembershipFactory(
        mission=mission, role="head_of_mission", user=UserFactory(username="miriam")
    ).user
