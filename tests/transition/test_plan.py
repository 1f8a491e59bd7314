"""The transition view: tasks by receiver kind, receiver and timing, with the benchmark each
waits on; tasks with no handover listed apart, flagged as the mandate nears its end."""

from __future__ import annotations

from datetime import date

import pytest

from tests.transition.conftest import URL, as_role, handover
from transition.selectors import horizon_asked, transition_plan

pytestmark = pytest.mark.django_db


def test_the_view_groups_tasks_by_receiver_then_phase(people, mission, mandate, benchmark):
    handover(mandate, "1 (a)", receiver="UNDP", phase=3, depends_on=benchmark)
    handover(mandate, "2", receiver="undp", phase=1, status="in_preparation")
    handover(
        mandate,
        "3",
        receiver_kind="government",
        receiver="Ministry of Justice",
        phase=None,
        target_date=date(2027, 6, 30),
        status="handed_over",
        handed_over_on=date(2026, 2, 1),
    )
    plan = transition_plan(mission)
    assert [k.kind for k in plan.kinds] == ["unct", "government"]
    undp = plan.kinds[0].receivers
    assert len(undp) == 1  # "UNDP" and "undp" are one receiver
    assert [row.task.reference for row in undp[0].rows] == ["2", "1 (a)"]  # phase 1, then 3
    assert undp[0].rows[1].benchmark == benchmark
    assert [r.task.reference for r in plan.unplanned] == ["1 (b)"]  # "1" is a header
    assert dict((s, n) for s, _l, n in plan.counts) == {
        "not_started": 1,
        "in_preparation": 1,
        "handed_over": 1,
    }

    page = as_role("viewer").get(URL).content.decode()
    assert "UN country team entity" in page and "Host government institution" in page
    assert page.index("OP 2") < page.index("OP 1 (a)")
    assert "Ministry of Justice" in page and "by 30 Jun 2027" in page
    assert "Courts sit in every province." in page and "Partly met" in page
    assert 'id="no-handover"' in page and "OP 1 (b)" in page
    assert "Add handover" not in page  # a viewer reads


def test_tasks_without_handover_are_findings_only_inside_the_horizon(people, mandate):
    editor = as_role("strategy_editor")
    inside = editor.get(URL).content.decode()
    assert "each of these tasks is a finding" in inside and "Add handover" in inside
    outside = editor.get(URL + "?horizon=100").content.decode()
    assert "each of these tasks is a finding" not in outside
    assert "does not expire within 100 days" in outside


def test_the_horizon_is_bounded(mission):
    assert horizon_asked(None) == 365
    assert horizon_asked("junk") == 365
    assert horizon_asked("0") == 1
    assert horizon_asked("99999") == 1825
    assert horizon_asked("90") == 90


def test_a_mission_with_no_mandate_says_so(people):
    page = as_role("viewer").get(URL).content.decode()
    assert "No mandate is recorded" in page


def test_the_tab_is_in_the_mission_bar_after_end_state_and_exit(people, mandate):
    page = as_role("viewer").get(URL).content.decode()
    assert page.index("End state and exit") < page.index(">Transition<") < page.index("Reviews")
