"""The one policy: each role against each action, and component scoping for leads."""

import pytest

from missions.policy import Action, allowed_actions, can, get_mission_for_user
from tests.factories import ComponentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

A = Action
EXPECTED = {
    "head_of_mission": {
        A.VIEW,
        A.COMMENT,
        A.EXPORT_BRIEF,
        A.APPROVE_VERSION,
        A.SIGN_OFF_REVIEW,
        A.REOPEN_REVIEW,
        A.CLASSIFY,
        A.APPROVE_COUNCIL_INPUT,
    },
    "chief_of_staff": {
        A.VIEW,
        A.COMMENT,
        A.EXPORT_BRIEF,
        A.EDIT_STRATEGY,
        A.EDIT_CONTRIBUTION,
        A.IMPORT_MANDATE,
        A.RUN_REVIEW,
        A.ASSESS_OBJECTIVE,
        A.REOPEN_REVIEW,
        A.CLASSIFY,
        A.CLEAR_COUNCIL_INPUT,
    },
    "strategy_editor": {
        A.VIEW,
        A.COMMENT,
        A.EXPORT_BRIEF,
        A.EDIT_STRATEGY,
        A.EDIT_CONTRIBUTION,
        A.IMPORT_MANDATE,
        A.CLASSIFY,
    },
    "component_lead": {
        A.VIEW,
        A.COMMENT,
        A.EXPORT_BRIEF,
        A.EDIT_CONTRIBUTION,
        A.ASSESS_CONTRIBUTION,
    },
    "desk_officer": {A.VIEW, A.COMMENT, A.EXPORT_BRIEF},
    "viewer": {A.VIEW, A.EXPORT_BRIEF},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_may_take_exactly_its_actions(role, mission, other_mission):
    component = ComponentFactory(mission=mission)
    membership = MembershipFactory(
        mission=mission, role=role, component=component if role == "component_lead" else None
    )
    user = membership.user
    for action in Action:
        expected = action in EXPECTED[role]
        assert can(user, action, mission, component) is expected, (role, action)
        # Nothing at all on a mission the user holds no role in.
        assert can(user, action, other_mission) is False
    assert allowed_actions(user, mission) == EXPECTED[role]


def test_component_lead_acts_only_on_their_own_component(mission):
    mine, theirs = ComponentFactory(mission=mission), ComponentFactory(mission=mission)
    lead = MembershipFactory(mission=mission, role="component_lead", component=mine).user
    assert can(lead, Action.EDIT_CONTRIBUTION, mission, mine)
    assert not can(lead, Action.EDIT_CONTRIBUTION, mission, theirs)
    assert not can(lead, Action.ASSESS_CONTRIBUTION, mission, theirs)
    assert not can(lead, Action.EDIT_CONTRIBUTION, mission)  # no record named: no


def test_outsiders_get_404_and_members_without_the_right_get_403(mission, reader, outsider):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(Http404):
        get_mission_for_user(outsider, "UNTEST")
    with pytest.raises(PermissionDenied):
        get_mission_for_user(reader, "UNTEST", Action.EDIT_STRATEGY)
    assert get_mission_for_user(reader, "untest") == mission


def test_inactive_and_anonymous_users_hold_nothing(mission):
    from django.contrib.auth.models import AnonymousUser

    user = MembershipFactory(mission=mission, role="strategy_editor").user
    user.is_active = False
    user.save()
    assert not can(user, Action.VIEW, mission)
    assert not can(AnonymousUser(), Action.VIEW, mission)


def test_administrators_read_every_mission_and_edit_nothing(mission):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert can(admin, Action.VIEW, mission)
    assert not can(admin, Action.EDIT_STRATEGY, mission)
