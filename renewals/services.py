"""Drafting the renewal recommendations, commenting on them, approving and reopening them.

Every write re-checks the policy and happens at the revision the person read. The renewal of
a mandate is made by its first write. Each drafting write also moves the renewal's own
revision on (under its row lock), so the head of mission approves exactly what they read: an
approval sent from a page read before someone's change is refused as stale. An approved
renewal is read-only until the head of mission reopens it; comments stay open.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, save_revision
from mandates.models import Mandate, MandatedTask
from missions.policy import Action, can
from renewals.models import (
    ProposedTask,
    Recommendation,
    RecommendationAction,
    Renewal,
    RenewalComment,
    RenewalStatus,
)
from renewals.rules import recommendation_errors
from renewals.selectors import content_stamp
from strategies.models import Objective

if TYPE_CHECKING:
    from missions.policy import User


def _require(by: User, action: Action, mission_id: int) -> None:
    if not can(by, action, mission_id):
        raise PermissionDenied


def _renewal_for(mandate: Mandate) -> Renewal:
    """The mandate's renewal, made on first use (once, however many ask at the same time)."""
    found = Renewal.objects.filter(mandate=mandate).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Renewal.objects.create(mission_id=mandate.mission_id, mandate=mandate)
    except IntegrityError:
        return Renewal.objects.get(mandate=mandate)


def _draft_locked(mandate: Mandate) -> Renewal:
    """The renewal, locked for this transaction, if it may still be drafted."""
    renewal = Renewal.objects.select_for_update().get(pk=_renewal_for(mandate).pk)
    if not renewal.is_editable:
        raise ValidationError(
            _("The recommendations are approved; the head of mission reopens them first.")
        )
    return renewal


# Recommendations ---------------------------------------------------------------------------


@transaction.atomic
def recommendation_save(
    *,
    task: MandatedTask,
    values: dict[str, Any],
    expected_revision: int | None,
    by: User,
) -> Recommendation:
    """Set the recommendation on ``task``: ``expected_revision`` is the revision read, or None
    when the person saw no recommendation (then one saved meanwhile is a conflict)."""
    mandate = task.mandate
    _require(by, Action.EDIT_STRATEGY, mandate.mission_id)
    renewal = _draft_locked(mandate)
    action = values.get("action", "")
    phase = values.get("phase") if action == RecommendationAction.RESEQUENCE else None
    wording = (values.get("wording") or "").strip() if action == RecommendationAction.REWORD else ""
    rationale = (values.get("rationale") or "").strip()
    errors = recommendation_errors(
        task, action=action, phase=phase, wording=wording, rationale=rationale
    )
    if errors:
        raise ValidationError(errors)
    fields = {
        "action": action,
        "phase": phase,
        "wording": wording,
        "rationale": rationale,
        "updated_by": by,
    }
    current = Recommendation.objects.filter(renewal=renewal, task=task).first()
    if expected_revision is None:
        if current is not None:
            raise StaleEdit(current)
        try:
            with transaction.atomic():
                saved = Recommendation.objects.create(renewal=renewal, task=task, **fields)
        except IntegrityError as exc:  # saved by someone else a moment ago
            current = Recommendation.objects.filter(renewal=renewal, task=task).first()
            raise StaleEdit(current) from exc
    else:
        if current is None:
            raise StaleEdit(None)
        for name, value in fields.items():
            setattr(current, name, value)
        saved = save_revision(current, expected=expected_revision, fields=[*fields, "updated_at"])
    return saved


@transaction.atomic
def recommendation_delete(
    *, recommendation: Recommendation, expected_revision: int, by: User
) -> None:
    """Withdraw the recommendation on a task (comments on it stay, on the whole renewal)."""
    renewal = recommendation.renewal
    _require(by, Action.EDIT_STRATEGY, renewal.mission_id)
    renewal = _draft_locked(renewal.mandate)
    deleted, _counts = Recommendation.objects.filter(
        pk=recommendation.pk, revision=expected_revision
    ).delete()
    if not deleted:
        raise StaleEdit(Recommendation.objects.filter(pk=recommendation.pk).first())


# Proposed new tasks ------------------------------------------------------------------------


def _objective_ids(mission_id: int, objectives: Iterable[Objective]) -> set[int]:
    wanted = {o.pk: o for o in objectives}
    if any(o.mission_id != mission_id for o in wanted.values()):
        raise ValidationError({"objectives": _("Choose objectives of this mission.")})
    return set(wanted)


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the task as the Council would word it.")})
    return text


@transaction.atomic
def proposed_task_create(
    *,
    mandate: Mandate,
    text: str,
    rationale: str,
    objectives: Iterable[Objective],
    by: User,
) -> ProposedTask:
    _require(by, Action.EDIT_STRATEGY, mandate.mission_id)
    renewal = _draft_locked(mandate)
    wanted = _objective_ids(mandate.mission_id, objectives)
    proposed = ProposedTask.objects.create(
        renewal=renewal, text=_check_text(text), rationale=rationale.strip()
    )
    proposed.objectives.set(wanted)
    return proposed


@transaction.atomic
def proposed_task_update(
    *,
    proposed: ProposedTask,
    text: str,
    rationale: str,
    objectives: Iterable[Objective],
    expected_revision: int,
    by: User,
) -> ProposedTask:
    """Change a proposed task. Links to objectives the editor may not read are kept: they
    were not offered, so leaving them out is not removing them."""
    renewal = proposed.renewal
    _require(by, Action.EDIT_STRATEGY, renewal.mission_id)
    renewal = _draft_locked(renewal.mandate)
    wanted = _objective_ids(renewal.mission_id, objectives)
    proposed.text = _check_text(text)
    proposed.rationale = rationale.strip()
    save_revision(proposed, expected=expected_revision, fields=["text", "rationale"])
    linked = set(
        ProposedTask.objectives.through.objects.filter(proposedtask=proposed).values_list(
            "objective_id", flat=True
        )
    )
    readable = set(Objective.objects.filter(pk__in=linked).values_list("pk", flat=True))
    proposed.objectives.set(wanted | (linked - readable))
    return proposed


@transaction.atomic
def proposed_task_delete(*, proposed: ProposedTask, expected_revision: int, by: User) -> None:
    renewal = proposed.renewal
    _require(by, Action.EDIT_STRATEGY, renewal.mission_id)
    renewal = _draft_locked(renewal.mandate)
    deleted, _counts = ProposedTask.objects.filter(
        pk=proposed.pk, revision=expected_revision
    ).delete()
    if not deleted:
        raise StaleEdit(ProposedTask.objects.filter(pk=proposed.pk).first())


# The covering note, approval -----------------------------------------------------------------


@transaction.atomic
def renewal_note_update(
    *, mandate: Mandate, note: str, expected_revision: int | None, by: User
) -> Renewal:
    """The covering note, at the renewal's revision read (None: no renewal was read)."""
    _require(by, Action.EDIT_STRATEGY, mandate.mission_id)
    renewal = _draft_locked(mandate)
    if expected_revision is None:
        # Read before the renewal existed: a note written meanwhile is someone else's.
        if renewal.note:
            raise StaleEdit(renewal)
        expected_revision = renewal.revision
    renewal.note = note.strip()
    return save_revision(renewal, expected=expected_revision, fields=["note"])


def _has_content(renewal: Renewal) -> bool:
    return (
        Recommendation.objects.filter(renewal=renewal).exists()
        or ProposedTask.objects.filter(renewal=renewal).exists()
    )


@transaction.atomic
def renewal_approve(
    *, renewal: Renewal, expected_revision: int, expected_stamp: str, by: User
) -> Renewal:
    """The head of mission's approval of the recommendations as read: ``expected_stamp`` is
    the ``content_stamp`` of the page they approved from."""
    _require(by, Action.APPROVE_COUNCIL_INPUT, renewal.mission_id)
    locked = Renewal.objects.select_for_update().filter(pk=renewal.pk).first()
    if locked is None:
        raise StaleEdit(None)
    if locked.revision != expected_revision or content_stamp(locked) != expected_stamp:
        raise StaleEdit(locked)
    if locked.status != RenewalStatus.DRAFT:
        raise ValidationError(_("The recommendations are already approved."))
    if not _has_content(locked):
        raise ValidationError(_("There is nothing to approve yet: no recommendation is drafted."))
    locked.status = RenewalStatus.APPROVED
    locked.approved_by = by
    locked.approved_at = timezone.now()
    return save_revision(
        locked, expected=expected_revision, fields=["status", "approved_by", "approved_at"]
    )


@transaction.atomic
def renewal_reopen(*, renewal: Renewal, expected_revision: int, by: User) -> Renewal:
    """Back to draft, by the head of mission."""
    _require(by, Action.APPROVE_COUNCIL_INPUT, renewal.mission_id)
    if renewal.status != RenewalStatus.APPROVED:
        raise ValidationError(_("The recommendations are already a draft."))
    renewal.status = RenewalStatus.DRAFT
    renewal.approved_by = None
    renewal.approved_at = None
    return save_revision(
        renewal, expected=expected_revision, fields=["status", "approved_by", "approved_at"]
    )


# Comments ----------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    mandate: Mandate,
    body: str,
    by: User,
    recommendation: Recommendation | None = None,
) -> RenewalComment:
    """A comment on the renewal or one of its recommendations; open in every status."""
    _require(by, Action.COMMENT, mandate.mission_id)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    renewal = _renewal_for(mandate)
    if recommendation is not None and recommendation.renewal_id != renewal.pk:
        raise ValidationError({"about": _("Choose a recommendation of this renewal.")})
    return RenewalComment.objects.create(
        renewal=renewal, recommendation=recommendation, author=by, body=body
    )
