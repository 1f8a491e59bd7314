"""Search finds only what the reader may read, in the mission searched: never a record of
another mission, never a record above the reader's level; an outsider learns nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from missions.classification import Classification
from reviews.models import Decision, ObjectiveAssessment, Progress
from strategies.models import Comment
from tests.factories import (
    DriverFactory,
    EndStateFactory,
    MandateFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
    TaskFactory,
)
from tests.search.conftest import as_role, client_for, search

pytestmark = pytest.mark.django_db

WORD = "zanzibarite"


def _one_of_each(mission, author, word: str = WORD, review=None) -> None:
    """A record of every built-in kind, each saying ``word`` (the assessment and the decision
    in ``review``, or a new one)."""
    objective = ObjectiveFactory(mission=mission, description=f"About {word}.")
    TaskFactory(mandate=MandateFactory(mission=mission), text=f"To monitor {word}.")
    stakeholder = StakeholderFactory(mission=mission, notes=f"Knows {word}.")
    PositionFactory(stakeholder=stakeholder, objective=objective, note=f"On {word}.")
    DriverFactory(mission=mission, entry_points=f"The {word} council.")
    review = review or ReviewFactory(mission=mission)
    ObjectiveAssessment.objects.create(
        review=review, objective=objective, progress=Progress.ON_TRACK, evidence=f"{word} data"
    )
    Decision.objects.create(
        review=review, kind=Decision.Kind.KEEP, objective=objective, rationale=f"{word} holds."
    )
    Comment.objects.create(mission=mission, author=author, objective=objective, body=word)


def test_every_kind_is_found_in_its_own_mission(mission, people):
    _one_of_each(mission, people["viewer"])
    page = search(as_role("viewer"), WORD).content.decode()
    for label in (
        "Objectives",
        "Mandated tasks",
        "Stakeholders",
        "Stakeholder positions",
        "Conflict drivers",
        "Objective assessments",
        "Review decisions",
        "Comments",
    ):
        assert f'{label} <span class="count">1</span>' in page, label
    assert "8 records match" in page


def test_a_record_of_another_mission_is_never_found(mission, other_mission, people):
    EndStateFactory(mission=other_mission)
    _one_of_each(other_mission, people["outsider"])
    # The outsider may read their own mission's records, and find them there...
    own = search(client_for(people["outsider"]), WORD, acronym="UNOTHER").content.decode()
    assert "8 records match" in own
    # ...but in UNTEST, where they hold no role, the page does not exist.
    assert search(client_for(people["outsider"]), WORD).status_code == 404
    # And a member of both missions never finds UNOTHER's records in UNTEST.
    for role in ("head_of_mission", "viewer"):
        page = search(as_role(role), WORD).content.decode()
        assert "Nothing in UNTEST that you may read matches" in page
        assert "UNOTHER" not in page


def test_a_member_of_both_missions_finds_each_missions_records_in_it(
    mission, other_mission, people
):
    EndStateFactory(mission=other_mission)
    ObjectiveFactory(mission=mission, code="O1", title=f"Here {WORD}")
    ObjectiveFactory(mission=other_mission, code="O9", title=f"There {WORD}")
    from tests.factories import MembershipFactory

    MembershipFactory(mission=other_mission, role="viewer", user=people["viewer"])
    page = search(as_role("viewer"), WORD).content.decode()
    assert "O1 Here" in page and "O9 There" not in page


def test_a_classified_record_is_hidden_from_a_reader_who_may_not_read_it(mission, people):
    ObjectiveFactory(
        mission=mission,
        title=f"Secret {WORD} channel",
        classification=Classification.STRICTLY_CONFIDENTIAL,
    )
    DriverFactory(
        mission=mission,
        title=f"{WORD} networks",
        classification=Classification.STRICTLY_CONFIDENTIAL,
        named_readers=[people["viewer"].pk],
    )
    head = search(as_role("head_of_mission"), WORD).content.decode()
    assert "Secret" in head and "networks" in head
    for role in ("strategy_editor", "desk_officer", "component_lead"):
        page = search(as_role(role), WORD).content.decode()
        assert "Secret" not in page and "networks" not in page, role
        assert "Nothing in UNTEST that you may read matches" in page
    # A named reader reads the driver, not the objective.
    viewer = search(as_role("viewer"), WORD).content.decode()
    assert "networks" in viewer and "Secret" not in viewer


def test_a_position_on_a_hidden_objective_is_hidden_with_it(mission, people):
    objective = ObjectiveFactory(
        mission=mission, classification=Classification.STRICTLY_CONFIDENTIAL
    )
    PositionFactory(
        stakeholder=StakeholderFactory(mission=mission), objective=objective, note=f"{WORD}"
    )
    assert "Stakeholder positions" in search(as_role("head_of_mission"), WORD).content.decode()
    assert "Stakeholder positions" not in search(as_role("viewer"), WORD).content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(mission):
    response = search(Client(), WORD)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
