"""A renewal's new and materially reworded tasks are findings until an editor reviews them."""

import pytest

from mandates.parsing import parse_resolution
from mandates.services import mandate_import
from strategies.selectors.findings import findings_for_mission
from strategies.services.alignment import task_align
from tests.mandates import resolutions

pytestmark = pytest.mark.django_db


def to_review(mission) -> set[str]:
    return {
        f.subject.split(" (S/RES")[0].removeprefix("OP ")
        for f in findings_for_mission(mission.pk, mission.acronym)
        if f.rule.code == "renewal_task_to_review"
    }


def test_new_and_materially_reworded_tasks_are_findings_until_reviewed(client, editor, mission):
    first = parse_resolution(resolutions.as_text(resolutions.RES_2729))
    mandate_import(mission=mission, parsed=first, by=editor)
    assert to_review(mission) == set()  # a first mandate has nothing to compare with

    renewal = mandate_import(
        mission=mission,
        parsed=parse_resolution(resolutions.as_text(resolutions.RES_2775)),
        by=editor,
    )
    flagged = dict(
        renewal.tasks.exclude(review_reason="").values_list("reference", "review_reason")
    )
    assert flagged["3"] == "new"
    assert flagged["4 (b) (ii)"] == "material"
    assert to_review(mission) == set(flagged)

    client.force_login(editor)
    page = client.get(f"/missions/{mission.acronym}/").content.decode()
    assert "Task new or reworded materially in the renewal, to review" in page
    alignment = client.get(f"/missions/{mission.acronym}/alignment/").content.decode()
    assert "to review" in alignment

    task = renewal.tasks.get(reference="4 (b) (ii)")
    task_align(
        task=task,
        objectives=[],
        is_strategic_priority=task.is_strategic_priority,
        phase=None,
        expected_revision=task.revision,
        by=editor,
    )
    assert "4 (b) (ii)" not in to_review(mission)
    assert "3" in to_review(mission)
