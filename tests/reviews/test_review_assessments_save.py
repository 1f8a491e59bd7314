"""``review_assessments_save``: the changed rows of an assessment page written all or nothing,
each at the revision it was read; a stale or refused row names itself and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.concurrency import StaleEdit
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
)
from reviews.services.assessments import AssessmentRow, AssessmentsNotSaved, review_assessments_save
from reviews.services.guards import ReviewLocked
from strategies.models import StakeholderPosition
from tests.reviews.assess_data import Sheet, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


def save(sheet: Sheet, rows: list[AssessmentRow], who: str = "chief_of_staff") -> list:
    return review_assessments_save(review=sheet.review, by=sheet.people[who], rows=rows)


def nothing_written(sheet: Sheet) -> bool:
    return (
        not any(
            model.objects.filter(review=sheet.review).exists()
            for model in (ObjectiveAssessment, MarkerReading, AssumptionAssessment)
        )
        and not StakeholderPosition.objects.filter(stakeholder=sheet.stakeholders[0]).exists()
    )


def test_it_writes_every_kind_of_row_in_one_go(sheet):
    rows = [
        AssessmentRow(sheet.o1, {"progress": "on_track", "evidence": " Minutes "}),
        AssessmentRow(sheet.markers[0], {"reading": "4 of 5"}),
        AssessmentRow(sheet.assumptions[0], {"rating": "holds", "note": ""}),
        AssessmentRow(
            sheet.stakeholders[0],
            {"stance": "supports", "note": "", "basis": None},
            objective=sheet.o1,
        ),
        AssessmentRow(sheet.conditions[1], {"status": "met", "evidence": "Q4"}),
    ]
    written = save(sheet, rows)
    assert len(written) == 5
    assessment = ObjectiveAssessment.objects.get(review=sheet.review, objective=sheet.o1)
    assert (assessment.progress, assessment.evidence) == ("on_track", "Minutes")
    assert MarkerReading.objects.get(review=sheet.review).reading == "4 of 5"
    assert AssumptionAssessment.objects.get(review=sheet.review).rating == "holds"
    assert StakeholderPosition.objects.get(stakeholder=sheet.stakeholders[0]).stance == "supports"
    assert ExitConditionAssessment.objects.get(review=sheet.review).status == "met"


def test_a_component_lead_saves_their_contributions(sheet):
    own = sheet.own_contribution
    save(sheet, [AssessmentRow(own, {"strength": "strong", "evidence": ""})], who="lead")
    assert ContributionAssessment.objects.get(review=sheet.review).contribution == own


def test_one_refused_row_writes_nothing_and_names_that_row(sheet):
    tomorrow = sheet.mission.today() + timedelta(days=1)
    rows = [
        AssessmentRow(sheet.o1, {"progress": "on_track"}),
        AssessmentRow(sheet.markers[0], {"reading": "4 of 5", "read_on": tomorrow}),
        AssessmentRow(sheet.assumptions[0], {"rating": "holds"}),
    ]
    with pytest.raises(AssessmentsNotSaved) as caught:
        save(sheet, rows)
    assert list(caught.value.errors) == [1]
    assert isinstance(caught.value.invalid[1], ValidationError)
    assert not caught.value.conflicts
    assert nothing_written(sheet)


def test_a_stale_revision_is_a_conflict_and_writes_nothing(sheet):
    theirs = ObjectiveAssessment.objects.create(
        review=sheet.review, objective=sheet.o1, progress="stalled"
    )
    theirs.revision = 3
    theirs.save(update_fields=["revision"])
    rows = [
        AssessmentRow(sheet.assumptions[0], {"rating": "broken"}),
        AssessmentRow(sheet.o1, {"progress": "on_track"}, revision=2),
    ]
    with pytest.raises(AssessmentsNotSaved) as caught:
        save(sheet, rows)
    conflict = caught.value.conflicts[1]
    assert isinstance(conflict, StaleEdit) and conflict.current.progress == "stalled"
    assert ObjectiveAssessment.objects.get(review=sheet.review).progress == "stalled"
    assert not AssumptionAssessment.objects.filter(review=sheet.review).exists()


def test_a_row_someone_else_created_since_it_was_read_is_a_conflict(sheet):
    ObjectiveAssessment.objects.create(review=sheet.review, objective=sheet.o1, progress="stalled")
    with pytest.raises(AssessmentsNotSaved) as caught:
        save(sheet, [AssessmentRow(sheet.o1, {"progress": "on_track"}, revision=None)])
    assert list(caught.value.conflicts) == [0]


def test_every_refused_row_is_reported_at_once(sheet):
    ObjectiveAssessment.objects.create(review=sheet.review, objective=sheet.o1, progress="stalled")
    rows = [
        AssessmentRow(sheet.o1, {"progress": "on_track"}),
        AssessmentRow(sheet.markers[1], {"reading": "  "}),
    ]
    with pytest.raises(AssessmentsNotSaved) as caught:
        save(sheet, rows)
    assert set(caught.value.conflicts) == {0} and set(caught.value.invalid) == {1}


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_not_open_raises_review_locked_and_writes_nothing(sheet, status):
    sheet.set_status(status)
    with pytest.raises(ReviewLocked):
        save(sheet, [AssessmentRow(sheet.o1, {"progress": "on_track"})])
    assert nothing_written(sheet)


def test_a_locked_review_refuses_even_an_empty_save(sheet):
    sheet.set_status("concluded")
    with pytest.raises(ReviewLocked):
        save(sheet, [])


@pytest.mark.parametrize("who", ["viewer", "lead", "head_of_mission"])
def test_a_role_without_the_right_is_refused_and_nothing_is_written(sheet, who):
    rows = [
        AssessmentRow(sheet.assumptions[0], {"rating": "holds"}),
        AssessmentRow(sheet.o1, {"progress": "on_track"}),
    ]
    with pytest.raises(PermissionDenied):
        save(sheet, rows, who=who)
    assert nothing_written(sheet)


def test_a_lead_cannot_assess_another_components_contribution(sheet):
    rows = [
        AssessmentRow(sheet.own_contribution, {"strength": "strong"}),
        AssessmentRow(sheet.other_contribution, {"strength": "none"}),
    ]
    with pytest.raises(PermissionDenied):
        save(sheet, rows, who="lead")
    assert not ContributionAssessment.objects.filter(review=sheet.review).exists()
