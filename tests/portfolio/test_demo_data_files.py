"""The demo data files read into the story the seeder writes, and a slip in one (an unknown
key, a value that is not a choice) fails on reading, naming the file and the value."""

import pytest

from missions.models import Role
from portfolio import demo_loader
from portfolio.demo_loader import (
    DEMO_ACRONYMS,
    MAIN_ACRONYM,
    MissionSpec,
    ObjectiveSpec,
    demo_missions,
    demo_users,
)
from strategies.models import Priority


def test_every_mission_file_reads_in_seeding_order():
    missions = demo_missions()
    assert [m.acronym for m in missions] == list(DEMO_ACRONYMS)
    assert missions[0].acronym == MAIN_ACRONYM


def test_every_member_and_owner_is_a_demo_login():
    usernames = {user.username for user in demo_users()}
    for mission in demo_missions():
        for member in mission.members:
            assert member.user in usernames, (mission.acronym, member.user)
        for objective in mission.objectives:
            assert objective.owner is None or objective.owner in usernames


def test_choices_read_as_the_models_choices():
    main = demo_missions()[0]
    assert isinstance(main.members[0].role, Role)
    assert main.objectives[0].priority == Priority.HIGH  # written by name: ``priority: high``


def test_wrapped_text_reads_as_paragraphs():
    preamble = demo_missions()[0].mandate.preamble
    assert "\n\n" in preamble
    assert all("\n" not in paragraph for paragraph in preamble.split("\n\n"))


def test_an_unknown_key_fails_naming_the_file():
    with pytest.raises(ValueError, match=r"X\.yaml\.objectives\[0\]: unknown keys \['colour'\]"):
        demo_loader._build(
            MissionSpec,
            {"objectives": [{"code": "O1", "colour": "red"}]},
            "X.yaml",
        )


def test_a_value_that_is_not_a_choice_fails_naming_it():
    with pytest.raises(ValueError, match="'urgent' is not one of"):
        demo_loader._build(
            ObjectiveSpec,
            {
                "code": "O1",
                "title": "t",
                "description": "",
                "levels": ["local"],
                "priority": "urgent",
            },
            "X.yaml",
        )
