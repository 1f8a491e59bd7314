"""/api/v1/exit-conditions/: the conditions of the mission's current end state.

Conditions of a superseded end state are history (kept with it, shown in versions), so they
are neither listed nor editable here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from core.api_concurrency import revision_schema
from missions.classification_api import MarkingSerializerMixin
from missions.models import Mission
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
)
from strategies.forms_register import mission_today
from strategies.models import ExitCondition
from strategies.services.exit_conditions import (
    exit_condition_assess,
    exit_condition_create,
    exit_condition_delete,
)


class ExitConditionSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """An exit condition of the current end state, as it is assessed over time.

    Its kind and wording are set at creation and then only assessed (status, evidence, date),
    as on the exit conditions screen: versions match conditions by their wording.
    """

    mission = MissionAcronymField(source="end_state.mission", read_only=True)

    class Meta:
        model = ExitCondition
        fields = [
            "id",
            "mission",
            "end_state",
            "kind",
            "description",
            "status",
            "evidence",
            "last_assessed_on",
            "classification",
            "named_readers",
            "revision",
        ]
        read_only_fields = ["end_state", "kind", "description", "revision"]

    def mission_for(self, attrs: dict[str, Any]) -> Mission:
        return self.instance.end_state.mission

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        assessed = attrs.get("last_assessed_on")
        if assessed is not None:
            today = mission_today(self.mission_for(attrs))
            if assessed > today:
                raise serializers.ValidationError(
                    {
                        "last_assessed_on": [
                            _("An assessment cannot be dated in the future (today is %(today)s).")
                            % {"today": today.isoformat()}
                        ]
                    }
                )
        return attrs


class ExitConditionCreateSerializer(ExitConditionSerializer):
    mission = MissionAcronymField(
        help_text="The mission's acronym; the condition joins its current end state."
    )

    class Meta(ExitConditionSerializer.Meta):
        read_only_fields = ["end_state", "revision"]

    def mission_for(self, attrs: dict[str, Any]) -> Mission:
        return attrs["mission"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["mission"].current_end_state is None:
            raise serializers.ValidationError(
                {"mission": [_("Set the mission's political end state first.")]}
            )
        return super().validate(attrs)


class ExitConditionFilter(MissionFilterSet):
    mission = filters.CharFilter(
        field_name="end_state__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )

    class Meta:
        model = ExitCondition
        fields = ["mission", "kind", "status"]


@revision_schema(ExitConditionSerializer)
class ExitConditionViewSet(EditableViewSet):
    """Exit conditions of the current end state of the caller's missions (edit: editors)."""

    serializer_class = ExitConditionSerializer
    create_serializer_class = ExitConditionCreateSerializer
    filterset_class = ExitConditionFilter
    mission_path = "end_state__mission"

    def base_queryset(self) -> QuerySet[ExitCondition]:
        return (
            ExitCondition.objects.filter(end_state__superseded_on__isnull=True)
            .select_related("end_state__mission")
            .order_by("end_state__mission__acronym", "kind", "pk")
        )

    def perform_create(self, serializer: serializers.Serializer) -> ExitCondition:
        values = dict(serializer.validated_data)
        mission = values.pop("mission")
        return exit_condition_create(mission=mission, values=values, by=self.request.user)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        exit_condition_assess(
            condition=serializer.instance,
            values=serializer.validated_data,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: ExitCondition, *, expected_revision: int) -> None:
        exit_condition_delete(
            condition=instance, expected_revision=expected_revision, by=self.request.user
        )
