"""A file is read at its record's level: a reader who may not read a Strictly confidential
record gets 404 on its files and does not see them listed; the head of mission and the
record's named readers do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from missions.classification import Classification
from reviews.models import ObjectiveAssessment
from strategies.models import ExitCondition
from tests.evidence.conftest import as_role, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_file(people, records):
    """A file on an exit condition, which is then marked Strictly confidential."""
    condition = records["exit_condition"]
    as_role("strategy_editor").post(
        reverse("evidence:upload", args=["UNTEST", "exit_condition", condition.pk]),
        {"file": upload("Back-channel talks.pdf", pdf_bytes())},
    )
    ExitCondition.objects.filter(pk=condition.pk).update(
        classification=Classification.STRICTLY_CONFIDENTIAL
    )
    return EvidenceFile.objects.get()


@pytest.mark.parametrize("role", ["strategy_editor", "viewer", "desk_officer", "chief_of_staff"])
def test_a_reader_below_the_records_level_gets_404_and_no_listing(secret_file, role):
    client = as_role(role)
    assert (
        client.get(reverse("evidence:download", args=["UNTEST", secret_file.pk])).status_code == 404
    )
    assert (
        client.get(reverse("evidence:delete", args=["UNTEST", secret_file.pk])).status_code == 404
    )
    attach = reverse(
        "evidence:upload", args=["UNTEST", "exit_condition", secret_file.exit_condition_id]
    )
    assert client.post(attach, {"file": upload("b.pdf", pdf_bytes())}).status_code == 404
    page = client.get(reverse("strategies:exit_conditions", args=["UNTEST"])).content.decode()
    assert "Back-channel talks.pdf" not in page
    assert EvidenceFile.objects.count() == 1


def test_the_head_of_mission_and_named_readers_read_it(secret_file, people):
    head = as_role("head_of_mission")
    page = head.get(reverse("strategies:exit_conditions", args=["UNTEST"])).content.decode()
    assert "Back-channel talks.pdf" in page
    assert (
        head.get(reverse("evidence:download", args=["UNTEST", secret_file.pk])).status_code == 200
    )

    ExitCondition.objects.filter(pk=secret_file.exit_condition_id).update(
        named_readers=[people["strategy_editor"].pk]
    )
    editor = as_role("strategy_editor")
    page = editor.get(reverse("strategies:exit_conditions", args=["UNTEST"])).content.decode()
    assert "Back-channel talks.pdf" in page
    assert (
        editor.get(reverse("evidence:download", args=["UNTEST", secret_file.pk])).status_code == 200
    )


def test_a_file_under_a_hidden_objective_is_hidden_with_it(people, records):
    """A rating hangs on its objective: hiding the objective hides the rating's files."""
    assessment = records["assessment"]
    as_role("chief_of_staff").post(
        reverse("evidence:upload", args=["UNTEST", "assessment", assessment.pk]),
        {"file": upload("Survey.pdf", pdf_bytes())},
    )
    evidence = EvidenceFile.objects.get()
    assessment.objective.__class__.objects.filter(pk=assessment.objective_id).update(
        classification=Classification.STRICTLY_CONFIDENTIAL
    )
    assert ObjectiveAssessment.objects.filter(pk=assessment.pk).exists()
    for role in ("viewer", "chief_of_staff"):
        url = reverse("evidence:download", args=["UNTEST", evidence.pk])
        assert as_role(role).get(url).status_code == 404
    assert EvidenceFile.objects.visible_to(people["viewer"]).count() == 0
    assert EvidenceFile.objects.visible_to(people["head_of_mission"]).count() == 1
