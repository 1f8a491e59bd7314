"""A file's bytes leave the storage when its row goes, however it goes (removed, or by cascade
with its record), once the deletion is committed; a deletion rolled back keeps them."""

from __future__ import annotations

import pytest
from django.db import transaction

from evidence.models import EvidenceFile
from evidence.services import evidence_attach, evidence_storage
from reviews.models import Review
from reviews.services.decisions import decision_delete
from strategies.services.exit_conditions import exit_condition_delete
from strategies.services.stakeholders import stakeholder_delete
from tests.evidence.conftest import PNG, stored_files, upload

pytestmark = pytest.mark.django_db

EDITORS = {
    "assessment": "chief_of_staff",
    "reading": "chief_of_staff",
    "decision": "chief_of_staff",
    "position": "strategy_editor",
    "exit_condition": "strategy_editor",
}


@pytest.fixture
def files(people, records, mission) -> dict[str, EvidenceFile]:
    """One stored file on each record."""
    return {
        kind: evidence_attach(
            by=people[EDITORS[kind]],
            mission=mission,
            kind=kind,
            record=records[kind],
            upload=upload(f"{kind}.png", PNG, "image/png"),
        )
        for kind in EDITORS
    }


def _delete_record(kind: str, records, people) -> None:
    """Delete the record through the screen's service, or (ratings and readings, which have
    none) with their review."""
    record = records[kind]
    if kind == "exit_condition":
        exit_condition_delete(
            condition=record, expected_revision=record.revision, by=people["strategy_editor"]
        )
    elif kind == "position":
        stakeholder = record.stakeholder
        stakeholder_delete(
            stakeholder=stakeholder,
            expected_revision=stakeholder.revision,
            by=people["strategy_editor"],
        )
    elif kind == "decision":
        decision_delete(
            decision=record, by=people["chief_of_staff"], expected_revision=record.revision
        )
    else:
        Review.objects.get(pk=record.review_id).delete()


def _stored(evidence: EvidenceFile) -> bool:
    return evidence_storage().exists(evidence.key)


@pytest.mark.parametrize("kind", list(EDITORS))
def test_deleting_a_record_deletes_its_files_bytes_once_committed(
    people, records, files, kind, django_capture_on_commit_callbacks
):
    assert all(_stored(f) for f in files.values())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _delete_record(kind, records, people)
        assert _stored(files[kind])  # not before the commit
    assert callbacks
    assert not EvidenceFile.objects.filter(pk=files[kind].pk).exists()
    assert not _stored(files[kind])
    # A review takes its ratings and its readings with it; every other file stays.
    gone = {"assessment", "reading"} if kind in ("assessment", "reading") else {kind}
    assert {k for k, f in files.items() if _stored(f)} == set(EDITORS) - gone


def test_a_deletion_rolled_back_keeps_the_row_and_its_bytes(
    people, records, files, evidence_dir, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _delete_record("exit_condition", records, people)
        raise RuntimeError("something later in the transaction failed")
    assert callbacks == []
    assert EvidenceFile.objects.filter(pk=files["exit_condition"].pk).exists()
    assert _stored(files["exit_condition"])
    assert len(stored_files(evidence_dir)) == len(EDITORS)
