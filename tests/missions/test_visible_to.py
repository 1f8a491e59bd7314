"""``visible_to(user, action)`` on every model of a mission's data agrees with the one policy
(``can``), for every role and action, and is decided in the database in one query."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from missions.models import Mission
from missions.policy import Action, can
from strategies.models import Contribution
from tests.api.conftest import make_strategy
from tests.factories import EndStateFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "head_of_mission",
    "chief_of_staff",
    "strategy_editor",
    "component_lead",
    "desk_officer",
    "viewer",
]
DATA_APPS = {
    "missions",
    "mandates",
    "strategies",
    "reviews",
    "briefs",
    "council",
    "renewals",
    "benchmarks",
    "evidence",
    "transition",
}


def test_every_model_of_a_missions_data_has_visible_to():
    lacking = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in DATA_APPS
        and not model.__name__.endswith("Event")  # history rows, read through their model
        and not hasattr(model._default_manager, "visible_to")
    ]
    assert lacking == []


@pytest.fixture
def two_missions(mission, other_mission):
    EndStateFactory(mission=other_mission)
    return make_strategy(mission), make_strategy(other_mission)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_missions_visible_for_an_action_are_those_the_policy_allows(two_missions, role, action):
    ours, theirs = two_missions
    component = ours.own if role == "component_lead" else None
    user = MembershipFactory(mission=ours.mission, role=role, component=component).user
    visible = set(Mission.objects.visible_to(user, action))
    assert visible == {m for m in (ours.mission, theirs.mission) if can(user, action, m)}
    # Rows follow their mission; for a component lead's own actions, their component's rows.
    contributions = set(Contribution.objects.visible_to(user, action))
    expected = {
        c
        for c in Contribution.objects.select_related("objective")
        if can(user, action, c.objective.mission_id, c)
    }
    assert contributions == expected


def test_outsiders_and_anonymous_visitors_see_nothing(two_missions):
    ours, _theirs = two_missions
    stranger = UserFactory()
    for user in (stranger, AnonymousUser()):
        for model in (Contribution, type(ours.objective), type(ours.task)):
            assert not model.objects.visible_to(user).exists()


def test_an_administrator_reads_every_mission_and_writes_none(two_missions):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert Contribution.objects.visible_to(admin).count() == 4
    assert not Contribution.objects.visible_to(admin, Action.EDIT_STRATEGY).exists()


def test_visible_to_is_one_query_however_many_missions(
    two_missions, editor, django_assert_num_queries
):
    # The reader's missions by level (once per user object), then the rows.
    with django_assert_num_queries(2):
        list(Contribution.objects.visible_to(editor).select_related("objective"))
    with django_assert_num_queries(1):
        list(Contribution.objects.visible_to(editor).select_related("objective"))
