"""The level and need-to-know list of a classified record in the API, as in the forms: a new
record starts at its mission's level. Two refusals are about the person, not the body, so they
answer 403 with the reason: lowering a level (the head of mission's alone), and marking a
record Strictly confidential without being among those who may read it (the forms ask to
confirm that; the API does not let a client lock itself out)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from missions.classification import Classification
from missions.need_to_know import (
    current_reader,
    lowering_refused,
    may_read_marked,
    mission_id_of,
)

# Where a record being created finds its mission, among the values a serializer validated.
_MISSION_PATHS = (
    "mission",
    "objective__mission",
    "stakeholder__mission",
    "end_state__mission",
    "review__mission",
)


def _mission_of(attrs: dict[str, Any]) -> models.Model | None:
    for path in _MISSION_PATHS:
        value: Any = attrs
        for part in path.split("__"):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, models.Model):
            return value
    return None


def _json_number(field: serializers.Field, data: Any) -> bool:
    """In a JSON body a number is a JSON integer (the schema's word), never "2", 2.0 or true;
    a form's fields are all text."""
    request = field.context.get("request")
    is_json = request is not None and "json" in (request.content_type or "")
    return not is_json or (isinstance(data, int) and not isinstance(data, bool))


class _PersonId(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if not _json_number(self, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class _Level(serializers.ChoiceField):
    def to_internal_value(self, data: Any) -> Any:
        if not _json_number(self, data):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class MarkingSerializerMixin(serializers.Serializer):
    classification = _Level(
        choices=Classification.choices,
        required=False,
        help_text="0 Unclassified, 1 Confidential (the mission's members), 2 Strictly "
        "confidential (the head of mission and the people named). A new record starts at its "
        "mission's default level; only the head of mission may lower a level.",
    )
    named_readers = serializers.ListField(
        child=_PersonId(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=500,
        help_text="For a Strictly confidential record: the ids of the people, besides the "
        "head of mission, who may read it.",
    )

    def run_validation(self, data: Any = serializers.empty) -> Any:
        """After the serializer's own checks, whether or not its ``validate`` calls super."""
        attrs = super().run_validation(data)
        return self._validate_marking(attrs) if isinstance(attrs, dict) else attrs

    def _validate_marking(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "named_readers" in attrs:
            attrs["named_readers"] = sorted(set(attrs["named_readers"]))
        level = attrs.get("classification")
        mission = _mission_of(attrs) if self.instance is None else None
        if self.instance is None and level is None and mission is not None:
            attrs["classification"] = level = mission.default_classification
        if self.instance is not None and lowering_refused(self.instance, level):
            raise exceptions.PermissionDenied(
                _("Only the head of mission can lower a record's level.")
            )
        reader = current_reader()
        mission_id = mission.pk if mission is not None else self._instance_mission_id()
        readers = attrs.get(
            "named_readers", getattr(self.instance, "named_readers", []) if self.instance else []
        )
        if (
            level == Classification.STRICTLY_CONFIDENTIAL
            and reader is not None
            and mission_id is not None
            and not may_read_marked(reader, mission_id, level, readers)
        ):
            raise exceptions.PermissionDenied(
                _(
                    "You would no longer be able to read this record: name yourself among "
                    "the people who need to know."
                )
            )
        return attrs

    def _instance_mission_id(self) -> int | None:
        return mission_id_of(self.instance) if self.instance is not None else None
