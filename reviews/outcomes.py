"""What a signed-off decision changed in the draft, kept as a message key and its values.

A review is signed off in one language and read in others: the words are chosen when the
outcome is read, in the reader's language, never stored once in the signer's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Each key's sentence; its placeholders are filled from the outcome's values.
MESSAGES: dict[str, Promise] = {
    "objective_gone": _("Not applied: the objective no longer exists."),
    "task_gone": _("Not applied: the task no longer exists."),
    "pair_gone": _("Not applied: the component or objective no longer exists."),
    "code_taken": _("Not applied: an objective %(code)s exists already."),
    "no_end_state": _("Not applied: the mission has no end state to serve."),
    "kept": _("%(code)s kept as it is."),
    "dropped": _("%(code)s dropped."),
    "adjusted": _("%(code)s adjusted: %(fields)s."),
    "added": _("%(code)s added."),
    "made_priority": _("Task %(ref)s made a strategic priority."),
    "unmade_priority": _("Task %(ref)s no longer a strategic priority."),
    "moved_phase": _("Task %(ref)s moved to phase %(phase)s."),
    "contribution_ended": _("%(component)s no longer contributes to %(code)s."),
    "contribution_set": _("%(component)s now contributes to %(code)s as %(role)s."),
}


# The objective's fields an "adjust" decision may change.
ADJUSTABLE = ("title", "description", "priority", "phase")


def adjustments(details: dict[str, Any]) -> dict[str, Any]:
    """What an "adjust" decision changes: the adjustable fields it gives a value."""
    return {name: details[name] for name in ADJUSTABLE if details.get(name) not in (None, "")}


def objective_outcome(kind: str, code: str, details: dict[str, Any]) -> Outcome:
    """What a keep, adjust, drop or add decision does to objective ``code``, in words."""
    key = {"keep": "kept", "drop": "dropped", "add": "added"}.get(kind)
    if key:
        return Outcome(key, {"code": code})
    return Outcome("adjusted", {"code": code, "fields": list(adjustments(details))})


def _field_names(names: list[str]) -> str:
    from strategies.models import Objective

    return ", ".join(str(Objective._meta.get_field(name).verbose_name) for name in names)


def _role(value: str) -> str:
    from strategies.models import ContributionRole

    return str(ContributionRole(value).label).lower()


# Values that are themselves words, put in the reader's language when read.
_WORDED: dict[str, Callable[[Any], str]] = {"fields": _field_names, "role": _role}


@dataclass(frozen=True)
class Outcome:
    """A sentence not yet put into words: ``str()`` says it in the active language."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return outcome_words(self.key, self.args)


def outcome_words(key: str, args: dict[str, Any]) -> str:
    message = MESSAGES.get(key)
    if message is None:
        return ""
    values = {name: _WORDED[name](v) if name in _WORDED else v for name, v in args.items()}
    return str(message) % values if values else str(message)
