"""Each recommendation read against what the Council did, in words: one sentence per case."""

from __future__ import annotations

from datetime import date

import pytest

from renewals.models import Recommendation, Renewal
from renewals.outcome import renewal_outcome
from tests.factories import MandateFactory, TaskFactory

pytestmark = pytest.mark.django_db

SSR = "To support security sector reform in the east and in the capital;"
DDR = "To support disarmament, demobilization and reintegration of former combatants;"
POC = "To ensure the protection of civilians under threat of physical violence;"
ELECTIONS = "To support the preparation of inclusive elections with the participation of women;"
MINES = "To support mine action and the clearance of explosive ordnance in the north;"
BORDER = "To monitor the border with the neighbouring State and report on arms flows;"


@pytest.fixture
def pair(mission):
    old = MandateFactory(mission=mission, symbol="S/RES/1 (2024)", adopted_on=date(2024, 1, 1))
    new = MandateFactory(mission=mission, symbol="S/RES/2 (2025)", adopted_on=date(2025, 1, 1))
    for i, (text, priority) in enumerate(
        [(SSR, False), (DDR, False), (POC, True), (ELECTIONS, False), (MINES, False)]
    ):
        TaskFactory(
            mandate=old, reference=str(i + 1), position=i, text=text, is_strategic_priority=priority
        )
    reworded = ELECTIONS.replace("inclusive elections", "free, fair and inclusive elections")
    for i, (text, priority) in enumerate(
        [(SSR, False), (DDR, True), (POC, False), (reworded, False), (BORDER, False)]
    ):
        TaskFactory(
            mandate=new, reference=str(i + 1), position=i, text=text, is_strategic_priority=priority
        )
    return old, new


def _recommend(old, reference: str, action: str, **values) -> None:
    renewal, _ = Renewal.objects.get_or_create(mission=old.mission, mandate=old)
    Recommendation.objects.create(
        renewal=renewal, task=old.tasks.get(reference=reference), action=action, **values
    )


def _verdicts(old, new) -> dict[str, str]:
    report = renewal_outcome(old, new)
    rows = [*report.rows, *report.dropped]
    return {(row.old or row.new).reference: row.verdict for row in rows}, report


def test_each_action_against_each_outcome(pair):
    old, new = pair
    _recommend(old, "1", "reword", wording="To support the reform of the security sector;")
    _recommend(old, "2", "make_priority")
    _recommend(old, "3", "unmake_priority")
    proposed = ELECTIONS.replace("inclusive", "free, fair and inclusive")
    _recommend(old, "4", "reword", wording=proposed)
    _recommend(old, "5", "resequence", phase=2)
    verdicts, report = _verdicts(old, new)
    assert verdicts["1"] == "Recommended rewording; the Council kept the wording."
    assert verdicts["2"] == "Recommended making it a strategic priority; made one."
    assert verdicts["3"] == "Recommended ending its strategic priority; ended."
    assert verdicts["4"] == "Recommended rewording; reworded as proposed."
    assert verdicts["5"] == "Recommended resequencing to phase 2; the Council dropped it."
    assert report.counts == {"kept": 3, "reworded": 1, "dropped": 1, "new": 1}
    new_row = next(row for row in report.rows if row.outcome == "new")
    assert new_row.new.reference == "5"
    assert new_row.verdict == "New; not proposed by the mission."
    priorities = {row.new.reference: row.priority_label for row in report.rows if row.old}
    assert priorities == {
        "1": "",
        "2": "made a strategic priority",
        "3": "no longer a strategic priority",
        "4": "",
    }
    assert (report.followed, report.not_followed, report.undetermined) == (3, 2, 0)


def test_the_other_way_round(pair):
    old, new = pair
    _recommend(old, "1", "keep")
    _recommend(old, "3", "resequence", phase=3)
    _recommend(old, "4", "drop", rationale="x")
    _recommend(old, "5", "keep")
    verdicts, report = _verdicts(old, new)
    assert verdicts["1"] == "Recommended keep; kept."
    assert verdicts["2"] == "No recommendation; kept as is."
    assert verdicts["3"] == (
        "Recommended resequencing to phase 3; kept (the phase is set by the mission)."
    )
    assert verdicts["4"] == "Recommended drop; the Council kept it, reworded."
    assert verdicts["5"] == "Recommended keep; the Council dropped it."
    assert (report.followed, report.not_followed, report.undetermined) == (1, 2, 1)


def test_the_page_without_recommendations_says_so(people, mission, pair):
    from tests.renewals.conftest import as_role

    page = as_role("viewer").get("/missions/UNTEST/renewal/outcome/").content.decode()
    assert "What the Council did with the recommendations on S/RES/1 (2024)" in page
    assert "none made" in page
    assert "No recommendation; dropped." in page


def test_the_page_can_show_only_the_paragraphs_recommended_on(pair, people):
    from tests.renewals.conftest import as_role

    old, new = pair
    _recommend(old, "2", "make_priority", rationale="DDR unlocks the transition.")
    url = f"/missions/UNTEST/renewal/outcome/?old={old.pk}&new={new.pk}"
    client = as_role("viewer")
    everything = client.get(url).content.decode()
    assert everything.count('class="outcome-row') == 5 + 1  # and one dropped, listed apart
    only = client.get(url + "&only=recommended").content.decode()
    assert only.count('class="outcome-row') == 1 + 1
    assert f'id="new-{new.tasks.get(reference="2").pk}"' in only
    assert "Show all 5 paragraphs" in only
