"""What an assessment writes: a rating, a marker reading, a position, row by row or a whole
page at once (``review_assessments_save``), each at the revision the user read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.concurrency import Revisioned, StaleEdit, save_revision
from missions.classification import Classification
from missions.models import Stakeholder
from missions.need_to_know import may_read_marked, refuse_lowering
from missions.policy import Action, can
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewStatus,
    RiskAssessment,
)
from reviews.services.guards import ReviewLocked, require, require_open
from strategies.models import (
    Assumption,
    Contribution,
    ExitCondition,
    Objective,
    ProgressMarker,
    Risk,
    RiskSeverity,
    StakeholderPosition,
)
from strategies.services.stakeholders import position_record
from strategies.signals import exit_condition_judged

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


R = TypeVar("R", bound=Revisioned)


def _upsert(
    model: type[R],
    lookup: dict[str, Any],
    values: dict[str, Any],
    expected_revision: int | None,
    marking: dict[str, Any] | None = None,
) -> R:
    """Create the review's row for a record, or update it at the revision the user read.

    ``expected_revision`` None means the user saw no row: if one appeared meanwhile, that is
    someone else's assessment and is shown, not overwritten. ``marking`` is the level and
    list asked for (``_marking``).
    """
    row = model.objects.filter(**lookup).first()
    values = {**values, **_level_values(lookup["review"], row, values, marking or {})}
    if row is None:
        try:
            with transaction.atomic():
                return model.objects.create(**lookup, **values)
        except IntegrityError:
            raise StaleEdit(model.objects.filter(**lookup).first()) from None
    if expected_revision is None:
        raise StaleEdit(row)
    for name, value in values.items():
        setattr(row, name, value)
    return save_revision(row, expected=expected_revision, fields=list(values))


def _level_values(
    review: Review, row: Any, values: dict[str, Any], marking: dict[str, Any]
) -> dict[str, Any]:
    """A new row starts at the mission's level; a level asked for is kept (lowering it is the
    head of mission's), and a Strictly confidential row names whoever wrote it, so nobody
    writes what they could no longer read."""
    level, readers = marking.get("classification"), marking.get("named_readers")
    if level is None:
        if row is None:
            return {"classification": review.mission.default_classification}
        return {} if readers is None else {"named_readers": sorted(set(readers))}
    if row is not None:
        refuse_lowering(row, level)
    if readers is None:
        readers = list(row.named_readers) if row is not None else []
    author = values.get("assessed_by")
    if (
        level == Classification.STRICTLY_CONFIDENTIAL
        and author is not None
        and not may_read_marked(author, review.mission_id, level, readers)
    ):
        readers = [*readers, author.pk]
    return {"classification": level, "named_readers": sorted(set(readers))}


def _marking(classification: int | None, named_readers: list[int] | None) -> dict[str, Any]:
    return {"classification": classification, "named_readers": named_readers}


def _may_assess(
    by: User,
    review: Review,
    mission_id: int,
    action: Action = Action.ASSESS_OBJECTIVE,
    obj: Any = None,
) -> None:
    """The user's role allows it, the record is of the review's mission, and the review is
    open: checked in that order, so a refusal names the first that fails."""
    require(by, action, review, obj)
    if mission_id != review.mission_id:
        raise PermissionDenied
    require_open(review)


@transaction.atomic
def objective_assess(
    *,
    review: Review,
    objective: Objective,
    by: User,
    progress: str,
    political_environment: str = "",
    evidence: str = "",
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> ObjectiveAssessment:
    _may_assess(by, review, objective.mission_id)
    return _upsert(
        ObjectiveAssessment,
        {"review": review, "objective": objective},
        {
            "progress": progress,
            "political_environment": political_environment.strip(),
            "evidence": evidence.strip(),
            "assessed_by": by,
        },
        expected_revision,
        _marking(classification, named_readers),
    )


@transaction.atomic
def assumption_rate(
    *,
    review: Review,
    assumption: Assumption,
    by: User,
    rating: str,
    note: str = "",
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> AssumptionAssessment:
    """Re-rate an assumption in the review; the assumption's own rating follows."""
    _may_assess(by, review, assumption.objective.mission_id)
    row = _upsert(
        AssumptionAssessment,
        {"review": review, "assumption": assumption},
        {"rating": rating, "note": note.strip(), "assessed_by": by},
        expected_revision,
        _marking(classification, named_readers),
    )
    Assumption.objects.filter(pk=assumption.pk).exclude(rating=rating).update(
        rating=rating, revision=models.F("revision") + 1
    )
    return row


@transaction.atomic
def risk_rate(
    *,
    review: Review,
    risk: Risk,
    by: User,
    severity: str,
    note: str = "",
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> RiskAssessment:
    """Re-rate a risk in the review. The risk keeps its severity until the review is signed
    off (``risk_ratings_apply``): the rating is the review's judgement, which the head of
    mission signs off with the rest."""
    _may_assess(by, review, risk.objective.mission_id)
    if severity not in RiskSeverity.values:
        raise ValidationError({"severity": _("Rate the risk: high, medium or low.")})
    live = Risk.objects.filter(pk=risk.pk).values_list("severity", flat=True).first()
    return _upsert(
        RiskAssessment,
        {"review": review, "risk": risk},
        {
            "severity": severity,
            "severity_was": live or risk.severity,
            "note": note.strip(),
            "assessed_by": by,
        },
        expected_revision,
        _marking(classification, named_readers),
    )


def risk_ratings_apply(review: Review) -> list[Risk]:
    """On sign-off: each risk re-rated in the review takes its new severity.

    A risk whose severity was changed in the strategy after it was re-rated keeps that later
    change (the editor's is newer than the review's judgement). Returns the risks changed.
    """
    changed = []
    # Every re-rating, whoever signs off: the rows are not shown, only applied.
    rows = RiskAssessment._base_manager.filter(review=review).select_related("risk")
    for row in rows.select_for_update(of=("self", "risk")):
        risk = row.risk
        moved_meanwhile = bool(row.severity_was) and risk.severity != row.severity_was
        if moved_meanwhile or risk.severity == row.severity:
            continue
        risk.severity = row.severity
        save_revision(risk, expected=risk.revision, fields=["severity"])
        changed.append(risk)
    return changed


@transaction.atomic
def marker_read(
    *,
    review: Review,
    marker: ProgressMarker,
    by: User,
    reading: str,
    read_on: date | None = None,
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> MarkerReading:
    """Record a marker's reading in the review; it becomes the marker's latest reading."""
    _may_assess(by, review, marker.objective.mission_id)
    day = read_on or review.mission.today()
    if day > review.mission.today():
        raise ValidationError({"read_on": _("A reading cannot be dated in the future.")})
    if not reading.strip():
        raise ValidationError({"reading": _("Enter the reading.")})
    row = _upsert(
        MarkerReading,
        {"review": review, "marker": marker},
        {"reading": reading.strip(), "read_on": day, "assessed_by": by},
        expected_revision,
        _marking(classification, named_readers),
    )
    ProgressMarker.objects.filter(pk=marker.pk).update(
        latest_reading=row.reading, reading_on=day, revision=models.F("revision") + 1
    )
    return row


@transaction.atomic
def exit_condition_assess(
    *,
    review: Review,
    exit_condition: ExitCondition,
    by: User,
    status: str,
    evidence: str = "",
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> ExitConditionAssessment:
    """Re-assess an exit condition in the review; the condition's status and evidence follow."""
    _may_assess(by, review, exit_condition.end_state.mission_id)
    row = _upsert(
        ExitConditionAssessment,
        {"review": review, "exit_condition": exit_condition},
        {"status": status, "evidence": evidence.strip(), "assessed_by": by},
        expected_revision,
        _marking(classification, named_readers),
    )
    ExitCondition.objects.filter(pk=exit_condition.pk).update(
        status=status,
        evidence=row.evidence or models.F("evidence"),
        last_assessed_on=review.mission.today(),
        revision=models.F("revision") + 1,
    )
    exit_condition_judged.send(
        ExitCondition,
        condition=exit_condition,
        status=status,
        reason=row.evidence or _("Assessed in the %(review)s.") % {"review": review.label},
        by=by,
    )
    return row


@transaction.atomic
def contribution_assess(
    *,
    review: Review,
    contribution: Contribution,
    by: User,
    strength: str,
    evidence: str = "",
    expected_revision: int | None = None,
    classification: int | None = None,
    named_readers: list[int] | None = None,
) -> ContributionAssessment:
    """A component lead rates their own component's contribution (nobody else may)."""
    _may_assess(
        by, review, contribution.objective.mission_id, Action.ASSESS_CONTRIBUTION, contribution
    )
    return _upsert(
        ContributionAssessment,
        {"review": review, "contribution": contribution},
        {"strength": strength, "evidence": evidence.strip(), "assessed_by": by},
        expected_revision,
        _marking(classification, named_readers),
    )


@transaction.atomic
def review_position_record(
    *,
    review: Review,
    stakeholder: Stakeholder,
    objective: Objective,
    by: User,
    stance: str,
    note: str,
    basis: int | None,
    expected_revision: int | None = None,
) -> StakeholderPosition:
    """A stance recorded in the review, as of today at the mission: a dated row added to the
    stakeholder's history, or today's row updated (``position_record`` keeps those rules).

    Only whoever rates the objectives records them, and only while the review is open.
    """
    if not can(by, Action.ASSESS_OBJECTIVE, review.mission_id):
        raise PermissionDenied
    require_open(review)
    return position_record(
        stakeholder=stakeholder,
        objective=objective,
        stance=stance,
        as_of=review.mission.today(),
        note=note.strip(),
        basis=basis,
        expected_revision=expected_revision or 1,
        by=by,
    )


Assessed = (
    Objective | ProgressMarker | Assumption | Risk | ExitCondition | Contribution | Stakeholder
)


@dataclass(frozen=True)
class AssessmentRow:
    """One changed row of an assessment page, as plain data: the record assessed, the values
    entered (the keyword arguments of that record's service) and the revision of the row the
    user read (None: they saw none). A stakeholder's stance is taken on ``objective``."""

    record: Assessed
    values: Mapping[str, Any]
    revision: int | None = None
    objective: Objective | None = None


class AssessmentsNotSaved(Exception):
    """Some rows were refused, so none was written. ``errors`` maps the index of each refused
    row in ``rows`` to its ``StaleEdit`` (saved by someone else since it was read) or its
    ``ValidationError``; every row is tried, so all of them are reported at once."""

    def __init__(self, errors: dict[int, StaleEdit | ValidationError]):
        super().__init__(_("Nothing was saved."))
        self.errors = errors

    @property
    def conflicts(self) -> dict[int, StaleEdit]:
        return {i: e for i, e in self.errors.items() if isinstance(e, StaleEdit)}

    @property
    def invalid(self) -> dict[int, ValidationError]:
        return {i: e for i, e in self.errors.items() if isinstance(e, ValidationError)}


# The service of each kind of record, and the keyword it takes the record by.
ASSESSORS: dict[type, tuple[Any, str]] = {
    Objective: (objective_assess, "objective"),
    ProgressMarker: (marker_read, "marker"),
    Assumption: (assumption_rate, "assumption"),
    Risk: (risk_rate, "risk"),
    ExitCondition: (exit_condition_assess, "exit_condition"),
    Contribution: (contribution_assess, "contribution"),
}


def _assess_row(review: Review, by: User, row: AssessmentRow) -> Any:
    values = {"review": review, "by": by, "expected_revision": row.revision, **row.values}
    if isinstance(row.record, Stakeholder):
        return review_position_record(stakeholder=row.record, objective=row.objective, **values)
    if type(row.record) not in ASSESSORS:
        raise TypeError(f"Nothing to assess on a {type(row.record).__name__}.")
    service, keyword = ASSESSORS[type(row.record)]
    return service(**{keyword: row.record}, **values)


@transaction.atomic
def review_assessments_save(
    *, review: Review, by: User, rows: Iterable[AssessmentRow]
) -> list[models.Model]:
    """Write the changed rows of an assessment page, all or nothing.

    The review's row is locked first, so it cannot be concluded halfway through; a review not
    open raises ``ReviewLocked`` and a role without the right ``PermissionDenied``. Every row is
    tried, each in a savepoint, then ``AssessmentsNotSaved`` undoes them all if any was stale
    or refused, naming each. Returns the rows written.
    """
    locked = Review.objects.select_for_update().values_list("status", flat=True)
    review.status = locked.get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ReviewLocked(review)
    saved, errors = [], {}
    for index, row in enumerate(rows):
        try:
            with transaction.atomic():
                saved.append(_assess_row(review, by, row))
        except (StaleEdit, ValidationError) as exc:
            errors[index] = exc
    if errors:
        raise AssessmentsNotSaved(errors)
    return saved
