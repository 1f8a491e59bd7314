"""Need to know worked out in memory (``readable_loaded``, which the reminders use for each
recipient) agrees with the database's rule (``readable``) for every role, level, named list
and parent, and hands a record whose parents were not loaded back to the database."""

from __future__ import annotations

import itertools

import pytest

from missions.models import EndState, Membership
from missions.need_to_know import may_read, readable_among, readable_loaded
from strategies.models import ExitCondition, Objective, StakeholderPosition
from tests.factories import (
    EndStateFactory,
    ExitConditionFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LEVELS = (0, 1, 2)


@pytest.fixture
def people(mission, other_mission):
    def member(name: str, role: str, **kwargs):
        user = UserFactory(username=name, **kwargs)
        MembershipFactory(user=user, mission=mission, role=role)
        return user

    named = member("named", "viewer")
    found = {
        "head": member("head", "head_of_mission"),
        "chief": member("chief", "chief_of_staff"),
        "desk": member("desk", "desk_officer"),
        "viewer": member("viewer", "viewer"),
        "named viewer": named,
        "inactive head": member("gone", "head_of_mission", is_active=False),
        "outsider": UserFactory(username="outsider"),
    }
    MembershipFactory(user=found["outsider"], mission=other_mission, role="head_of_mission")
    return found, named


@pytest.fixture
def records(mission, people):
    _, named = people
    objectives, positions, conditions = [], [], []
    for level, stance_level in itertools.product(LEVELS, LEVELS):
        readers = [named.pk] if level == 2 else []
        objective = ObjectiveFactory(mission=mission, classification=level, named_readers=readers)
        objectives.append(objective)
        stakeholder = StakeholderFactory(mission=mission, classification=stance_level)
        positions.append(
            PositionFactory(stakeholder=stakeholder, objective=objective, classification=level)
        )
    end_state = EndState.objects.filter(mission=mission).first() or EndStateFactory(mission=mission)
    for level in LEVELS:
        readers = [named.pk] if level == 2 else []
        conditions.append(
            ExitConditionFactory(end_state=end_state, classification=level, named_readers=readers)
        )
    return objectives, positions, conditions


def loaded(records):
    objectives, positions, conditions = records
    return (
        list(Objective._base_manager.filter(pk__in=[o.pk for o in objectives])),
        list(
            StakeholderPosition._base_manager.filter(
                pk__in=[p.pk for p in positions]
            ).select_related("stakeholder", "objective")
        ),
        list(
            ExitCondition._base_manager.filter(pk__in=[c.pk for c in conditions]).select_related(
                "end_state"
            )
        ),
    )


def test_in_memory_agrees_with_the_database_for_every_reader_and_record(
    people, records, mission, django_assert_num_queries
):
    readers, _ = people
    every = [record for group in loaded(records) for record in group]
    for name, user in readers.items():
        for record in every:
            in_memory = readable_loaded(user, record)
            assert in_memory is not None, (name, record)
            assert in_memory == may_read(user, record), (name, type(record).__name__, record)

    # A job asking for one person: decided without a query once their missions are read.
    head = readers["head"]
    readable_among(head, every[:1])
    with django_assert_num_queries(0):
        assert readable_among(head, every) == every


def test_a_record_without_its_parents_loaded_is_asked_of_the_database(people, records):
    readers, _ = people
    _, positions, _ = records
    bare = list(StakeholderPosition._base_manager.filter(pk__in=[p.pk for p in positions]))
    viewer = readers["viewer"]

    assert {readable_loaded(viewer, p) for p in bare} <= {None, False}
    expected = [p for p in bare if may_read(viewer, p)]
    assert readable_among(viewer, bare) == expected
    assert 0 < len(expected) < len(bare)


def test_the_scoped_query_kept_per_reader_is_copied_never_shared(people, records, mission):
    """The need-to-know filters are added once per model and reader (``ReaderManager``):
    a filter added to one queryset never reaches the next, and a reader whose missions
    change gets a scope of their own."""
    from django.contrib.auth import get_user_model

    from missions.need_to_know import reading_as

    readers, _ = people
    viewer = readers["viewer"]
    with reading_as(viewer):
        everything = set(Objective.objects.values_list("pk", flat=True))
        one = Objective.objects.filter(pk=min(everything))
        assert one.count() == 1
        assert set(Objective.objects.values_list("pk", flat=True)) == everything
    unclassified = {o.pk for o in records[0] if o.classification == 0}
    assert everything == unclassified | {
        o.pk for o in records[0] if o.classification == 1
    }  # a viewer reads Confidential, not Strictly Confidential

    Membership.objects.filter(user=viewer, mission=mission).update(role="head_of_mission")
    promoted = get_user_model().objects.get(pk=viewer.pk)  # a new request's user
    with reading_as(promoted):
        assert set(Objective.objects.values_list("pk", flat=True)) == {o.pk for o in records[0]}
