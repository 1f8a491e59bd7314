"""The level and the need-to-know list on the form of every classified record.

A new record starts at the mission's level. Lowering a level is for the head of mission
(``missions.need_to_know.may_lower``), and even then the form asks once more before the text
moves to a lower level; so does saving a Strictly confidential record its author will no
longer be able to read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.history import person_name
from missions.classification import Classification, Classified
from missions.models import Membership, Mission
from missions.need_to_know import current_reader, level_label, may_lower, may_read_marked


def level_choices(mission: Mission) -> list[tuple[int, str]]:
    return [(level, level_label(level, mission)) for level in Classification.values]


def level_field(mission: Mission, help_text: str, **kwargs: Any) -> forms.TypedChoiceField:
    """A record's level, named as the mission names its levels; empty means "not given"."""
    return forms.TypedChoiceField(
        label=_("Classification"),
        choices=level_choices(mission),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=help_text,
        **kwargs,
    )


def reader_choices(mission: Mission) -> list[tuple[int, str]]:
    """The mission's members, named with their role, for the need-to-know list."""
    members = Membership.objects.filter(mission=mission).select_related("user")
    choices = [(m.user_id, f"{person_name(m.user)} · {m.get_role_display()}") for m in members]
    return sorted(choices, key=lambda choice: choice[1].lower())


class ClassificationFormMixin(forms.BaseForm):
    """Call ``add_classification_fields`` at the end of ``__init__``."""

    asks_to_confirm = False

    def add_classification_fields(self, mission: Mission, record: Classified | None) -> None:
        saved = record is not None and record.pk is not None
        self.classified_mission = mission
        self.level_before = record.classification if saved else None
        self.fields["classification"] = level_field(
            mission,
            _(
                "Confidential: the mission's members only. Strictly confidential: the head of "
                "mission and the people named below only."
            ),
            initial=record.classification if saved else mission.default_classification,
        )
        self.fields["named_readers"] = forms.TypedMultipleChoiceField(
            label=_("People who need to know"),
            choices=reader_choices(mission),
            coerce=int,
            required=False,
            initial=list(record.named_readers) if saved else [],
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "For a Strictly confidential record: the people, besides the head of mission, "
                "who may read it. Nobody else learns that it exists."
            ),
        )
        # A model form's initial comes from its instance: a new record's is the mission's.
        self.initial["classification"] = self.fields["classification"].initial
        self.initial["named_readers"] = self.fields["named_readers"].initial
        self.fields["confirm_level"] = forms.BooleanField(
            label=_("Yes, save it at this level"), required=False
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not hasattr(self, "classified_mission") or "classification" not in self.fields:
            return cleaned
        if self.add_prefix("classification") not in self.data:
            # A form sent without them (an older page, a script) leaves level and list be.
            cleaned["classification"] = self.fields["classification"].initial
            cleaned["named_readers"] = self.fields["named_readers"].initial
        level = cleaned.get("classification")
        if level is None:
            self.add_error("classification", _("Choose a classification."))
            return cleaned
        mission, reader = self.classified_mission, current_reader()
        before = self.level_before
        if before is not None and level < before:
            if reader is not None and not may_lower(reader, mission):
                self.add_error(
                    "classification",
                    _("Only the head of mission can lower the classification of a record."),
                )
            elif not cleaned.get("confirm_level"):
                self._ask(
                    _(
                        "This moves the text from %(before)s to %(after)s: more people will "
                        "read it. Tick the box below to confirm."
                    )
                    % {
                        "before": level_label(before, mission),
                        "after": level_label(level, mission),
                    }
                )
        if (
            reader is not None
            and level == Classification.STRICTLY_CONFIDENTIAL
            and not may_read_marked(reader, mission.pk, level, cleaned.get("named_readers"))
            and not cleaned.get("confirm_level")
        ):
            self._ask(
                _(
                    "You are not among the people who need to know: once saved, you will no "
                    "longer see this record. Name yourself, or tick the box below to confirm."
                )
            )
        return cleaned

    def _ask(self, message: str) -> None:
        self.asks_to_confirm = True
        self.add_error("classification", message)
