"""A strategy snapshot holds the whole strategy by natural keys, at a fixed query cost."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import EndState
from strategies.selectors.versions import strategy_snapshot
from tests.factories import (
    ContributionFactory,
    MarkerFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
)
from tests.strategies.versions_support import build_strategy


@pytest.mark.django_db
def test_the_snapshot_holds_the_whole_strategy_by_natural_keys(mission):
    build_strategy(mission)

    snapshot = strategy_snapshot(mission=mission)

    assert snapshot["end_state"]["statement"] == mission.current_end_state.statement
    assert snapshot["end_state"]["adopted_on"] == "2024-01-01"
    assert [c["description"] for c in snapshot["exit_conditions"]] == ["Elections held peacefully."]
    assert [o["code"] for o in snapshot["objectives"]] == ["O1", "O2", "O10"]
    o1, o2 = snapshot["objectives"][:2]
    assert o1["owner"] == "Ada Njoroge"
    assert o1["priority"] == 2
    assert o1["assumptions"] == [{"statement": "The parties stay at the table.", "rating": "holds"}]
    assert o1["risks"][0]["severity"] == "high"
    assert o1["markers"][0]["reading_on"] == "2026-01-05"
    assert o2["parent"] == "O1"
    assert o2["levels"] == ["local", "national"]
    assert snapshot["contributions"] == [
        {
            "component": "Civil Affairs",
            "objective": "O2",
            "role": "support",
            "narrative": "Opens space for the dialogue the objective needs.",
        }
    ]
    alignments = {a["task"]: a for a in snapshot["alignments"]}
    assert alignments["29 (a)"]["objectives"] == ["O1", "O2"]
    assert alignments["29 (a)"]["is_strategic_priority"] is True
    assert alignments["29 (a)"]["mandate"] == "S/RES/2800 (2026)"
    assert alignments["29 (b)"]["objectives"] == []
    # Only the latest position per stakeholder and objective.
    assert snapshot["positions"] == [
        {
            "stakeholder": "African Union",
            "objective": "O1",
            "stance": "supports",
            "as_of": "2026-02-01",
            "note": "",
        }
    ]
    assert snapshot["drivers"][0]["title"] == "Land disputes"
    assert snapshot["drivers"][0]["objectives"] == ["O2"]
    # No database ids anywhere: versions compare by meaning.
    assert '"id"' not in str(snapshot).replace("'", '"')


@pytest.mark.django_db
def test_the_snapshot_costs_the_same_number_of_queries_at_any_size(mission, other_mission):
    def count(m) -> int:
        with CaptureQueriesContext(connection) as ctx:
            strategy_snapshot(mission=m)
        return len(ctx.captured_queries)

    build_strategy(mission)
    EndState.objects.create(mission=other_mission, statement="x", adopted_on=date(2024, 1, 1))
    build_strategy(other_mission)
    for i in range(20):
        objective = ObjectiveFactory(mission=other_mission, code=f"X{i}")
        MarkerFactory(objective=objective)
        ContributionFactory(objective=objective)
        PositionFactory(stakeholder=StakeholderFactory(mission=other_mission), objective=objective)

    assert count(mission) == count(other_mission)


@pytest.mark.django_db
def test_codes_with_superscripts_or_other_scripts_digits_sort_without_error(mission):
    """ "³" is a digit to isdigit() but not to int(); Arabic-Indic digits sort as numbers."""
    one, ten = "O\u0661", "O\u0661\u0660"  # Arabic-Indic 1 and 10
    for code in ["O³", ten, "O2", one]:
        ObjectiveFactory(mission=mission, code=code)

    snapshot = strategy_snapshot(mission=mission)

    assert [o["code"] for o in snapshot["objectives"]] == [one, "O2", ten, "O³"]
