"""Fixtures of the sign-in tests: the OIDC provider process, and a head of mission, whose
role requires a second factor."""

import pytest

from tests.factories import MembershipFactory
from tests.oidc_provider import oidc_provider, oidc_settings  # noqa: F401 (fixtures)


@pytest.fixture
def hom(mission, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    return MembershipFactory(mission=mission, role="head_of_mission").user
