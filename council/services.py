"""Writing the mission's input: start it (prefilled), edit its paragraphs, clear and approve.

Every write re-checks the policy and happens at the revision the person read. Editing a
cleared draft sends it back to draft: the chief of staff cleared other words. An approved
input is the mission's word to Headquarters: read-only until the head of mission reopens it,
and approving it records the obligation as sent.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, save_revision
from council.models import InputComment, InputParagraph, InputStatus, ReportInput, Section
from council.prefill import period_of, prefill
from mandates.models import ReportingObligation
from missions.policy import Action, can

STEP = 10  # paragraph positions leave room to insert between


def _require(by: AbstractBaseUser, action: Action, mission_id: int) -> None:
    if not can(by, action, mission_id):
        raise PermissionDenied


def _require_editable(report: ReportInput) -> None:
    if not report.is_editable:
        raise ValidationError(
            _("The input is approved; the head of mission reopens it before it is changed.")
        )


@transaction.atomic
def input_start(*, obligation: ReportingObligation, by: AbstractBaseUser) -> ReportInput:
    """The obligation's input, made and prefilled the first time it is asked for."""
    mission = obligation.mandate.mission
    _require(by, Action.EDIT_STRATEGY, mission.pk)
    existing = ReportInput.objects.filter(obligation=obligation).first()
    if existing is not None:
        return existing
    start, end = period_of(obligation)
    try:
        with transaction.atomic():
            report = ReportInput.objects.create(
                mission=mission,
                obligation=obligation,
                period_start=start,
                period_end=end,
                created_by=by,
            )
    except IntegrityError:  # started by someone else a moment ago
        return ReportInput.objects.get(obligation=obligation)
    drafts = prefill(obligation, start, end)
    InputParagraph.objects.bulk_create(
        InputParagraph(
            input=report,
            section=draft.section,
            position=(index + 1) * STEP,
            text=draft.text[:10_000],
            sources=draft.sources,
            prefilled=True,
            classification=max(draft.classification, mission.default_classification),
        )
        for index, draft in enumerate(drafts)
    )
    return report


def _back_to_draft(report: ReportInput) -> None:
    """A change after clearance voids it (the status change is in the input's history)."""
    if report.status == InputStatus.CLEARED:
        ReportInput.objects.filter(pk=report.pk).update(
            status=InputStatus.DRAFT,
            cleared_by=None,
            cleared_at=None,
            revision=models.F("revision") + 1,
        )


@transaction.atomic
def paragraph_update(
    *,
    paragraph: InputParagraph,
    text: str,
    expected_revision: int,
    by: AbstractBaseUser,
    values: dict[str, Any] | None = None,
) -> InputParagraph:
    report = paragraph.input
    _require(by, Action.EDIT_STRATEGY, report.mission_id)
    _require_editable(report)
    paragraph.text = text.strip()
    fields = ["text"]
    for name, value in (values or {}).items():
        setattr(paragraph, name, value)
        fields.append(name)
    saved = save_revision(paragraph, expected=expected_revision, fields=fields)
    _back_to_draft(report)
    return saved


@transaction.atomic
def paragraph_add(
    *,
    report: ReportInput,
    section: str,
    text: str,
    by: AbstractBaseUser,
    values: dict[str, Any] | None = None,
) -> InputParagraph:
    """A paragraph at the end of its section."""
    _require(by, Action.EDIT_STRATEGY, report.mission_id)
    _require_editable(report)
    if section not in Section.values:
        raise ValidationError({"section": _("Choose a section.")})
    last = (
        InputParagraph.objects.filter(input=report, section=section)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    if last is None:  # after the sections before it
        order = Section.values.index(section)
        before = InputParagraph.objects.filter(
            input=report, section__in=Section.values[:order]
        ).aggregate(models.Max("position"))["position__max"]
        last = before or 0
    paragraph = InputParagraph.objects.create(
        input=report,
        section=section,
        position=last + STEP,
        text=text.strip(),
        classification=report.mission.default_classification,
        **(values or {}),
    )
    _renumber(report)
    _back_to_draft(report)
    return paragraph


def _renumber(report: ReportInput) -> None:
    """Positions in section order, spaced again (one statement)."""
    order = models.Case(
        *(models.When(section=value, then=index) for index, value in enumerate(Section.values))
    )
    rows = list(
        InputParagraph._base_manager.filter(input=report)
        .annotate(section_order=order)
        .order_by("section_order", "position", "pk")
        .values_list("pk", "position")
    )
    changed = [
        (pk, (index + 1) * STEP)
        for index, (pk, pos) in enumerate(rows)
        if pos != (index + 1) * STEP
    ]
    if changed:
        InputParagraph._base_manager.filter(pk__in=[pk for pk, _ in changed]).update(
            position=models.Case(*(models.When(pk=pk, then=pos) for pk, pos in changed))
        )


@transaction.atomic
def paragraph_delete(
    *, paragraph: InputParagraph, expected_revision: int, by: AbstractBaseUser
) -> None:
    report = paragraph.input
    _require(by, Action.EDIT_STRATEGY, report.mission_id)
    _require_editable(report)
    deleted, _counts = InputParagraph._base_manager.filter(
        pk=paragraph.pk, revision=expected_revision
    ).delete()
    if not deleted:
        raise StaleEdit(InputParagraph.objects.filter(pk=paragraph.pk).first())
    _back_to_draft(report)


@transaction.atomic
def paragraph_move(*, paragraph: InputParagraph, up: bool, by: AbstractBaseUser) -> None:
    """Swap with the neighbour in its section (nothing at either end)."""
    report = paragraph.input
    _require(by, Action.EDIT_STRATEGY, report.mission_id)
    _require_editable(report)
    siblings = InputParagraph._base_manager.filter(input=report, section=paragraph.section)
    neighbour = (
        siblings.filter(position__lt=paragraph.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=paragraph.position).order_by("position").first()
    )
    if neighbour is None:
        return
    mine, theirs = paragraph.position, neighbour.position
    InputParagraph._base_manager.filter(pk=paragraph.pk).update(position=theirs)
    InputParagraph._base_manager.filter(pk=neighbour.pk).update(position=mine)
    _back_to_draft(report)


def _set_status(report: ReportInput, expected: int, **values: Any) -> ReportInput:
    for name, value in values.items():
        setattr(report, name, value)
    return save_revision(report, expected=expected, fields=list(values))


@transaction.atomic
def input_clear(
    *, report: ReportInput, expected_revision: int, by: AbstractBaseUser
) -> ReportInput:
    _require(by, Action.CLEAR_COUNCIL_INPUT, report.mission_id)
    if report.status != InputStatus.DRAFT:
        raise ValidationError(_("Only a draft is cleared."))
    return _set_status(
        report,
        expected_revision,
        status=InputStatus.CLEARED,
        cleared_by=by,
        cleared_at=timezone.now(),
    )


@transaction.atomic
def input_approve(
    *, report: ReportInput, expected_revision: int, by: AbstractBaseUser
) -> ReportInput:
    """The head of mission's approval; the obligation counts as sent from today."""
    _require(by, Action.APPROVE_COUNCIL_INPUT, report.mission_id)
    if report.status != InputStatus.CLEARED:
        raise ValidationError(_("The chief of staff clears the draft before it is approved."))
    saved = _set_status(
        report,
        expected_revision,
        status=InputStatus.APPROVED,
        approved_by=by,
        approved_at=timezone.now(),
    )
    ReportingObligation.objects.filter(pk=report.obligation_id, submitted_on__isnull=True).update(
        submitted_on=report.mission.today(), revision=models.F("revision") + 1
    )
    return saved


@transaction.atomic
def input_reopen(
    *, report: ReportInput, expected_revision: int, by: AbstractBaseUser
) -> ReportInput:
    """Back to draft: a cleared draft by the chief of staff or the head of mission, an
    approved one by the head of mission only."""
    action = (
        Action.APPROVE_COUNCIL_INPUT
        if report.status == InputStatus.APPROVED
        else Action.CLEAR_COUNCIL_INPUT
    )
    if not (
        can(by, action, report.mission_id)
        or can(by, Action.APPROVE_COUNCIL_INPUT, report.mission_id)
    ):
        raise PermissionDenied
    if report.status == InputStatus.DRAFT:
        raise ValidationError(_("The input is already a draft."))
    return _set_status(
        report,
        expected_revision,
        status=InputStatus.DRAFT,
        cleared_by=None,
        cleared_at=None,
        approved_by=None,
        approved_at=None,
    )


def comment_add(
    *,
    report: ReportInput,
    body: str,
    by: AbstractBaseUser,
    paragraph: InputParagraph | None = None,
) -> InputComment:
    _require(by, Action.COMMENT, report.mission_id)
    if not body.strip():
        raise ValidationError({"body": _("Write the comment.")})
    return InputComment.objects.create(
        input=report, paragraph=paragraph, author=by, body=body.strip()
    )
