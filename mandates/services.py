"""Writing a read resolution into a mission's mandate and its mandated tasks."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.models import Mandate, MandatedTask
from mandates.parsing import Paragraph, ParsedResolution
from mandates.renewal import match_tasks
from missions.models import Mission
from missions.policy import Action, can


def mandate_exists(*, mission: Mission, symbol: str) -> Mandate | None:
    return Mandate.objects.filter(mission=mission, symbol__iexact=symbol).first()


@transaction.atomic
def mandate_import(
    *,
    mission: Mission,
    parsed: ParsedResolution,
    by: AbstractBaseUser | None,
    source: str = "",
) -> Mandate:
    """Create the mandate and one task per operative (sub-)paragraph, keeping the tree.

    ``by`` is None for HQ scripts run by an administrator on the command line.
    A resolution already imported for this mission is refused, so nothing is changed twice.
    """
    if by is not None and not can(by, Action.IMPORT_MANDATE, mission):
        raise PermissionDenied
    if mandate_exists(mission=mission, symbol=parsed.symbol):
        raise ValidationError(
            _("%(symbol)s is already imported for %(mission)s.")
            % {"symbol": parsed.symbol, "mission": mission.acronym}
        )
    priorities = [p for p in parsed.flat() if p.is_strategic_priority]
    mandate = Mandate.objects.create(
        mission=mission,
        end_state=mission.current_end_state,
        symbol=parsed.symbol,
        adopted_on=parsed.adopted_on,
        expires_on=parsed.mandate_end,
        chapter_vii=parsed.chapter_vii,
        preamble=parsed.preamble,
        operative_text="\n\n".join(f"{p.reference}. {p.text}" for p in parsed.flat()),
        strategic_objectives="\n\n".join(p.text for p in priorities if "strateg" in p.text.lower()),
        source=source[:300],
    )
    review = _renewal_review(mission=mission, parsed=parsed)
    position = 0
    stack: list[tuple[Paragraph, MandatedTask | None]] = [
        (p, None) for p in reversed(parsed.paragraphs)
    ]
    while stack:
        paragraph, parent = stack.pop()
        position += 1
        task = MandatedTask.objects.create(
            mandate=mandate,
            parent=parent,
            reference=paragraph.reference,
            position=position,
            text=paragraph.text,
            is_strategic_priority=paragraph.is_strategic_priority,
            review_reason=review.get(paragraph.reference, ""),
        )
        stack.extend((child, task) for child in reversed(paragraph.children))
    return mandate


@dataclass(frozen=True)
class _SavedTask:
    """A saved task in the shape the renewal matcher reads."""

    reference: str
    text: str
    parent_reference: str | None


def _renewal_review(*, mission: Mission, parsed: ParsedResolution) -> dict[str, str]:
    """Paragraphs of a renewal the strategy editor should look at, by reference: those new
    since the previous mandate, and those whose wording changed materially."""
    previous = (
        Mandate.objects.filter(mission=mission, adopted_on__lte=parsed.adopted_on)
        .exclude(symbol__iexact=parsed.symbol)
        .order_by("-adopted_on", "-pk")
        .first()
    )
    if previous is None:
        return {}
    old = [
        _SavedTask(task.reference, task.text, task.parent.reference if task.parent else None)
        for task in previous.tasks.select_related("parent").order_by("position")
    ]
    diff = match_tasks(old, parsed.flat())
    reasons = {paragraph.reference: "new" for paragraph in diff.new}
    reasons.update({pair.new.reference: "material" for pair in diff.material})
    return reasons
