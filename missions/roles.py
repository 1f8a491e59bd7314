"""Roles, actions and which role may take which action: the policy's table, as plain data.

No models here, so the models (a membership's role), the querysets (``visible_to`` decides in
the database) and ``missions.policy`` (which decides in Python) all read the one table without
importing each other in a circle. Add an action here; ``missions.policy`` applies it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD_OF_MISSION = "head_of_mission", _("Head of mission")
    CHIEF_OF_STAFF = "chief_of_staff", _("Chief of staff")
    STRATEGY_EDITOR = "strategy_editor", _("Strategy editor")
    COMPONENT_LEAD = "component_lead", _("Component lead")
    DESK_OFFICER = "desk_officer", _("HQ desk officer")
    VIEWER = "viewer", _("Viewer")


class Action(StrEnum):
    VIEW = "view"
    COMMENT = "comment"
    EXPORT_BRIEF = "export_brief"
    EDIT_STRATEGY = "edit_strategy"
    EDIT_CONTRIBUTION = "edit_contribution"
    IMPORT_MANDATE = "import_mandate"
    APPROVE_VERSION = "approve_version"
    RUN_REVIEW = "run_review"
    ASSESS_OBJECTIVE = "assess_objective"
    ASSESS_CONTRIBUTION = "assess_contribution"
    SIGN_OFF_REVIEW = "sign_off_review"
    REOPEN_REVIEW = "reopen_review"
    # Set a record's level and need-to-know list; lowering a level is the head's alone.
    CLASSIFY = "classify"
    # The mission's input to the Council (the Secretary-General's report, the renewal): the
    # chief of staff clears a draft, the head of mission approves it for Headquarters.
    CLEAR_COUNCIL_INPUT = "clear_council_input"
    APPROVE_COUNCIL_INPUT = "approve_council_input"


_READ = {Action.VIEW, Action.EXPORT_BRIEF}
_MEMBER = _READ | {Action.COMMENT}
_EDIT = _MEMBER | {
    Action.EDIT_STRATEGY,
    Action.EDIT_CONTRIBUTION,
    Action.IMPORT_MANDATE,
    Action.CLASSIFY,
}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.HEAD_OF_MISSION: frozenset(
        _MEMBER
        | {
            Action.APPROVE_VERSION,
            Action.SIGN_OFF_REVIEW,
            Action.REOPEN_REVIEW,
            Action.CLASSIFY,
            Action.APPROVE_COUNCIL_INPUT,
        }
    ),
    Role.CHIEF_OF_STAFF: frozenset(
        _EDIT
        | {
            Action.RUN_REVIEW,
            Action.ASSESS_OBJECTIVE,
            Action.REOPEN_REVIEW,
            Action.CLEAR_COUNCIL_INPUT,
        }
    ),
    Role.STRATEGY_EDITOR: frozenset(_EDIT),
    Role.COMPONENT_LEAD: frozenset(
        _MEMBER | {Action.EDIT_CONTRIBUTION, Action.ASSESS_CONTRIBUTION}
    ),
    Role.DESK_OFFICER: frozenset(_MEMBER),
    Role.VIEWER: frozenset(_READ),
}
# Administrators manage missions and people in the admin; in the app they read.
ADMIN_ACTIONS: frozenset[Action] = frozenset(_READ)
# Actions a component lead may take only on their own component's records.
COMPONENT_SCOPED = frozenset({Action.EDIT_CONTRIBUTION, Action.ASSESS_CONTRIBUTION})
