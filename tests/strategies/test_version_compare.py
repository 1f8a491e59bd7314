"""Any two versions (or a version and the draft) compare in words a desk officer can read."""

from __future__ import annotations

import copy

import pytest

from strategies.models import Objective
from strategies.selectors.version_compare import version_compare
from strategies.services.versions import version_approve
from tests.factories import ObjectiveFactory
from tests.strategies.versions_support import build_strategy


def objective(code: str, **fields) -> dict[str, object]:
    return {
        "code": code,
        "title": f"Objective {code}",
        "description": "",
        "levels": ["national"],
        "parent": None,
        "priority": 2,
        "phase": 1,
        "status": "active",
        "owner": "",
        "assumptions": [],
        "risks": [],
        "markers": [],
        **fields,
    }


def snapshot(*objectives, **lists) -> dict[str, object]:
    return {"schema": 1, "end_state": None, "objectives": list(objectives), **lists}


def section(sections, key):
    return next(s for s in sections if s.key == key)


def test_compare_finds_added_removed_and_changed_objectives():
    old = snapshot(objective("O1"), objective("O2"), objective("O3"))
    new = snapshot(objective("O1"), objective("O2", priority=1), objective("O4"))

    changes = section(version_compare(old, new), "objectives").changes

    assert [(c.kind, c.subject) for c in changes] == [
        ("changed", "O2 Objective O2"),
        ("added", "O4 Objective O4"),
        ("removed", "O3 Objective O3"),
    ]
    assert changes[0].details == [("Priority", "Medium", "High")]


def test_compare_says_levels_statuses_and_ratings_in_words():
    old = snapshot(
        objective(
            "O1",
            levels=["national"],
            assumptions=[{"statement": "Talks continue.", "rating": "holds"}],
            risks=[{"description": "Walk-out.", "severity": "low", "mitigation": ""}],
        )
    )
    new = snapshot(
        objective(
            "O1",
            levels=["national", "local"],
            status="achieved",
            assumptions=[
                {"statement": "Talks continue.", "rating": "under_strain"},
                {"statement": "Donors stay.", "rating": "holds"},
            ],
        )
    )

    (change,) = section(version_compare(old, new), "objectives").changes

    assert change.kind == "changed"
    assert ("Levels of engagement", "National", "National, Sub-national / local") in change.details
    assert ("Status", "Active", "Achieved") in change.details
    assert ("Assumption “Talks continue.”: rating", "Holds", "Under strain") in change.details
    assert ("Assumption added", "—", "Donors stay. (Holds)") in change.details
    assert ("Risk removed", "Walk-out. (Low)", "—") in change.details


def test_compare_matches_other_records_by_natural_key():
    old = snapshot(
        contributions=[{"component": "Force", "objective": "O1", "role": "lead", "narrative": ""}],
        positions=[
            {"stakeholder": "AU", "objective": "O1", "stance": "unknown", "as_of": "2025-01-01"}
        ],
        drivers=[{"title": "Land", "level": "local", "objectives": []}],
        exit_conditions=[{"description": "Calm.", "kind": "security", "status": "not_met"}],
        alignments=[
            {"mandate": "S/1", "task": "3", "objectives": [], "is_strategic_priority": False}
        ],
    )
    new = snapshot(
        contributions=[
            {"component": "Force", "objective": "O1", "role": "support", "narrative": ""}
        ],
        positions=[
            {"stakeholder": "AU", "objective": "O1", "stance": "supports", "as_of": "2026-03-02"}
        ],
        drivers=[{"title": "Land", "level": "national", "objectives": ["O1"]}],
        exit_conditions=[{"description": "Calm.", "kind": "security", "status": "partly_met"}],
        alignments=[
            {"mandate": "S/1", "task": "3", "objectives": ["O1"], "is_strategic_priority": True}
        ],
    )

    sections = {s.key: s.changes for s in version_compare(old, new)}

    assert sections["contributions"][0].subject == "Force → O1"
    assert sections["contributions"][0].details == [("Role", "Lead", "Support")]
    assert sections["positions"][0].subject == "AU on O1"
    assert ("Stance", "Unknown", "Supports") in sections["positions"][0].details
    assert ("As of", "1 Jan 2025", "2 Mar 2026") in sections["positions"][0].details
    assert ("Level", "Sub-national / local", "National") in sections["drivers"][0].details
    assert ("Addressed by objectives", "—", "O1") in sections["drivers"][0].details
    assert sections["exit_conditions"][0].details == [("Status", "Not met", "Partly met")]
    assert sections["alignments"][0].subject == "OP 3 (S/1)"
    assert ("Strategic priority", "No", "Yes") in sections["alignments"][0].details


def test_comparing_a_snapshot_with_itself_finds_nothing():
    old = snapshot(objective("O1", assumptions=[{"statement": "A", "rating": "holds"}]))

    assert all(not s.changes for s in version_compare(old, copy.deepcopy(old)))


@pytest.mark.django_db
def test_the_compare_page_shows_a_priority_change_in_words(client, mission, hom, reader):
    objectives = build_strategy(mission)
    version_approve(mission=mission, by=hom, note="One.")
    Objective.objects.filter(pk=objectives["o1"].pk).update(priority=1)
    version_approve(mission=mission, by=hom, note="Two.")
    client.force_login(reader)

    response = client.get("/missions/UNTEST/versions/compare/?from=1&to=2")

    assert response.status_code == 200
    html = response.content.decode()
    assert "O1 A political settlement" in html
    assert "Priority" in html
    assert '<del><span class="visually-hidden">deleted: </span>Medium</del>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>High</ins>' in html
    assert "1 change" in html


@pytest.mark.django_db
def test_the_compare_page_compares_the_draft_and_says_when_nothing_changed(
    client, mission, hom, reader
):
    build_strategy(mission)
    version_approve(mission=mission, by=hom, note="One.")
    client.force_login(reader)

    same = client.get("/missions/UNTEST/versions/compare/?from=1&to=draft")
    ObjectiveFactory(mission=mission, code="O7", title="Brand new")
    added = client.get("/missions/UNTEST/versions/compare/")

    assert "Nothing changed from version 1 to the working draft." in same.content.decode()
    html = added.content.decode()
    assert added.status_code == 200
    assert "Added" in html
    assert "<ins>O7 Brand new</ins>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?from=9&to=draft", "?from=abc&to=1", "?from=1&to=-3"])
def test_the_compare_page_explains_a_version_that_does_not_exist(client, mission, hom, query):
    version_approve(mission=mission, by=hom, note="One.")
    client.force_login(hom)

    response = client.get(f"/missions/UNTEST/versions/compare/{query}")

    assert response.status_code == 200
    assert "of this strategy. Choose from the list." in response.content.decode()
