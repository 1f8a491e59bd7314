"""An exit condition with no evidence text but a file attached has evidence: it is no finding,
and the readiness summary does not count it; removing the file brings both back. A file on
another record does not count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from strategies.models import ExitCondition
from strategies.selectors.exit_conditions import current_exit_conditions, exit_readiness
from strategies.selectors.findings import finding_counts, findings_for_mission
from tests.evidence.conftest import as_role, pdf_bytes, upload
from tests.factories import ExitConditionFactory

pytestmark = pytest.mark.django_db

CODE = "exit_condition_without_evidence"
FLAG = "has no evidence recorded (a finding)"


def _flagged(mission) -> list[int]:
    return [f.pk for f in findings_for_mission(mission.pk, mission.acronym) if f.rule.code == CODE]


def _page(role: str = "strategy_editor") -> str:
    url = reverse("strategies:exit_conditions", args=["UNTEST"])
    return as_role(role).get(url).content.decode()


@pytest.fixture
def bare(records) -> ExitCondition:
    """The test's condition, with no evidence text, beside one with text."""
    condition = records["exit_condition"]
    ExitCondition.objects.filter(pk=condition.pk).update(evidence="")
    ExitConditionFactory(end_state=condition.end_state, evidence="Observer reports.")
    return condition


def test_a_file_attached_to_a_bare_condition_clears_the_finding_until_it_is_removed(
    people, records, mission, bare
):
    client = as_role("strategy_editor")
    # A file on another record does not count for the condition.
    client.post(
        reverse("evidence:upload", args=["UNTEST", "position", records["position"].pk]),
        {"file": upload("Position.pdf", pdf_bytes())},
    )
    assert _flagged(mission) == [bare.pk]
    counted = finding_counts([mission.pk])[mission.pk]
    assert exit_readiness(list(current_exit_conditions(mission))).without_evidence == 1
    assert FLAG in _page()
    assert _page().count("No evidence recorded") == 1  # the bare condition's row

    response = client.post(
        reverse("evidence:upload", args=["UNTEST", "exit_condition", bare.pk]),
        {"file": upload("Observer report.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert _flagged(mission) == []
    assert finding_counts([mission.pk])[mission.pk] == counted - 1
    assert exit_readiness(list(current_exit_conditions(mission))).without_evidence == 0
    assert FLAG not in _page()
    assert FLAG not in _page("viewer")
    # Its row no longer flags it: its evidence is in the file listed under it.
    assert "No evidence recorded" not in _page()
    assert "In the files below" in _page()

    evidence = EvidenceFile.objects.get(exit_condition=bare)
    url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    assert client.post(url, {"revision": evidence.revision}).status_code == 302
    assert _flagged(mission) == [bare.pk]
    assert exit_readiness(list(current_exit_conditions(mission))).without_evidence == 1
