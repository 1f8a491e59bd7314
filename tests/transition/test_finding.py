"""A mandated task with no handover while the mandate in force expires within the horizon is
a finding, on the mission's overview and the HQ portfolio like the others."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from strategies.selectors.findings import finding_counts, findings_for_mission
from tests.factories import MandateFactory, TaskFactory
from tests.transition.conftest import handover, task

pytestmark = pytest.mark.django_db
CODE = "task_without_handover"


def _flagged(mission) -> list[str]:
    return [
        f.subject for f in findings_for_mission(mission.pk, mission.acronym) if f.rule.code == CODE
    ]


def test_a_task_with_no_handover_inside_the_horizon_is_a_finding(mission, mandate):
    flagged = _flagged(mission)
    # Leaf paragraphs only: "1" is a header of 1 (a) and 1 (b).
    assert sorted(s.split(" of S/RES")[0] for s in flagged) == [
        "OP 1 (a)",
        "OP 1 (b)",
        "OP 2",
        "OP 3",
    ]
    assert all("of S/RES/2800 (2026): mandate expires" in s for s in flagged)
    finding = next(f for f in findings_for_mission(mission.pk, "UNTEST") if f.rule.code == CODE)
    assert finding.url == f"/missions/UNTEST/transition/#task-{finding.pk}"
    assert finding_counts([mission.pk])[mission.pk] >= 4


def test_a_handed_task_is_no_finding(mission, mandate):
    for reference in ("1 (a)", "1 (b)", "2"):
        handover(mandate, reference)
    assert [s.split(" of S/RES")[0] for s in _flagged(mission)] == ["OP 3"]
    handover(mandate, "3", receiver_kind="ends", receiver="", phase=None)
    assert _flagged(mission) == []


def test_no_finding_outside_the_horizon_or_for_an_older_mandate(mission, mandate):
    mandate.expires_on = date.today() + timedelta(days=400)
    mandate.save()
    assert _flagged(mission) == []
    mandate.expires_on = date.today() + timedelta(days=30)
    mandate.save()
    assert len(_flagged(mission)) == 4
    # A renewal replaces it: only the mandate in force counts.
    renewal = MandateFactory(
        mission=mission, adopted_on=date(2026, 12, 1), expires_on=date.today() + timedelta(999)
    )
    TaskFactory(mandate=renewal, reference="1")
    assert _flagged(mission) == []
    assert task(mandate, "2").pk  # the old tasks are still there
