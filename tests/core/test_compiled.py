"""Findings run SQL compiled once per process (``core.compiled``): each reader still gets the
rows their need to know allows, and every call reads the database afresh."""

import pytest

from missions.need_to_know import reading_as
from strategies.selectors.findings import findings_for_mission
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MembershipFactory,
    ObjectiveFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def subjects(mission, user) -> set[str]:
    with reading_as(user):
        return {f"{f.rule.code}: {f.subject}" for f in findings_for_mission(mission.pk)}


def test_compiled_findings_follow_the_reader_and_the_data(mission, reader):
    head = MembershipFactory(
        mission=mission, role="head_of_mission", user=UserFactory(username="hom")
    ).user
    open_ = ObjectiveFactory(mission=mission, code="O1", title="Talks resume")
    ObjectiveFactory(mission=mission, code="O2", title="Back channel", classification=2)

    as_viewer = subjects(mission, reader)
    as_head = subjects(mission, head)
    again_as_viewer = subjects(mission, reader)

    assert any("Back channel" in s for s in as_head)
    assert not any("Back channel" in s for s in as_viewer)
    assert again_as_viewer == as_viewer
    assert any("Talks resume" in s for s in as_viewer)

    # A change shows at once: the SQL is kept, never the rows.
    ContributionFactory(component=ComponentFactory(mission=mission), objective=open_)
    after = subjects(mission, reader)
    assert len(after) == len(as_viewer) - 1
