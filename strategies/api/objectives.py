"""/api/v1/objectives/: strategic objectives, validated as the objective editor validates them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers

from missions.api_concurrency import RevisionConcurrencyMixin, revision_schema
from missions.models import Level, Mission
from strategies.api.common import (
    MissionAcronymField,
    MissionFilterSet,
    MissionScopedViewSet,
    ScopedCreateModelMixin,
    ScopedPrimaryKeyRelatedField,
    input_mission,
)
from strategies.forms import descendant_ids
from strategies.models import Assumption, Objective, ProgressMarker, Risk

PHASE_MESSAGE = gettext_lazy("The phase is a number from 1 to 9.")


class AssumptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assumption
        fields = ["id", "statement", "rating", "revision"]
        read_only_fields = fields


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "description", "severity", "mitigation", "revision"]
        read_only_fields = fields


class MarkerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressMarker
        fields = ["id", "statement", "baseline", "target", "latest_reading", "reading_on"]
        fields += ["revision"]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer):
    """An objective; ``mission`` is fixed at creation (see ``ObjectiveCreateSerializer``)."""

    mission = MissionAcronymField(read_only=True)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices),
        allow_empty=False,
        error_messages={"empty": gettext_lazy("Choose at least one level of engagement.")},
    )
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission", allow_null=True, required=False
    )
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True)
    phase = serializers.IntegerField(
        min_value=1,
        max_value=9,
        required=False,
        error_messages={"min_value": PHASE_MESSAGE, "max_value": PHASE_MESSAGE},
    )
    owner = ScopedPrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        mission_path="memberships__mission",
        allow_null=True,
        required=False,
    )
    owner_name = serializers.SerializerMethodField()
    assumptions = AssumptionSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    markers = MarkerSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = [
            "id",
            "mission",
            "end_state",
            "code",
            "title",
            "description",
            "levels",
            "parent",
            "parent_code",
            "priority",
            "phase",
            "owner",
            "owner_name",
            "status",
            "revision",
            "assumptions",
            "risks",
            "markers",
        ]
        read_only_fields = ["end_state", "revision"]
        # Uniqueness of codes is checked below, ignoring case, with a message on "code".
        validators: list[Any] = []

    def get_owner_name(self, obj: Objective) -> str | None:
        if obj.owner is None:
            return None
        return obj.owner.get_full_name() or obj.owner.get_username()

    def validate_code(self, value: str) -> str:
        return value.strip().upper()

    def validate_levels(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def mission_for(self, attrs: dict[str, Any]) -> Mission:
        return input_mission(self, attrs)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        mission = self.mission_for(attrs)
        errors: dict[str, list[str]] = {}
        code = attrs.get("code")
        if code is not None:
            clash = Objective.objects.filter(mission=mission, code__iexact=code)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                errors["code"] = [
                    _("Another objective of this mission already has code %(code)s.")
                    % {"code": code}
                ]
        parent = attrs.get("parent")
        if parent is not None:
            if parent.mission_id != mission.pk:
                errors["parent"] = [_("The parent must be an objective of the same mission.")]
            elif self.instance is not None and parent.pk in (
                descendant_ids(self.instance) | {self.instance.pk}
            ):
                errors["parent"] = [
                    _("An objective cannot feed itself or one of the objectives that feed it.")
                ]
        owner = attrs.get("owner")
        if owner is not None and not owner.memberships.filter(mission=mission).exists():
            errors["owner"] = [_("The owner must hold a role in this mission.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ObjectiveCreateSerializer(ObjectiveSerializer):
    mission = MissionAcronymField(help_text="The mission's acronym, such as UNSMK.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["mission"].current_end_state is None:
            raise serializers.ValidationError(
                {
                    "mission": [
                        _("Set the mission's political end state first: every objective serves it.")
                    ]
                }
            )
        return super().validate(attrs)


class ObjectiveFilter(MissionFilterSet):
    level = filters.ChoiceFilter(
        choices=Level.choices, method="filter_level", label="Level of engagement"
    )
    code = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Objective
        fields = ["mission", "code", "level", "status", "priority", "phase", "parent"]

    def filter_level(self, queryset: QuerySet[Objective], name: str, value: str) -> QuerySet:
        return queryset.filter(levels__contains=[value])


@revision_schema(ObjectiveSerializer)
class ObjectiveViewSet(
    RevisionConcurrencyMixin,
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """Strategic objectives of the caller's missions, with assumptions, risks and markers.

    Writes need the right to edit the strategy. A new objective serves the mission's current
    end state.
    """

    serializer_class = ObjectiveSerializer
    create_serializer_class = ObjectiveCreateSerializer
    filterset_class = ObjectiveFilter

    def base_queryset(self) -> QuerySet[Objective]:
        return (
            Objective.objects.select_related("mission", "parent", "owner")
            .prefetch_related(
                Prefetch("assumptions", queryset=Assumption.objects.order_by("pk")),
                Prefetch("risks", queryset=Risk.objects.order_by("pk")),
                Prefetch("markers", queryset=ProgressMarker.objects.order_by("pk")),
            )
            .order_by("mission__acronym", "code", "pk")
        )

    def create_record(self, data: dict[str, Any], mission: Mission) -> Objective:
        data["end_state"] = mission.current_end_state
        return super().create_record(data, mission)
