"""What makes a recommendation hold together, field by field: asked by the form (so the
message sits next to the field) and again by the service (for every other caller)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mandates.matching import normalise
from mandates.models import MandatedTask
from renewals.models import RecommendationAction


def recommendation_errors(
    task: MandatedTask, *, action: str, phase: int | None, wording: str, rationale: str
) -> dict[str, str]:
    """The problems with recommending ``action`` for ``task``, by field name (none: {})."""
    errors: dict[str, str] = {}
    if action not in RecommendationAction.values:
        return {"action": _("Choose what the mission recommends.")}
    ref = {"ref": task.reference}
    if action == RecommendationAction.MAKE_PRIORITY and task.is_strategic_priority:
        errors["action"] = _("OP %(ref)s is already a strategic priority.") % ref
    if action == RecommendationAction.UNMAKE_PRIORITY and not task.is_strategic_priority:
        errors["action"] = _("OP %(ref)s is not a strategic priority.") % ref
    if action == RecommendationAction.RESEQUENCE:
        if phase is None:
            errors["phase"] = _("Choose the phase the task should move to.")
        elif not 1 <= phase <= 9:
            errors["phase"] = _("The phase is a number from 1 to 9.")
        elif phase == task.phase:
            errors["phase"] = _("The task is already in phase %(n)s.") % {"n": phase}
    if action == RecommendationAction.REWORD:
        if not wording.strip():
            errors["wording"] = _("Write the wording the mission proposes.")
        elif normalise(wording) == normalise(task.text):
            errors["wording"] = _("That is the paragraph's current wording.")
    if action != RecommendationAction.KEEP and not rationale.strip():
        errors["rationale"] = _("Say why: the Council reads the reason with the recommendation.")
    return errors
