"""/api/v1/contributions/: how each component's work advances each objective (the matrix).

Component leads write only their own component's row: the policy judges the contribution (or,
for a new one, the component), never just the mission.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from core.api_concurrency import revision_schema
from core.api_input import AlreadyExists
from missions.classification_api import MarkingSerializerMixin
from missions.models import Component, Mission
from missions.policy import Action
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    ScopedPrimaryKeyRelatedField,
)
from strategies.models import Contribution, Objective
from strategies.selectors.matrix import NO_ROLE
from strategies.services.matrix import contribution_set


class ContributionSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """One cell of the matrix; its component and objective are fixed once created."""

    mission = MissionAcronymField(source="objective.mission", read_only=True)
    component_name = serializers.CharField(source="component.name", read_only=True)
    objective_code = serializers.CharField(source="objective.code", read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "mission",
            "component",
            "component_name",
            "objective",
            "objective_code",
            "role",
            "narrative",
            "classification",
            "named_readers",
            "revision",
        ]
        read_only_fields = ["component", "objective", "revision"]


class ContributionCreateSerializer(ContributionSerializer):
    component = ScopedPrimaryKeyRelatedField(
        queryset=Component.objects.all(), mission_path="mission"
    )
    objective = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission"
    )

    class Meta(ContributionSerializer.Meta):
        read_only_fields = ["revision"]
        # The one-per-cell rule is checked below with a message that names the cell.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        component, objective = attrs["component"], attrs["objective"]
        if component.mission_id != objective.mission_id:
            raise serializers.ValidationError(
                {"objective": [_("The objective must belong to the component's mission.")]}
            )
        if Contribution.objects.filter(component=component, objective=objective).exists():
            raise AlreadyExists(
                {
                    "objective": [
                        _(
                            "%(component)s already contributes to %(code)s: change that "
                            "contribution instead."
                        )
                        % {"component": component.name, "code": objective.code}
                    ]
                }
            )
        return attrs


class ContributionFilter(MissionFilterSet):
    mission = filters.CharFilter(
        field_name="objective__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )
    objective_code = filters.CharFilter(field_name="objective__code", lookup_expr="iexact")

    class Meta:
        model = Contribution
        fields = ["mission", "objective", "objective_code", "component", "role"]


@revision_schema(ContributionSerializer)
class ContributionViewSet(EditableViewSet):
    """Contributions (component x objective) in the caller's missions.

    Strategy editors and chiefs of staff write any row; a component lead writes only the rows
    of the component they lead.
    """

    serializer_class = ContributionSerializer
    create_serializer_class = ContributionCreateSerializer
    filterset_class = ContributionFilter
    write_action = Action.EDIT_CONTRIBUTION
    mission_path = "objective__mission"

    def base_queryset(self) -> QuerySet[Contribution]:
        return Contribution.objects.select_related("objective__mission", "component").order_by(
            "objective__mission__acronym", "objective__code", "component__name", "pk"
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["component"].mission, data["component"]

    # The writes are the matrix's: one cell at a time, through ``contribution_set``.

    def perform_create(self, serializer: serializers.Serializer) -> Contribution:
        data = serializer.validated_data
        return contribution_set(
            component=data["component"],
            objective=data["objective"],
            role=data["role"],
            narrative=data.get("narrative", ""),
            expected_revision=None,
            by=self.request.user,
            marking=data,
        )

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        contribution, data = serializer.instance, serializer.validated_data
        contribution_set(
            component=contribution.component,
            objective=contribution.objective,
            role=data.get("role", contribution.role),
            narrative=data.get("narrative", contribution.narrative),
            expected_revision=expected_revision,
            by=self.request.user,
            marking=data,
        )

    def perform_destroy(self, instance: Contribution, *, expected_revision: int) -> None:
        contribution_set(
            component=instance.component,
            objective=instance.objective,
            role=NO_ROLE,
            narrative="",
            expected_revision=expected_revision,
            by=self.request.user,
        )
